#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A checker's findings on the bare base, kept in a file so that a gate need
# not run the checker on the base every time.  The file's first line says
# what the findings depend on (the checker's version, the base's tree, the
# configuration); when that line differs from <key>, the findings are made
# anew by <command> (the base checked out by worktree.sh), and the gate
# says so.  With "record", the file is written.
#
# Usage: baseline.sh <file> <key> <record|use> <command>...
#        Prints the base's findings, one a line.
set -euo pipefail

file=$1
key=$2
mode=$3
shift 3

if [ "$mode" = use ] && [ "$(head -n 1 "$file" 2>/dev/null)" = "# $key" ]; then
	tail -n +2 "$file"
	exit 0
fi
if [ "$mode" = use ]; then
	echo "baseline: $file is not for '$key': running the checker on the base" \
	     "(make ...-baseline records it)" >&2
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$@" >"$tmp"
if [ "$mode" = record ]; then
	{ echo "# $key"; cat "$tmp"; } >"$file"
	echo "baseline: $file written ($(grep -c . "$tmp" || true) findings)" >&2
fi
cat "$tmp"
