#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Put the end-to-end test together as a kselftest install of one test,
# vmware_e2e.sh, for mkinitramfs.sh: the reference VMM (built against the
# series' uAPI headers, with ASan and UBSan) and Debian's guest go in
# <work dir>/files/e2e/, which mkinitramfs.sh -a adds to the root.
#
# Usage: build.sh <kselftest install> <uAPI headers> <download cache> <work dir>
set -euo pipefail

ktest=$1
headers=$2
cache=$3
work=$4
here=$(dirname "$(readlink -f "$0")")

rm -rf "$work/install"
mkdir -p "$work/install/kvm" "$work/files/e2e"
"$here/guest.sh" "$cache" "$work/files/e2e/guest"
gcc -O2 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -I"$headers" \
	-o "$work/files/e2e/vmware-vmm" "$here/../vmware-vmm/vmware-vmm.c" -lpthread
gcc -O2 -Wall -Werror -o "$work/files/e2e/kvm-tsc-khz" "$here/kvm-tsc-khz.c"
cp -r "$ktest/run_kselftest.sh" "$ktest/kselftest" "$work/install/"
cp "$here/vmware_e2e.sh" "$work/install/kvm/"
cp "$here/lib.sh" "$work/files/e2e/vmware_e2e_lib.sh"
echo "kvm:vmware_e2e.sh" >"$work/install/kselftest-list.txt"
echo "e2e-build: $work/install, $work/files"
