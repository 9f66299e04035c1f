#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make the end-to-end test's guest from Debian's own packages, so that the
# VMware code it tests the VMM with is not ours: the kernel of
# linux-image-amd64, and an initramfs with busybox and open-vm-tools'
# vmware-checkvm and vmware-rpctool, whose /init prints what they say with
# "e2e:" in front.  Ours is only hostile.c, the bad requests that Debian's
# code does not make.
#
# Usage: guest.sh <download cache> <output dir>  (writes bzImage, initramfs.cpio.gz)
set -euo pipefail

cache=$1
out=$2

mkdir -p "$cache/debs" "$out"
cd "$cache/debs"
image=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ { print $2; exit }')
for pkg in "$image" open-vm-tools; do
	if ! ls ./"${pkg}"_*.deb >/dev/null 2>&1; then
		apt-get download -q "$pkg" 2>/dev/null ||
			{ apt-get update -q >/dev/null && apt-get download -q "$pkg" 2>/dev/null; }
	fi
done

stage=$(mktemp -d)
root=$(mktemp -d)
trap 'rm -rf "$stage" "$root"' EXIT
for deb in ./"${image}"_*.deb ./open-vm-tools_*.deb; do
	dpkg-deb -x "$deb" "$stage"
done
cp "$stage"/boot/vmlinuz-* "$out/bzImage"

mkdir -p "$root"/{bin,dev,proc,sys,tmp,usr/bin}
cp /bin/busybox "$root/bin/busybox"
cp "$stage/usr/bin/vmware-checkvm" "$stage/usr/bin/vmware-rpctool" "$root/usr/bin/"
gcc -O2 -Wall -Werror -static -o "$root/usr/bin/e2e-hostile" "$(dirname "$(readlink -f "$0")")/hostile.c"
cp -a "$stage"/usr/lib/x86_64-linux-gnu/libvmtools.so* "$root/usr/bin/"
# Their libraries: libvmtools from the package, the rest from this machine.
for lib in $(LD_LIBRARY_PATH="$root/usr/bin" ldd "$root"/usr/bin/vmware-* |
	     grep -o '/[^ ]*\.so[^ ]*' | grep -v "^$root" | sort -u); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done

cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin LD_LIBRARY_PATH=/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "e2e: guest $(uname -r) up, $(grep -c ^processor /proc/cpuinfo) CPU(s)"
out=$(vmware-checkvm 2>&1); echo "e2e: vmware-checkvm: $out (exit $?)"
out=$(vmware-checkvm -p 2>&1); echo "e2e: vmware-checkvm -p: $out (exit $?)"
out=$(vmware-rpctool 'info-get guestinfo.e2e' 2>&1); echo "e2e: vmware-rpctool info-get guestinfo.e2e: $out (exit $?)"
out=$(vmware-rpctool 'info-get guestinfo.none' 2>&1); echo "e2e: vmware-rpctool info-get guestinfo.none: $out (exit $?)"
out=$(vmware-rpctool 'no-such-command' 2>&1); echo "e2e: vmware-rpctool no-such-command: $out (exit $?)"
vmm=$(sed -n 's/.*e2e\.vmm=\([a-z]*\).*/\1/p' /proc/cmdline)
e2e-hostile $vmm
dmesg | grep -E 'Hypervisor detected|vmware|TSC freq|tsc: |WARNING:|BUG:|Oops' | sed 's/^/e2e: dmesg: /'
echo "e2e: done"
reboot -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz"
echo "e2e-guest: $out/bzImage ($image), $out/initramfs.cpio.gz"
