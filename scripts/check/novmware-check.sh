#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Judge the VMware selftests on a kernel built with CONFIG_KVM_VMWARE=n,
# from what scripts/vm-result.sh left of its serial log: vmware_cap_test
# must pass by its check of KVM without VMware support, and every other
# VMware test must skip for want of the capability.
#
# Usage: novmware-check.sh <kernel .config> <serial log>
set -euo pipefail

config=$1
log=$2

if ! grep -qx '# CONFIG_KVM_VMWARE is not set' "$config"; then
	echo "novmware-check: $config does not have CONFIG_KVM_VMWARE=n"
	exit 1
fi
bad=0
if ! grep -q 'ok 1 without KVM_CAP_X86_VMWARE: ' "$log.ktap"; then
	echo "novmware-check: vmware_cap_test did not report its check without the capability"
	bad=1
fi
while read -r test result; do
	want=skip
	[ "$test" = vmware_cap_test ] && want=pass
	if [ "$result" != "$want" ]; then
		echo "novmware-check: $test: $result, want $want"
		bad=1
	fi
done <"$log.results"
[ "$bad" -eq 0 ] || exit 1
echo "novmware-check: vmware_cap_test passed without the capability," \
     "$(grep -c ' skip$' "$log.results") other VMware tests skipped"
