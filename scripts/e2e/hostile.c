// SPDX-License-Identifier: GPL-2.0
/*
 * Guest side of the end-to-end test, at CPL3 through the backdoor port:
 * the requests a hostile or broken guest could make of the VMM's backdoor
 * and GuestRPC, each with the error answer VMware gives.  Prints one line a
 * check and "e2e: hostile: N of N answers as expected" at the end.
 * "e2e-hostile qemu" asks what QEMU's vmport answers instead; "e2e-hostile
 * probe" makes one call; "e2e-hostile loop <seconds>" makes hypercalls for
 * that long, checking every answer, while the VMM stops and migrates the VM.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAGIC		0x564d5868u
#define PORT		0x5658
#define PORT_HB		0x5659
#define CMD_GETVERSION	10
#define CMD_MESSAGE	30
#define CMD_VMMOUSE_STATUS 40
#define VMX_TYPE	4	/* -global vmport.vmware-vmx-type=4 */
#define PROTO_RPCI	0x49435052u
#define FLAG_COOKIE	0x80000000u
#define SUCCESS		1

struct bd {
	uint32_t ax, bx, cx, dx, si, di;
};

static int checks, good;

static void backdoor(struct bd *b)
{
	asm volatile("inl %%dx, %%eax"
		     : "+a"(b->ax), "+b"(b->bx), "+c"(b->cx), "+d"(b->dx),
		       "+S"(b->si), "+D"(b->di));
}

/* One MESSAGE call: returns the status in ECX[31:16]. */
static uint32_t message(uint32_t type, uint32_t id, uint32_t bx,
			uint32_t si, uint32_t di, struct bd *out)
{
	struct bd b = { MAGIC, bx, type << 16 | CMD_MESSAGE, id << 16 | PORT, si, di };

	backdoor(&b);
	if (out)
		*out = b;
	return b.cx >> 16;
}

static void check(const char *what, int ok)
{
	checks++;
	good += ok;
	printf("e2e: hostile: %s: %s\n", what, ok ? "ok" : "WRONG");
}

/* All 64 bits of the registers, for what a call must leave alone. */
struct bd64 {
	uint64_t ax, bx, cx, dx, si, di;
};

static void backdoor64(struct bd64 *b)
{
	asm volatile("inl %%dx, %%eax"
		     : "+a"(b->ax), "+b"(b->bx), "+c"(b->cx), "+d"(b->dx),
		       "+S"(b->si), "+D"(b->di));
}

static void hypercall64(struct bd64 *b, int vmmcall)
{
	if (vmmcall)
		asm volatile("vmmcall"
			     : "+a"(b->ax), "+b"(b->bx), "+c"(b->cx), "+d"(b->dx),
			       "+S"(b->si), "+D"(b->di));
	else
		asm volatile("vmcall"
			     : "+a"(b->ax), "+b"(b->bx), "+c"(b->cx), "+d"(b->dx),
			       "+S"(b->si), "+D"(b->di));
}

/*
 * GETVERSION outputs EAX, EBX and ECX: RDX, RSI and RDI, whose upper
 * halves are set, must come back whole.
 */
static int getversion_keeps_others(int form)
{
	struct bd64 b = { MAGIC, 0, CMD_GETVERSION, 0xabcdef0000000000ull | PORT,
			  0xdeadbeef00000001ull, 0xfeedface00000002ull };

	if (form < 0)
		backdoor64(&b);
	else
		hypercall64(&b, form);
	return (uint32_t)b.bx == MAGIC && b.dx == (0xabcdef0000000000ull | PORT) &&
	       b.si == 0xdeadbeef00000001ull && b.di == 0xfeedface00000002ull;
}

/*
 * QEMU's vmport has no GuestRPC: what it answers, by the port and, where
 * CPUID offers it, by VMware's hypercall, all from CPL3.
 */
static void hypercall(struct bd *b, uint64_t rax, int vmmcall)
{
	struct bd64 r = { rax, b->bx, b->cx, b->dx, b->si, b->di };

	hypercall64(&r, vmmcall);
	*b = (struct bd){ r.ax, r.bx, r.cx, r.dx, r.si, r.di };
}

