#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside an emulated machine with the series' kernel and
# kvm.enable_vmware_backdoor=0 (busybox sh): QEMU with the QEMU series
# (/e2e/qemu) boots Debian's kernel and open-vm-tools with KVM, by the
# hypercall form (vmware-hypercall=on), beside Hyper-V's enlightenments,
# and by the port form (vmware-backdoor=auto, VMware found by DMI, as QEMU
# users do today); a default start shows that nothing changed for those who
# do not ask; hypercalls in flight survive stop, cont and a migration to a
# file and back; the same QEMU without the series (/e2e/qemu-base) shows
# what fails without it; and the option combinations that cannot work must
# fail at startup with their cause.  On a kernel without KVM_CAP_X86_VMWARE,
# vmtest.e2e=nocap: auto and the default as before the series, silently,
# and "on" refused.  Prints KTAP, one test a check.
set -u

. /e2e/vmware_e2e_lib.sh

cmdline="console=ttyS0 loglevel=4 nokaslr reboot=k panic=-1 e2e.vmm=qemu $slow_watchdog"

# <name> <qemu binary> <accelerator> <qemu option>...: boot the guest, its
# console and QEMU's messages in /tmp/<name>.log, vmport's trace in
# /tmp/<name>.trace.
boot() {
	name=$1 qemu=$2 accel=$3
	shift 3
	log=/tmp/$name.log
	start=$(cut -d' ' -f1 /proc/uptime)
	{
		timeout 900 "$qemu" -accel "$accel" -cpu host -smp $cpus -m 512 \
			-nodefaults -display none -monitor none -serial stdio -no-reboot \
			-L /e2e/share -global vmport.vmware-vmx-type=4 \
			-trace vmport_command -trace vmport_hypercall -D /tmp/$name.trace \
			-kernel $guest/bzImage -initrd $guest/initramfs.cpio.gz \
			-append "$cmdline" "$@" </dev/null
		echo $? >/tmp/$name.rc
	} 2>&1 | tee $log | while IFS= read -r line; do echo "# $name: $line"; done
	rc=$(cat /tmp/$name.rc)
	end=$(cut -d' ' -f1 /proc/uptime)
	count_calls /tmp/$name.trace
	echo "# $name: QEMU exited with $rc after $(awk "BEGIN { print $end - $start }") s;" \
		"backdoor calls: $ports by port, $hcalls by hypercall"

	check "$name: QEMU exits cleanly" test "$rc" -eq 0
	guest_checks "$name" $log
}

# count_calls <trace>...: $ports and $hcalls, the backdoor calls by port and
# by hypercall that vmport's trace shows.
count_calls() {
	hcalls=$(cat "$@" | grep -c '^vmport_hypercall')
	ports=$(($(cat "$@" | grep -c '^vmport_command') - hcalls))
}

# <boot name> <line>: one of the hostile guest's checks, by its name.
hostile_check() {
	check "$1: $2" grep -qF "e2e: hostile: $2: ok" $log
}

# no_warning <boot name>: QEMU printed nothing of its own but what it prints
# on every start in this machine, whose KVM recommends one vCPU.
no_warning() {
	check "$1: QEMU prints no warning" \
		sh -c "! grep '^qemu' $log | grep -v 'cpus requested (2) exceeds'"
}

