#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lay out hw-test.sh for an emulated machine, where it runs as the one
# kselftest of the machine's initramfs: <out>/install is a kselftest install
# whose test hw_test_vm.sh runs the kit and prints its report, and
# <out>/root is copied into the machine's root: the kit and bash in /hw, the
# whole kselftest install in /hw/ktest with vmware_e2e.sh added, the e2e
# build's files in /e2e.
#
# Usage: kit-root.sh <kselftest install> <e2e build dir> <out dir> <upstream tests>
set -euo pipefail

ktest=$1
e2e=$2
out=$3
upstream=$4
here=$(dirname "$(readlink -f "$0")")

rm -rf "$out/install" "$out/root"
mkdir -p "$out/install/kvm" "$out/root/hw" "$out/root/bin"
cp -r "$ktest/kselftest" "$ktest/run_kselftest.sh" "$out/install/"
echo kvm:hw_test_vm.sh >"$out/install/kselftest-list.txt"
cat >"$out/install/kvm/hw_test_vm.sh" <<SH
#!/bin/sh
# The hardware kit, run as a kselftest in an emulated machine.
/bin/bash /hw/hw-test.sh /hw/ktest /tmp/hw-test.report "$upstream"
rc=\$?
cat /tmp/hw-test.report
exit \$rc
SH
chmod +x "$out/install/kvm/hw_test_vm.sh"

cp "$here/hw-test.sh" "$out/root/hw/"
cp /bin/bash "$out/root/bin/"
cp -al "$ktest" "$out/root/hw/ktest"
cp -r "$e2e/files/e2e" "$out/root/e2e"
cp "$e2e/install/kvm/vmware_e2e.sh" "$out/root/hw/ktest/kvm/"
