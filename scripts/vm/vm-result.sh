#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Read a test machine's serial log: print the KTAP that /init framed between
# "vmtest: begin" and "vmtest: end", fail on a kernel splat or a missing end
# (hang, panic), and close with "<machine>: N passed, N failed, N skipped".
# Leaves "<test> pass|fail|skip" lines in <serial log>.results, and in
# <serial log>.verdict "usable" (every planned test gave a result, no
# kernel report) or why not ("unfinished", "plan", "report", "skip"), for
# the scripts that read a run (regress.sh).  With a list of expected skips
# (scripts/vm/expected-skips), any other skip of a test or of one of its
# cases fails the run; <serial log>.skips has every skip seen.
#
# Usage: vm-result.sh <machine name> <serial log> [expected skips]
set -euo pipefail

name=$1
log=$2
expected=${3:-}
# Until this run is read to the end, it is not usable.
echo unread >"$log.verdict"
rm -f "$log.results"

tr -cd '\11\12\40-\176' <"$log" >"$log.txt"
sed -n '/^vmtest: cpu/p' "$log.txt"
sed -n '/^vmtest: begin$/,/^vmtest: end$/p' "$log.txt" | sed '1d;$d' >"$log.ktap"
# Kernel lines carry a [timestamp]; keep only the runner's own output.
grep -v '^\[ *[0-9]*\.[0-9]*\]' "$log.ktap" || true

# A test's unterminated output line can run into the runner's result line,
# so look for results anywhere in a line.
{ grep -oE '(not )?ok [0-9]+ selftests: kvm: [^ ]+( # [A-Z]+)?' "$log.ktap" || true; } |
	sed -E -e 's/^ok [0-9]+ selftests: kvm: ([^ ]+) # SKIP$/\1 skip/' \
	       -e 's/^ok [0-9]+ selftests: kvm: ([^ ]+)$/\1 pass/' \
	       -e 's/^not ok [0-9]+ selftests: kvm: ([^ ]+).*/\1 fail/' >"$log.results"
pass=$(grep -c ' pass$' "$log.results" || true)
skip=$(grep -c ' skip$' "$log.results" || true)
fail=$(grep -c ' fail$' "$log.results" || true)
planned=$(sed -n '/^1\.\.[0-9]*$/ { s/^1\.\.//p; q }' "$log.ktap")

