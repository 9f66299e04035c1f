#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict --codespell on every patch of the series, with the
# kernel tree's own checkpatch.pl.  One gate: it fails if any patch draws
# a complaint.
#
# What is let through, and why (the only place anything is):
#   FILE_PATH_CHANGES   "does MAINTAINERS need updating?" on every new file:
#                       the KVM x86 entry covers arch/x86/kvm/ and the KVM
#                       selftests by directory, which --no-tree cannot see.
#   "Assisted-by expects 'AGENT_NAME:MODEL_VERSION ...' format", from
#                       6.12's checkpatch only: the backport keeps the tag
#                       in the form the mainline base's coding-assistants.rst
#                       gives ("Assisted-by: LLM [TOOL1] [TOOL2]"), which
#                       mainline's checkpatch takes.
#   "Missing Signed-off-by: line(s)" on a patch with none: the project
#                       writes no Signed-off-by; the sender adds theirs with
#                       "make sign", whose copies pass this gate whole.
#   arch/x86/kvm/trace.h: "Lines should not end with a '('" and "Alignment
#                       should match open parenthesis": the TRACE_EVENT()
#                       layout every event in that file has.
#   tools/testing/selftests/kvm/include/x86{,_64}/vmware.h: "Macro argument reuse
#                       'regs'": DEFINE_VMWARE_INSN() names each register of
#                       the caller's global struct as an asm operand.
#   "Unknown commit id": checkpatch looks cited commits up in the tree's
#                       git history, and the bases are Debian's source
#                       tarballs imported as one commit, which knows no
#                       upstream commit.  Only the ids the series cites
#                       (672ff6cff80c, bb24edbb673f, dd856efafe60), looked up in
#                       upstream's history, are let through.
#   The patch that moves the VMware code into vmware.{c,h} (its name has
#                       "Move-the-VMware"): "do not initialise globals to
#                       false", "EXPORT_SYMBOL(foo); should immediately
#                       follow" and "Prefer 'unsigned int'" on the lines it
#                       moves as they are, so that it reads as a pure move;
#                       the later patches that change those lines fix them.
#
# Usage: checkpatch.sh <kernel tree> <patch directory>
set -euo pipefail

ksrc=$1
pdir=$(readlink -f "$2")
here=$(dirname "$(readlink -f "$0")")
dict=/usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt
# Without it, checkpatch checks no spelling and says so only once.
if [ ! -r "$dict" ]; then
	echo "checkpatch: no codespell dictionary at $dict (install codespell)"
	exit 1
fi
allowed="(arch/x86/kvm/trace.h: CHECK: (Lines should not end with a '\('|Alignment should match open parenthesis)"
allowed+="|tools/testing/selftests/kvm/include/x86(_64)?/vmware.h: CHECK: Macro argument reuse 'regs'"
allowed+="|[^:]*: WARNING: Unknown commit id '(672ff6cff80c|bb24edbb673f|dd856efafe60)', maybe rebased or not pulled\\?"
allowed+="|[^:]*: WARNING: Assisted-by expects 'AGENT_NAME:MODEL_VERSION \\[TOOL1\\] \\[TOOL2\\]' format)"
moved="|arch/x86/kvm/vmware.[ch]: (ERROR: do not initialise globals to false|WARNING: Prefer 'unsigned int' to bare use of 'unsigned'|WARNING: EXPORT_SYMBOL\\(foo\\); should immediately follow its function/variable)"
pass=0
fail=0
unsigned=0
for p in $("$here/../series/series.sh" "$pdir"); do
	# --showfile: "<file>:<line>: <type>: ..." for lines of the diff.
	rc=0
	out=$(cd "$ksrc" && ./scripts/checkpatch.pl --strict --codespell \
		--codespellfile="$dict" --ignore FILE_PATH_CHANGES \
		--no-tree --terse --showfile "$pdir/$p" 2>&1) || rc=$?
	ok=$allowed
	case $p in *Move-the-VMware*) ok="${allowed%)}$moved)" ;; esac
	bad=$(echo "$out" | grep -E ': (ERROR|WARNING|CHECK):' |
		sed -E 's/^([^:]*):[0-9]+: /\1: /' | grep -vE "^$ok" || true)
	# A checkpatch that stopped early checked nothing.  It exits 0 on a
	# clean patch (printing nothing with --terse), and 1 after its summary.
	if [ "$rc" -ne 0 ] && ! echo "$out" | grep -q '^total: '; then
		bad="checkpatch.pl did not finish (exit $rc): $(echo "$out" | tail -n 3)"
	fi
	if ! grep -q '^Signed-off-by: ' "$pdir/$p"; then
		unsigned=$((unsigned + 1))
		bad=$(echo "$bad" | grep -vE ': ERROR: Missing Signed-off-by: line\(s\)$' || true)
	fi
	if [ -n "$bad" ]; then
		echo "$p:"
		echo "$bad" | sed 's/^/    /'
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
if [ $((pass + fail)) -eq 0 ]; then
	echo "checkpatch: no patches in $pdir"
	exit 1
fi
[ "$unsigned" -eq 0 ] ||
	echo "checkpatch: $unsigned patches await the sender's Signed-off-by (make sign adds it)"
echo "checkpatch: $pass of $((pass + fail)) patches clean"
[ "$fail" -eq 0 ]
