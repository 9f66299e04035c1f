#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside an emulated machine with the series' kernel (busybox sh): boot
# Debian's kernel under the reference VMM (/e2e/vmware-vmm) with the
# hypercall form on, then with the port form alone, and check what the
# guest's own code says.  Prints KTAP, one test a check.  The kernel
# command line can pick the boots: vmtest.e2e=hypercall,port.
set -u

guest=/e2e/guest
# The console shows errors only: under emulation each character is a VM exit
# to the VMM, and /init prints the lines of the kernel log that matter.
cmdline="console=ttyS0 loglevel=4 acpi=off pci=off nokaslr reboot=k panic=-1"
# The guest gets two vCPUs, which it finds in the VMM's MP table, under
# QEMU; one under Bochs, which is slower and runs one CPU.
# QEMU's TCG does not give L1 the XSETBV intercept: the guest's CPUID 0xd
# then misses its XCR0, and Linux warns in xstate.c.  Bochs has no such gap.
if grep -q -w svm /proc/cpuinfo; then
	mode=0x01 insn=VMMCALL cpus=2 known='fpu/xstate.c'
else
	mode=0x02 insn=VMCALL cpus=1 known='^$'
fi
n=0
failed=0

check() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $n $desc"
	else
		echo "not ok $n $desc"
		failed=1
	fi
}

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
	khz=$(sed -n 's/^vmware-vmm: .* TSC \([0-9]*\) kHz.*/\1/p' $log)
	mhz=$(awk "BEGIN { printf \"%d.%03d\", $khz / 1000, $khz % 1000 }")

	check "$name: the VMM exits cleanly" test $rc -eq 0
	check "$name: no sanitizer report" sh -c "! grep -q -E 'AddressSanitizer|runtime error:' $log"
	check "$name: the guest finished" grep -q '^e2e: done' $log
	check "$name: the guest runs $cpus CPU(s)" grep -q "^e2e: guest .* up, $cpus CPU(s)" $log
	check "$name: the guest's kernel reported nothing (but QEMU's XSAVE gap)" \
		sh -c "! grep -E 'WARNING:|BUG:|Oops|Kernel panic' $log | grep -v '$known'"
	check "$name: Linux detects VMware" grep -q 'Hypervisor detected: VMware' $log
	check "$name: Linux's hypercall mode is $want" grep -q "vmware: hypercall mode: $want" $log
	check "$name: Linux takes the TSC frequency ($mhz MHz) from the hypervisor" \
		grep -q "TSC freq read from hypervisor : $mhz MHz" $log
	check "$name: vmware-checkvm finds VMware at CPL3" \
		grep -q '^e2e: vmware-checkvm: .*version 6 (good) (exit 0)' $log
	check "$name: vmware-checkvm -p names the product" \
		grep -q '^e2e: vmware-checkvm -p: Workstation (exit 0)' $log
	check "$name: vmware-rpctool gets guestinfo over GuestRPC" \
		grep -q '^e2e: vmware-rpctool info-get guestinfo.e2e: hello-from-the-vmm (exit 0)' $log
	check "$name: vmware-rpctool gets the error for a missing key" \
		grep -q '^e2e: vmware-rpctool info-get guestinfo.none: .*No value found (exit 1)' $log
	check "$name: vmware-rpctool gets the error for an unknown command" \
		grep -q '^e2e: vmware-rpctool no-such-command: .*Unknown command (exit 1)' $log
	check "$name: bad requests get VMware's error answers" \
		grep -q '^e2e: hostile: \([0-9]*\) of \1 answers as expected' $log
}

# vmtest.e2e=hypercall,port (the default) names the boots to make.
forms=$(sed -n 's/.*vmtest\.e2e=\([a-z,]*\).*/\1/p' /proc/cmdline | tr , ' ')
forms=${forms:-hypercall port}
echo "TAP version 13"
echo "1..$((15 * $(echo $forms | wc -w)))"
for form in $forms; do
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
		echo "# vmware_e2e: no form '$form'"
		exit 1
		;;
	esac
done
exit $failed
