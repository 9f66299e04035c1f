#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the KVM selftests against the tree's uAPI headers and install them
# with kselftest's own install target (run_kselftest.sh, kselftest-list.txt).
#
# Usage: build-selftests.sh <kernel tree> <build directory>
#        The install goes to <build directory>/kselftest_install.
set -euo pipefail

ksrc=$1
out=$2

mkdir -p "$out"
make -s -C "$ksrc" O="$out" headers_install >/dev/null
make -s -C "$ksrc/tools/testing/selftests" TARGETS=kvm O="$out" \
	KHDR_INCLUDES="-isystem $out/usr/include" -j"$(nproc)" \
	INSTALL_PATH="$out/kselftest_install" install >/dev/null
echo "build-selftests: $out/kselftest_install"
