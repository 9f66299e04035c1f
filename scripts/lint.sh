#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict --codespell on every patch of the series, with the
# kernel tree's own checkpatch.pl.  Prints "lint: N passed, N failed,
# N skipped", one per patch.
#
# Usage: lint.sh <kernel tree> <patch directory>
set -euo pipefail

ksrc=$1
pdir=$(readlink -f "$2")
here=$(dirname "$(readlink -f "$0")")
pass=0
fail=0
for p in $("$here/series.sh" "$pdir"); do
	if out=$(cd "$ksrc" && ./scripts/checkpatch.pl --strict --codespell \
			--codespellfile=/usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt \
			--no-tree --quiet --terse "$pdir/$p" 2>&1) && [ -z "$out" ]; then
		pass=$((pass + 1))
	else
		echo "$out"
		echo "lint: checkpatch complains about $p"
		fail=$((fail + 1))
	fi
done
echo "lint: $pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
