# SPDX-License-Identifier: GPL-2.0
#
# What both end-to-end scripts share, sourced by vmware_e2e.sh (the
# reference VMM) and vmware_e2e_qemu.sh (QEMU) inside the emulated machine
# (busybox sh), so that both VMMs are judged alike: kselftest's KTAP
# helpers, the host vendor's hypercall, and the checks of what the guest's
# own code says.  Installed as /e2e/vmware_e2e_lib.sh.  The plan is
# printed at the end, where KTAP allows it, so no plan is counted by hand.

. "$(dirname "$0")/../kselftest/ktap_helpers.sh"

guest=/e2e/guest
# QEMU's TCG does not give L1 the XSETBV intercept: the guest's CPUID 0xd
# then misses its XCR0, and Linux warns in xstate.c.  Bochs has no such gap.
# The guest gets two vCPUs under QEMU; one under Bochs, which is slower and
# runs one CPU.
if grep -q -w svm /proc/cpuinfo; then
	mode=0x01 insn=VMMCALL cpus=2 known='fpu/xstate.c'
else
	mode=0x02 insn=VMCALL cpus=1 known='^$'
fi

# The guest's kernel runs two levels of emulation deep on two host cores: a
# vCPU of the guest can wait tens of seconds for its turn (a CI run saw
# "soft lockup - CPU#0 stuck for 26s" in stop_machine).  That measures the
# host, not KVM, so the soft-lockup watchdog gets its longest threshold
# (120 s); warnings, BUGs and oopses are still checked.
slow_watchdog=watchdog_thresh=60

# check <description> <command>...: one KTAP test; the command's output
# is not shown.
check() {
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
	fi
}

# guest_checks <boot name> <log>: what every boot of the guest must show.
guest_checks() {
	check "$1: the guest finished" grep -q '^e2e: done' "$2"
	check "$1: the guest runs $cpus CPU(s)" grep -q "^e2e: guest .* up, $cpus CPU(s)" "$2"
	check "$1: the guest's kernel reported nothing (but QEMU's XSAVE gap)" \
		sh -c "! grep -E 'WARNING:|BUG:|Oops|Kernel panic' '$2' | grep -v '$known'"
	check "$1: Linux detects VMware" grep -q 'Hypervisor detected: VMware' "$2"
}

# tsc_checks <boot name> <log> leaf|noleaf: the TSC frequency Linux takes
# from the hypervisor (by GETHZ), and the one the guest reads in the timing
# leaf where the VMM offers it, are the one KVM gives a new vCPU
# (KVM_GET_TSC_KHZ, read by /e2e/kvm-tsc-khz), not only the VMM's word.
tsc_checks() {
	khz=$(/e2e/kvm-tsc-khz)
	mhz=$(printf '%d.%03d' $((khz / 1000)) $((khz % 1000)))
	check "$1: Linux takes KVM's TSC ($mhz MHz) from the hypervisor" \
		grep -q "TSC freq read from hypervisor : $mhz MHz" "$2"
	if [ "$3" = leaf ]; then
		check "$1: the guest reads KVM's TSC ($khz kHz) in leaf 0x40000010" \
			grep -q "^e2e: timing leaf: TSC $khz kHz," "$2"
	else
		check "$1: the guest finds no timing leaf" \
			grep -q '^e2e: timing leaf: none' "$2"
	fi
}

# cpl3_fault_checks <boot name> <log>: where nothing asked for the backdoor
# at CPL3, the port faults there: the probe dies of SIGSEGV (exit 139), and
# vmware-checkvm, which catches it, finds no VMware.
cpl3_fault_checks() {
	check "$1: the port faults at CPL3 (SIGSEGV, exit 139)" \
		grep -q '^e2e: port probe at CPL3: .*(exit 139)' "$2"
	check "$1: vmware-checkvm finds no VMware at CPL3" \
		grep -q '^e2e: vmware-checkvm: Error: vmware-checkvm must be run inside a virtual machine on a VMware hypervisor product. (exit 1)' "$2"
}

# tools_checks <boot name> <log> <whose answers>: open-vm-tools at CPL3
# and the hostile guest's bad requests.
tools_checks() {
	check "$1: the port answers at CPL3" \
		grep -q '^e2e: port probe at CPL3: GETVERSION answered, EBX 0x564d5868 (exit 0)' "$2"
	check "$1: vmware-checkvm finds VMware at CPL3" \
		grep -q '^e2e: vmware-checkvm: .*version 6 (good) (exit 0)' "$2"
	check "$1: vmware-checkvm -p names the product" \
		grep -q '^e2e: vmware-checkvm -p: Workstation (exit 0)' "$2"
	check "$1: bad requests get $3 error answers" \
		grep -q '^e2e: hostile: \([0-9]*\) of \1 answers as expected' "$2"
}

# The forms the kernel command line names (vmtest.e2e=a,b), or the default.
e2e_forms() {
	forms=$(sed -n 's/.*vmtest\.e2e=\([a-z,-]*\).*/\1/p' /proc/cmdline | tr , ' ')
	echo "${forms:-$*}"
}

e2e_finished() {
	ktap_set_plan $((KTAP_TESTNO - 1))
	ktap_finished
}