static int qemu_checks(void)
{
	uint32_t sig[3], eax, ebx, ecx, edx;
	uint8_t buf[16];
	void *p = buf;
	unsigned long count = sizeof(buf);
	struct bd b;
	int form;

	b = (struct bd){ MAGIC, 0, 10, PORT, 0, 0 };
	backdoor(&b);
	check("port: GETVERSION answers with the magic in EBX", b.bx == MAGIC);
	b = (struct bd){ MAGIC, 0, 0xffff, PORT, 0, 0 };
	backdoor(&b);
	check("port: unknown command 0xff: EAX = 0xffffffff", b.ax == 0xffffffff);
	b = (struct bd){ MAGIC, 0, 0x7f, PORT, 0, 0 };
	backdoor(&b);
	check("port: unknown command 0x7f: EAX = 0xffffffff", b.ax == 0xffffffff);
	b = (struct bd){ MAGIC ^ 1, 0, 10, PORT, 0, 0 };
	backdoor(&b);
	check("port: a wrong magic: EAX = 0xffffffff", b.ax == 0xffffffff);
	check("port: GuestRPC (command 30) is unknown",
	      message(0, 0, PROTO_RPCI, 0, 0, &b) == 0 && b.ax == 0xffffffff);

	memset(buf, 0, sizeof(buf));
	asm volatile("rep insb"
		     : "+D"(p), "+c"(count)
		     : "a"(MAGIC), "b"(0), "d"(PORT_HB)
		     : "memory");
	check("port: high-bandwidth IN reads all ones", buf[0] == 0xff && buf[15] == 0xff);
	check("port: the registers GETVERSION does not output keep all 64 bits",
	      getversion_keeps_others(-1));
	b = (struct bd){ MAGIC, 0, CMD_VMMOUSE_STATUS, PORT, 0, 0 };
	backdoor(&b);
	check("port: vmmouse answers at CPL3 (the port is not gated)",
	      b.ax != 0xffffffff);

	asm volatile("cpuid" : "=a"(eax), "=b"(sig[0]), "=c"(sig[1]), "=d"(sig[2])
		     : "a"(0x40000000), "c"(0));
	if (memcmp(sig, "VMwareVMware", 12) || eax < 0x40000010) {
		printf("e2e: hostile: no VMware hypercall offered\n");
		return 0;
	}
	asm volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(0x40000010), "c"(0));
	form = ecx & 1;
	printf("e2e: hostile: hypercall by %s\n", form ? "VMMCALL" : "VMCALL");

	b = (struct bd){ 0, 0, 10, 0, 0, 0 };
	hypercall(&b, MAGIC, form);
	check("hypercall: GETVERSION answers with the magic in EBX", b.bx == MAGIC);
	b = (struct bd){ 0, 0, 10, 0, 0, 0 };
	hypercall(&b, 0xdead000000000000ull | MAGIC, form);
	check("hypercall: RAX[63:32] are not part of the magic", b.bx == MAGIC);
	b = (struct bd){ 0, 0, 0xffff, 0, 0, 0 };
	hypercall(&b, MAGIC, form);
	check("hypercall: unknown command 0xff: EAX = 0xffffffff", b.ax == 0xffffffff);
	b = (struct bd){ 0, 0, 30, 0, PROTO_RPCI, 0 };
	hypercall(&b, MAGIC, form);
	check("hypercall: GuestRPC (command 30) is unknown", b.ax == 0xffffffff);
	b = (struct bd){ 0, 0x1234, 10, 0, 0, 0 };
	hypercall(&b, MAGIC ^ 1, form);
	check("hypercall: no magic is KVM's hypercall, refused at CPL3",
	      b.ax == 0xffffffff && b.bx == 0x1234);
	check("hypercall: the registers GETVERSION does not output keep all 64 bits",
	      getversion_keeps_others(form));
	b = (struct bd){ 0, 0, CMD_VMMOUSE_STATUS, 0, 0, 0 };
	hypercall(&b, MAGIC, form);
	check("hypercall: vmmouse refuses CPL3 (vmmouse-cpl3 off)", b.ax == 0xffffffff);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * "e2e-hostile loop <seconds>": GETVERSION by hypercall for that long, each
 * call with its own RSI and RDI, each answer checked: the VMM stops, resumes
 * and migrates the VM meanwhile, and an answer lost or applied to another
 * call shows here.
 */