# The hypercall form's leaf checks; the guest's TSC is stable and known with
# tsc-frequency, which the timing leaf's frequencies need.
tsc_frequency() {
	echo "tsc-frequency=$(/e2e/kvm-tsc-khz)000"
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

# The migration form: one vCPU, so that the trace tells which exit the stop
# came after; the guest makes hypercalls for $loop_secs s while the monitor
# (a pipe) stops and resumes the VM $stops times and migrates it to a file;
# a second QEMU takes it in and the guest finishes its loop there.  Not
# every stop finds a call pending in QEMU (of 22 stops one at a time, none
# did; of 200 in quick succession, most do, as the monitor holds the BQL
# that an answer takes), hence the many.
loop_secs=60 stops=200
migrate() {
	name=migrate
	log=/tmp/$name.log
	set -- -accel kvm,vmware-backdoor=on,vmware-hypercall=on \
		-cpu host,$(tsc_frequency) -smp 1 -m 256 \
		-nodefaults -display none -no-reboot \
		-L /e2e/share -global vmport.vmware-vmx-type=4 \
		-kernel $guest/bzImage -initrd $guest/initramfs.cpio.gz \
		-append "$cmdline e2e.loop=$loop_secs"
	rm -f /tmp/mon.in /tmp/mon.out /tmp/$name.mig
	mkfifo /tmp/mon.in /tmp/mon.out
	tr -d '\r' </tmp/mon.out >/tmp/$name.monitor &
	reader=$!
	timeout 900 /e2e/qemu "$@" -serial file:/tmp/$name-out.log \
		-chardev pipe,id=mon,path=/tmp/mon -mon chardev=mon \
		-trace vmport_command -trace vmport_hypercall \
		-trace kvm_run_exit -trace kvm_interrupt_exit_request \
		-D /tmp/$name-out.trace </dev/null >/tmp/$name-out.qemu 2>&1 &
	qemu=$!
	for i in $(seq 600); do
		grep -q '^e2e: loop: running' /tmp/$name-out.log 2>/dev/null && break
		sleep 1
	done
	for i in $(seq $stops); do
		printf 'stop\ninfo status\n' >/tmp/mon.in
		sleep 0.05
		echo cont >/tmp/mon.in
		sleep 0.05
	done
	echo "migrate file:/tmp/$name.mig" >/tmp/mon.in
	for i in $(seq 300); do
		echo 'info status' >/tmp/mon.in
		sleep 1
		grep -q postmigrate /tmp/$name.monitor && break
	done
	echo quit >/tmp/mon.in
	wait $qemu
	out_rc=$?
	kill $reader 2>/dev/null
	echo "# $name: the first QEMU exited with $out_rc;" \
		"$(grep -c 'VM status: paused' /tmp/$name.monitor) pauses seen," \
		"$(grep -o 'VM status: paused (postmigrate)' /tmp/$name.monitor | head -n 1)"
	timeout 900 /e2e/qemu "$@" -serial file:/tmp/$name-in.log -monitor none \
		-incoming file:/tmp/$name.mig \
		-trace vmport_command -trace vmport_hypercall \
		-D /tmp/$name-in.trace </dev/null >/tmp/$name-in.qemu 2>&1
	in_rc=$?
	cat /tmp/$name-out.qemu /tmp/$name-out.log /tmp/$name-in.qemu /tmp/$name-in.log >$log
	sed "s/^/# $name: /" $log
	count_calls /tmp/$name-out.trace /tmp/$name-in.trace
	# The stop came while QEMU answered a VMware exit (reason 44): QEMU
	# found the exit request before going back to KVM_RUN, whose
	# immediate exit completed the pending call first.
	window=$(awk '/^kvm_run_exit/ { p = / reason 44$/; next }
		      /^kvm_interrupt_exit_request/ { n += p }
		      /^kvm_/ { p = 0 } END { print n + 0 }' /tmp/$name-out.trace)
	echo "# $name: backdoor calls: $ports by port, $hcalls by hypercall;" \
		"$window of them pending when a stop came"

	check "$name: the first QEMU saves the VM to a file and exits cleanly" \
		sh -c "[ $out_rc -eq 0 ] && grep -q 'postmigrate' /tmp/$name.monitor"
	check "$name: the second QEMU takes it in and exits cleanly" test $in_rc -eq 0
	check "$name: the VM was stopped $stops times while the guest made calls" \
		test "$(grep -c 'VM status: paused$' /tmp/$name.monitor)" -ge $stops
	check "$name: a call was pending when a stop came" test "$window" -gt 0
	check "$name: the guest's loop ran in both QEMUs" \
		sh -c "grep -q '^e2e: loop: running' /tmp/$name-out.log &&
			grep -q '^e2e: loop: [0-9]* calls' /tmp/$name-in.log"
	check "$name: every answer the guest got was right" \
		grep -q '^e2e: loop: [1-9][0-9]* calls, 0 wrong answers' $log
	all=$cpus
	cpus=1
	guest_checks "$name" $log
	cpus=$all
}

ktap_print_header
echo "# kvm.enable_vmware_backdoor=$(cat /sys/module/kvm/parameters/enable_vmware_backdoor)"
for form in $(e2e_forms hypercall port default hyperv migrate unpatched refused); do
	case $form in
	hypercall)
		boot hypercall /e2e/qemu kvm,vmware-backdoor=on,vmware-hypercall=on \
			-M pc -cpu host,$(tsc_frequency)
		tsc_checks hypercall $log leaf
		check "hypercall: Linux's hypercall mode is $mode ($insn)" \
			grep -q "vmware: hypercall mode: $mode" $log
		tools_checks hypercall $log "vmport's"
		check "hypercall: hostile requests went by $insn too" \
			grep -q "^e2e: hostile: hypercall by $insn" $log
		hostile_check hypercall "hypercall: vmmouse refuses CPL3 (vmmouse-cpl3 off)"
		hostile_check hypercall "hypercall: the registers GETVERSION does not output keep all 64 bits"
		no_warning hypercall
		check "hypercall: calls came by $insn" test "$hcalls" -gt 0
		;;
	port)
		boot port /e2e/qemu kvm,vmware-backdoor=auto \
			-M pc -cpu host,kvm=off,-hypervisor -smbios type=1,serial=VMware-e2e
		tsc_checks port $log noleaf
		tools_checks port $log "vmport's"
		hostile_check port "port: vmmouse answers at CPL3 (the port is not gated)"
		hostile_check port "port: the registers GETVERSION does not output keep all 64 bits"
		no_warning port
		check "port: all calls came by port" sh -c "[ $hcalls -eq 0 ] && [ $ports -gt 0 ]"
		;;
	default)
		# What QEMU users have today, on a kernel with the capability:
		# nothing changes unless asked, and nothing is said.  With
		# kvm.enable_vmware_backdoor=1, the host's backdoor stays, as
		# QEMU never touches the capability.
		boot default /e2e/qemu kvm \
			-M pc -cpu host,kvm=off,-hypervisor -smbios type=1,serial=VMware-e2e
		tsc_checks default $log noleaf
		if [ "$(cat /sys/module/kvm/parameters/enable_vmware_backdoor)" = Y ]; then
			check "default: the module parameter's backdoor answers at CPL3" \
				grep -q '^e2e: port probe at CPL3: GETVERSION answered, EBX 0x564d5868 (exit 0)' $log
			check "default: vmware-checkvm finds VMware at CPL3" \
				grep -q '^e2e: vmware-checkvm: .*version 6 (good) (exit 0)' $log
		else
			cpl3_fault_checks default $log
		fi
		no_warning default
		check "default: some calls came by port" test "$ports" -gt 0
		;;
	hyperv)
		# As VMware presents itself to Windows: its signature, then
		# Hyper-V's interface.  No tsc-frequency: no stable TSC, so the
		# timing leaf has no frequencies.
		boot hyperv /e2e/qemu kvm,vmware-backdoor=on,vmware-hypercall=on \
			-M pc -cpu host,hv-relaxed,hv-vapic,hv-vendor-id=VMwareVMware
		check "hyperv: the guest finds VMware's signature and Hyper-V's interface" \
			grep -q '^e2e: cpuid 0x40000000: "VMwareVMware" up to 0x40000010, 0x40000001: 0x31237648 "Hv#1"' $log
		check "hyperv: the timing leaf has no frequencies without a stable TSC" \
			grep -q '^e2e: timing leaf: TSC 0 kHz, APIC bus 0 kHz' $log
		check "hyperv: Linux's hypercall mode is $mode ($insn)" \
			grep -q "vmware: hypercall mode: $mode" $log
		tools_checks hyperv $log "vmport's"
		check "hyperv: hostile requests went by $insn too" \
			grep -q "^e2e: hostile: hypercall by $insn" $log
		no_warning hyperv
		check "hyperv: calls came by $insn" test "$hcalls" -gt 0
		;;
	migrate)
		migrate
		;;
	unpatched)
		# What QEMU users get today: Linux finds VMware at CPL0, where
		# the port needs no help, and open-vm-tools fails at CPL3.
		boot unpatched /e2e/qemu-base kvm \
			-M pc,vmport=on -cpu host,kvm=off,-hypervisor -smbios type=1,serial=VMware-e2e
		tsc_checks unpatched $log noleaf
		cpl3_fault_checks unpatched $log
		/e2e/qemu-base -accel kvm,vmware-hypercall=on -M pc -nodefaults \
			-display none </dev/null >/tmp/unpatched-property.log 2>&1
		check "unpatched: QEMU has no vmware-hypercall" \
			grep -q "vmware-hypercall' not found" /tmp/unpatched-property.log
		check "unpatched: no call came by hypercall" test "$hcalls" -eq 0
		check "unpatched: some came by port" test "$ports" -gt 0
		;;
	refused)
		refuse no-backdoor 'vmware-hypercall=on needs vmware-backdoor=on' \
			-accel kvm,vmware-hypercall=on -M pc
		refuse no-vmport 'vmware-backdoor=on needs vmport, which vmport=off leaves out' \
			-accel kvm,vmware-backdoor=on -M pc,vmport=off
		refuse no-i8042 'vmware-hypercall=on needs vmport, which i8042=off leaves out' \
			-accel kvm,vmware-backdoor=auto,vmware-hypercall=on -M pc,i8042=off
		refuse hyperv-vendor 'needs hv-vendor-id=VMwareVMware' \
			-accel kvm,vmware-backdoor=on,vmware-hypercall=on -M pc \
			-cpu host,hv-relaxed
		refuse hyperv-passthrough 'cannot be combined with hv-passthrough' \
			-accel kvm,vmware-backdoor=on,vmware-hypercall=on -M pc \
			-cpu host,hv-passthrough,hv-vendor-id=VMwareVMware
		# kernel-irqchip=split, which Xen emulation needs, so that
		# vmware-hypercall=on is what stops it.
		refuse xen 'Xen emulation (xen-version) cannot be combined with vmware-hypercall=on' \
			-accel kvm,xen-version=0x4000a,kernel-irqchip=split,vmware-backdoor=on,vmware-hypercall=on \
			-M pc
		;;
	nocap)
		# A kernel without KVM_CAP_X86_VMWARE (CONFIG_KVM_VMWARE=n):
		# auto gives what vmport gave before the series, silently.
		boot nocap /e2e/qemu kvm,vmware-backdoor=auto \
			-M pc -cpu host,kvm=off,-hypervisor -smbios type=1,serial=VMware-e2e
		tsc_checks nocap $log noleaf
		cpl3_fault_checks nocap $log
		no_warning nocap
		check "nocap: some calls came by port" test "$ports" -gt 0
		refuse nocap-backdoor 'vmware-backdoor=on needs KVM_CAP_X86_VMWARE, which the host.s KVM does not offer' \
			-accel kvm,vmware-backdoor=on -M pc
		refuse nocap-hypercall 'vmware-hypercall=on needs KVM_CAP_X86_VMWARE, which the host.s KVM does not offer' \
			-accel kvm,vmware-backdoor=on,vmware-hypercall=on -M pc
		;;
	*)
		ktap_exit_fail_msg "vmware_e2e_qemu: no form '$form'"
		;;
	esac
done
e2e_finished
