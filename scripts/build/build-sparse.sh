#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a sparse that the base's scripts/checker-valid.sh accepts.  The
# kernel now uses __typeof_unqual__, which bookworm's sparse 0.6.4 rejects
# (so "make C=2" silently checks nothing); sid's 0.6.5~rc1 handles it, but
# its binary needs a newer glibc, so build it from sid's source package,
# fetched with a private sources list (scripts/apt/apt.sh).  Prints the path of
# the sparse binary.
#
# Usage: build-sparse.sh <cache directory> <suite>
set -euo pipefail

cache=$1/sparse
bin=$cache/build/sparse
if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

"$(dirname "$(readlink -f "$0")")/../apt/apt.sh" "$cache" "$2" deb-src apt-get \
	source --download-only sparse >/dev/null

rm -rf "$cache/build"
mkdir -p "$cache/build"
tar -xzf "$(ls "$cache"/sparse_*.orig.tar.* | sort -V | tail -n 1)" -C "$cache/build" \
	--strip-components=1
if ! make -s -C "$cache/build" -j"$(nproc)" HAVE_LLVM=no HAVE_GTK=no HAVE_LIBXML=no \
	sparse >/dev/null 2>&1; then
	echo "build-sparse: could not build sparse in $cache/build" >&2
	exit 1
fi
echo "$bin"
