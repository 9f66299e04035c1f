#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Put the QEMU end-to-end test together as a kselftest install of one test,
# vmware_e2e_qemu.sh, for mkinitramfs.sh: QEMU with the series and
# without it, the firmware a PC machine boots (SeaBIOS and QEMU's option
# ROMs, from this machine's seabios and qemu-system-data), and Debian's
# guest go in <work dir>/files/e2e/, which mkinitramfs.sh -a adds to the
# root (with the libraries QEMU links).
#
# Usage: build-qemu.sh <kselftest install> <download cache> <QEMU binaries> <work dir>
set -euo pipefail

ktest=$1
cache=$2
bins=$3
work=$4
here=$(dirname "$(readlink -f "$0")")

rm -rf "$work/install" "$work/files"
mkdir -p "$work/install/kvm" "$work/files/e2e/share"
"$here/guest.sh" "$cache" "$work/files/e2e/guest"
cp "$bins/qemu" "$bins/qemu-base" "$work/files/e2e/"
gcc -O2 -Wall -Werror -o "$work/files/e2e/kvm-tsc-khz" "$here/kvm-tsc-khz.c"
cp -L /usr/share/seabios/bios-256k.bin /usr/share/qemu/linuxboot_dma.bin \
	/usr/share/qemu/kvmvapic.bin "$work/files/e2e/share/"
cp -r "$ktest/run_kselftest.sh" "$ktest/kselftest" "$work/install/"
cp "$here/vmware_e2e_qemu.sh" "$work/install/kvm/"
cp "$here/lib.sh" "$work/files/e2e/vmware_e2e_lib.sh"
echo "kvm:vmware_e2e_qemu.sh" >"$work/install/kselftest-list.txt"
echo "e2e-qemu-build: $work/install, $work/files"