# Every skip, "<test>:<case> <reason>" (":" alone for a whole test): a
# case's "# ok N <case> # SKIP <reason>" comes before its test's result.
awk '
	match($0, /^# ok [0-9]+ [^ #][^ ]* # SKIP/) {
		split($0, f, " ")
		reason = $0
		sub(/^# ok [0-9]+ [^ ]+ # SKIP */, "", reason)
		cases[++n] = f[4] " " reason
		next
	}
	# ksft_test_result_skip(): a case without a name, "#<number>".
	match($0, /^# ok [0-9]+ # SKIP/) {
		split($0, f, " ")
		reason = $0
		sub(/^# ok [0-9]+ # SKIP */, "", reason)
		cases[++n] = "#" f[3] " " reason
		next
	}
	match($0, /^# 1\.\.0 # SKIP/) {
		whole = $0
		sub(/^# 1\.\.0 # SKIP */, "", whole)
		next
	}
	match($0, /(not )?ok [0-9]+ selftests: kvm: [^ ]+/) {
		t = $0
		sub(/.*ok [0-9]+ selftests: kvm: /, "", t)
		sub(/ .*/, "", t)
		for (i = 1; i <= n; i++)
			print t ":" cases[i]
		if ($0 ~ / # SKIP/)
			print t ": " whole
		n = 0
		whole = ""
	}
' "$log.ktap" >"$log.skips"

bad=0
: >"$log.verdict"
if [ -n "$expected" ]; then
	unexpected=$(while read -r what reason; do
		ok=0
		while IFS=$'\t' read -r glob pattern why; do
			case $glob in '#'* | '') continue ;; esac
			# shellcheck disable=SC2053
			[[ $name == $glob || ${name#vm-} == $glob ]] || continue
			[[ $what =~ ^($pattern)$ ]] && ok=1 && break
		done <"$expected"
		[ "$ok" -eq 1 ] || echo "$what ($reason)"
	done <"$log.skips")
	if [ -n "$unexpected" ]; then
		echo "$name: skips where the feature is expected (not in $(basename "$expected")):"
		echo "$unexpected" | sed 's/^/    /'
		echo skip >>"$log.verdict"
		bad=1
	fi
fi
if ! grep -q '^vmtest: end$' "$log.txt"; then
	echo "$name: the machine did not finish its tests (hang, panic or timeout); console tail:"
	tail -n 30 "$log.txt" | sed 's/^/    /'
	echo unfinished >>"$log.verdict"
	bad=1
elif [ -z "$planned" ] || [ "$planned" -eq 0 ] || [ "$planned" -ne $((pass + skip + fail)) ]; then
	echo "$name: planned ${planned:-no} tests, saw $((pass + skip + fail)) results"
	echo plan >>"$log.verdict"
	bad=1
fi
splat='(BUG:|WARNING:|Oops|Kernel panic|KASAN:|UBSAN:|possible recursive locking|circular locking|suspicious RCU|unreferenced object|Call Trace:)'
# Reports that cannot come from the series, and that the emulators cause:
#  - Bochs' CPUID topology leaves disagree: WARN in parse_legacy at boot,
#    which the bare base kernel gives too;
#  - anything the kernel reports before it runs /init (by the console's
#    timestamps): the series only runs in KVM ioctls, which only the tests
#    make (seen once on the KASAN kernel under QEMU: an interrupt during
#    identify_cpu() reported as a wild access in handle_edge_irq).
# A report after /init runs counts, whatever its trace passes through.
known='topology_common\.c:[0-9]+ at parse_legacy'
init=$(sed -n 's/^\[ *\([0-9]*\.[0-9]*\)\] Run \/init as init process$/\1/p' "$log.txt" | head -n 1)
# Lines from the tests (kselftest puts "# " before them) are the tests'
# own: a nested guest's log, say.  The kernel's reports are in the others,
# and all of them are in the kernel log printed at the end.
# The console without the report blocks ("cut here" ... "end trace", or
# KASAN's "=====" ... "=====") that match a known cause.
awk -v known="$known" -v init="${init:-0}" '
	!inblk && /-----------\[ cut here \]------------|====================/ {
		blk = $0; inblk = 1; drop = 0
		end = /cut here/ ? "---\\[ end trace" : "===================="
		# Before /init ran: the emulator'"'"'s, not the series'"'"'.
		if (match($0, /^\[ *[0-9]+\.[0-9]+\]/) && init > 0 &&
		    substr($0, 2, RLENGTH - 2) + 0 < init + 0)
			drop = 2
		next
	}
	inblk {
		# A report dropped for its time ends where the kernel logs
		# after /init (lockdep'"'"'s reports open with "=====" and have
		# no closing line).
		if (drop == 2 && match($0, /^\[ *[0-9]+\.[0-9]+\]/) &&
		    substr($0, 2, RLENGTH - 2) + 0 >= init + 0) {
			inblk = 0
			print
			next
		}
		blk = blk "\n" $0
		if ($0 ~ known)
			drop = 1
		if ($0 ~ end) {
			if (!drop)
				print blk
			inblk = 0
		}
		next
	}
	{ print }
	END { if (inblk && !drop) print blk }
' <(grep -v '^#' "$log.txt") >"$log.checked"
if grep -qE "$splat" "$log.checked"; then
	echo "$name: kernel splat in the console:"
	grep -m 5 -E -A 12 "$splat" "$log.checked" | sed 's/^/    /'
	echo report >>"$log.verdict"
	bad=1
fi
[ -s "$log.verdict" ] || echo usable >"$log.verdict"
[ "$bad" -eq 0 ] || fail=$((fail + 1))
echo "$name: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
