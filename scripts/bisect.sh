#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and link the KVM modules (KVM, KVM_INTEL and KVM_AMD as modules,
# W=1, KVM_WERROR) at every patch of the series, with CONFIG_KVM_VMWARE=y
# and =n, and the KVM selftests at every patch that touches them.  "make
# modules" runs modpost, which fails when kvm-intel.ko or kvm-amd.ko takes a
# symbol kvm.ko does not export.  With =n, no object may be left with an
# undefined reference into vmware.c.  A patch whose source tree was built
# before is not built again, so an unchanged series costs nothing; one that
# changed only the selftests builds only them.  One gate: it fails if any
# patch does not build or link.
#
# Usage: bisect.sh <kernel tree> <base ref> <work directory> [branch]
#        (branch: the series to build, "vmware" by default)
set -euo pipefail

ksrc=$1
base=$2
work=$3
branch=${4:-vmware}
here=$(dirname "$(readlink -f "$0")")
wt=$work/bisect
done_list=$work/bisect-modules.done

if [ ! -d "$wt" ]; then
	git -C "$ksrc" worktree add -q --detach "$wt" "$base"
fi
touch "$done_list"

configure() {
	local out=$1 opt=$2 seed=$3

	[ -f "$out/.config" ] && return
	# The core kernel is the same with the option y and n: start from the
	# other build, so that its vmlinux.o is not built a second time.
	if [ -n "$seed" ] && [ -f "$seed/vmlinux.o" ]; then
		cp -a "$seed" "$out"
		"$wt/scripts/config" --file "$out/.config" "$opt" KVM_VMWARE
		make -s -C "$wt" O="$out" olddefconfig >/dev/null
		return
	fi
	mkdir -p "$out"
	make -s -C "$wt" O="$out" x86_64_defconfig >/dev/null
	(cd "$out" && "$wt/scripts/kconfig/merge_config.sh" -m .config \
		"$here/config/vm.config" >/dev/null)
	"$wt/scripts/config" --file "$out/.config" -e MODULES -m KVM \
		-m KVM_INTEL -m KVM_AMD -e KVM_WERROR "$opt" KVM_VMWARE
	make -s -C "$wt" O="$out" olddefconfig >/dev/null
	if ! grep -qx 'CONFIG_KVM=m' "$out/.config" ||
	   ! grep -qx 'CONFIG_KVM_INTEL=m' "$out/.config" ||
	   ! grep -qx 'CONFIG_KVM_AMD=m' "$out/.config"; then
		echo "bisect: could not configure KVM, KVM_INTEL and KVM_AMD as modules" >&2
		rm -f "$out/.config"
		exit 1
	fi
}

# modpost resolves the modules' references to the core kernel from
# vmlinux.o.  Build it once, at the first patch: the series exports nothing
# from the core kernel, and KVM is not in it.
build_vmlinux_o() {
	local out=$1

	[ -f "$out/vmlinux.o" ] && return
	make -s -C "$wt" O="$out" -j"$(nproc)" vmlinux_o
}

# The tree of @commit without tools/testing/selftests: what the kernel
# build depends on.
kernel_key() {
	local c=$1

	{
		git -C "$ksrc" ls-tree "$c" | grep -v $'\ttools$'
		git -C "$ksrc" ls-tree "$c:tools" | grep -v $'\ttesting$'
		git -C "$ksrc" ls-tree "$c:tools/testing" | grep -v $'\tselftests$'
	} | git hash-object --stdin
}

pass=0
fail=0
for c in $(git -C "$ksrc" rev-list --reverse "$base..$branch"); do
	tree=$(git -C "$ksrc" rev-parse "$c^{tree}")
	subject=$(git -C "$ksrc" log -1 --format=%s "$c")
	kernel=kernel:$(kernel_key "$c")
	if grep -qx "$tree" "$done_list"; then
		grep -qx "$kernel" "$done_list" || echo "$kernel" >>"$done_list"
		pass=$((pass + 1))
		continue
	fi
	git -C "$wt" checkout -q --detach "$c"
	ok=1
	kernel_built=n
	grep -qx "$kernel" "$done_list" && kernel_built=y
	has_option=$(grep -qx 'config KVM_VMWARE' "$wt/arch/x86/kvm/Kconfig" && echo y || echo n)
	for opt in -e -d; do
		[ "$kernel_built" = y ] && break
		out=$work/bisect-modules$opt
		want=$([ "$opt" = -e ] && echo y || echo n)
		configure "$out" "$opt" "$([ "$opt" = -d ] && echo "$work/bisect-modules-e")"
		build_vmlinux_o "$out"
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
		# "modules" alone builds no built-in object (top Makefile)
		# and ends in modpost.
		if ! make -s -C "$wt" O="$out" -j"$(nproc)" W=1 modules >"$out.log" 2>&1 ||
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
	elif ! "$here/build-selftests.sh" "$wt" "$work/bisect-modules-e" >"$work/bisect-st.log" 2>&1; then
		echo "bisect: '$subject': the KVM selftests do not build:"
		grep -m 20 -E 'error|warning' "$work/bisect-st.log" | sed 's/^/    /'
		ok=0
	fi
	if [ "$ok" = 1 ]; then
		[ "$kernel_built" = y ] || echo "$kernel" >>"$done_list"
		echo "$tree" >>"$done_list"
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "bisect: $pass of $((pass + fail)) patches build and link modules with CONFIG_KVM_VMWARE=y and =n"
[ "$fail" -eq 0 ]
