#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that the committed patches are what "make export" writes for the
# tree they make, and that the rendered copies match the series' files
# (with RENDER=0, as for a backport, just the patches).
#
# Usage: rendered-check.sh <kernel tree> <base ref> <patch directory> <repository>
set -euo pipefail

ksrc=$1
base=$2
pdir=$3
repo=$(readlink -f "$4")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/repo/patches"
cp -r "$repo/$pdir" "$tmp/repo/$pdir" 2>/dev/null || mkdir -p "$tmp/repo/$pdir"
cp "$repo/${pdir%/}.cover" "$tmp/repo/${pdir%/}.cover" 2>/dev/null || true
(cd "$tmp/repo" && "$(dirname "$(readlink -f "$0")")/export.sh" "$ksrc" "$base" "$pdir" "$tmp/repo" >/dev/null)

rc=0
dirs=("$pdir")
[ "${RENDER:-1}" = 1 ] && dirs+=(arch-x86-kvm tools-testing-selftests Documentation)
for d in "${dirs[@]}"; do
	if ! diff -ruN "$repo/$d" "$tmp/repo/$d" >"$tmp/diff" 2>&1; then
		echo "rendered-check: $d differs from what 'make export' gives:"
		head -n 40 "$tmp/diff"
		rc=1
	fi
done
if [ "$rc" -eq 0 ] && [ "${RENDER:-1}" = 1 ]; then
	echo "rendered-check: patches and rendered copies match the series"
elif [ "$rc" -eq 0 ]; then
	echo "rendered-check: patches match the series"
fi
exit "$rc"
