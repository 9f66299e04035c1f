#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Download Debian packages from one suite into a directory (scripts/apt.sh:
# a private sources list).  A package already in the directory is not
# fetched again.  "name=version" pins a version.
#
# Usage: apt-download.sh <directory> <suite> <package[=version]>...
set -euo pipefail

dir=$1
suite=$2
shift 2
here=$(dirname "$(readlink -f "$0")")

mkdir -p "$dir"
for pkg in "$@"; do
	name=${pkg%%=*}
	ver=${pkg#"$name"}
	ver=${ver#=}
	ls "$dir/${name}_${ver//:/%3a}"*.deb >/dev/null 2>&1 && continue
	echo "apt-download: $pkg from $suite"
	if ! "$here/apt.sh" "$dir" "$suite" deb apt-get download "$pkg"; then
		echo "apt-download: could not download $pkg from $suite" >&2
		exit 1
	fi
done
