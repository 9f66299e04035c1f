#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside an emulated machine with the series' kernel and
# kvm.enable_vmware_backdoor=0 (busybox sh): QEMU with the QEMU series
# (/e2e/qemu) boots Debian's kernel and open-vm-tools with KVM, by the
# hypercall form (vmware-hypercall=on) and by the port form (VMware found
# by DMI, as QEMU users do today); the same QEMU without the series
# (/e2e/qemu-base) shows what fails without it; and the option
# combinations that cannot work must fail at startup with their error.
# On a kernel without KVM_CAP_X86_VMWARE, vmtest.e2e=nocap: vmport as
# before the series, one warning, and vmware-hypercall=on refused.
# Prints KTAP, one test a check.
set -u

. /e2e/vmware_e2e_lib.sh

cmdline="console=ttyS0 loglevel=4 nokaslr reboot=k panic=-1 e2e.vmm=qemu $slow_watchdog"

# <name> <qemu binary> <qemu option>...: boot the guest, its console and
# QEMU's messages in /tmp/<name>.log, vmport's trace in /tmp/<name>.trace.
boot() {
	name=$1 qemu=$2
	shift 2
	log=/tmp/$name.log
	start=$(cut -d' ' -f1 /proc/uptime)
	{
		timeout 900 "$qemu" -accel kvm -cpu host -smp $cpus -m 512 \
			-nodefaults -display none -monitor none -serial stdio -no-reboot \
			-L /e2e/share -global vmport.vmware-vmx-type=4 \
			-trace vmport_command -trace vmport_hypercall -D /tmp/$name.trace \
			-kernel $guest/bzImage -initrd $guest/initramfs.cpio.gz \
			-append "$cmdline" "$@" </dev/null
		echo $? >/tmp/$name.rc
	} 2>&1 | tee $log | while IFS= read -r line; do echo "# $name: $line"; done
	rc=$(cat /tmp/$name.rc)
	end=$(cut -d' ' -f1 /proc/uptime)
	ports=$(grep -c '^vmport_command' /tmp/$name.trace)
	hcalls=$(grep -c '^vmport_hypercall' /tmp/$name.trace)
	ports=$((ports - hcalls))
	echo "# $name: QEMU exited with $rc after $(awk "BEGIN { print $end - $start }") s;" \
		"backdoor calls: $ports by port, $hcalls by hypercall"

	check "$name: QEMU exits cleanly" test "$rc" -eq 0
	guest_checks "$name" $log
}

# <name> <expected message> <qemu option>...: QEMU must refuse to start,
# with an exit code (not a signal) and the message.
refuse() {
	name=$1 want=$2
	shift 2
	timeout 120 /e2e/qemu -m 64 -nodefaults -display none -monitor none \
		-L /e2e/share "$@" </dev/null >/tmp/$name.log 2>&1
	rc=$?
	echo "# $name: QEMU exited with $rc: $(head -n 2 /tmp/$name.log | tr '\n' ' ')"
	check "$name: QEMU refuses to start (exit 1)" test $rc -eq 1
	check "$name: and says why" grep -q "$want" /tmp/$name.log
}

ktap_print_header
echo "# kvm.enable_vmware_backdoor=$(cat /sys/module/kvm/parameters/enable_vmware_backdoor)"
for form in $(e2e_forms hypercall port unpatched refused); do
	case $form in
	hypercall)
		boot hypercall /e2e/qemu -M pc,vmport=on,vmware-hypercall=on
		tsc_checks hypercall $log leaf
		check "hypercall: Linux's hypercall mode is $mode ($insn)" \
			grep -q "vmware: hypercall mode: $mode" $log
		tools_checks hypercall $log "vmport's"
		check "hypercall: hostile requests went by $insn too" \
			grep -q "^e2e: hostile: hypercall by $insn" $log
		check "hypercall: calls came by $insn" test "$hcalls" -gt 0
		;;
	port)
		boot port /e2e/qemu -M pc,vmport=on -cpu host,kvm=off,-hypervisor \
			-smbios type=1,serial=VMware-e2e
		tsc_checks port $log noleaf
		tools_checks port $log "vmport's"
		check "port: QEMU asked KVM for the backdoor without a warning" \
			sh -c "! grep -q 'kvm.enable_vmware_backdoor' $log"
		check "port: all calls came by port" sh -c "[ $hcalls -eq 0 ] && [ $ports -gt 0 ]"
		;;
	unpatched)
		# What QEMU users get today: Linux finds VMware at CPL0, where
		# the port needs no help, and open-vm-tools fails at CPL3.
		boot unpatched /e2e/qemu-base -M pc,vmport=on -cpu host,kvm=off,-hypervisor \
			-smbios type=1,serial=VMware-e2e
		tsc_checks unpatched $log noleaf
		cpl3_fault_checks unpatched $log
		/e2e/qemu-base -accel kvm -M pc,vmware-hypercall=on -nodefaults \
			-display none </dev/null >/tmp/unpatched-property.log 2>&1
		check "unpatched: QEMU has no vmware-hypercall" \
			grep -q "vmware-hypercall' not found" /tmp/unpatched-property.log
		check "unpatched: no call came by hypercall" test "$hcalls" -eq 0
		check "unpatched: some came by port" test "$ports" -gt 0
		;;
	refused)
		# This QEMU has no TCG; qtest is another accelerator that is not KVM.
		refuse no-kvm 'vmware-hypercall=on needs accel=kvm' \
			-accel qtest -M pc,vmware-hypercall=on
		refuse no-vmport 'vmware-hypercall=on needs vmport=on' \
			-accel kvm -M pc,vmport=off,vmware-hypercall=on
		refuse no-i8042 'vmware-hypercall=on needs vmport=on' \
			-accel kvm -M pc,i8042=off,vmware-hypercall=on
		refuse hyperv 'Hyper-V enlightenments' \
			-accel kvm -M pc,vmware-hypercall=on -cpu host,hv-relaxed
		# kernel-irqchip=split, which Xen emulation needs, so that
		# vmware-hypercall=on is what stops it.
		refuse xen 'Xen emulation' \
			-accel kvm,xen-version=0x4000a,kernel-irqchip=split \
			-M pc,vmware-hypercall=on
		;;
	nocap)
		# A kernel without KVM_CAP_X86_VMWARE (CONFIG_KVM_VMWARE=n): vmport
		# works as before the series, with one warning.
		boot nocap /e2e/qemu -M pc,vmport=on -cpu host,kvm=off,-hypervisor \
			-smbios type=1,serial=VMware-e2e
		tsc_checks nocap $log noleaf
		check "nocap: QEMU warns once that CPL3 needs the module parameter" \
			sh -c "[ \$(grep -c 'vmport: KVM has no per-VM' $log) -eq 1 ] &&
				grep -q 'only if the host has kvm.enable_vmware_backdoor=1' $log"
		cpl3_fault_checks nocap $log
		refuse nocap-hypercall 'KVM does not offer' \
			-accel kvm -M pc,vmware-hypercall=on
		check "nocap: some calls came by port" test "$ports" -gt 0
		;;
	*)
		ktap_exit_fail_msg "vmware_e2e_qemu: no form '$form'"
		;;
	esac
done
e2e_finished
