#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make sign's own test: it signs as a test identity into a scratch
# directory, and every copy must pass checkpatch with the sign-off in
# place; it must refuse the repository's own commit identity and an
# address at a reserved domain.  Never writes where "make sign" does.
#
# Usage: sign-test.sh <kernel tree> <qemu tree> <patch dir>...
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0

if ! SIGN_TEST="Sign Test <sign.test@kernel-workbench.org>" \
	"$here/sign.sh" "$1" "$2" "$tmp/signed" "${@:3}" >"$tmp/log" 2>&1; then
	cat "$tmp/log"
	echo "sign-test: signing as a test identity failed"
	rc=1
fi
repo=$(git -C "$here" log -1 --format='%an <%ae>' "$(git -C "$here" rev-list --max-parents=0 HEAD | tail -n 1)")
for who in "$repo" "Someone <someone@host.example>"; do
	if SIGN_TEST=$who "$here/sign.sh" "$1" "$2" "$tmp/refused" "${@:3}" >"$tmp/log" 2>&1; then
		echo "sign-test: signed as '$who', which it must refuse"
		rc=1
	elif ! grep -q '^sign: .*\(own commit identity\|reserved or no-reply\|no identity\)' "$tmp/log"; then
		cat "$tmp/log"
		echo "sign-test: refused '$who' without saying why"
		rc=1
	fi
done
[ "$rc" -eq 0 ] && echo "sign-test: signed copies pass checkpatch; the repository identity and a reserved domain are refused"
exit "$rc"
