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

# tools_checks <boot name> <log> <whose answers>: open-vm-tools at CPL3
# and the hostile guest's bad requests.
tools_checks() {
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
