#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build arch/x86/kvm/ and link its modules with the distribution's own
# kernel config: Debian's linux-config-<version> (config.amd64_none_amd64,
# KVM, KVM_INTEL and KVM_AMD as modules), W=1.  The three modules go
# through modpost against the core kernel's exports from Debian's own
# Module.symvers (linux-headers-<version>-amd64) for everything but KVM,
# so a symbol a vendor module takes from kvm.ko without an export fails
# here, as it would in Debian's build.  Any compiler or modpost warning fails the gate.
#
# Only debug info is turned off (it changes no warning, and triples the
# build time); everything else is Debian's.
#
# Usage: distro-build.sh <kernel tree> <build directory> <base> <apt cache>
set -euo pipefail

ksrc=$1
out=$2
base=$3
apt=$4
here=$(dirname "$(readlink -f "$0")")
ver=${base#v}
suite=$(awk -v b="$base" '$1 == b { print $2 }' "$here/bases")
kver=$(make -s -C "$ksrc" kernelversion)

cfgpkg=linux-config-$ver
"$here/apt-download.sh" "$apt" "$suite" "$cfgpkg"
# The headers package of the same kernel: linux-headers-7.3.4+deb13-amd64.
hdrpkg=$(apt-cache -o "Dir::Etc::sourcelist=$apt/$suite.sources" \
	-o Dir::Etc::sourceparts=/dev/null -o "Dir::State::Lists=$apt/lists" \
	-o "Dir::Cache=$apt/cache" pkgnames "linux-headers-$kver+" |
	grep -E "^linux-headers-$kver\+[a-z0-9]+-amd64$" | sort | tail -n 1 || true)
if [ -z "$hdrpkg" ]; then
	echo "distro-build: no linux-headers-$kver+*-amd64 in $suite" >&2
	exit 1
fi
"$here/apt-download.sh" "$apt" "$suite" "$hdrpkg"

mkdir -p "$out"
cfg=$(ls "$apt/${cfgpkg}"_*.deb | sort -V | tail -n 1)
hdr=$(ls "$apt/${hdrpkg}"_*.deb | sort -V | tail -n 1)
if [ ! -f "$out/.config" ]; then
	dpkg-deb --fsys-tarfile "$cfg" |
		tar -xO "./usr/src/$cfgpkg/config.amd64_none_amd64.xz" | xz -dc >"$out/.config"
	"$ksrc/scripts/config" --file "$out/.config" -d DEBUG_INFO \
		-d DEBUG_INFO_DWARF5 -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
		-e DEBUG_INFO_NONE
fi
# What the rest of Debian's build of the same kernel exports (the core
# kernel, irqbypass.ko, ccp.ko, ...), without the KVM modules' own exports.
dpkg-deb --fsys-tarfile "$hdr" | tar -xO "./usr/src/$hdrpkg/Module.symvers" |
	awk -F'\t' '$3 !~ /^arch\/x86\/kvm\//' >"$out/debian-others.symvers"

make -s -C "$ksrc" O="$out" olddefconfig >/dev/null
for opt in KVM KVM_INTEL KVM_AMD; do
	if ! grep -qx "CONFIG_$opt=m" "$out/.config"; then
		echo "distro-build: $cfgpkg does not build $opt as a module" >&2
		exit 1
	fi
done
vmware=$(grep -E '^CONFIG_KVM_VMWARE=' "$out/.config" || echo 'CONFIG_KVM_VMWARE not present')
log=$out/distro-build.log
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
if [ "$rc" != 0 ] || [ -s "$log" ]; then
	head -n 40 "$log" | sed 's/^/    /'
	echo "distro-build: $cfgpkg ($vmware): kvm.ko, kvm-intel.ko, kvm-amd.ko do not build cleanly"
	exit 1
fi
echo "distro-build: $cfgpkg ($vmware): kvm.ko, kvm-intel.ko and kvm-amd.ko build and link, no warning"
