#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build svm-check/svm_state_check.c, a program of the project's own (not of
# the series), against the KVM selftests library of a kernel tree: kvm's
# Makefile builds only sources in its directory, so the source is put there
# for the build and taken out again.
#
# Usage: build-svm-check.sh <kernel tree> <build directory>
#        The program goes to <build directory>/svm-check/svm_state_check.
set -euo pipefail

ksrc=$1
out=$2
src=$(dirname "$(readlink -f "$0")")/svm-check/svm_state_check.c
kvm=$ksrc/tools/testing/selftests/kvm
arch=$(test -d "$kvm/x86" && echo x86 || echo x86_64)
dst=$kvm/$arch/svm_state_check.c

if [ -e "$dst" ]; then
	echo "build-svm-check: $dst exists: not the project's to overwrite" >&2
	exit 1
fi
trap 'rm -f "$dst"' EXIT
cp "$src" "$dst"
make -s -C "$kvm" OUTPUT="$out/svm-check" \
	KHDR_INCLUDES="-isystem $out/usr/include" \
	"TEST_GEN_PROGS_$arch=$arch/svm_state_check" -j"$(nproc)" \
	"$out/svm-check/$arch/svm_state_check"
cp "$out/svm-check/$arch/svm_state_check" "$out/svm-check/svm_state_check"
echo "build-svm-check: $out/svm-check/svm_state_check"
