#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make htmldocs SPHINXDIRS=virt (where the series' documentation lives) on
# the base and on the series; fails on any Sphinx warning or error the base
# does not have.  Compared without paths and line numbers.
#
# Usage: htmldocs.sh <series tree> <output dir> <base tree> <output dir>
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")

warnings() {
	make -s -C "$1" O="$2" PYTHON3=/usr/bin/python3 SPHINXDIRS=virt htmldocs 2>&1 |
		grep -E 'WARNING|ERROR|CRITICAL' | sed -E "s|$1/||; s/:[0-9]+:/:/" || true
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
warnings "$3" "$4" >"$tmp/base"
warnings "$1" "$2" >"$tmp/series"
"$here/new-warnings.sh" htmldocs "warnings in Documentation/virt" "$tmp/base" "$tmp/series"
