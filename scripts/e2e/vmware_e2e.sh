#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside an emulated machine with the series' kernel (busybox sh): boot
# Debian's kernel under the reference VMM (/e2e/vmware-vmm) with the
# hypercall form on, then with the port form alone, and check what the
# guest's own code says (scripts/e2e/lib.sh).  Prints KTAP, one test a
# check.  The kernel command line can pick the boots: vmtest.e2e=hypercall,port.
set -u

. /e2e/vmware_e2e_lib.sh

# The console shows errors only: under emulation each character is a VM exit
# to the VMM, and /init prints the lines of the kernel log that matter.
cmdline="console=ttyS0 loglevel=4 acpi=off pci=off nokaslr reboot=k panic=-1 $slow_watchdog"

# <name> <expected hypercall mode> <vmm option>...
boot() {
	name=$1 want=$2
	shift 2
	log=/tmp/$name.log
	start=$(cut -d' ' -f1 /proc/uptime)
	# Shown as it comes, so that a hang shows where it happened.
	{
		timeout 900 /e2e/vmware-vmm -c $cpus -g e2e=hello-from-the-vmm "$@" \
			$guest/bzImage $guest/initramfs.cpio.gz "$cmdline"
		echo $? >/tmp/$name.rc
	} 2>&1 | tee $log | while IFS= read -r line; do echo "# $name: $line"; done
	rc=$(cat /tmp/$name.rc)
	end=$(cut -d' ' -f1 /proc/uptime)
	echo "# $name: the VMM exited with $rc after $(awk "BEGIN { print $end - $start }") s"

	check "$name: the VMM exits cleanly" test $rc -eq 0
	check "$name: no sanitizer report" sh -c "! grep -q -E 'AddressSanitizer|runtime error:' $log"
	guest_checks "$name" $log
	check "$name: Linux's hypercall mode is $want" grep -q "vmware: hypercall mode: $want" $log
	tsc_checks "$name" $log leaf
	bus=$(sed -n 's/^vmware-vmm: .* APIC bus \([0-9]*\) kHz.*/\1/p' $log)
	check "$name: the guest reads the APIC bus the VMM set ($bus kHz) in leaf 0x40000010" \
		grep -q "^e2e: timing leaf: TSC [0-9]* kHz, APIC bus $bus kHz" $log
	tools_checks "$name" $log "VMware's"
	check "$name: vmware-rpctool gets guestinfo over GuestRPC" \
		grep -q '^e2e: vmware-rpctool info-get guestinfo.e2e: hello-from-the-vmm (exit 0)' $log
	check "$name: vmware-rpctool gets the error for a missing key" \
		grep -q '^e2e: vmware-rpctool info-get guestinfo.none: .*No value found (exit 1)' $log
	check "$name: vmware-rpctool gets the error for an unknown command" \
		grep -q '^e2e: vmware-rpctool no-such-command: .*Unknown command (exit 1)' $log
}

ktap_print_header
for form in $(e2e_forms hypercall port); do
	case $form in
	hypercall)
		boot hypercall "$mode"
		check "hypercall: Linux used $insn" grep -q -E \
			'backdoor calls: [0-9]+ by port, [1-9][0-9]* by hypercall' /tmp/hypercall.log
		;;
	port)
		boot port 0x00 -P -v
		check "port: all calls came by port" grep -q -E \
			'backdoor calls: [1-9][0-9]* by port, 0 by hypercall' /tmp/port.log
		;;
	*)
		ktap_exit_fail_msg "vmware_e2e: no form '$form'"
		;;
	esac
done
e2e_finished
