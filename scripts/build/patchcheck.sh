#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktest's patchcheck for the series: every patch builds, in one build
# directory per configuration that walks the series, so that each patch
# builds incrementally on the one before.  The configurations:
#
#   test  the test kernel (scripts/build/build-kernel.sh -s: vmlinux.o and
#         KVM's modules, modpost, CONFIG_KVM_WERROR) in its own build
#         directory, the kernel tree itself checked out at each patch (and
#         given back as it was: its branch or commit); "make kernel" then
#         links the tip's.  No compiler, objtool or modpost warning in a
#         file the series has changed so far.  "make test".
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
# What a build proves depends on how it is made: a new configuration or
# compiler starts a new list, and so does a new build-kvm-modules.sh for
# Debian's config; a change to build-kernel.sh's make command or to how this
# script judges a build does not (remove the list to walk again).
if [ "$walk" = test ]; then
	wt=$ksrc
	how=$(cat "$here/config-kernel.sh" "$here/config/vm.config" <(gcc --version) |
		sha256sum | cut -c1-12)
	done_list=$work/patchcheck-test-$how.done
	if ! git -C "$ksrc" diff --quiet HEAD; then
		echo "patchcheck: $ksrc has changes that are not committed" >&2
		exit 1
	fi
	head=$(git -C "$ksrc" symbolic-ref -q --short HEAD || git -C "$ksrc" rev-parse HEAD)
	trap 'git -C "$ksrc" checkout -q "$head"' EXIT
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
# <commit> (the compiler's, at <file>:<line>, and objtool's, at <file>.o),
# and modpost's.
series_warnings() {
	local files

	files=$(git -C "$ksrc" diff --name-only "$baseref" "$1" |
		sed 's/[.]/[.]/g; s/[[][.][]]c$/[.](c|o)/' | paste -sd'|')
	grep -iE 'warning' "$2" |
		grep -E "^WARNING: modpost|(^|: )([^ :]*/)?($files):( |[0-9])" || true
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
pass=0
fail=0
for c in $commits; do
	subject=$(git -C "$ksrc" log -1 --format=%s "$c")
	# The test kernel's config merges the selftests' kvm/config.
	kkey=$(key "$c" except Documentation/ MAINTAINERS tools/testing/selftests/)
	[ "$walk" != test ] || kkey+=$(git -C "$ksrc" rev-parse "$c:tools/testing/selftests/kvm/config")
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
		# A build directory left at another commit has the patch's own
		# files built already: build them again, for their warnings.
		git -C "$wt" diff --name-only --diff-filter=d "$c^" "$c" | (cd "$wt" && xargs -r touch)
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
