#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare a checker's findings on the series with those on the base: print
# what only the series has, then one line "<checker>: N new <what> (base N,
# series N)", and fail if there is anything new.  Each file holds one
# finding a line, already stripped of paths and line numbers.
#
# Usage: new-warnings.sh <checker> <what> <base findings> <series findings>
set -euo pipefail

count() { sort -u "$1" | grep -c . || true; }

new=$(comm -13 <(sort -u "$3") <(sort -u "$4") | sed '/^$/d')
if [ -n "$new" ]; then
	echo "$new" | sed 's/^/    /'
fi
echo "$1: $(echo -n "$new" | grep -c . || true) new $2 (base $(count "$3"), series $(count "$4"))"
[ -z "$new" ]
