#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sparse (make C=2) over arch/x86/kvm/ with the test kernel's configuration;
# fails on any warning the bare base does not have.  The base's warnings
# come from <baseline> while it was made with this sparse, on this base
# and with this configuration (scripts/baseline.sh); otherwise from a run
# on the base.  Warnings are compared without line numbers, so that code
# moved by the series still matches.
#
# Usage: sparse.sh <kernel tree> <build dir> <base ref> <base tree> <its build dir>
#                  <sparse binary> <baseline> [record|base]
#        (record: write the baseline; base: print the base's warnings)
set -euo pipefail

ksrc=$1
build=$2
baseref=$3
basesrc=$4
basebuild=$5
sparse=$6
baseline=$7
mode=${8:-use}
here=$(dirname "$(readlink -f "$0")")
if [ "$(sh "$ksrc/scripts/checker-valid.sh" "$sparse" -m64)" != 1 ]; then
	echo "sparse: $sparse is too old for this kernel (scripts/checker-valid.sh)" >&2
	exit 1
fi

# "file: message" of every sparse warning in arch/x86/kvm/.
warnings() {
	"$here/../build/config-kernel.sh" "$1" "$2"
	local log
	log=$(mktemp)
	if ! make -s -C "$1" O="$2" -j"$(nproc)" C=2 CHECK="$sparse" arch/x86/kvm/ \
		>/dev/null 2>"$log"; then
		tail -n 20 "$log" >&2
		echo "sparse: the build with C=2 failed in $1" >&2
		rm -f "$log"
		return 1
	fi
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$log" |
		sed -E "s|^$1/||; s/^([^:]+):[0-9]+:[0-9]+: /\1: /" || true
	rm -f "$log"
}
if [ "$mode" = base ]; then
	"$here/../series/worktree.sh" "$ksrc" "$baseref" "$basesrc"
	warnings "$basesrc" "$basebuild"
	exit 0
fi

key="sparse $("$sparse" --version), base tree $(git -C "$ksrc" rev-parse "$baseref^{tree}")"
key+=", config $(cat "$ksrc/tools/testing/selftests/kvm/config" "$here/../build/config/vm.config" |
	sha256sum | cut -c1-12)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/baseline.sh" "$baseline" "$key" "$mode" "$0" "${@:1:7}" base >"$tmp/base"
[ "$mode" = record ] && exit 0
warnings "$ksrc" "$build" >"$tmp/series"
"$here/new-warnings.sh" sparse "warnings in arch/x86/kvm/" "$tmp/base" "$tmp/series"
