#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kit for a tester with real hardware.  On a host with VMX or SVM that
# runs a kernel with the series, run the series' selftests, the upstream KVM
# selftests, the end-to-end guest (if its build is at /e2e) and the
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
	[ ${#args[@]} -gt 0 ] || { : >"$log/$name"; return; }
	(cd "$inst" && ./run_kselftest.sh -o "$secs" "${args[@]}") >"$log/$name" 2>&1 || true
}

run series "${series[@]}"
run upstream "${others[@]}"
run bench $bench
e2e=none
if [ -x /e2e/vmware_e2e.sh ]; then
	/e2e/vmware_e2e.sh >"$log/e2e" 2>&1 || true
	e2e=/e2e
fi

# "<ok|not ok|skip> <test>" for the top-level results of a KTAP log.
results() {
	sed -n -E 's/^(not ok|ok) [0-9]+ selftests: kvm: ([^ ]+)( # (SKIP))?.*/\1\4 \2/p' "$1" |
		sed -E 's/^okSKIP /skip /'
}

# <KTAP log>: "N passed, N failed, N skipped".
counts() {
	results "$1" | awk '
		/^ok /     { p++ }
		/^not ok / { f++ }
		/^skip /   { s++ }
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
		echo "e2e:            not run (no e2e build at /e2e)"
	else
		echo "e2e:            $(grep -c '^ok ' "$log/e2e") passed," \
			"$(grep -c '^not ok ' "$log/e2e") failed"
	fi
	echo
	echo "== results"
	cat "$log/series" "$log/upstream" "$log/bench" | results /dev/stdin
	echo
	echo "== benchmark"
	grep -E '^# (# host:|# [0-9]+ rounds|ok [0-9]+ |# hypercall / )' "$log/bench" ||
		echo "(no figures)"
	for f in series upstream bench e2e; do
		[ -s "$log/$f" ] || continue
		grep -q '^not ok ' "$log/$f" || continue
		echo
		echo "== failures: the full $f log"
		cat "$log/$f"
	done
} >"$report"

echo "hw-test: report in $report"
# The exit status says whether anything failed.
! cat "$log"/* | grep -q '^not ok '
