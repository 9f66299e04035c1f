#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare what the VMware selftests gave on two bases' machines: every
# subtest's name and result (ok, SKIP, not ok) from the logs "make vm-amd"
# and "make vm-intel" left for each base.  Measurements (round trips per
# second) are left out and the fuzzer's random seed is masked.  Exits
# non-zero if they differ.
#
# Usage: compare-bases.sh <vm dir of one base> <vm dir of the other>
set -euo pipefail

subtests() {
	grep -E '^# (not )?ok [0-9]+ ' "$1" | sed -E 's/^# (not ok|ok) [0-9]+ /\1 /' |
		grep -vE 'round trips/s' | sed -E 's/seed 0x[0-9a-f]+/seed/'
}

rc=0
for m in amd intel; do
	a=$1/$m.log
	b=$2/$m.log
	if [ ! -f "$a" ] || [ ! -f "$b" ]; then
		echo "compare-bases: no $m.log in both $1 and $2 (run make vm-$m for each base)"
		rc=1
		continue
	fi
	if [ "$(subtests "$a" | grep -c .)" -eq 0 ]; then
		echo "compare-bases: $m: no subtest results in $a"
		rc=1
	elif diff <(subtests "$a") <(subtests "$b") >/dev/null; then
		echo "compare-bases: $m: the same $(subtests "$a" | grep -c '^ok') subtests ok" \
		     "($(subtests "$a" | grep -c SKIP) of them SKIP), $(subtests "$a" | grep -c '^not ok') not ok"
	else
		echo "compare-bases: $m differs:"
		diff <(subtests "$a") <(subtests "$b") | sed 's/^/    /' || true
		rc=1
	fi
done
exit "$rc"
