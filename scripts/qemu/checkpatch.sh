#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# QEMU's own scripts/checkpatch.pl on every patch of the QEMU series.  One
# gate: it fails if any patch draws a complaint.
#
# What is let through, and why (the only place anything is):
#   "added, moved or deleted file(s) imported from Linux, are you using
#   scripts/update-linux-headers.sh?" on the linux-headers patch: the uAPI
#   is not in Linux yet, and a full update to the series' base (7.3) also
#   breaks on the s390 headers 7.3 dropped; the patch says so.
#   The missing Signed-off-by (--no-signoff) on a patch that has none: the
#   project writes none; "make sign" adds the sender's, and its copies are
#   checked with it.
#
# Usage: checkpatch.sh <qemu tree> <patch directory>
set -euo pipefail

tree=$1
pdir=$(readlink -f "$2")
here=$(dirname "$(readlink -f "$0")")/..
allowed='^WARNING: added, moved or deleted file\(s\) imported from Linux, are you using scripts/update-linux-headers.sh\?$'
pass=0
fail=0
for p in $("$here/series/series.sh" "$pdir"); do
	opts=()
	grep -q '^Signed-off-by: ' "$pdir/$p" || opts=(--no-signoff)
	out=$(cd "$tree" && ./scripts/checkpatch.pl "${opts[@]}" "$pdir/$p" 2>&1 || true)
	bad=$(echo "$out" | grep -E '^(ERROR|WARNING):' || true)
	echo "$out" | grep -qE '^total: |has no obvious style problems' ||
		bad="checkpatch.pl did not finish: $(echo "$out" | tail -n 3)"
	case $p in
	*-linux-headers-*) bad=$(echo "$bad" | grep -v -E "$allowed" || true) ;;
	esac
	if [ -n "$bad" ]; then
		echo "$p:"
		echo "$out" | grep -A3 -E '^(ERROR|WARNING):'
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
if [ $((pass + fail)) -eq 0 ]; then
	echo "qemu-checkpatch: no patches in $pdir"
	exit 1
fi
echo "qemu-checkpatch: $pass of $((pass + fail)) patches clean"
[ "$fail" -eq 0 ]
