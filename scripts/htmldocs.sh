#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make htmldocs SPHINXDIRS=virt (where the series' documentation lives) on
# the base and on the series; fails on any Sphinx warning or error the base
# does not have.  Compared without paths and line numbers.
#
# Usage: htmldocs.sh <series tree> <output dir> <base tree> <output dir>
set -euo pipefail

warnings() {
	make -s -C "$1" O="$2" PYTHON3=/usr/bin/python3 SPHINXDIRS=virt htmldocs 2>&1 |
		grep -E 'WARNING|ERROR|CRITICAL' | sed -E "s|$1/||; s/:[0-9]+:/:/" | sort -u || true
}

base=$(warnings "$3" "$4")
series=$(warnings "$1" "$2")
new=$(comm -13 <(echo "$base") <(echo "$series") | sed '/^$/d')
count() { echo -n "$1" | grep -c . || true; }
if [ -n "$new" ]; then
	echo "$new" | sed 's/^/    /'
fi
echo "htmldocs: $(count "$new") new warnings in Documentation/virt (base $(count "$base"), series $(count "$series"))"
[ -z "$new" ]