static int loop(double seconds)
{
	unsigned long calls = 0, wrong = 0;
	uint32_t eax, ebx, ecx, edx;
	double end = now() + seconds;
	struct bd64 b;
	int form;

	asm volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(0x40000010), "c"(0));
	form = ecx & 1;
	printf("e2e: loop: running for %.0f s by %s\n", seconds, form ? "VMMCALL" : "VMCALL");
	fflush(stdout);
	while (now() < end) {
		b = (struct bd64){ MAGIC, 0, CMD_GETVERSION, 0, calls << 32 | calls, ~calls };
		hypercall64(&b, form);
		if (b.ax != 6 || b.bx != MAGIC || b.cx != VMX_TYPE ||
		    b.si != (calls << 32 | calls) || b.di != ~calls) {
			if (!wrong)
				printf("e2e: loop: call %lu: ax %#lx bx %#lx cx %#lx si %#lx di %#lx\n",
				       calls, b.ax, b.bx, b.cx, b.si, b.di);
			wrong++;
		}
		calls++;
	}
	printf("e2e: loop: %lu calls, %lu wrong answers\n", calls, wrong);
	return wrong != 0 || !calls;
}

/*
 * VMware's timing leaf as the VMM filled it in (KVM leaves it to the VMM):
 * EAX the TSC and EBX the APIC bus frequency, in kHz.  Linux reads only
 * ECX of it, so the check has to come from here.
 */
static void print_timing_leaf(void)
{
	uint32_t eax, ebx, ecx, edx;
	char sig[12];

	asm volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(0x40000000), "c"(0));
	memcpy(sig, &ebx, 4);
	memcpy(sig + 4, &ecx, 4);
	memcpy(sig + 8, &edx, 4);
	if (memcmp(sig, "VMwareVMware", 12) || eax < 0x40000010) {
		printf("e2e: timing leaf: none\n");
		return;
	}
	asm volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(0x40000010), "c"(0));
	printf("e2e: timing leaf: TSC %u kHz, APIC bus %u kHz\n", eax, ebx);
}

/*
 * The signatures at 0x40000000 (the vendor's) and 0x40000001 (Hyper-V's
 * interface, "Hv#1", where the VMM presents it beside VMware's).
 */
static void print_hypervisor_leaves(void)
{
	uint32_t eax, ebx, ecx, edx, iface;
	char sig[13] = "", id[5] = "";

	asm volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(0x40000000), "c"(0));
	memcpy(sig, &ebx, 4);
	memcpy(sig + 4, &ecx, 4);
	memcpy(sig + 8, &edx, 4);
	asm volatile("cpuid" : "=a"(iface), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(0x40000001), "c"(0));
	memcpy(id, &iface, 4);
	printf("e2e: cpuid 0x40000000: \"%.12s\" up to %#x, 0x40000001: %#x \"%.4s\"\n",
	       sig, eax, iface, id);
}

/*
 * "e2e-hostile probe": one GETVERSION by the port and nothing else, with
 * no SIGSEGV handler, so that where the port faults at CPL3 the shell sees
 * the signal (exit 139) and no other failure passes for it.
 */
static int probe(void)
{
	struct bd b = { MAGIC, 0, CMD_GETVERSION, PORT, 0, 0 };

	backdoor(&b);
	printf("GETVERSION answered, EBX %#x\n", b.bx);
	return b.bx != MAGIC;
}

