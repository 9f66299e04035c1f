#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the base kernel source from Debian's linux-source-<version> package
# and turn it into a git tree with one commit, tagged "vmware-base".
#
# Usage: fetch-base.sh <base, e.g. v7.3> <destination directory>
#
# The package comes from the suite named in scripts/bases; the mirror and
# key are read from this machine's own Debian apt entry, so no mirror is
# named here.  Nothing outside the cache directory is changed.
set -euo pipefail

base=$1
dest=$2
here=$(dirname "$(readlink -f "$0")")
ver=${base#v}
pkg=linux-source-$ver
suite=$(awk -v b="$base" '$1 == b { print $2 }' "$here/../apt/bases")

if [ -z "$suite" ]; then
	echo "fetch-base: no Debian suite known for base '$base' (see scripts/apt/bases)" >&2
	exit 1
fi
if git -C "$dest" rev-parse -q --verify refs/tags/vmware-base >/dev/null 2>&1; then
	exit 0
fi

cache=$(dirname "$dest")/apt
if ! "$here/../apt/apt-download.sh" "$cache" "$suite" "$pkg"; then
	echo "fetch-base: is the base name right?" >&2
	exit 1
fi
deb=$(ls "$cache"/"${pkg}"_*.deb | sort -V | tail -n 1)
debver=$(dpkg-deb -f "$deb" Version)

echo "fetch-base: unpacking $pkg $debver into $dest"
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" |
	tar -xJ -C "$dest.tmp" --strip-components=1
# Debian's .gitignore ignores the whole top level (its packaging repo only
# tracks debian/); drop that block so new files show up in git status.
sed -i '/^# Debian packaging/,/^!\/debian\//d' "$dest.tmp/.gitignore"
sed -i '${/^#$/d}' "$dest.tmp/.gitignore"
git -C "$dest.tmp" init -q -b master
# A cache tree: no background repacks in the middle of a build.
git -C "$dest.tmp" config gc.auto 0
git -C "$dest.tmp" add -A
git -C "$dest.tmp" -c user.name=vmware-kvm -c user.email=vmware-kvm@localhost \
	commit -q -m "Linux $(make -s -C "$dest.tmp" kernelversion) from Debian $pkg $debver" \
	-m "Debian's top-level ignore-everything block is dropped from .gitignore."
git -C "$dest.tmp" tag vmware-base
echo "$pkg $debver" >"$dest.tmp/.git/vmware-base-package"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
