// SPDX-License-Identifier: GPL-2.0-only
/*
 * What an emulated machine's SVM does with three pieces of guest state that
 * KVM hands to VMRUN or reads back at #VMEXIT, checked from a guest with
 * none of the series' code (it runs on the bare base too):
 *
 *   cr2           CR2 set with KVM_SET_SREGS is the guest's CR2: VMRUN
 *                 loads it from the VMCB.
 *   error-code    a #GP injected with KVM_SET_VCPU_EVENTS and error code
 *                 0xabcd0018 pushes all 32 bits: EVENTINJ carries them.
 *   int-delivery  an INT n whose delivery takes a nested page fault (its
 *                 stack is untouched) reaches the guest once, after a #UD
 *                 that KVM injected just before: EXITINTINFO names the
 *                 INT n, not the event delivered before it.
 *   single-step   with RFLAGS.TF set, a CPUID (which KVM intercepts and
 *                 skips) is followed by one #DB, in the guest: the host
 *                 takes none.  Only with the argument "single-step", as
 *                 where it fails the host kernel takes the guest's #DB
 *                 before it has its own state back, and the machine resets.
 *
 * Prints "svm_state_check: <name>: ok", "...: defect (<what it saw>)" where
 * it sees the defect the check is about, "...: failed (<what it saw>)" where
 * it sees something else, or "...: not run (<why>)"; the machines' runs
 * hold them against
 * scripts/vm/emulator-defects.  Built against the KVM selftests library by
 * build-svm-check.sh.
 */
#include "kvm_util.h"
#include "processor.h"

#define CR2_VALUE	0xfeed5000ul
#define ERROR_CODE	0xabcd0018u
#define INT_VECTOR	0x80

/*
 * A check's line: ok, the defect it is about (the known way to get it
 * wrong, so that another failure is not taken for it), or failed.
 */
static void report(const char *name, bool ok, bool defect, const char *fmt,
		   u64 a, u64 b)
{
	printf("svm_state_check: %s: %s", name,
	       ok ? "ok" : defect ? "defect (" : "failed (");
	if (!ok) {
		printf(fmt, a, b);
		printf(")");
	}
	printf("\n");
}

static void gp_handler(struct ex_regs *regs)
{
	GUEST_SYNC_ARGS(2, regs->error_code, 0, 0, 0);
	GUEST_DONE();
}

static void guest_state(void)
{
	GUEST_SYNC_ARGS(1, get_cr2(), 0, 0, 0);
	/* The host injects #GP here. */
	GUEST_SYNC(3);
	GUEST_DONE();
}

static void check_cr2_and_error_code(void)
{
	struct kvm_vcpu_events ev;
	struct kvm_vcpu *vcpu;
	struct kvm_sregs sregs;
	struct kvm_vm *vm;
	struct ucall uc;

	vm = vm_create_with_one_vcpu(&vcpu, guest_state);
	vm_install_exception_handler(vm, GP_VECTOR, gp_handler);
	vcpu_sregs_get(vcpu, &sregs);
	sregs.cr2 = CR2_VALUE;
	vcpu_sregs_set(vcpu, &sregs);

	vcpu_run(vcpu);
	TEST_ASSERT_EQ(get_ucall(vcpu, &uc), UCALL_SYNC);
	TEST_ASSERT_EQ(uc.args[1], 1);
	report("cr2", uc.args[2] == CR2_VALUE, true, "set %#lx, guest read %#lx",
	       CR2_VALUE, uc.args[2]);

	vcpu_events_get(vcpu, &ev);
	ev.exception.injected = 1;
	ev.exception.nr = GP_VECTOR;
	ev.exception.has_error_code = 1;
	ev.exception.error_code = ERROR_CODE;
	vcpu_events_set(vcpu, &ev);
	vcpu_run(vcpu);
	TEST_ASSERT_EQ(get_ucall(vcpu, &uc), UCALL_SYNC);
	/* Stage 2 is the #GP handler's: the #GP was delivered. */
	TEST_ASSERT_EQ(uc.args[1], 2);
	report("error-code", (u32)uc.args[2] == ERROR_CODE,
	       uc.args[2] == (u16)ERROR_CODE, "injected %#lx, guest got %#lx",
	       ERROR_CODE, uc.args[2]);
	kvm_vm_free(vm);
}

