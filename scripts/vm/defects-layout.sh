#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lay out what a machine adds to its initramfs for the emulator defects
# listed for it (scripts/vm/emulator-defects): svm_state_check, which /init
# runs before the tests, and kselftest/env, which /init sources: the cases
# to leave out, as kselftest's per-test arguments (KSELFTEST_<TEST>_ARGS,
# the harness's -T <case>).  Whole tests left out are the Makefile's to
# drop from the machine's list.
#
# Usage: defects-layout.sh <run name> <defects list> <svm_state_check> <dir>
set -euo pipefail

run=$1
list=$2
check=$3
dir=$4

mkdir -p "$dir/kselftest"
cp "$check" "$dir/kselftest/svm_state_check"
: >"$dir/kselftest/env"
"$(dirname "$(readlink -f "$0")")/defects-for.sh" "$run" "$list" |
	while IFS=$'\t' read -r _ what _; do
		case $what in *:*) ;; *) continue ;; esac
		test=${what%%:*}
		var=KSELFTEST_$(echo "$test" | tr -c '[:alnum:]_\n' _ | tr '[:lower:]' '[:upper:]')_ARGS
		echo "export $var=\"\${$var:-} -T ${what#*:}\""
	done | sort -u >>"$dir/kselftest/env"
