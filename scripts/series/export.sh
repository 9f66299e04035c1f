#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Write the kernel tree's "vmware" branch back to the patch directory with
# git format-patch, and render the files the series adds into the
# repository's copies.  An unchanged branch exports byte-identical files.
#
# Usage: export.sh <kernel tree> <base ref> <patch directory> <repository>
#        BASE_COMMIT=1 adds a base-commit: line (upstream git bases only),
#        SUBJECT_PREFIX sets the prefix (default PATCH), RENDER=0 leaves the
#        rendered folders alone (a backport is not rendered), TIP=<rev>
#        writes only the patches up to that commit of the branch (a series
#        of its own, e.g. the fixes that lead it; no rendering, no record).
set -euo pipefail

ksrc=$1
base=$2
pdir=$3
repo=$4
here=$(dirname "$(readlink -f "$0")")

tip=${TIP:-vmware}
range=$base..$tip
n=$(git -C "$ksrc" rev-list --count "$range")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$n" -gt 0 ]; then
	# --abbrev: the index lines' blob ids at git's own length would grow
	# with the tree's object count, and a fresh tree would export other bytes.
	opts=(--quiet --zero-commit --no-signature --cover-letter --no-numbered-files
	      --abbrev=12 --subject-prefix="${SUBJECT_PREFIX:-PATCH}" -o "$tmp")
	[ "${BASE_COMMIT:-0}" = 1 ] && opts+=(--base="$base")
	git -C "$ksrc" format-patch "${opts[@]}" "$range" >/dev/null
	TIP=$tip "$here/cover-letter.sh" "$ksrc" "$base" "$pdir" "$tmp/0000-cover-letter.patch"
fi
mkdir -p "$pdir"
rm -f "$pdir"/[0-9][0-9][0-9][0-9]-*.patch
cp "$tmp"/*.patch "$pdir"/ 2>/dev/null || true

if [ "$tip" != vmware ]; then
	echo "export: $n patches in $pdir"
	exit 0
fi

if [ "${RENDER:-1}" = 1 ]; then
	"$here/render.sh" "$ksrc" "$base" vmware "$repo"
fi

# The branch now matches the patches: record it so "make tree" is a no-op.
stamp=$(git -C "$ksrc" rev-parse --git-path vmware-series)
case $stamp in /*) ;; *) stamp=$ksrc/$stamp ;; esac
series=$("$here/series.sh" "$pdir")
sum=$( (cd "$pdir" && cat $series /dev/null) | sha256sum | cut -d' ' -f1)
echo "$sum $(git -C "$ksrc" rev-parse vmware)" >"$stamp"
echo "export: $n patches in $pdir"
