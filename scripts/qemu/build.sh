#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build qemu-system-x86_64 (KVM only, no TCG, no optional features) at the
# base and at the tip of branch vmware ("tip"), or at the base and at every
# patch in turn ("every"), in one worktree and one build directory, so that
# each build after the first is incremental.  Keeps the base's binary as
# <out>/qemu-base and the series' as <out>/qemu.  Does nothing when what
# is asked was built last time for this branch.
#
# Usage: build.sh <tree> <base ref> <work dir> <meson dir> <out dir> <tip|every>
set -euo pipefail

tree=$1
base=$2
work=$3
meson=$4
out=$5
walk=$6
here=$(dirname "$(readlink -f "$0")")/..
src=$work/src
obj=$work/obj
export PYTHONPATH=$meson/usr/lib/python3/dist-packages

tip=$(git -C "$tree" rev-parse vmware)
if grep -qx "$tip \($walk\|every\)" "$out/built" 2>/dev/null && [ -x "$out/qemu" ]; then
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
[ "$walk" = tip ] && commits=$(git -C "$tree" rev-parse "$base" "$tip")
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
echo "$tip $walk" >"$out/built"
if [ "$walk" = tip ]; then
	echo "qemu-build: the base and the series build; $out/qemu, $out/qemu-base"
else
	echo "qemu-build: the base and $((n - 1)) patches build; $out/qemu, $out/qemu-base"
fi
