// SPDX-License-Identifier: GPL-2.0
/*
 * Prints the TSC frequency, in kHz, that KVM gives a new vCPU
 * (KVM_GET_TSC_KHZ): what a VMM that sets none reports to its guest.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <sys/ioctl.h>

int main(void)
{
	int kvm, vm, vcpu, khz;

	kvm = open("/dev/kvm", O_RDWR);
	vm = kvm < 0 ? -1 : ioctl(kvm, KVM_CREATE_VM, 0);
	vcpu = vm < 0 ? -1 : ioctl(vm, KVM_CREATE_VCPU, 0);
	khz = vcpu < 0 ? -1 : ioctl(vcpu, KVM_GET_TSC_KHZ, 0);
	if (khz <= 0) {
		perror("kvm-tsc-khz");
		return 1;
	}
	printf("%d\n", khz);
	return 0;
}
