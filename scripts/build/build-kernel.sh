#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test kernel (scripts/build/config-kernel.sh: tinyconfig, the
# tree's KVM selftests config, config/vm.config and any further fragments),
# out of tree in $2: bzImage and the KVM modules, which go
# (stripped, with modules.dep) into $2/modroot for the machines' initramfs.
# With -s (a step of patchcheck.sh's walk): vmlinux.o and the modules only,
# modpost run on both, nothing linked into a bootable kernel or installed.
#
# Usage: build-kernel.sh [-s] <kernel tree> <build directory> [fragment...]
set -euo pipefail

targets=(bzImage modules)
if [ "$1" = -s ]; then
	targets=(vmlinux_o modules)
	shift
fi
ksrc=$1
out=$2
here=$(dirname "$(readlink -f "$0")")

"$here/config-kernel.sh" "$@"
# The output goes to $2/build.log (patchcheck.sh reads its warnings): the
# errors show, and KVM's warnings (not fatal where CONFIG_KVM_WERROR is
# off, as in the debug kernel), with a count of the others.
if ! make -s -C "$ksrc" O="$out" -j"$(nproc)" "${targets[@]}" >"$out/build.log" 2>&1; then
	grep -E -B2 -A8 'error|Error' "$out/build.log" | head -n 60 || true
	echo "build-kernel: the build failed; $out/build.log"
	exit 1
fi
kvm='(arch/x86/kvm|virt/kvm|include/[a-z/]*kvm)[^ :]*:'
grep -E "$kvm.*warning|warning:.*$kvm" "$out/build.log" >&2 || true
others=$(grep -ciE 'warning' "$out/build.log" || true)
[ "$others" -eq 0 ] || echo "build-kernel: $others lines of warnings, in $out/build.log" >&2
[ "${targets[0]}" = bzImage ] || exit 0
rm -rf "$out/modroot"
make -s -C "$ksrc" O="$out" INSTALL_MOD_PATH="$out/modroot" INSTALL_MOD_STRIP=1 \
	modules_install >/dev/null
echo "build-kernel: $out/arch/x86/boot/bzImage, $out/modroot"