int main(int argc, char **argv)
{
	uint32_t ids[9], si, di, i;
	uint8_t buf[16];
	void *p = buf;
	unsigned long count = sizeof(buf);
	struct bd b;
	int n;

	if (argc > 1 && !strcmp(argv[1], "probe"))
		return probe();
	if (argc > 2 && !strcmp(argv[1], "loop"))
		return loop(atof(argv[2]));
	print_hypervisor_leaves();
	print_timing_leaf();
	if (argc > 1 && !strcmp(argv[1], "qemu")) {
		qemu_checks();
		printf("e2e: hostile: %d of %d answers as expected\n", good, checks);
		return good != checks;
	}

	b = (struct bd){ MAGIC, 0, 0xffff, PORT, 0, 0 };
	backdoor(&b);
	check("unknown command 0xffff: EAX = 0xffffffff", b.ax == 0xffffffff);

	check("open with an unknown protocol fails",
	      !(message(0, 0, 0x12345678, 0, 0, NULL) & SUCCESS));
	check("an unknown message type fails",
	      !(message(7, 0, 0, 0, 0, NULL) & SUCCESS));
	check("send on a channel never opened fails",
	      !(message(1, 5, 4, 0, 0, NULL) & SUCCESS));
	check("send on channel 0xffff fails",
	      !(message(1, 0xffff, 4, 0, 0, NULL) & SUCCESS));

	/* Open every channel there is, then one more. */
	for (n = 0; n < 9; n++) {
		if (!(message(0, 0, PROTO_RPCI, 0, 0, &b) & SUCCESS))
			break;
		ids[n] = b.dx >> 16;
	}
	check("channels run out, then open fails", n > 0 && n < 9);
	for (i = 0; i < (uint32_t)n; i++)
		message(6, ids[i], 0, 0, 0, NULL);
	check("closed channels can be opened again",
	      message(0, 0, PROTO_RPCI, 0, 0, &b) & SUCCESS);
	message(6, b.dx >> 16, 0, 0, 0, NULL);

	/* A channel with a cookie: calls without it fail. */
	message(0, 0, PROTO_RPCI | FLAG_COOKIE, 0, 0, &b);
	ids[0] = b.dx >> 16;
	si = b.si;
	di = b.di;
	check("send with a wrong cookie fails",
	      !(message(1, ids[0], 4, si ^ 1, di, NULL) & SUCCESS));
	check("a size over the limit fails",
	      !(message(1, ids[0], 0x7fffffff, si, di, NULL) & SUCCESS));
	check("payload before a size fails",
	      !(message(2, ids[0], 0x41414141, si, di, NULL) & SUCCESS));
	check("receiving payload with no reply fails",
	      !(message(4, ids[0], SUCCESS, si, di, NULL) & SUCCESS));
	check("receiving a status with no reply fails",
	      !(message(5, ids[0], SUCCESS, si, di, NULL) & SUCCESS));
	check("a size of 2 is taken",
	      message(1, ids[0], 2, si, di, NULL) & SUCCESS);
	message(2, ids[0], 0x00005a5a, si, di, NULL);
	check("payload past the size fails",
	      !(message(2, ids[0], 0x41414141, si, di, NULL) & SUCCESS));
	check("the 2-byte request has a reply",
	      message(3, ids[0], 0, si, di, &b) == (SUCCESS | 2) && b.bx > 2);
	for (i = 0; i < b.bx; i += 4)
		message(4, ids[0], SUCCESS, si, di, NULL);
	check("reading past the reply fails",
	      !(message(4, ids[0], SUCCESS, si, di, NULL) & SUCCESS));
	check("closing works",
	      message(6, ids[0], 0, si, di, NULL) & SUCCESS);
	check("a closed channel fails",
	      !(message(1, ids[0], 4, si, di, NULL) & SUCCESS));

	/* The high-bandwidth port is not offered: no data, no crash. */
	memset(buf, 0, sizeof(buf));
	asm volatile("rep insb"
		     : "+D"(p), "+c"(count)
		     : "a"(MAGIC), "b"(0), "d"(PORT_HB)
		     : "memory");
	check("high-bandwidth IN reads all ones", buf[0] == 0xff && buf[15] == 0xff);

	/* And a console line longer than any buffer the VMM could have. */
	printf("e2e: hostile: a long line: %04000d\n", 0);
	printf("e2e: hostile: %d of %d answers as expected\n", good, checks);
	return good != checks;
}
