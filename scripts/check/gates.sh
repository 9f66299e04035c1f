#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run gates (make targets) one after another, keep going past a failure,
# print each gate's seconds, and close with one line counting every gate and
# every selftest on every machine: "check: N passed, N failed, N skipped".
# Exits non-zero on any failure.
#
# A gate that prints "<name>: N passed, N failed, N skipped" lines counts
# with those numbers; any other gate counts as one.  Each gate that passed
# is added to DONE, which the Makefile reads: a gate later in the list
# does not build it again (so builds listed first are made once).
#
# Usage: DONE="<targets already made>" gates.sh <make command> -- <gate>...
set -uo pipefail

make=()
while [ "$1" != -- ]; do
	make+=("$1")
	shift
done
shift
export DONE="${DONE:-}"
pass=0
fail=0
skip=0
failed=()
times=()
for t in "$@"; do
	echo "=== $t"
	log=$(mktemp)
	start=$SECONDS
	"${make[@]}" --no-print-directory "$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	secs=$((SECONDS - start))
	counts=$(grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" || true)
	rm -f "$log"
	if [ -n "$counts" ]; then
		p=$(echo "$counts" | awk '{s += $2} END {print s}')
		f=$(echo "$counts" | awk '{s += $4} END {print s}')
		k=$(echo "$counts" | awk '{s += $6} END {print s}')
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	elif [ "$rc" -eq 0 ]; then
		p=1 f=0 k=0
	else
		p=0 f=1 k=0
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + k))
	if [ "$f" -ne 0 ]; then
		failed+=("$t")
	else
		DONE="$DONE $t"
	fi
	times+=("$(printf '%6d s  %s%s' "$secs" "$t" "$([ "$f" -ne 0 ] && echo '  FAILED')")")
	echo "=== $t: $secs s"
done
echo "=== gate times"
printf '%s\n' "${times[@]}"
[ ${#failed[@]} -ne 0 ] && echo "failed: ${failed[*]}"
echo "check: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
