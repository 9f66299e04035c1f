#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the whole tests that scripts/vm/emulator-defects leaves out of a
# run, one a line.
#
# Usage: defects-tests.sh <run name> <defects list>
set -euo pipefail

# shellcheck disable=SC2254 # the list's first field is a glob
while IFS=$'\t' read -r glob _ what _; do
	case $glob in '#'* | '') continue ;; esac
	case $1 in $glob) ;; *) continue ;; esac
	case $what in - | *:*) ;; *) echo "$what" ;; esac
done <"$2" | sort -u
