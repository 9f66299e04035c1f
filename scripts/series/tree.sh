#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make the kernel tree's "vmware" branch the base plus one commit per patch
# of the series, with git am.  Does nothing when the branch already holds
# exactly the series; refuses to drop uncommitted or unexported work.
#
# Usage: tree.sh <kernel tree> <base ref> <patch directory>
set -euo pipefail

ksrc=$1
base=$2
pdir=$3
here=$(dirname "$(readlink -f "$0")")
series=$("$here/series.sh" "$pdir")
stamp=$(git -C "$ksrc" rev-parse --git-path vmware-series)
case $stamp in /*) ;; *) stamp=$ksrc/$stamp ;; esac
sum=$( (cd "$pdir" && cat $series /dev/null) | sha256sum | cut -d' ' -f1)

if ! git -C "$ksrc" rev-parse -q --verify "$base^{commit}" >/dev/null; then
	echo "tree: base '$base' is not a commit in $ksrc (set BASEREF=)" >&2
	exit 1
fi
if [ -n "$(git -C "$ksrc" status --porcelain --untracked-files=no)" ]; then
	echo "tree: $ksrc has uncommitted changes; commit or stash them first" >&2
	exit 1
fi
head=$(git -C "$ksrc" rev-parse -q --verify refs/heads/vmware || true)
if [ -n "$head" ] && [ -f "$stamp" ]; then
	read -r old_sum old_head <"$stamp"
	if [ "$old_sum" = "$sum" ] && [ "$old_head" = "$head" ]; then
		git -C "$ksrc" checkout -q vmware
		exit 0
	fi
	if [ "$old_head" != "$head" ] && [ "${FORCE:-0}" != 1 ]; then
		echo "tree: branch vmware in $ksrc has commits that are not in $pdir;" >&2
		echo "      run 'make export' to keep them, or FORCE=1 to drop them" >&2
		exit 1
	fi
fi

git -C "$ksrc" checkout -q -B vmware "$base"
for p in $series; do
	if ! git -C "$ksrc" am -q --whitespace=error-all "$(readlink -f "$pdir/$p")"; then
		git -C "$ksrc" am --abort
		echo "tree: $p does not apply to $base; branch vmware stops before it" >&2
		exit 1
	fi
done
echo "$sum $(git -C "$ksrc" rev-parse HEAD)" >"$stamp"
echo "tree: $ksrc branch vmware = $base + $(echo $series | wc -w) patches"
