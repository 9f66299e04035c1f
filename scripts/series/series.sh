#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# List the patches of a series directory in order, cover letter excluded.
#
# Usage: series.sh <patch directory>
set -euo pipefail

cd "$1"
ls 2>/dev/null | grep -E '^[0-9]{4}-.*\.patch$' | grep -v '^0000-' || true
