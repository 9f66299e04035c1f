#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sign the series for sending.  The project writes no Signed-off-by: only
# the person who sends the patches can certify the Developer's Certificate
# of Origin (the base's Documentation/process/coding-assistants.rst).
# This takes that person's name and address from git's configuration
# (user.name, user.email), writes copies of the patches with their From:
# and, on every patch but the cover letter, their Signed-off-by: as the
# last tag, and runs the checkpatch gate on the copies (the kernel's
# checkpatch.pl --strict --codespell, or QEMU's for patches/qemu-*).
#
# It refuses an identity that is no person's: none configured, the
# repository's own commit identity (the one its commits are made with),
# or an address at a reserved or no-reply domain (example, invalid, test,
# localhost: RFC 2606 and 6761).  SIGN_TEST="Name <address>" signs as that
# instead, for the workbench's own test, into a scratch directory.
#
# Usage: sign.sh <kernel tree> <qemu tree> <output dir> <patch dir>...
set -euo pipefail

ksrc=$1
qsrc=$2
out=$3
shift 3
here=$(dirname "$(readlink -f "$0")")
repo=$(git -C "$here" rev-parse --show-toplevel)

if [ -n "${SIGN_TEST:-}" ]; then
	name=${SIGN_TEST% <*}
	email=${SIGN_TEST##*<}
	email=${email%>}
else
	name=$(git -C "$repo" config user.name || true)
	email=$(git -C "$repo" config user.email || true)
fi
if [ -z "$name" ] || [ -z "$email" ]; then
	echo "sign: no identity: set git config user.name and user.email to the" \
	     "person who sends the series" >&2
	exit 1
fi
# The project's identity: the one its first commit was made with.
own=$(git -C "$repo" log -1 --format=%ae "$(git -C "$repo" rev-list --max-parents=0 HEAD | tail -n 1)")
if [ "$email" = "$own" ]; then
	echo "sign: $name <$email> is this repository's own commit identity," \
	     "not a person who can certify the DCO; set git config user.name" \
	     "and user.email to the sender's" >&2
	exit 1
fi
domain=${email##*@}
if [ "$domain" = "$email" ] ||
   echo ".$domain" | grep -qiE '\.(example|invalid|test|localhost)$|\.example\.(com|net|org)$|noreply'; then
	echo "sign: <$email> is at a reserved or no-reply domain: no person's address" >&2
	exit 1
fi

rc=0
for pdir in "$@"; do
	dest=$out/$(basename "$pdir")
	rm -rf "$dest"
	mkdir -p "$dest"
	for p in "$pdir"/[0-9][0-9][0-9][0-9]-*.patch; do
		# From: may be folded over several lines; the tag goes last,
		# before the "---" that ends the changelog.
		awk -v from="From: $name <$email>" -v sob="Signed-off-by: $name <$email>" \
		    -v cover="$(case $p in */0000-*) echo 1 ;; esac)" '
			hdr && /^From: / { print from; skip = 1; next }
			skip && /^[ \t]/ { next }
			{ skip = 0 }
			hdr && /^$/ { hdr = 0 }
			!hdr && !cover && !done && /^---$/ { print sob; done = 1 }
			{ print }
		' hdr=1 "$p" >"$dest/$(basename "$p")"
	done
	case $(basename "$pdir") in
	qemu-*) "$here/../qemu/checkpatch.sh" "$qsrc" "$dest" || rc=1 ;;
	*) "$here/../check/checkpatch.sh" "$ksrc" "$dest" || rc=1 ;;
	esac
	if grep -L '^Signed-off-by: ' "$dest"/[0-9]*.patch | grep -v '/0000-'; then
		echo "sign: the patches above have no Signed-off-by" >&2
		rc=1
	fi
	echo "sign: $dest: $(ls "$dest" | grep -c .) patches signed by $name <$email>"
done
exit "$rc"
