#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# git range-diff between the series as this repository had it at <old> (a
# commit) and the tree's branch vmware: what changed since that version,
# patch by patch, as a reviewer of the next version reads it.  The old
# series is applied with git am on the same base, as branch vmware-old.
#
# Usage: range-diff.sh <kernel tree> <base ref> <patch directory> <old commit>
set -euo pipefail

ksrc=$1
base=$2
pdir=$3
old=$4
here=$(dirname "$(readlink -f "$0")")
repo=$(git -C "$here" rev-parse --show-toplevel)

tmp=$(mktemp -d)
trap 'git -C "$ksrc" worktree remove --force "$tmp/wt" 2>/dev/null || true; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/patches"
for p in $(git -C "$repo" ls-tree --name-only "$old" "$pdir/" | grep -E '/[0-9]{4}-.*\.patch$' |
	   grep -v '/0000-'); do
	git -C "$repo" show "$old:$p" >"$tmp/patches/$(basename "$p")"
done
git -C "$ksrc" worktree add -q --detach "$tmp/wt" "$base"
git -C "$tmp/wt" -c gc.auto=0 am -q "$tmp"/patches/*.patch
git -C "$ksrc" branch -f vmware-old "$(git -C "$tmp/wt" rev-parse HEAD)"
git -C "$ksrc" range-diff --no-color "$base..vmware-old" "$base..vmware"
