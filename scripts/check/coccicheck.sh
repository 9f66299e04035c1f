#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# coccicheck in report mode (scripts/coccicheck, one file at a time) on the C
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

# scripts/coccicheck on one file, as "make C=2 CHECK=scripts/coccicheck"
# runs it (kbuild's checker-valid.sh test now turns that into a silent
# no-op for coccicheck), with the include paths of the top Makefile's
# LINUXINCLUDE for an O= build.  "file: message" of every report.
reports() {
	local src=$1 out=$2 file=$3 log
	"$here/../build/config-kernel.sh" "$src" "$out"
	make -s -C "$src" O="$out" prepare >/dev/null
	log=$(mktemp)
	if ! (cd "$src" && C=2 MODE=report srctree=. LINUXINCLUDE="-I./arch/x86/include \
		-I$out/arch/x86/include/generated -I./include -I$out/include \
		-I./arch/x86/include/uapi -I$out/arch/x86/include/generated/uapi \
		-I./include/uapi -I$out/include/generated/uapi \
		-include ./include/linux/compiler-version.h -include ./include/linux/kconfig.h" \
		./scripts/coccicheck "$file") >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		echo "coccicheck: scripts/coccicheck failed on $file" >&2
		rm -f "$log"
		return 1
	fi
	# One more spatch than there are reports: the count proves it ran.
	grep -c '^/usr/bin/spatch\|^spatch' "$log" >>"$tmp/runs"
	grep -E '^[^ ]+:[0-9]+:' "$log" |
		sed -E "s/:[0-9]+:[0-9]+(-[0-9]+)?:/:/; s/ on line [0-9]+$//" || true
	rm -f "$log"
}

files=$(git -C "$ksrc" diff --name-only --diff-filter="${filter:-A}" "$baseref" vmware -- \
	'arch/x86/kvm/*.c')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/base" "$tmp/series" "$tmp/runs"
for f in $files; do
	reports "$ksrc" "$build" "$f" >>"$tmp/series"
	if git -C "$ksrc" cat-file -e "$baseref:$f" 2>/dev/null; then
		"$here/../series/worktree.sh" "$ksrc" "$baseref" "$basesrc"
		reports "$basesrc" "$basebuild" "$f" >>"$tmp/base"
	fi
done
if [ -n "$files" ] && ! awk '$1 < 10 { bad = 1 } END { exit bad }' "$tmp/runs"; then
	echo "coccicheck: spatch ran fewer than 10 semantic patches on a file: is coccinelle broken?"
	exit 1
fi
"$here/new-warnings.sh" coccicheck "reports in ${files//$'\n'/ }" "$tmp/base" "$tmp/series"
