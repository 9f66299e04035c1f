#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# coccicheck in report mode (make C=2 CHECK=scripts/coccicheck) on the C
# files of arch/x86/kvm/ that the series adds or changes, on the series and,
# for changed files, on the base; fails on any report the base does not
# have (compared without line numbers, in the place or the message).  spatch
# takes 80 s or so per file and all its scripts (all: 8 files on the
# series, 7 on the base, 20m40s), so by default only the files the series
# adds are checked; with "all", the changed ones too.
#
# Usage: coccicheck.sh <series tree> <its build dir> <base ref> <base tree>
#                      <its build dir> [all]
set -euo pipefail

ksrc=$1
build=$2
baseref=$3
basesrc=$4
basebuild=$5
filter=${6:+AM}
here=$(dirname "$(readlink -f "$0")")

reports() {
	"$here/../build/config-kernel.sh" "$1" "$2"
	# Not -s: coccicheck then prints nothing.
	make -C "$1" O="$2" C=2 CHECK="$1/scripts/coccicheck" MODE=report \
		"${3%.c}.o" 2>/dev/null | grep -E '^[^ ]+:[0-9]+:' |
		sed -E "s|$1/||; s/:[0-9]+:[0-9]+(-[0-9]+)?:/:/; s/ on line [0-9]+$//" || true
}

files=$(git -C "$ksrc" diff --name-only --diff-filter="${filter:-A}" "$baseref" vmware -- \
	'arch/x86/kvm/*.c')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/base" "$tmp/series"
for f in $files; do
	reports "$ksrc" "$build" "$f" >>"$tmp/series"
	if git -C "$ksrc" cat-file -e "$baseref:$f" 2>/dev/null; then
		"$here/../series/worktree.sh" "$ksrc" "$baseref" "$basesrc"
		reports "$basesrc" "$basebuild" "$f" >>"$tmp/base"
	fi
done
"$here/new-warnings.sh" coccicheck "reports in ${files//$'\n'/ }" "$tmp/base" "$tmp/series"
