#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fill git format-patch's cover letter from the template <patch dir>.cover
# (first line the subject, then the body), name the base, address it to
# what scripts/get_maintainer.pl gives for the series (people in To:, lists
# in Cc:), and give it the last patch's date so an unchanged series exports
# the same bytes.
#
# Usage: cover-letter.sh <kernel tree> <base ref> <patch directory> <cover letter>
#        TIP=<rev>: the series ends there (default: the branch vmware)
set -euo pipefail

ksrc=$1
base=$2
pdir=$3
cover=$4
tmpl=${pdir%/}.cover

if [ ! -f "$tmpl" ]; then
	echo "cover-letter: no template $tmpl" >&2
	exit 1
fi
subject=$(head -n 1 "$tmpl")
body=$(tail -n +3 "$tmpl")
pkg=$(cat "$(git -C "$ksrc" rev-parse --absolute-git-dir)/vmware-base-package" 2>/dev/null || true)
if [ -n "$pkg" ]; then
	ver=$(git -C "$ksrc" show "$base:Makefile" |
		awk '/^VERSION/{v=$3} /^PATCHLEVEL/{p=$3} /^SUBLEVEL/{s=$3} END{print v"."p"."s}')
	body+=$'\n\n'$(echo "The base is Linux $ver as shipped in Debian's $pkg;" \
		"that tarball has no upstream commit id, so no base-commit line" \
		"is given." | fmt -w 72)
fi
date=$(git -C "$ksrc" log -1 --format='%aD' "${TIP:-vmware}")

patches=$(find "$(dirname "$cover")" -name '[0-9]*.patch' ! -name '0000-*' | sort)
# QEMU's get_maintainer.pl lists sections of the same pattern depth in
# Perl's hash order, which changes from run to run; a fixed hash seed
# gives one order.
recipients() {
	# shellcheck disable=SC2086 # one argument per patch
	(cd "$ksrc" && PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 \
		./scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-rolestats "$@" $patches) | sed '$!s/$/,/; 2,$s/^/ /'
}
to=$(recipients --no-l)
cc=$(recipients --no-m --no-r --l)

awk -v subject="$subject" -v body="$body" -v date="$date" -v to="$to" -v cc="$cc" '
	/^Date: / { print "Date: " date; print "To: " to; print "Cc: " cc; next }
	{ sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
	/^\*\*\* BLURB HERE \*\*\*$/ { print body; next }
	{ print }
' "$cover" >"$cover.tmp"
mv "$cover.tmp" "$cover"
