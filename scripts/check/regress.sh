#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every installed KVM selftest on an emulated machine (amd: QEMU TCG,
# intel: Bochs) and compare with the baseline recorded there on the
# unpatched base: a test that passed there and does not pass now is a
# regression, and so is one that fails and did not fail there (new, or
# skipped).  A test that fails as it did on the base (an emulator gap) is
# reported as failing, with that said, but does not fail the gate.  With
# "record", write the baseline instead.
#
# Usage: regress.sh amd|intel <kselftest install> <bzImage> <work dir> <baseline> <seconds> [record]
#        (record writes the result of every test it ran: the whole list on
#        amd, REGRESS_TESTS on intel, where only that list runs)
set -euo pipefail

machine=$1
inst=$2
kernel=$3
out=$4
baseline=$5
secs=$6
mode=${7:-check}
here=$(dirname "$(readlink -f "$0")")
case $machine in
amd) what="emulated AMD (QEMU TCG -cpu max)" ;;
intel) what="emulated Intel (Bochs corei7_haswell_4770)" ;;
*) echo "regress: no machine '$machine' (amd, intel)" >&2; exit 2 ;;
esac
if [ "$mode" != record ] && [ ! -s "$baseline" ]; then
	echo "regress: no baseline $baseline: record it with 'make regress-baseline'" >&2
	exit 1
fi

mkdir -p "$out"
# Left out: the benchmarks, which only time out under emulation (120 s each),
# and the shell wrappers.  REGRESS_TESTS="a b" runs and compares just those.
mapfile -t tests < <(sed -n 's/^kvm://p' "$inst/kselftest-list.txt" |
	grep -vE '_perf_test$|\.sh$')
if [ -n "${REGRESS_TESTS:-}" ]; then
	read -r -a tests <<<"$REGRESS_TESTS"
fi
# Boot the machine once with the tests named: <run name> <test>...
# Leaves "<test> pass|fail|skip" in $out/<run name>.log.results.
boot() {
	local run=$1
	shift

	rm -f "$out/$run.log.verdict" "$out/$run.log.results"
	"$here/../vm/mkinitramfs.sh" -m "${kernel%/arch/x86/boot/bzImage}/modroot" "$inst" \
		"$out/$run.cpio.gz" "$@"
	"$here/../vm/vm-$machine.sh" "$kernel" "$out/$run.cpio.gz" "$out/$run.log" "$secs" \
		vmtest.timeout=120 >/dev/null
	"$here/../vm/vm-result.sh" regress-vm "$out/$run.log" >"$out/$run.out" || true
	if [ "$(cat "$out/$run.log.verdict" 2>/dev/null)" != usable ]; then
		grep -E '^regress-vm: (the machine|planned|kernel splat)' -A 30 "$out/$run.out" || true
		echo "regress: the machine's run is not usable ($(xargs <"$out/$run.log.verdict" 2>/dev/null || echo 'no verdict'))"
		echo "regress: 0 passed, 1 failed, 0 skipped"
		exit 1
	fi
}

run=regress-$machine
boot "$run" "${tests[@]}"
if [ "$mode" = record ]; then
	if [ ! -s "$out/$run.log.results" ]; then
		echo "regress: no test results to record" >&2
		exit 1
	fi
	mkdir -p "$(dirname "$baseline")"
	{
		echo "# KVM selftests on $what, unpatched base."
		echo "# Written by 'make regress-baseline'; read by 'make regress' or 'make regress-intel'."
		sort "$out/$run.log.results"
	} >"$baseline"
	echo "regress: baseline written to $baseline ($(wc -l <"$out/$run.log.results") tests)"
	exit 0
fi

# A test that passed on the base and does not pass now, or that fails and
# did not fail there, gets a second run of its own: under TCG a test near its 120 s limit times out now and then on
# either kernel, and upstream tests with threads have failed once each
# (steal_time's pthread_getaffinity_np() with ESRCH, state_test on 6.12).
# One that does not pass twice is a regression; one that passes its second
# run is named, so that a flaky regression still shows.
pass=0
fail=0
skip=0
asbase=0
again=()
while read -r name now; do
	was=$(awk -v n="$name" '$1 == n { print $2 }' "$baseline")
	if [ "$now" = pass ]; then
		pass=$((pass + 1))
	elif [ "$was" = pass ]; then
		echo "regress: $name passed on the base and now: $now"
		again+=("$name")
	elif [ "$now" = fail ] && { [ "$was" = fail ] || [ "$was" = flaky ]; }; then
		echo "regress: $name fails, as on the base ($was there)"
		asbase=$((asbase + 1))
	elif [ "$now" = fail ]; then
		echo "regress: $name fails, and did not on the base (${was:-not there})"
		again+=("$name")
	else
		skip=$((skip + 1))
	fi
done <"$out/$run.log.results"
if [ "${#again[@]}" -gt 0 ]; then
	echo "regress: run again: ${again[*]}"
	boot "$run-again" "${again[@]}"
	for name in "${again[@]}"; do
		if grep -q "^$name pass$" "$out/$run-again.log.results"; then
			echo "regress: $name did not pass, then passed on its second run"
			pass=$((pass + 1))
		else
			echo "regress: $name did not pass, twice"
			fail=$((fail + 1))
		fi
	done
fi
for name in $(grep -v '^#' "$baseline" | awk '$2 == "pass" { print $1 }'); do
	[ -n "${REGRESS_TESTS:-}" ] && ! grep -qw "$name" <<<"$REGRESS_TESTS" && continue
	if ! grep -q "^$name " "$out/$run.log.results"; then
		echo "regress: $name passed on the base and did not run now"
		fail=$((fail + 1))
	fi
done
echo "regress: $asbase tests fail as they did (or may: flaky) on the base, not counted below"
echo "regress: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
