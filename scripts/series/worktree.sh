#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Put a detached git worktree of the kernel tree at a given commit, creating
# it the first time.  Used to build the bare base next to the series.
#
# Usage: worktree.sh <kernel tree> <commit> <worktree directory>
set -euo pipefail

ksrc=$1
rev=$2
dir=$3

if [ ! -e "$dir/.git" ]; then
	# A worktree whose directory was removed (make clean) is still
	# registered until pruned, and then cannot be added again.
	git -C "$ksrc" worktree prune
	mkdir -p "$(dirname "$dir")"
	git -C "$ksrc" worktree add -q --detach "$dir" "$rev"
else
	git -C "$dir" checkout -q --detach "$rev"
fi
