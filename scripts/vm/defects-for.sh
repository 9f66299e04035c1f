#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the entries of scripts/vm/emulator-defects whose run glob matches a
# run's name, without the glob: "<defect>\t<test>[:<case>] or -\t<why>".
# The one reader of the list (defects-layout.sh, defects-check.sh, the
# Makefile's whole tests to leave out).
#
# Usage: defects-for.sh <run name> <defects list>
set -euo pipefail

# shellcheck disable=SC2254 # the list's first field is a glob
while IFS=$'\t' read -r glob defect what why; do
	case $glob in '#'* | '') continue ;; esac
	case $1 in $glob) printf '%s\t%s\t%s\n' "$defect" "$what" "$why" ;; esac
done <"$2"
