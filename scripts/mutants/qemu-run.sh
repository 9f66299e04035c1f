#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutation testing of the QEMU series: plant each defect of
# <mutant dir>/*.patch in QEMU's build worktree (git apply, uncommitted),
# build qemu-system-x86_64 incrementally, run the end-to-end boots the
# mutant names with that binary in place of the series' ("make e2e-qemu-amd"
# or "make e2e-qemu-novmware"), and take the defect back out.  A mutant is
# killed when one of the checks it names fails; another check failing
# instead is not enough, so that each check is seen to catch its defect.
# Fails if a mutant survives, does not apply or does not build.  The
# series' binary is put back, and rebuilt in the worktree, at the end.
#
# A mutant is a git diff against the series' tip after a header, one field
# a line (Check: as many times as needed):
#   Defect: what is wrong, and in which patch
#   Target: e2e-qemu-amd | e2e-qemu-novmware | e2e-qemu-param
#   Forms: <vmtest.e2e forms>
#   Check: <a KTAP test's description that must fail>
#
# MUTANTS="<name> ...": only those.
#
# Usage: qemu-run.sh <QEMU work dir (src, obj)> <meson dir> <QEMU binaries> <log dir> <mutant dir>
set -euo pipefail

work=$1
meson=$2
bins=$3
out=$4
mdir=$5
export PYTHONPATH=$meson/usr/lib/python3/dist-packages
src=$work/src
here=$(dirname "$(readlink -f "$0")")
table=$(mktemp)
applied=
cp "$bins/qemu" "$bins/qemu.series"
# Whatever happens, the worktree and the binary go back to the series'.
trap '[ -z "$applied" ] || git -C "$src" apply -R "$applied"
      mv "$bins/qemu.series" "$bins/qemu"; rm -f "$table"' EXIT

if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
	echo "mutants-qemu: $src has uncommitted changes" >&2
	exit 1
fi
field() { sed -n "s/^$1: //p" "$2"; }
row() { printf '%-28s %-10s %s\n' "$1" "$2" "$3" >>"$table"; }
build() { ninja -C "$work/obj" qemu-system-x86_64 >"$1" 2>&1; }

rc=0
for m in "$mdir"/*.patch; do
	case " ${MUTANTS:-$(basename "$m" .patch)} " in
	*" $(basename "$m" .patch) "*) ;;
	*) continue ;;
	esac
	name=$(basename "$m" .patch)
	target=$(field Target "$m")
	forms=$(field Forms "$m")
	echo "=== mutant $name: $(field Defect "$m" | head -n 1)"
	case $target in e2e-qemu-amd | e2e-qemu-novmware | e2e-qemu-param) ;; *) target= ;; esac
	if [ -z "$target" ] || [ -z "$forms" ] || [ -z "$(field Check "$m")" ]; then
		echo "mutants-qemu: $m needs Target:, Forms: and Check: lines" >&2
		row "$name" bad-header -
		rc=1
		continue
	fi
	if ! git -C "$src" apply "$m"; then
		row "$name" no-apply -
		rc=1
		continue
	fi
	applied=$m
	log=$out/mutant-qemu-$name
	verdict=survived
	killers=-
	if ! build "$log.build"; then
		verdict=no-build
		tail -n 20 "$log.build"
	else
		cp "$work/obj/qemu-system-x86_64" "$bins/qemu"
		make --no-print-directory -C "$here/../.." "$target" \
			DONE="tree kernel selftests qemu-build" \
			E2E_QEMU_FORMS="$forms" >"$log.out" 2>&1 || true
		grep -E '^# not ok [0-9]+ ' "$log.out" | sed 's/^/    /' | head -n 8 || true
		killers=$(field Check "$m" | while IFS= read -r check; do
			if grep -E '^# not ok [0-9]+ ' "$log.out" |
				sed -E 's/^# not ok [0-9]+ //' | grep -qxF "$check"; then
				printf '%s; ' "$check"
			fi
		done)
		if [ -n "$killers" ]; then
			verdict=killed
		else
			killers="(none of its checks failed)"
		fi
	fi
	git -C "$src" apply -R "$m"
	applied=
	row "$name" "$verdict" "$killers"
	[ "$verdict" = killed ] || rc=1
done

echo "=== rebuilding the series' QEMU in $work/obj"
build "$out/mutant-qemu-tip.build"
printf '%-28s %-10s %s\n' mutant result "checks that failed"
cat "$table"
echo "mutants-qemu: $(grep -c ' killed ' "$table") of $(wc -l <"$table") killed"
exit "$rc"
