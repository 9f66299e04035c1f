#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run apt-get or apt-cache on one Debian suite through a private sources
# list in <directory>, so that the system's apt setup is not touched: the
# mirror and key are those of the system's own deb822 entry, the suite is
# the one named.  The suite's package lists are fetched the first time (or
# when the command fails for want of them).  The command runs in
# <directory>, so "apt-get download" and "apt-get source" leave their
# files there.
#
# Usage: apt.sh <directory> <suite> <deb|deb-src> <apt-get|apt-cache> <argument>...
set -euo pipefail

dir=$1
suite=$2
type=$3
tool=$4
shift 4

src=
for f in /etc/apt/sources.list.d/*.sources; do
	if grep -q '^URIs:' "$f" 2>/dev/null; then
		src=$f
		break
	fi
done
if [ -z "$src" ]; then
	echo "apt: no deb822 Debian entry under /etc/apt/sources.list.d/ to take the mirror from" >&2
	exit 1
fi

list=$dir/apt-$suite-$type
mkdir -p "$list/lists/partial" "$list/cache/archives/partial"
{
	echo "Types: $type"
	grep -m1 '^URIs:' "$src"
	echo "Suites: $suite"
	echo "Components: main"
	grep -m1 '^Signed-By:' "$src"
} >"$list/$suite.sources"
opts=(-q -o "Dir::Etc::sourcelist=$list/$suite.sources" -o Dir::Etc::sourceparts=/dev/null
      -o "Dir::State::Lists=$list/lists" -o "Dir::Cache=$list/cache")

fresh=0
if ! ls "$list/lists/"*_InRelease >/dev/null 2>&1; then
	apt-get "${opts[@]}" update >/dev/null
	fresh=1
fi
cd "$dir"
# apt-get download as root warns that it cannot drop privileges to _apt
# for a directory _apt cannot write: expected here, so not shown.
run() { "$tool" "${opts[@]}" "$@" 2> >(grep -v 'unsandboxed as root' >&2); }
if ! run "$@"; then
	[ "$fresh" = 1 ] && exit 1
	# Lists from an earlier run may name what the mirror no longer has.
	apt-get "${opts[@]}" update >/dev/null
	run "$@"
fi
