#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict --codespell on every patch of the series, with the
# kernel tree's own checkpatch.pl.  Prints "lint: N passed, N failed,
# N skipped", one per patch.
#
# Ignored, and why (the only place a check is turned off):
#   FILE_PATH_CHANGES  "does MAINTAINERS need updating?" on every new file;
#                      the series' MAINTAINERS entry covers its files by
#                      glob, which checkpatch cannot see in a later patch.
#
# Usage: lint.sh <kernel tree> <patch directory>
set -euo pipefail

ksrc=$1
pdir=$(readlink -f "$2")
here=$(dirname "$(readlink -f "$0")")
dict=/usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt
pass=0
fail=0
for p in $("$here/series.sh" "$pdir"); do
	out=$(cd "$ksrc" && ./scripts/checkpatch.pl --strict --codespell \
		--codespellfile="$dict" --ignore FILE_PATH_CHANGES \
		--no-tree --terse "$pdir/$p" 2>&1 || true)
	if echo "$out" | grep -qE ': (ERROR|WARNING|CHECK):'; then
		echo "$out" | grep -E ': (ERROR|WARNING|CHECK):'
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "lint: $pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
