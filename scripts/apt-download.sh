#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Download Debian packages from one suite into a directory, with a private
# sources list (scripts/debian-sources.sh) so that the system's apt setup
# is not touched.  A package already in the directory is not fetched again.
#
# Usage: apt-download.sh <directory> <suite> <package>...
set -euo pipefail

dir=$1
suite=$2
shift 2
here=$(dirname "$(readlink -f "$0")")

mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
"$here/debian-sources.sh" deb "$suite" >"$dir/$suite.sources"
apt_opts=(-o "Dir::Etc::sourcelist=$dir/$suite.sources"
	  -o Dir::Etc::sourceparts=/dev/null
	  -o "Dir::State::Lists=$dir/lists"
	  -o "Dir::Cache=$dir/cache")

updated=0
for pkg in "$@"; do
	ls "$dir/${pkg}"_*.deb >/dev/null 2>&1 && continue
	if [ "$updated" = 0 ]; then
		apt-get -q "${apt_opts[@]}" update >/dev/null
		updated=1
	fi
	echo "apt-download: $pkg from $suite"
	if ! (cd "$dir" && apt-get -q "${apt_opts[@]}" download "$pkg"); then
		echo "apt-download: could not download $pkg from $suite" >&2
		exit 1
	fi
done
