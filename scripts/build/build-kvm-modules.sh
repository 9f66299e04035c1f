#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build arch/x86/kvm/ and link its modules as a distribution does: Debian's
# own kernel config, linux-config-<version> (config.amd64_none_amd64: KVM,
# KVM_INTEL and KVM_AMD as modules), W=1, with CONFIG_KVM_VMWARE as asked.
# No core kernel is built: modules_prepare, then the three modules go
# through modpost against the core kernel's exports from Debian's own
# Module.symvers (linux-headers-<version>-amd64), without KVM's own.  So a
# symbol that a vendor module takes from kvm.ko without an export fails
# here, and so does one the series would take from the core kernel without
# the core exporting it in Debian's build.  Any compiler or modpost warning
# fails.  With CONFIG_KVM_VMWARE=n, no KVM object but vmware.o may refer
# to a symbol of vmware.c (the stubs must have compiled every call out).
#
# Only debug info is turned off (it changes no warning, and triples the
# build time); everything else is Debian's.  The build directory is kept,
# so that the next call (the next patch) builds incrementally.
#
# Usage: build-kvm-modules.sh <kernel tree> <build dir> <base> <apt cache> <y|n>
set -euo pipefail

ksrc=$1
out=$2
base=$3
apt=$4
want=$5
here=$(dirname "$(readlink -f "$0")")
ver=${base#v}
suite=$(awk -v b="$base" '$1 == b { print $2 }' "$here/../apt/bases")
cfgpkg=linux-config-$ver
log=$out.log

if [ ! -f "$out/debian-others.symvers" ]; then
	kver=$(make -s -C "$ksrc" kernelversion)
	"$here/../apt/apt-download.sh" "$apt" "$suite" "$cfgpkg"
	# The headers package of the same kernel: linux-headers-7.3.4+deb13-amd64.
	hdrpkg=$("$here/../apt/apt.sh" "$apt" "$suite" deb apt-cache pkgnames "linux-headers-$kver+" |
		grep -E "^linux-headers-$kver\+[a-z0-9]+-amd64$" | sort | tail -n 1 || true)
	if [ -z "$hdrpkg" ]; then
		echo "build-kvm-modules: no linux-headers-$kver+*-amd64 in $suite" >&2
		exit 1
	fi
	"$here/../apt/apt-download.sh" "$apt" "$suite" "$hdrpkg"
	mkdir -p "$out"
	cfg=$(ls "$apt/${cfgpkg}"_*.deb | sort -V | tail -n 1)
	hdr=$(ls "$apt/${hdrpkg}"_*.deb | sort -V | tail -n 1)
	dpkg-deb --fsys-tarfile "$cfg" |
		tar -xO "./usr/src/$cfgpkg/config.amd64_none_amd64.xz" | xz -dc >"$out/.config"
	"$ksrc/scripts/config" --file "$out/.config" -d DEBUG_INFO \
		-d DEBUG_INFO_DWARF5 -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
		-e DEBUG_INFO_NONE
	# What the rest of Debian's build of the same kernel exports (the core
	# kernel, irqbypass.ko, ccp.ko, ...), without the KVM modules' own.
	dpkg-deb --fsys-tarfile "$hdr" | tar -xO "./usr/src/$hdrpkg/Module.symvers" |
		awk -F'\t' '$3 !~ /^arch\/x86\/kvm\//' >"$out/debian-others.symvers.tmp"
	mv "$out/debian-others.symvers.tmp" "$out/debian-others.symvers"
fi

# Set the option every time: olddefconfig drops it while the symbol does
# not exist yet (early patches), and defaults it to y once it does.
if [ "$want" = y ]; then
	"$ksrc/scripts/config" --file "$out/.config" --enable KVM_VMWARE
else
	"$ksrc/scripts/config" --file "$out/.config" --disable KVM_VMWARE
fi
make -s -C "$ksrc" O="$out" olddefconfig >/dev/null
for opt in KVM KVM_INTEL KVM_AMD; do
	if ! grep -qx "CONFIG_$opt=m" "$out/.config"; then
		echo "build-kvm-modules: $cfgpkg does not build $opt as a module" >&2
		exit 1
	fi
done
has_option=$(grep -qx 'config KVM_VMWARE' "$ksrc/arch/x86/kvm/Kconfig" && echo y || echo n)
have=$(grep -qx 'CONFIG_KVM_VMWARE=y' "$out/.config" && echo y || echo n)
if [ "$has_option" = y ] && [ "$have" != "$want" ]; then
	echo "build-kvm-modules: could not set CONFIG_KVM_VMWARE=$want"
	exit 1
fi

# With the same W=1 as below, so that the host tools (genksyms, whose bison
# grammar warns under W=1 on 6.12) are not rebuilt, and judged, there.
make -s -C "$ksrc" O="$out" -j"$(nproc)" W=1 modules_prepare >"$log" 2>&1 || { cat "$log"; exit 1; }
: >"$log"
rc=0
make -s -C "$ksrc" O="$out" -j"$(nproc)" W=1 arch/x86/kvm/ >>"$log" 2>&1 || rc=1
if [ "$rc" = 0 ]; then
	modpost=(-M -W -o "$out/arch/x86/kvm/Module.symvers" -i "$out/debian-others.symvers")
	grep -qx 'CONFIG_MODVERSIONS=y' "$out/.config" && modpost+=(-m)
	(cd "$out" && scripts/mod/modpost "${modpost[@]}" arch/x86/kvm/kvm.o \
		arch/x86/kvm/kvm-intel.o arch/x86/kvm/kvm-amd.o) >>"$log" 2>&1 || rc=1
fi
if [ "$rc" = 0 ] && [ "$has_option" = y ] && [ "$want" = n ]; then
	find "$out/arch/x86/kvm" -name '*.o' ! -name vmware.o ! -name 'kvm*.o' \
		-exec nm -A -u {} + | grep -E ' U [^ ]*vmware' >>"$log" || true
	[ -s "$log" ] && sed -i '1i with CONFIG_KVM_VMWARE=n, these still call into vmware.c:' "$log"
fi
if [ "$rc" != 0 ] || [ -s "$log" ]; then
	head -n 40 "$log" | sed 's/^/    /'
	exit 1
fi
