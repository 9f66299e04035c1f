#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sparse (make C=2) over arch/x86/kvm/ with the test kernel's configuration,
# on the base and on the series; fails on any warning the base does not
# have.  Warnings are compared without line numbers, so that code moved by
# the series still matches.
#
# Usage: sparse.sh <series tree> <its build dir> <base tree> <its build dir>
#                  <sparse binary>
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
sparse=$5
if [ "$(sh "$1/scripts/checker-valid.sh" "$sparse" -m64)" != 1 ]; then
	echo "sparse: $sparse is too old for this kernel (scripts/checker-valid.sh)" >&2
	exit 1
fi

# "file: message" of every sparse warning in arch/x86/kvm/.
warnings() {
	"$here/config-kernel.sh" "$1" "$2"
	make -s -C "$1" O="$2" -j"$(nproc)" C=2 CHECK="$sparse" arch/x86/kvm/ 2>&1 >/dev/null |
		grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' |
		sed -E "s|^$1/||; s/^([^:]+):[0-9]+:[0-9]+: /\1: /" || true
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
warnings "$3" "$4" >"$tmp/base"
warnings "$1" "$2" >"$tmp/series"
"$here/new-warnings.sh" sparse "warnings in arch/x86/kvm/" "$tmp/base" "$tmp/series"
