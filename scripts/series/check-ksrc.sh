#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that KSRC is a kernel git tree that has the base commit.
#
# Usage: check-ksrc.sh <kernel tree> <base ref>
set -euo pipefail

ksrc=$1
base=$2
if [ ! -f "$ksrc/Makefile" ] || [ ! -d "$ksrc/arch/x86/kvm" ]; then
	echo "KSRC=$ksrc is not a Linux source tree (no Makefile or arch/x86/kvm/)" >&2
	exit 1
fi
if ! git -C "$ksrc" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	echo "KSRC=$ksrc is not a git tree; the series is applied with git am" >&2
	exit 1
fi
if ! git -C "$ksrc" rev-parse -q --verify "$base^{commit}" >/dev/null; then
	echo "KSRC=$ksrc has no commit '$base'; name the base with BASEREF=<rev>" >&2
	exit 1
fi
