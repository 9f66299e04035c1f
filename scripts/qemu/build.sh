#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build qemu-system-x86_64 (KVM only, no TCG, no optional features) at the
# base and at every patch of branch vmware, in turn, in one worktree and
# one build directory, so that each build after the first is incremental.
# Keeps the base's binary as <out>/qemu-base and the series' as <out>/qemu.
# Does nothing when the branch is the one last built.
#
# Usage: build.sh <tree> <base ref> <work dir> <meson dir> <out dir>
set -euo pipefail

tree=$1
base=$2
work=$3
meson=$4
out=$5
here=$(dirname "$(readlink -f "$0")")/..
src=$work/src
obj=$work/obj
export PYTHONPATH=$meson/usr/lib/python3/dist-packages

tip=$(git -C "$tree" rev-parse vmware)
if [ "$(cat "$out/built" 2>/dev/null)" = "$tip" ] && [ -x "$out/qemu" ]; then
	echo "qemu-build: $out/qemu and $out/qemu-base are up to date"
	exit 0
fi
"$here/series/worktree.sh" "$tree" "$base" "$src"
if [ ! -f "$obj/build.ninja" ]; then
	rm -rf "$obj"
	mkdir -p "$obj"
	(cd "$obj" && "$src/configure" --target-list=x86_64-softmmu \
		--without-default-features --enable-kvm --disable-tcg \
		--disable-docs --disable-install-blobs --disable-download \
		>"$work/configure.log" 2>&1) || {
		tail -n 20 "$work/configure.log" >&2
		exit 1
	}
fi

mkdir -p "$out"
n=0
commits=$(git -C "$tree" rev-parse "$base"; git -C "$tree" rev-list --reverse "$base..$tip")
for c in $commits; do
	git -C "$src" checkout -q --detach "$c"
	if ! ninja -C "$obj" qemu-system-x86_64 >"$work/build.log" 2>&1; then
		grep -E -A5 'error|FAILED' "$work/build.log" | head -n 40 >&2
		echo "qemu-build: $(git -C "$tree" log -1 --format='%h %s' "$c") does not build" >&2
		exit 1
	fi
	if grep -q 'warning:' "$work/build.log"; then
		grep 'warning:' "$work/build.log" >&2
		echo "qemu-build: $(git -C "$tree" log -1 --format='%h %s' "$c") warns" >&2
		exit 1
	fi
	[ "$c" = "$(git -C "$tree" rev-parse "$base")" ] && cp "$obj/qemu-system-x86_64" "$out/qemu-base"
	n=$((n + 1))
done
cp "$obj/qemu-system-x86_64" "$out/qemu"
echo "$tip" >"$out/built"
echo "qemu-build: the base and $((n - 1)) patches build; $out/qemu, $out/qemu-base"
