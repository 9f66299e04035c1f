#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure an out-of-tree build directory: tinyconfig merged with the
# tree's own tools/testing/selftests/kvm/config, scripts/config/vm.config
# and any further fragments.  The .config is only
# regenerated when a fragment changed, so builds in it stay incremental.
#
# Usage: config-kernel.sh <kernel tree> <build directory> [fragment...]
set -euo pipefail

ksrc=$1
out=$2
shift 2
here=$(dirname "$(readlink -f "$0")")
frags=("$ksrc/tools/testing/selftests/kvm/config" "$here/config/vm.config")
for f in "$@"; do
	frags+=("$(readlink -f "$f")")
done

mkdir -p "$out"
sum=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$out/.config" ] || [ "$(cat "$out/.config.frags" 2>/dev/null)" != "$sum" ]; then
	make -s -C "$ksrc" O="$out" tinyconfig >/dev/null
	(cd "$out" && "$ksrc/scripts/kconfig/merge_config.sh" -m .config "${frags[@]}" >/dev/null)
	make -s -C "$ksrc" O="$out" olddefconfig >/dev/null
	# Every option the fragments ask for must have stuck: what the last
	# fragment that names an option asks ("is not set" included).
	miss=$(awk '
		/^CONFIG_[A-Z0-9_]*=/ { split($0, kv, "="); want[kv[1]] = $0; next }
		/^# CONFIG_[A-Z0-9_]* is not set$/ { delete want[$2] }
		END { for (k in want) print want[k] }
	' "${frags[@]}" | sort | grep -vxF -f "$out/.config" || true)
	if [ -n "$miss" ]; then
		echo "config-kernel: options requested but not set:" >&2
		echo "$miss" >&2
		exit 1
	fi
	echo "$sum" >"$out/.config.frags"
fi
# New options the series adds take their defaults, without a prompt.
make -s -C "$ksrc" O="$out" olddefconfig >/dev/null
