#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print vmware_hypercall_perf_test's figures from test machines' KTAP (the
# .ktap files vm-result.sh leaves) as one table per machine: each mode's
# median rate and spread, its exits and emulated instructions per call, and
# the hypercall's rate over it (the median of the per-round ratios).
# Exits non-zero if a machine's log holds no complete set of figures.
#
# Usage: bench-table.sh <machine name> <ktap> [<machine name> <ktap>]...
set -euo pipefail

rc=0
while [ $# -ge 2 ]; do
	name=$1
	ktap=$2
	shift 2
	if ! awk -v name="$name" '
		# The benchmark runs as a kselftest: its lines carry "# " (and
		# its messages another "# ").
		{ sub(/^# /, "") }
		/^# host: / { sub(/^# host: /, ""); host = $0 }
		/^# [0-9]+ rounds of / { sub(/^# /, ""); setup = $0 }
		/^# [a-z0-9-]+: .* exits and .* emulated/ {
			m = $2; sub(/:$/, "", m); exits[m] = $3; emul[m] = $6
		}
		/^ok [0-9]+ [a-z0-9-]+: [0-9]+ round trips/ {
			m = $3; sub(/:$/, "", m); order[n++] = m
			rate[m] = $4; spread[m] = $8; sub(/\)$/, "", spread[m])
		}
		/^# hypercall \/ [a-z0-9-]+: / {
			m = $4; sub(/:$/, "", m)
			ratio[m] = $5 " (" $10; sub(/\)$/, "", ratio[m]); ratio[m] = ratio[m] ")"
		}
		/^not ok [0-9]+ selftests: kvm: vmware_hypercall_perf_test/ { failed = 1 }
		END {
			if (failed || n != 4 || !host) {
				printf "%s: no complete figures (the test failed or did not run)\n", name
				exit 1
			}
			printf "%s: %s\n%s: %s\n", name, host, name, setup
			printf "  %-10s %14s  %-14s %10s %14s  %s\n", "mode", "round trips/s",
			       "min..max", "exits/call", "emulated/call", "hypercall over it"
			for (i = 0; i < n; i++) {
				m = order[i]
				printf "  %-10s %14s  %-14s %10s %14s  %s\n", m, rate[m],
				       spread[m], exits[m], emul[m], m == "hypercall" ? "-" : ratio[m]
			}
		}' "$ktap"; then
		rc=1
	fi
done
exit "$rc"
