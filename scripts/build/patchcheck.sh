#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktest's patchcheck for the series: every patch builds, in one build
# directory per configuration that walks the series, so that each patch
# builds incrementally on the one before.  The configurations:
#
#   test  the test kernel (scripts/build/build-kernel.sh: KVM as modules,
#         modpost, CONFIG_KVM_WERROR) in its own build directory, the
#         kernel tree itself checked out at each patch; the walk ends at
#         the tip, which the machines boot.  No compiler or modpost warning
#         in a file the series has changed so far.  "make test".
#         (Not W=1: its kernel-doc pass over every file nearly doubles a
#         cold build.)
#   y, n  Debian's own config with CONFIG_KVM_VMWARE=y or =n: arch/x86/kvm/
#         and its modules linked against Debian's Module.symvers
#         (scripts/build/build-kvm-modules.sh, W=1), in a worktree.  With
#         "selftests", the KVM selftests too at every patch that touches
#         them, the tools headers and library or a uAPI header.  "make
#         test-full".
#   tip   =y at the last patch only: the distribution build.
#
# A patch whose kernel sources (the tree without Documentation/,
# MAINTAINERS and the selftests) were built before, the same way, is not
# built again, so an unchanged series and a changelog edit cost nothing.
# Before the patch that adds CONFIG_KVM_VMWARE, =n is the same build as =y
# and is not made twice.  One gate: it fails if any patch does not build.
#
# Usage: patchcheck.sh <kernel tree> <base ref> <work dir> <base> <apt cache> <walk>
#                      [selftests | <test build dir>]
#        walk: "test", "y n", "y" or "tip"
set -euo pipefail

ksrc=$1
baseref=$2
work=$3
base=$4
apt=$5
walk=$6
arg=${7:-}
here=$(dirname "$(readlink -f "$0")")
mkdir -p "$work"
# What a build proves depends on how it is made: a new build script, kernel
# config fragment or compiler starts a new list.
if [ "$walk" = test ]; then
	wt=$ksrc
	how=$(cat "$here/build-kernel.sh" "$here/config-kernel.sh" "$here/config/vm.config" \
		<(gcc --version) | sha256sum | cut -c1-12)
	done_list=$work/patchcheck-test-$how.done
	if ! git -C "$ksrc" diff --quiet HEAD; then
		echo "patchcheck: $ksrc has changes that are not committed" >&2
		exit 1
	fi
	trap 'git -C "$ksrc" checkout -q vmware' EXIT
else
	wt=$work/patchcheck
	how=$(cat "$here/build-kvm-modules.sh" <(gcc --version) | sha256sum | cut -c1-12)
	done_list=$work/patchcheck-$how.done
	"$here/../series/worktree.sh" "$ksrc" "$baseref" "$wt"
fi
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

# <commit> <log>: the build's warnings in files the series has changed up to
# <commit>, and modpost's.
series_warnings() {
	local files

	files=$(git -C "$ksrc" diff --name-only "$baseref" "$1" | sed 's/[.]/[.]/g' | paste -sd'|')
	grep -iE 'warning' "$2" |
		grep -E "^WARNING: modpost|(^|: )([^ :]*/)?($files):[0-9]" || true
}

# <config> <commit subject>: build the checked-out tree; 0 if it builds.
build() {
	local want=$1 subject=$2 log=$work/patchcheck.out

	if [ "$want" = test ]; then
		if ! "$here/build-kernel.sh" -s "$ksrc" "$arg" >"$log" 2>&1; then
			echo "patchcheck: '$subject' does not build:"
			sed 's/^/    /' "$log"
			return 1
		fi
		if [ -n "$(series_warnings HEAD "$arg/build.log")" ]; then
			echo "patchcheck: '$subject' warns:"
			series_warnings HEAD "$arg/build.log" | head -n 40 | sed 's/^/    /'
			return 1
		fi
		return 0
	fi
	if ! "$here/build-kvm-modules.sh" "$wt" "$work/patchcheck-$want" "$base" "$apt" \
		"$want" >"$log" 2>&1; then
		echo "patchcheck: '$subject' with CONFIG_KVM_VMWARE=$want:"
		cat "$log"
		return 1
	fi
}

commits=$(git -C "$ksrc" rev-list --reverse "$baseref..vmware")
configs=$walk
if [ "$walk" = tip ]; then
	commits=$(git -C "$ksrc" rev-parse vmware)
	configs=y
fi
selftests=
[ "$arg" = selftests ] && selftests=y
moved=
pass=0
fail=0
for c in $commits; do
	subject=$(git -C "$ksrc" log -1 --format=%s "$c")
	kkey=$(key "$c" except Documentation/ MAINTAINERS tools/testing/selftests/)
	skey=selftests:$(key "$c" only tools/ include/uapi/ arch/x86/include/uapi/)
	need_st=n
	if [ -n "$selftests" ] && ! grep -qx "$skey" "$done_list" &&
	   ! git -C "$ksrc" diff --quiet "$c^" "$c" -- tools/testing/selftests/kvm \
		tools/include tools/lib include/uapi arch/x86/include/uapi; then
		need_st=y
	fi
	need=
	for want in $configs; do
		grep -qx "kernel-$want:$kkey" "$done_list" || need+=" $want"
	done
	ok=1
	if [ -n "$need$([ "$need_st" = y ] && echo st)" ]; then
		git -C "$wt" checkout -q --detach "$c"
		moved=y
	fi
	for want in $need; do
		# Before the patch that adds CONFIG_KVM_VMWARE, =n is the =y build.
		if [ "$want" = n ] && ! grep -qx 'config KVM_VMWARE' "$wt/arch/x86/kvm/Kconfig"; then
			echo "kernel-n:$kkey" >>"$done_list"
			continue
		fi
		if build "$want" "$subject"; then
			echo "kernel-$want:$kkey" >>"$done_list"
		else
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
# The machines boot the test kernel's build directory: leave the tip built,
# linked and its modules installed (the "make kernel" of "make test").
if [ "$walk" = test ]; then
	[ -z "$moved" ] || git -C "$ksrc" checkout -q vmware
	if ! "$here/build-kernel.sh" "$ksrc" "$arg" >"$work/patchcheck.out" 2>&1; then
		echo "patchcheck: the tip's test kernel does not build:"
		sed 's/^/    /' "$work/patchcheck.out"
		fail=$((fail + 1))
	fi
fi
case $walk in
tip)
	[ "$fail" -eq 0 ] || exit 1
	echo "distro-build: linux-config-${base#v}: kvm.ko, kvm-intel.ko and kvm-amd.ko build and link at the tip, no warning"
	exit 0
	;;
test)
	echo "patchcheck-kernel: $pass of $(echo "$commits" | wc -w) patches build the test kernel" \
	     "(KVM as modules, modpost) with no warning in the files the series changes"
	;;
*)
	echo "patchcheck: $pass of $((pass + fail)) patches build and link the KVM modules with" \
	     "CONFIG_KVM_VMWARE=${walk// /, =}${selftests:+; the selftests build where they change}"
	;;
esac
[ "$fail" -eq 0 ]
