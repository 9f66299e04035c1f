#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kit for a tester with real hardware.  On a host with VMX or SVM that
# runs a kernel with the series, run the series' selftests, the upstream KVM
# selftests, the end-to-end guest (if its test is in the install as
# kvm/vmware_e2e.sh and its files are at /e2e: copy them from "make
# e2e-build"'s install/ and files/e2e, as kit-root.sh does) and the
# benchmark from an installed kselftest tree ("make selftests"), and write
# one plain-text report to mail back.  It refuses to run where KVM cannot.
#
# Usage: hw-test.sh <kselftest install dir> <report file> [upstream tests]
#        upstream tests: "all" (the default), "none", or kselftest names
#        (e.g. "state_test nested_exceptions_test"); HW_TEST_SECS is each
#        test's timeout (default 600).
set -euo pipefail

inst=$1
report=$2
upstream=${3:-all}
secs=${HW_TEST_SECS:-600}

refuse() {
	echo "hw-test: refused: $*" >&2
	exit 2
}

[ -e /dev/kvm ] || refuse "no /dev/kvm: run it on a host with VMX or SVM," \
	"booted with a kernel that has the series, kvm and kvm_intel or kvm_amd loaded"
if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
	refuse "/dev/kvm is not read-write for $(id -un)"
fi
virt=$(grep -m1 -o -w -E 'vmx|svm' /proc/cpuinfo) || refuse "the CPU has neither VMX nor SVM"
[ -x "$inst/run_kselftest.sh" ] || refuse "no kselftest install at $inst (make selftests)"

# The series' tests, the benchmark last (it also goes in the table below).
bench=kvm:vmware_hypercall_perf_test
mapfile -t series < <(grep -E '^kvm:(vmware_[a-z_]*test|emulated_load_set_regs_test)$' \
	"$inst/kselftest-list.txt" | grep -v -x -F "$bench" | sort)
case $upstream in
all) mapfile -t others < <(grep -v -x -F -f <(printf '%s\n' "${series[@]}" "$bench") \
	"$inst/kselftest-list.txt") ;;
none) others=() ;;
*) read -r -a others <<<"$upstream"
   others=("${others[@]/#/kvm:}") ;;
esac

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# <name> <kselftest name>...: run them, keep the KTAP in $log/<name>.
run() {
	local name=$1 args=() t
	shift
	for t in "$@"; do
		args+=(-t "$t")
	done
	[ ${#args[@]} -gt 0 ] || return 0
	(cd "$inst" && ./run_kselftest.sh -o "$secs" "${args[@]}") >"$log/$name" 2>&1 || true
}

run series "${series[@]}"
run upstream "${others[@]}"
run bench $bench
e2e=none
if [ -x "$inst/kvm/vmware_e2e.sh" ] && [ -d /e2e ]; then
	"$inst/kvm/vmware_e2e.sh" >"$log/e2e" 2>&1 || true
	e2e=/e2e
fi

# "<PASS|FAIL|SKIP> <test>" for the top-level results of a KTAP log (not
# KTAP itself, so that a runner reading the report sees no results in it).
results() {
	sed -n -E 's/^(not ok|ok) [0-9]+ selftests: kvm: ([^ ]+)( # (SKIP))?.*/\1\4 \2/p' "$1" |
		sed -E 's/^okSKIP /SKIP /; s/^ok /PASS /; s/^not ok /FAIL /'
}

# <KTAP log>: "N passed, N failed, N skipped".
counts() {
	[ -e "$1" ] || { echo "none run"; return; }
	results "$1" | awk '
		/^PASS / { p++ }
		/^FAIL / { f++ }
		/^SKIP / { s++ }
		END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
}

params() {
	local m p
	for m in kvm kvm_intel kvm_amd; do
		[ -d "/sys/module/$m/parameters" ] || continue
		for p in enable_vmware_backdoor enable_pmu nested nrips ept npt; do
			[ -r "/sys/module/$m/parameters/$p" ] &&
				printf ' %s.%s=%s' "$m" "$p" "$(cat "/sys/module/$m/parameters/$p")"
		done
	done
	echo
}

{
	echo "hw-test report (scripts/hw/hw-test.sh)"
	echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "kernel:  $(uname -r) $(uname -v)"
	echo "cpu:     $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)," \
		"$(nproc) CPUs, $virt$(grep -q -w nrip_save /proc/cpuinfo && echo ', nrip_save')"
	echo "kvm:    $(params)"
	echo
	echo "series tests:   $(counts "$log/series")"
	echo "upstream tests: $(counts "$log/upstream") ($upstream)"
	echo "benchmark:      $(counts "$log/bench")"
	if [ "$e2e" = none ]; then
		echo "e2e:            not run (no vmware_e2e.sh in $inst, or nothing at /e2e)"
	else
		echo "e2e:            $(grep -c '^ok ' "$log/e2e" || true) passed," \
			"$(grep -c '^not ok ' "$log/e2e" || true) failed"
	fi
	echo
	echo "== results"
	for f in series upstream bench; do
		[ ! -e "$log/$f" ] || results "$log/$f"
	done
	echo
	echo "== benchmark"
	grep -E '^# (# host:|# [0-9]+ rounds|ok [0-9]+ |# hypercall / )' "$log/bench" ||
		echo "(no figures)"
	# A log with a failure, or with no result at all, goes in whole.
	for f in series upstream bench e2e; do
		[ -e "$log/$f" ] || continue
		if grep -q '^ok ' "$log/$f" && ! grep -q '^not ok ' "$log/$f"; then
			continue
		fi
		echo
		echo "== $f: the whole log (a failure, or no result)"
		sed -E 's/(ok [0-9]+) selftests: kvm: /\1 /; s/^/    /' "$log/$f"
	done
} >"$report"

echo "hw-test: report in $report"
# The exit status says whether anything failed, or gave no result.
! grep -q '^== .*: the whole log' "$report"
