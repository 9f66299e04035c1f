#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel on an emulated AMD CPU (QEMU TCG, -cpu max, which has
# SVM with nested paging) and run the initramfs' selftests.  The machine has
# no HPET or PM timer to calibrate the TSC against, and KVM refuses to run
# without a TSC frequency: tsc_early_khz gives it one.  Its only other
# clock is jiffies, whose ticks come late when the host is busy; the
# clocksource watchdog then calls the TSC unstable (seen: 142 ms of "skew"
# at boot) and the TSC and kvmclock selftests skip or fail.  tsc=reliable
# keeps the TSC, which QEMU derives from the host's clock.
#
# Usage: vm-amd.sh <bzImage> <initramfs> <serial log> <seconds> [cmdline...]
set -euo pipefail

kernel=$1
initrd=$2
log=$3
secs=$4
shift 4

if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "vm-amd: qemu-system-x86_64 missing: apt-get install qemu-system-x86" >&2
	exit 1
fi
rc=0
timeout --kill-after=10 "$secs" qemu-system-x86_64 \
	-accel tcg,thread=multi -cpu max -smp 2 -m 4G \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0,115200 panic=-1 oops=panic loglevel=4 tsc_early_khz=2000000 tsc=reliable $*" \
	-display none -monitor none -serial "file:$log" -no-reboot || rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "vm-amd: stopped after $secs s"
fi
