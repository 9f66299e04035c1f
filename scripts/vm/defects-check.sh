#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hold a machine's svm_state_check lines ("vmtest: svm_state_check: <defect>:
# ok|defect (...)|not run (...)", printed by /init before the tests) against
# the defects scripts/vm/emulator-defects lists for the run: each listed
# defect must still show, and no other may; one the check does not run
# (it would take the machine) stays as listed.  Prints what the run left
# out and why.
#
# Usage: defects-check.sh <run name> <defects list> <serial log>
set -euo pipefail

run=$1
list=$2
log=$3
rc=0

seen=$(tr -cd '\11\12\40-\176' <"$log" |
	sed -n -e 's/^vmtest: svm_state_check: \([a-z0-9-]*\): \(ok\|defect\|failed\|not run\).*/@\1 \2/' \
	    -e 's/ not run$/ not-run/' -e 's/^@//p')
if ! tr -cd '\11\12\40-\176' <"$log" | grep -qx 'vmtest: svm_state_check: exit 0'; then
	echo "$run: svm_state_check did not run to its end (no \"exit 0\" line)"
	exit 1
fi
if [ -z "$seen" ]; then
	echo "$run: svm_state_check printed nothing"
	exit 1
fi
# The list's entries for this run: "<defect>\t<test>[:<case>] or -\t<why>".
entries=$("$(dirname "$(readlink -f "$0")")/defects-for.sh" "$run" "$list")
awk -F'\t' -v run="$run" '$2 != "-" && $2 != "" { print run ": not run here: " $2 ": " $3 }' <<<"$entries"
listed=$(cut -f1 <<<"$entries" | sed '/^$/d' | sort -u)
while read -r defect result; do
	[ "$result" != not-run ] || continue
	if [ "$result" = failed ]; then
		echo "$run: $defect: the check failed otherwise than by the defect it is about"
		rc=1
		continue
	fi
	if grep -qxF "$defect" <<<"$listed"; then
		[ "$result" = defect ] && continue
		echo "$run: $defect is listed in $list but the CPU no longer shows it"
	else
		[ "$result" = ok ] && continue
		echo "$run: $defect shows but $list does not list it for this run"
	fi
	rc=1
done <<<"$seen"
for defect in $listed; do
	grep -q "^$defect " <<<"$seen" && continue
	echo "$run: $defect is listed but svm_state_check did not report it"
	rc=1
done
echo "$run: emulator defects: $(grep -c ' defect$' <<<"$seen" || true) shown, as listed: $([ "$rc" -eq 0 ] && echo yes || echo no)"
exit "$rc"
