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

# The system's Debian entry: the first deb822 stanza whose URIs end in
# /debian and whose components include main (not debian-security, not a
# third party's).
entry=$(awk 'BEGIN { RS = ""; FS = "\n" }
	/(^|\n)URIs:[^\n]*\/debian\/?(\n|$)/ && /(^|\n)Components:[^\n]* main/ { print; exit }' \
	/etc/apt/sources.list.d/*.sources 2>/dev/null || true)
uris=$(echo "$entry" | grep -m1 '^URIs:' || true)
key=$(echo "$entry" | grep -m1 '^Signed-By:' || true)
if [ -z "$uris" ] || [ -z "$key" ]; then
	echo "apt: no deb822 Debian entry (URIs .../debian, main, Signed-By) under" \
	     "/etc/apt/sources.list.d/ to take the mirror and key from" >&2
	exit 1
fi

list=$dir/apt-$suite-$type
mkdir -p "$list/lists/partial" "$list/cache/archives/partial"
printf 'Types: %s\n%s\nSuites: %s\nComponents: main\n%s\n' \
	"$type" "$uris" "$suite" "$key" >"$list/$suite.sources"
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
