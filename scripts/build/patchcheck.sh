#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktest's patchcheck for the series: at every patch, arch/x86/kvm/ builds
# and its modules link with Debian's own config
# (scripts/build/build-kvm-modules.sh), with CONFIG_KVM_VMWARE=y and =n,
# and (with "selftests") the KVM selftests build at every patch that
# touches them, the tools headers and library or a uAPI header.  Each configuration has one build
# directory that walks the series, so every patch builds incrementally on
# the one before; the =y walk's tip is the distribution build.  "make
# test" walks =y only, without the selftests (the =n kernel is built and
# booted at the tip by vm-novmware, the selftests are built at the tip);
# "make test-full" adds the =n walk and the selftests at every patch.  A patch whose kernel
# sources (the tree without Documentation/, MAINTAINERS and the
# selftests) were built before, by the same build script and compiler, is
# not built again, so an unchanged series and a changelog edit cost
# nothing.  Before the patch that adds CONFIG_KVM_VMWARE, =n is the same
# build as =y and is not made twice.  One gate: it fails if any patch does
# not build.
#
# Usage: patchcheck.sh <kernel tree> <base ref> <work dir> <base> <apt cache> <walk>
#                      [selftests]
#        walk: "y n" (every patch, both), "y" (every patch, =y), or "tip"
#        (only the last patch, =y: the distribution build)
set -euo pipefail

ksrc=$1
baseref=$2
work=$3
base=$4
apt=$5
walk=$6
selftests=${7:-}
here=$(dirname "$(readlink -f "$0")")
wt=$work/patchcheck
# What a build proves depends on how it is made: a new build-kvm-modules.sh
# or compiler starts a new list.
how=$(cat "$here/build-kvm-modules.sh" <(gcc --version) | sha256sum | cut -c1-12)
done_list=$work/patchcheck-$how.done

"$here/../series/worktree.sh" "$ksrc" "$baseref" "$wt"
touch "$done_list"

# Hash of the parts of @commit's tree that @paths name (or all but them, with -v).
key() {
	local c=$1 mode=$2
	shift 2
	if [ "$mode" = only ]; then
		git -C "$ksrc" ls-tree -r "$c" -- "$@"
	else
		git -C "$ksrc" ls-tree -r "$c" | grep -vE "	($(IFS='|'; echo "$*"))"
	fi | git hash-object --stdin
}

commits=$(git -C "$ksrc" rev-list --reverse "$baseref..vmware")
configs=$walk
if [ "$walk" = tip ]; then
	commits=$(git -C "$ksrc" rev-parse vmware)
	configs=y
fi
pass=0
fail=0
for c in $commits; do
	subject=$(git -C "$ksrc" log -1 --format=%s "$c")
	kkey=$(key "$c" except Documentation/ MAINTAINERS tools/testing/selftests/)
	skey=selftests:$(key "$c" only tools/ include/uapi/ arch/x86/include/uapi/)
	need_st=n
	if [ "$selftests" = selftests ] && ! grep -qx "$skey" "$done_list" &&
	   ! git -C "$ksrc" diff --quiet "$c^" "$c" -- tools/testing/selftests/kvm \
		tools/include tools/lib include/uapi arch/x86/include/uapi; then
		need_st=y
	fi
	need=
	for want in $configs; do
		grep -qx "kernel-$want:$kkey" "$done_list" || need+=" $want"
	done
	ok=1
	[ -n "$need$([ "$need_st" = y ] && echo st)" ] && git -C "$wt" checkout -q --detach "$c"
	for want in $need; do
		# Before the patch that adds CONFIG_KVM_VMWARE, =n is the =y build.
		if [ "$want" = n ] && ! grep -qx 'config KVM_VMWARE' "$wt/arch/x86/kvm/Kconfig"; then
			echo "kernel-n:$kkey" >>"$done_list"
			continue
		fi
		if "$here/build-kvm-modules.sh" "$wt" "$work/patchcheck-$want" "$base" "$apt" \
			"$want" >"$work/patchcheck.out" 2>&1; then
			echo "kernel-$want:$kkey" >>"$done_list"
		else
			echo "patchcheck: '$subject' with CONFIG_KVM_VMWARE=$want:"
			cat "$work/patchcheck.out"
			ok=0
		fi
	done
	if [ "$need_st" = y ]; then
		if "$here/build-selftests.sh" "$wt" "$work/patchcheck-y" >"$work/patchcheck-st.log" 2>&1; then
			echo "$skey" >>"$done_list"
		else
			echo "patchcheck: '$subject': the KVM selftests do not build:"
			grep -m 20 -E 'error|warning' "$work/patchcheck-st.log" | sed 's/^/    /'
			ok=0
		fi
	fi
	if [ "$ok" = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
if [ "$walk" = tip ]; then
	[ "$fail" -eq 0 ] || exit 1
	echo "distro-build: linux-config-${base#v}: kvm.ko, kvm-intel.ko and kvm-amd.ko build and link at the tip, no warning"
	exit 0
fi
echo "patchcheck: $pass of $((pass + fail)) patches build and link the KVM modules with" \
     "CONFIG_KVM_VMWARE=${walk// /, =}${selftests:+; the selftests build where they change}"
[ "$fail" -eq 0 ]
