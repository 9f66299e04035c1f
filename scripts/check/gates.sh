#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run gates (make targets) in the order given, keep going past a failure,
# print each gate's seconds, and close with one line counting every gate and
# every selftest on every machine: "check: N passed, N failed, N skipped".
# Exits non-zero on any failure.
#
# A gate that prints "<name>: N passed, N failed, N skipped" lines counts
# with those numbers; any other gate counts as one.  Each gate that passed
# is added to DONE, which it passes to make: a gate later in the list
# does not build it again (so builds listed first are made once).
#
# Gates written "lane:<gate>" run in a second lane, in the background, one
# after another, beside the gates that follow, until "wait-lane" (or the
# end) waits for them and prints their output.  It is meant for the Bochs
# machines: they use one core, and with "clock: sync=none" their guests'
# time does not depend on the host's load, so they can run beside builds
# (not beside the QEMU TCG machines, whose guests' time does).  After a
# failed gate the lane's gates run in the foreground instead: what they
# need may not be built, and the foreground may build it at the same time.
#
# Usage: DONE="<targets already made>" gates.sh <make command> -- <gate>...
set -uo pipefail

make=()
while [ "$1" != -- ]; do
	make+=("$1")
	shift
done
shift
export DONE="${DONE:-}"
pass=0
fail=0
skip=0
failed=()
times=()
lane_dir=$(mktemp -d)
lane_pid=
# The lane is a process group of its own (set -m): an interrupt stops it too.
stop_lane() {
	[ -z "$lane_pid" ] || kill -- "-$lane_pid" 2>/dev/null
	rm -rf "$lane_dir"
}
trap stop_lane EXIT
trap 'exit 130' INT TERM

# <gate> <log> [quiet]: run it, its output into <log> (and on the terminal
# unless quiet); writes "<secs> <p> <f> <k>" into <log>.counts.
run() {
	local t=$1 log=$2 start=$SECONDS rc counts p f k

	if [ -n "${3:-}" ]; then
		"${make[@]}" --no-print-directory "$t" DONE="$DONE" >"$log" 2>&1
		rc=$?
	else
		"${make[@]}" --no-print-directory "$t" DONE="$DONE" 2>&1 | tee "$log"
		rc=${PIPESTATUS[0]}
	fi
	counts=$(grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" || true)
	if [ -n "$counts" ]; then
		p=$(echo "$counts" | awk '{s += $2} END {print s}')
		f=$(echo "$counts" | awk '{s += $4} END {print s}')
		k=$(echo "$counts" | awk '{s += $6} END {print s}')
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	elif [ "$rc" -eq 0 ]; then
		p=1 f=0 k=0
	else
		p=0 f=1 k=0
	fi
	echo "$((SECONDS - start)) $p $f $k" >"$log.counts"
}

# <gate> <log> [lane]: count a gate that has run.
count() {
	local t=$1 log=$2 secs p f k

	read -r secs p f k <"$log.counts"
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + k))
	if [ "$f" -ne 0 ]; then
		failed+=("$t")
	else
		DONE="$DONE $t"
	fi
	times+=("$(printf '%6d s  %s%s%s' "$secs" "$t" "${3:+ (lane)}" \
		"$([ "$f" -ne 0 ] && echo '  FAILED')")")
	echo "=== $t: $secs s${3:+, in the lane}"
}

# Start the lane's queued gates, one after another, in the background.
start_lane() {
	local t

	[ -s "$lane_dir/gates" ] && [ -z "$lane_pid" ] || return 0
	if [ ${#failed[@]} -ne 0 ]; then
		for t in $(cat "$lane_dir/gates"); do
			echo "=== $t (not in the lane: a gate failed before it)"
			run "$t" "$lane_dir/$t.log"
			count "$t" "$lane_dir/$t.log"
		done
		: >"$lane_dir/gates"
		return 0
	fi
	set -m
	(for t in $(cat "$lane_dir/gates"); do run "$t" "$lane_dir/$t.log" quiet; done) &
	lane_pid=$!
	set +m
}

wait_lane() {
	local t

	start_lane
	[ -n "$lane_pid" ] || return 0
	wait "$lane_pid"
	lane_pid=
	for t in $(cat "$lane_dir/gates"); do
		echo "=== $t (lane)"
		cat "$lane_dir/$t.log"
		count "$t" "$lane_dir/$t.log" lane
	done
	: >"$lane_dir/gates"
}

for t in "$@"; do
	case $t in
	wait-lane)
		wait_lane
		;;
	lane:*)
		[ -z "$lane_pid" ] || wait_lane
		echo "=== ${t#lane:}: in the lane"
		echo "${t#lane:}" >>"$lane_dir/gates"
		;;
	*)
		start_lane
		echo "=== $t"
		run "$t" "$lane_dir/fg.log"
		count "$t" "$lane_dir/fg.log"
		;;
	esac
done
wait_lane
echo "=== gate times"
printf '%s\n' "${times[@]}"
[ ${#failed[@]} -ne 0 ] && echo "failed: ${failed[*]}"
echo "check: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
