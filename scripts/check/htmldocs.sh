#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make htmldocs SPHINXDIRS=virt (where the series' documentation lives);
# fails on any Sphinx warning or error the bare base does not have.  The
# base's come from <baseline> while it was made with this Sphinx on this
# base (scripts/baseline.sh); otherwise from a run on the base.  Compared
# without paths and line numbers.
#
# Usage: htmldocs.sh <kernel tree> <output dir> <base ref> <base tree> <its output dir>
#                    <baseline> [record|base]
set -euo pipefail

ksrc=$1
out=$2
baseref=$3
basesrc=$4
baseout=$5
baseline=$6
mode=${7:-use}
here=$(dirname "$(readlink -f "$0")")

warnings() {
	local log
	log=$(mktemp)
	if ! make -s -C "$1" O="$2" PYTHON3=/usr/bin/python3 SPHINXDIRS=virt htmldocs \
		>"$log" 2>&1; then
		tail -n 20 "$log" >&2
		echo "htmldocs: make htmldocs failed in $1" >&2
		rm -f "$log"
		return 1
	fi
	grep -E 'WARNING|ERROR|CRITICAL' "$log" | sed -E "s|$1/||; s/:[0-9]+:/:/" || true
	rm -f "$log"
}
if [ "$mode" = base ]; then
	"$here/../series/worktree.sh" "$ksrc" "$baseref" "$basesrc"
	warnings "$basesrc" "$baseout"
	exit 0
fi

key="sphinx $(/usr/bin/python3 -c 'import sphinx; print(sphinx.__version__)')"
key+=", base tree $(git -C "$ksrc" rev-parse "$baseref^{tree}")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/baseline.sh" "$baseline" "$key" "$mode" "$0" "${@:1:6}" base >"$tmp/base"
[ "$mode" = record ] && exit 0
warnings "$ksrc" "$out" >"$tmp/series"
"$here/new-warnings.sh" htmldocs "warnings in Documentation/virt" "$tmp/base" "$tmp/series"
