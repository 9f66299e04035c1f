#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutation testing of the series' kernel code: plant each defect of
# <mutant dir>/*.patch in the kernel tree (git apply, uncommitted), build
# the test kernel incrementally, boot the machine the mutant names with the
# tests it names ("make vm-<machine>"), and take the defect back out.  A
# mutant is killed when one of its tests fails; the table names the tests
# that failed, or says that the machine did not finish (hang, panic).
# Fails if a mutant survives, does not apply or does not build.  The tip's
# kernel is rebuilt at the end.
#
# A mutant is a git diff against the tip after a header, one field a line:
#   Defect: what is wrong, and in which patch
#   Machine: amd | intel | none
#   Tests: <selftests>
#   Param: 1              (optional: boot with kvm.enable_vmware_backdoor=1)
#   Reach: <what>         (Machine: none: what it takes to reach the defect,
#                         which no machine here has; the mutant is listed as
#                         "not-reachable" and only checked to apply)
# A mutant is killed by a failing test, or by a machine that did not finish
# or reported (hang, panic, WARN); a run that failed only on skips leaves it
# surviving (a skip the machine's own run expects is unexpected under a
# mutant's name).
#
# Usage: run.sh <kernel tree> <build dir> <vm log dir> <mutant dir>
set -euo pipefail

ksrc=$1
build=$2
out=$3
mdir=$4
here=$(dirname "$(readlink -f "$0")")
table=$(mktemp)
applied=
# Whatever happens, the tree goes back to the tip.
trap '[ -z "$applied" ] || git -C "$ksrc" apply -R "$applied"; rm -f "$table"' EXIT

if [ -n "$(git -C "$ksrc" status --porcelain --untracked-files=no)" ]; then
	echo "mutants: $ksrc has uncommitted changes" >&2
	exit 1
fi
field() { sed -n "s/^$1: //p" "$2" | head -n 1; }
row() { printf '%-28s %-10s %s\n' "$1" "$2" "$3" >>"$table"; }

rc=0
for m in "$mdir"/*.patch; do
	name=$(basename "$m" .patch)
	machine=$(field Machine "$m")
	tests=$(field Tests "$m")
	param=$(field Param "$m")
	echo "=== mutant $name: $(field Defect "$m")"
	if [ "$machine" = none ]; then
		if [ -z "$(field Reach "$m")" ] || ! git -C "$ksrc" apply --check "$m"; then
			row "$name" bad-none -
			rc=1
		else
			row "$name" not-reachable "$(field Reach "$m")"
		fi
		continue
	fi
	case $machine in amd | intel) ;; *) machine= ;; esac
	if [ -z "$machine" ] || [ -z "$tests" ]; then
		echo "mutants: $m needs a Machine: (amd or intel) and a Tests: line" >&2
		row "$name" bad-header -
		rc=1
		continue
	fi
	if ! git -C "$ksrc" apply "$m"; then
		row "$name" no-apply -
		rc=1
		continue
	fi
	applied=$m
	run=mutant-$name${param:+-param}
	rm -f "$out/$run".log*
	verdict=survived
	killers=-
	if ! "$here/../build/build-kernel.sh" "$ksrc" "$build" >"$out/$run.build" 2>&1; then
		verdict=no-build
		tail -n 20 "$out/$run.build"
	elif ! make --no-print-directory -C "$here/../.." "vm-$machine" \
			DONE="tree kernel selftests" NAME="$run" TESTS="$tests" \
			APPEND="${param:+kvm.enable_vmware_backdoor=1}" \
			>"$out/$run.out" 2>&1; then
		if [ ! -s "$out/$run.log.verdict" ]; then
			# The machine's run was never judged: the make failed before.
			verdict=error
			tail -n 20 "$out/$run.out"
		else
			verdict=killed
			killers=$(awk '$2 == "fail" { printf "%s%s", sep, $1; sep = "," }' \
				"$out/$run.log.results" 2>/dev/null || true)
			machine_says=$(grep -v -x -e skip -e usable "$out/$run.log.verdict" |
				paste -sd, || true)
			if [ -n "$killers" ]; then
				:
			elif [ -n "$machine_says" ]; then
				killers="(machine: $machine_says)"
			else
				verdict=survived
				killers="(no test failed; only skips)"
			fi
		fi
	fi
	git -C "$ksrc" apply -R "$m"
	applied=
	grep -E '^(not )?ok|^# +(not ok|FAIL)' "$out/$run.out" 2>/dev/null |
		grep -v '^ok' | head -n 8 | sed 's/^/    /' || true
	row "$name" "$verdict" "$killers"
	[ "$verdict" = killed ] || rc=1
done

echo "=== rebuilding the tip's kernel"
"$here/../build/build-kernel.sh" "$ksrc" "$build" >/dev/null
printf '%-28s %-10s %s\n' mutant result "failing tests"
cat "$table"
echo "mutants: $(grep -c ' killed ' "$table") of $(grep -vc ' not-reachable ' "$table") killed;" \
	"$(grep -c ' not-reachable ' "$table" || true) not reachable here"
exit "$rc"
