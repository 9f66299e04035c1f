#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test kernel (scripts/build/config-kernel.sh: tinyconfig, the
# tree's KVM selftests config, config/vm.config and any further fragments),
# out of tree in $2.
#
# Usage: build-kernel.sh <kernel tree> <build directory> [fragment...]
set -euo pipefail

ksrc=$1
out=$2
here=$(dirname "$(readlink -f "$0")")

"$here/config-kernel.sh" "$@"
make -s -C "$ksrc" O="$out" -j"$(nproc)" bzImage
echo "build-kernel: $out/arch/x86/boot/bzImage"
