#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run make targets one after another, keep going past a failure, and close
# with one line counting every gate and every selftest on every machine:
# "check: N passed, N failed, N skipped".  Exits non-zero on any failure.
#
# A target that prints "<name>: N passed, N failed, N skipped" lines counts
# with those numbers; any other target counts as one gate.
#
# Usage: run.sh <make> <target>...
set -uo pipefail

make=$1
shift
pass=0
fail=0
skip=0
failed=()
for t in "$@"; do
	echo "=== $t"
	log=$(mktemp)
	$make --no-print-directory "$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
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
	[ "$f" -ne 0 ] && failed+=("$t")
done
[ ${#failed[@]} -ne 0 ] && echo "failed: ${failed[*]}"
echo "check: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
