#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutation testing of the series' kernel code: plant each defect of
# <mutant dir>/*.patch in the kernel tree (git apply, uncommitted), build
# the test kernel incrementally, boot the machine the mutant names with the
# tests it names ("make vm-<machine>"), and take the defect back out.  A
# mutant is killed when one of its tests fails; the table names the tests
# that failed.  Fails if a mutant survives, does not apply or does not
# build.  The tip's kernel is rebuilt at the end.
#
# A mutant is a git diff against the tip with a header:
#   Defect: what is wrong, and in which patch
#   Machine: amd | intel        Tests: <selftests>      [Param: 1]
#
# Usage: run.sh <kernel tree> <build dir> <vm log dir> <mutant dir>
set -euo pipefail

ksrc=$1
build=$2
out=$3
mdir=$4
here=$(dirname "$(readlink -f "$0")")
table=$(mktemp)
trap 'rm -f "$table"' EXIT

if [ -n "$(git -C "$ksrc" status --porcelain --untracked-files=no)" ]; then
	echo "mutants: $ksrc has uncommitted changes" >&2
	exit 1
fi
field() { sed -n "s/^$1: //p" "$2" | head -n 1; }

rc=0
for m in "$mdir"/*.patch; do
	name=$(basename "$m" .patch)
	machine=$(field Machine "$m")
	tests=$(field Tests "$m")
	param=$(field Param "$m")
	echo "=== mutant $name: $(field Defect "$m")"
	if ! git -C "$ksrc" apply "$m"; then
		printf '%-28s %-10s %s\n' "$name" "no-apply" "-" >>"$table"
		rc=1
		continue
	fi
	verdict=survived
	killers=-
	if ! "$here/../build/build-kernel.sh" "$ksrc" "$build" >"$out/mutant-$name.build" 2>&1; then
		verdict=no-build
		tail -n 20 "$out/mutant-$name.build"
	elif ! make --no-print-directory -C "$here/../.." "vm-$machine" \
			DONE="tree kernel selftests" NAME="mutant-$name" TESTS="$tests" \
			APPEND="${param:+kvm.enable_vmware_backdoor=1}" \
			>"$out/mutant-$name.out" 2>&1; then
		verdict=killed
		killers=$(awk '$2 == "fail" { printf "%s%s", sep, $1; sep = "," }' \
			"$out/mutant-$name.log.results" 2>/dev/null)
		# A machine that did not finish killed it too, but say so.
		[ -n "$killers" ] || killers="($(cat "$out/mutant-$name.log.verdict"))"
	fi
	git -C "$ksrc" apply -R "$m"
	grep -E '^(not )?ok|^# +(not ok|FAIL)' "$out/mutant-$name.out" 2>/dev/null |
		grep -v '^ok' | head -n 8 | sed 's/^/    /' || true
	printf '%-28s %-10s %s\n' "$name" "$verdict" "$killers" >>"$table"
	[ "$verdict" = killed ] || rc=1
done

echo "=== rebuilding the tip's kernel"
"$here/../build/build-kernel.sh" "$ksrc" "$build" >/dev/null
printf '%-28s %-10s %s\n' mutant result "failing tests"
cat "$table"
echo "mutants: $(grep -c ' killed ' "$table") of $(wc -l <"$table") killed"
exit "$rc"
