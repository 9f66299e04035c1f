#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print a deb822 sources entry for one Debian suite, with the mirror and key
# of the system's own entry, for a private sources list: apt-get with
# -o Dir::Etc::sourcelist=<it> fetches from that suite without adding it to
# the system's sources.
#
# Usage: debian-sources.sh <deb|deb-src> <suite>
set -euo pipefail

src=
for f in /etc/apt/sources.list.d/*.sources; do
	if grep -q '^URIs:' "$f" 2>/dev/null; then
		src=$f
		break
	fi
done
if [ -z "$src" ]; then
	echo "debian-sources: no deb822 Debian entry under /etc/apt/sources.list.d/ to take the mirror from" >&2
	exit 1
fi
echo "Types: $1"
grep -m1 '^URIs:' "$src"
echo "Suites: $2"
echo "Components: main"
grep -m1 '^Signed-By:' "$src"
