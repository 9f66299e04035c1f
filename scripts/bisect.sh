#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build arch/x86/kvm/ (W=1, KVM_WERROR, KVM_INTEL and KVM_AMD as modules) at
# every patch of the series, with CONFIG_KVM_VMWARE=y and =n, and the KVM
# selftests at every patch that touches them.  With =n, no object may be
# left with an undefined reference into vmware.c.  A patch whose source tree
# was built before is not built again, so an unchanged series costs nothing.
# One gate: it fails if any patch does not build.
#
# Usage: bisect.sh <kernel tree> <base ref> <work directory>
set -euo pipefail

ksrc=$1
base=$2
work=$3
here=$(dirname "$(readlink -f "$0")")
wt=$work/bisect
done_list=$work/bisect-yn.done

if [ ! -d "$wt" ]; then
	git -C "$ksrc" worktree add -q --detach "$wt" "$base"
fi
touch "$done_list"

configure() {
	local out=$1 opt=$2

	[ -f "$out/.config" ] && return
	mkdir -p "$out"
	make -s -C "$wt" O="$out" x86_64_defconfig >/dev/null
	(cd "$out" && "$wt/scripts/kconfig/merge_config.sh" -m .config \
		"$here/config/vm.config" >/dev/null)
	"$wt/scripts/config" --file "$out/.config" -m KVM_INTEL -m KVM_AMD \
		-e KVM_WERROR "$opt" KVM_VMWARE
	make -s -C "$wt" O="$out" olddefconfig >/dev/null
}

pass=0
fail=0
for c in $(git -C "$ksrc" rev-list --reverse "$base..vmware"); do
	tree=$(git -C "$ksrc" rev-parse "$c^{tree}")
	subject=$(git -C "$ksrc" log -1 --format=%s "$c")
	if grep -qx "$tree" "$done_list"; then
		pass=$((pass + 1))
		continue
	fi
	git -C "$wt" checkout -q --detach "$c"
	ok=1
	has_option=$(grep -qx 'config KVM_VMWARE' "$wt/arch/x86/kvm/Kconfig" && echo y || echo n)
	for opt in -e -d; do
		out=$work/bisect$opt
		want=$([ "$opt" = -e ] && echo y || echo n)
		configure "$out" "$opt"
		# Set the option at every patch: olddefconfig drops it while the
		# symbol does not exist yet, and defaults it to y once it does.
		"$wt/scripts/config" --file "$out/.config" "$opt" KVM_VMWARE
		make -s -C "$wt" O="$out" olddefconfig >/dev/null
		have=$(grep -qx 'CONFIG_KVM_VMWARE=y' "$out/.config" && echo y || echo n)
		if [ "$has_option" = y ] && [ "$have" != "$want" ]; then
			echo "bisect: '$subject': could not set CONFIG_KVM_VMWARE=$want"
			ok=0
			continue
		fi
		if ! make -s -C "$wt" O="$out" -j"$(nproc)" W=1 arch/x86/kvm/ >"$out.log" 2>&1 ||
		   [ -s "$out.log" ]; then
			echo "bisect: '$subject' with CONFIG_KVM_VMWARE=$want:"
			head -n 30 "$out.log" | sed 's/^/    /'
			ok=0
		fi
		# What a link would find: with the option off, nothing may still
		# call into vmware.c (the stubs must have compiled every call out).
		if [ "$has_option" = y ] && [ "$want" = n ]; then
			undef=$(find "$out/arch/x86/kvm" -name '*.o' ! -name vmware.o \
				! -name 'kvm*.o' -exec nm -A -u {} + |
				grep -E ' U [^ ]*vmware' || true)
			if [ -n "$undef" ]; then
				echo "bisect: '$subject' with CONFIG_KVM_VMWARE=n calls into vmware.c:"
				echo "$undef" | sort -u | sed 's/^/    /'
				ok=0
			fi
		fi
	done
	if git -C "$ksrc" diff --quiet "$c^" "$c" -- tools/testing/selftests/kvm; then
		:
	elif ! "$here/build-selftests.sh" "$wt" "$work/bisect-e" >"$work/bisect-st.log" 2>&1; then
		echo "bisect: '$subject': the KVM selftests do not build:"
		grep -m 20 -E 'error|warning' "$work/bisect-st.log" | sed 's/^/    /'
		ok=0
	fi
	if [ "$ok" = 1 ]; then
		echo "$tree" >>"$done_list"
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "bisect: $pass of $((pass + fail)) patches build with CONFIG_KVM_VMWARE=y and =n"
[ "$fail" -eq 0 ]
