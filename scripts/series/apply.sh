#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Apply the series to your own kernel tree on a new branch "vmware-kvm"
# started at its current HEAD, with git am.  If a patch does not apply, the
# tree is put back as it was (branch, HEAD and index) and the patch named.
#
# Usage: apply.sh <kernel tree> <patch directory>
set -euo pipefail

ksrc=${1:-}
pdir=$(readlink -f "$2")
here=$(dirname "$(readlink -f "$0")")

if [ -z "$ksrc" ]; then
	echo "apply: say which tree: make apply KSRC=/path/to/linux" >&2
	exit 1
fi
"$here/check-ksrc.sh" "$ksrc" HEAD
if [ -n "$(git -C "$ksrc" status --porcelain --untracked-files=no)" ]; then
	echo "apply: $ksrc has uncommitted changes; commit or stash them first" >&2
	exit 1
fi
if git -C "$ksrc" rev-parse -q --verify refs/heads/vmware-kvm >/dev/null; then
	echo "apply: $ksrc already has a branch vmware-kvm; delete or rename it first" >&2
	exit 1
fi

orig=$(git -C "$ksrc" symbolic-ref -q --short HEAD || git -C "$ksrc" rev-parse HEAD)
git -C "$ksrc" checkout -q -b vmware-kvm
for p in $("$here/series.sh" "$pdir"); do
	if ! git -C "$ksrc" am -q "$pdir/$p" >/dev/null 2>&1; then
		git -C "$ksrc" am --abort
		git -C "$ksrc" checkout -q "$orig"
		git -C "$ksrc" branch -q -D vmware-kvm
		echo "apply: $p does not apply to $ksrc at $orig; the tree is as it was" >&2
		exit 1
	fi
done
echo "apply: $ksrc branch vmware-kvm = $orig + $("$here/series.sh" "$pdir" | wc -l) patches"
