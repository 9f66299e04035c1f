#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's qemu source package (dpkg-source -x: upstream plus
# Debian's patches) into a git tree with one commit, tagged "qemu-base",
# and the meson it needs (newer than bookworm's) unpacked beside it.
# Both come through private sources lists (scripts/apt.sh), as the kernel's
# base does.
#
# Usage: fetch.sh <tree> <apt cache> <source suite> <version> <meson suite>
set -euo pipefail

dest=$1
cache=$2
suite=$3
version=$4
meson_suite=$5
here=$(dirname "$(readlink -f "$0")")/..

"$here/apt/apt-download.sh" "$cache" "$meson_suite" meson
if [ ! -d "$cache/meson/usr/lib/python3/dist-packages/mesonbuild" ]; then
	dpkg-deb -x "$(ls "$cache"/meson_*.deb | sort -V | tail -n 1)" "$cache/meson"
fi
if git -C "$dest" rev-parse -q --verify refs/tags/qemu-base >/dev/null 2>&1; then
	exit 0
fi

if ! ls "$cache/src"/qemu_*.dsc >/dev/null 2>&1; then
	"$here/apt/apt.sh" "$cache/src" "$suite" deb-src apt-get source --download-only "qemu=$version"
fi

echo "qemu-fetch: unpacking qemu $version into $dest"
rm -rf "$dest.tmp"
dpkg-source --no-check -q -x "$(ls "$cache"/src/qemu_*.dsc)" "$dest.tmp"
rm -rf "$dest.tmp/.pc"
git -C "$dest.tmp" init -q -b master
# A cache tree: no background repacks in the middle of a build.
git -C "$dest.tmp" config gc.auto 0
git -C "$dest.tmp" add -A -f
git -C "$dest.tmp" -c user.name=vmware-kvm -c user.email=vmware-kvm@localhost \
	commit -q -m "QEMU $(cat "$dest.tmp/VERSION") from Debian qemu $version" \
	-m "dpkg-source -x, Debian's patches applied; its .pc/ quilt state left out, and every file committed, the ones QEMU's .gitignore names too (subprojects/)."
git -C "$dest.tmp" tag qemu-base
rm -rf "$dest"
mv "$dest.tmp" "$dest"
