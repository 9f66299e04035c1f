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
# The packages are pinned, so that the guest does not change with the
# machine's point releases or security updates: bookworm's kernel and
# open-vm-tools as the bookworm suite had them at the time of writing.
# When the mirror drops them, the download fails; pin the suite's current
# ones here (apt.sh <dir> bookworm deb apt-cache depends linux-image-amd64).
#
# Usage: guest.sh <download cache> <output dir>  (writes bzImage, initramfs.cpio.gz)
set -euo pipefail

suite=bookworm
image=linux-image-6.1.0-50-amd64
tools=open-vm-tools=2:12.2.0-1+deb12u4
cache=$1
out=$2
here=$(dirname "$(readlink -f "$0")")

mkdir -p "$cache/debs" "$out"
"$here/../apt/apt-download.sh" "$cache/debs" "$suite" "$image" "$tools"
cd "$cache/debs"

stage=$(mktemp -d)
root=$(mktemp -d)
trap 'rm -rf "$stage" "$root"' EXIT
for deb in ./"${image}"_*.deb ./"${tools%%=*}"_*"${tools##*:}"_*.deb; do
	dpkg-deb -x "$deb" "$stage"
done
cp "$stage"/boot/vmlinuz-* "$out/bzImage"

mkdir -p "$root"/{bin,dev,proc,sys,tmp,usr/bin}
cp /bin/busybox "$root/bin/busybox"
cp "$stage/usr/bin/vmware-checkvm" "$stage/usr/bin/vmware-rpctool" "$root/usr/bin/"
gcc -O2 -Wall -Werror -static -o "$root/usr/bin/e2e-hostile" "$here/hostile.c"
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
loop=$(sed -n 's/.*e2e\.loop=\([0-9]*\).*/\1/p' /proc/cmdline)
[ -z "$loop" ] || { e2e-hostile loop "$loop"; echo "e2e: loop: exit $?"; }
out=$(e2e-hostile probe 2>&1); echo "e2e: port probe at CPL3: $out (exit $?)"
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
