#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sparse (make C=2) over arch/x86/kvm/ with the test kernel's configuration,
# on the base and on the series; fails on any warning the base does not
# have.  Warnings are compared without line numbers, so that code moved by
# the series still matches.
#
# Usage: sparse.sh <series tree> <its build dir> <base tree> <its build dir>
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")

# "file: message" of every sparse warning in arch/x86/kvm/.
warnings() {
	"$here/config-kernel.sh" "$1" "$2"
	make -s -C "$1" O="$2" -j"$(nproc)" C=2 arch/x86/kvm/ 2>&1 >/dev/null |
		grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' |
		sed -E 's/^([^:]+):[0-9]+:[0-9]+: /\1: /' | sort -u || true
}

base=$(warnings "$3" "$4")
series=$(warnings "$1" "$2")
new=$(comm -13 <(echo "$base") <(echo "$series") | sed '/^$/d')
count() { echo -n "$1" | grep -c . || true; }
if [ -n "$new" ]; then
	echo "$new" | sed 's/^/    /'
fi
echo "sparse: $(count "$new") new warnings in arch/x86/kvm/ (base $(count "$base"), series $(count "$series"))"
[ -z "$new" ]