/* A stack the guest has not touched: the INT's first push faults in NPT. */
static u8 fresh_stack[16 * PAGE_SIZE] __aligned(PAGE_SIZE);
static int ud_count, int_count;

static void ud_handler(struct ex_regs *regs)
{
	ud_count++;
}

static void int_handler(struct ex_regs *regs)
{
	int_count++;
}

static void guest_int(void)
{
	u64 top = (u64)fresh_stack + sizeof(fresh_stack) / 2;

	/* The host injects #UD here: the event delivered before the INT. */
	GUEST_SYNC(1);
	asm volatile("mov %%rsp, %%rbx\n\t"
		     "mov %[top], %%rsp\n\t"
		     "int %[vector]\n\t"
		     "mov %%rbx, %%rsp"
		     : : [top] "r"(top), [vector] "i"(INT_VECTOR) : "rbx", "memory");
	GUEST_SYNC_ARGS(2, ud_count, int_count, 0, 0);
	GUEST_DONE();
}

static void check_int_delivery(void)
{
	struct kvm_vcpu_events ev;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;

	vm = vm_create_with_one_vcpu(&vcpu, guest_int);
	vm_install_exception_handler(vm, UD_VECTOR, ud_handler);
	vm_install_exception_handler(vm, INT_VECTOR, int_handler);
	vcpu_run(vcpu);
	TEST_ASSERT_EQ(get_ucall(vcpu, &uc), UCALL_SYNC);

	vcpu_events_get(vcpu, &ev);
	ev.exception.injected = 1;
	ev.exception.nr = UD_VECTOR;
	ev.exception.has_error_code = 0;
	vcpu_events_set(vcpu, &ev);
	vcpu_run(vcpu);
	TEST_ASSERT_EQ(get_ucall(vcpu, &uc), UCALL_SYNC);
	TEST_ASSERT_EQ(uc.args[1], 2);
	/* The defect: the #UD delivered again at the INT, then the INT. */
	report("int-delivery", uc.args[2] == 1 && uc.args[3] == 1,
	       uc.args[2] == 2 && uc.args[3] == 1,
	       "#UD delivered %lu times, the INT %lu times", uc.args[2],
	       uc.args[3]);
	kvm_vm_free(vm);
}

static int db_count;
static u64 db_rip;

static void db_handler(struct ex_regs *regs)
{
	db_count++;
	db_rip = regs->rip;
	regs->rflags &= ~X86_EFLAGS_TF;
}

static void guest_single_step(void)
{
	asm volatile("pushfq\n\t"
		     "orq %[tf], (%%rsp)\n\t"
		     "popfq\n\t"
		     "cpuid\n\t"
		     "after_cpuid:"
		     : : "a"(0), "c"(0), [tf] "i"(X86_EFLAGS_TF)
		     : "rbx", "rdx", "memory", "cc");
	GUEST_SYNC_ARGS(1, db_count, db_rip, 0, 0);
	GUEST_DONE();
}

static void check_single_step(void)
{
	extern char after_cpuid[];
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;

	vm = vm_create_with_one_vcpu(&vcpu, guest_single_step);
	vm_install_exception_handler(vm, DB_VECTOR, db_handler);
	vcpu_run(vcpu);
	TEST_ASSERT_EQ(get_ucall(vcpu, &uc), UCALL_SYNC);
	TEST_ASSERT_EQ(uc.args[1], 1);
	report("single-step", uc.args[2] == 1 && uc.args[3] == (u64)after_cpuid,
	       false, "#DB %lu times, last at %#lx", uc.args[2], uc.args[3]);
	kvm_vm_free(vm);
}

int main(int argc, char *argv[])
{
	/* Each line out before the next check, which may take the machine. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	check_cr2_and_error_code();
	check_int_delivery();
	if (argc > 1 && !strcmp(argv[1], "single-step"))
		check_single_step();
	else
		printf("svm_state_check: single-step: not run (it resets the machine where it fails)\n");
	return 0;
}
