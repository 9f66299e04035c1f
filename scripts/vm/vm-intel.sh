#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel on an emulated Intel CPU (Bochs, Haswell model, which
# has VMX with EPT) from an isolinux ISO and run the initramfs' selftests.
# Bochs has no -no-reboot: it is stopped once the log shows the end marker.
# BOCHS_CPU=<model> boots another of Bochs' CPU models (vm-amd-bochs.sh).
#
# Usage: vm-intel.sh <bzImage> <initramfs> <serial log> <seconds> [cmdline...]
set -euo pipefail

kernel=$1
initrd=$2
log=$3
secs=$4
shift 4
model=${BOCHS_CPU:-corei7_haswell_4770}

for tool in bochs xorriso script; do
	if ! command -v "$tool" >/dev/null; then
		echo "vm-intel: $tool missing: apt-get install bochs bochs-term bochsbios vgabios xorriso isolinux syslinux-common" >&2
		exit 1
	fi
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/iso/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$dir/iso/isolinux/"
cp "$kernel" "$dir/iso/bzImage"
cp "$initrd" "$dir/iso/initrd.gz"
cat >"$dir/iso/isolinux/isolinux.cfg" <<CFG
DEFAULT vmtest
LABEL vmtest
  KERNEL /bzImage
  APPEND initrd=/initrd.gz console=ttyS0,115200 panic=-1 oops=panic loglevel=4 vmtest.halt $*
CFG
xorriso -as mkisofs -quiet -o "$dir/boot.iso" -b isolinux/isolinux.bin \
	-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "$dir/iso"

cat >"$dir/bochsrc" <<RC
megs: 2048
cpu: model=$model, count=1, ips=200000000
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$dir/boot.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$log
display_library: term
clock: sync=none, time0=local
log: $dir/bochs.log
panic: action=fatal
error: action=ignore
info: action=ignore
speaker: enabled=0
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
RC
echo c >"$dir/rc"
: >"$log"

# Bochs wants a terminal for its text display: give it one with script(1).
TERM=xterm script -qfec "bochs -q -f $dir/bochsrc -rc $dir/rc" /dev/null \
	</dev/null >/dev/null 2>&1 &
pid=$!
end=$((SECONDS + secs))
while kill -0 "$pid" 2>/dev/null; do
	if grep -q '^vmtest: end' "$log" 2>/dev/null; then
		sleep 2
		break
	fi
	if [ "$SECONDS" -ge "$end" ]; then
		echo "vm-intel: stopped after $secs s"
		break
	fi
	sleep 2
done
# Bash reports the killed job on its stderr when reaping it: not news here.
{
	pkill -KILL -P "$pid" || true
	kill -KILL "$pid" || true
	pkill -KILL -f "bochs -q -f $dir/bochsrc" || true
	wait "$pid" || true
} 2>/dev/null
if ! grep -q 'vmtest: begin' "$log"; then
	echo "vm-intel: bochs log tail:"
	tail -n 20 "$dir/bochs.log" | sed 's/^/    /'
fi
