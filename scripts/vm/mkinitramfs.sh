#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make the test machines' initramfs: busybox, the kselftest runner and the
# named KVM selftests from an installed kselftest tree, and their libraries.
# At boot, /init runs run_kselftest.sh over them and prints KTAP between
# "vmtest: begin" and "vmtest: end" lines on the serial console.
#
# Usage: mkinitramfs.sh [-a <dir>] [-m <dir>] <kselftest install dir> <output .cpio.gz>
#                      <test>...
#        (tests as in kselftest-list.txt, e.g. kvm:xen_vmcall_test;
#        -a: <dir> is copied into the root as well, with its programs' libraries;
#        -m: the kernel's modules, installed into <dir> (build-kernel.sh's
#        modroot), which /init loads: kvm and the module of the CPU's vendor,
#        with the options the kernel command line gives them)
set -euo pipefail

extra=
mods=
while getopts a:m: opt; do
	case $opt in
	a) extra=$OPTARG ;;
	m) mods=$OPTARG ;;
	*) exit 1 ;;
	esac
done
shift $((OPTIND - 1))
inst=$1
out=$2
shift 2

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,usr/bin,kselftest/kvm}

cp /bin/busybox "$root/bin/busybox"
if [ -n "$mods" ]; then
	if [ ! -d "$mods/lib/modules" ]; then
		echo "mkinitramfs: no modules installed in $mods" >&2
		exit 1
	fi
	cp -r "$mods/lib" "$root/"
fi
cp /usr/bin/timeout "$root/usr/bin/timeout"
cp -r "$inst/kselftest" "$inst/run_kselftest.sh" "$root/kselftest/"
[ -f "$inst/kvm/settings" ] && cp "$inst/kvm/settings" "$root/kselftest/kvm/"

bins=("$root/usr/bin/timeout")
if [ -n "$extra" ]; then
	cp -r "$extra"/. "$root/"
	mapfile -t -O 1 bins < <(find "$extra" -type f -perm -u+x)
fi
: >"$root/kselftest/kselftest-list.txt"
for t in "$@"; do
	name=${t#kvm:}
	if ! grep -qxF "kvm:$name" "$inst/kselftest-list.txt"; then
		echo "mkinitramfs: no selftest '$name' in $inst" >&2
		exit 1
	fi
	mkdir -p "$root/kselftest/kvm/$(dirname "$name")"
	cp "$inst/kvm/$name" "$root/kselftest/kvm/$name"
	echo "kvm:$name" >>"$root/kselftest/kselftest-list.txt"
	bins+=("$root/kselftest/kvm/$name")
done

# The shared libraries the binaries link against, at the paths ldd names.
for lib in $(ldd "${bins[@]}" 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
# glibc loads libgcc_s with dlopen() for pthread_cancel(): ldd cannot see it.
gcc_s=$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ && !found { print $NF; found = 1 }')
mkdir -p "$root$(dirname "$gcc_s")"
cp -L "$gcc_s" "$root$gcc_s"

cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
mount -t debugfs debugfs /sys/kernel/debug
mkdir -p /dev/hugepages && mount -t hugetlbfs hugetlbfs /dev/hugepages
# KVM as modules: busybox modprobe takes their options from /proc/cmdline
# (kvm.enable_vmware_backdoor=1, kvm_amd.nrips=0), as the kernel does for
# built-in code.
if [ -d /lib/modules ]; then
	modprobe kvm
	! grep -q -w svm /proc/cpuinfo || modprobe kvm_amd
	! grep -q -w vmx /proc/cpuinfo || modprobe kvm_intel
fi
timeout=$(sed -n 's/.*vmtest.timeout=\([0-9]*\).*/\1/p' /proc/cmdline)
echo "vmtest: cpu $(grep -m1 -o -w -E 'vmx|svm' /proc/cpuinfo || echo none)," \
     "kvm $(ls /sys/module | grep -E '^kvm(_intel|_amd)?$' | tr '\n' ' ')"
echo "vmtest: cmdline $(cat /proc/cmdline)"
# A machine's additions (defects-layout.sh): a check of the emulated CPU,
# and kselftest's per-test arguments (KSELFTEST_<TEST>_ARGS).
if [ -x /kselftest/svm_state_check ]; then
	{ timeout 120 /kselftest/svm_state_check; echo "svm_state_check: exit $?"; } 2>&1 |
		sed 's/^/vmtest: /'
fi
[ ! -f /kselftest/env ] || . /kselftest/env
echo "vmtest: begin"
cd /kselftest && ./run_kselftest.sh ${timeout:+-o $timeout} 2>&1
# A debug kernel: look for leaks now (its reports fail the run on the host).
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	echo "vmtest: kmemleak: $(grep -c '^unreferenced object' /sys/kernel/debug/kmemleak) leaks"
	cat /sys/kernel/debug/kmemleak
fi
# The console only shows errors (loglevel=4), but WARN_ON and lockdep report
# at warning level: print the kernel's log for the host to check.
echo "vmtest: kernel log"
dmesg
echo "vmtest: end"
# Machines that cannot be told not to reboot (Bochs) are stopped by the host
# once it has read the end marker; waiting also lets the UART drain.
if grep -q 'vmtest.halt' /proc/cmdline; then
	while :; do sleep 1000; done
fi
reboot -f
INIT
chmod +x "$root/init"

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
