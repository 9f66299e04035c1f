// SPDX-License-Identifier: GPL-2.0
/*
 * vmware-vmm: the smallest VMM that runs a Linux guest as a VMware guest on
 * KVM_CAP_X86_VMWARE.  It boots a bzImage and an initramfs through the
 * 64-bit Linux boot protocol, with a 16450 UART at 0x3f8 as the console and
 * an MP table for one or more vCPUs, shows the "VMwareVMware" CPUID leaves
 * and answers the VMware backdoor: KVM_EXIT_IO for the port form and
 * KVM_EXIT_VMWARE for the hypercall form go through one handler.
 *
 * Every value the guest passes is untrusted: bad commands, channels, cookies
 * and lengths get VMware's error answers.
 *
 * Usage: vmware-vmm [-c cpus] [-m MiB] [-P] [-v] [-g key=value]... \
 *		     <bzImage> <initramfs> <command line>
 *	-P	port form only: no KVM_X86_VMWARE_HYPERCALL, no CPUID bit for it
 *	-g	a guestinfo variable for "info-get guestinfo.<key>"
 *	-v	print every backdoor call on stderr
 */
#include <asm/bootparam.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BDOOR_MAGIC		0x564d5868u
#define BDOOR_PORT		0x5658
#define BDOOR_PORT_HB		0x5659

#define BDOOR_CMD_GETVERSION	10
#define BDOOR_CMD_GETUUID	19
#define BDOOR_CMD_GETMEMSIZE	20
#define BDOOR_CMD_MESSAGE	30
#define BDOOR_CMD_GETHZ		45
#define BDOOR_CMD_GETVCPU_INFO	68

/* What GETVERSION answers: the version vmware-checkvm wants, Workstation. */
#define BDOOR_VERSION		6
#define BDOOR_PRODUCT_WS	4

/* GuestRPC over the MESSAGE command: ECX[31:16] is the type. */
enum { MSG_OPEN, MSG_SENDSIZE, MSG_SENDPAYLOAD, MSG_RECVSIZE,
	MSG_RECVPAYLOAD, MSG_RECVSTATUS, MSG_CLOSE };
#define MSG_SUCCESS		0x0001
#define MSG_DORECV		0x0002
#define MSG_PROTO_RPCI		0x49435052u
#define MSG_PROTO_TCLO		0x4f4c4354u
#define MSG_FLAG_COOKIE		0x80000000u
#define MSG_CHANNELS		8
#define MSG_MAX			4096

/* Leaf 0x40000010 ECX: which instruction the hypercall form uses. */
#define VMWARE_FEATURES_VMMCALL	(1u << 0)
#define VMWARE_FEATURES_VMCALL	(1u << 1)

#define MAX_VCPUS		8
#define GDT_ADDR		0x500
#define PML4_ADDR		0x9000
#define PDPT_ADDR		0xa000
#define PD_ADDR			0xb000
#define ZERO_PAGE_ADDR		0x10000
#define CMDLINE_ADDR		0x20000
#define MPTABLE_ADDR		0xf0000
#define KERNEL_ADDR		0x100000
#define IOAPIC_ADDR		0xfec00000u
#define LAPIC_ADDR		0xfee00000u
#define UART_BASE		0x3f8
#define UART_IRQ		4

struct regs {
	uint64_t ax, bx, cx, dx, si, di, bp;
};

struct channel {
	bool open;
	bool cookie;
	uint32_t cookie_hi, cookie_lo;
	uint32_t out_size, out_len;	/* guest to host */
	uint32_t in_len, in_pos;	/* host to guest */
	bool reply;
	char out[MSG_MAX + 1];
	char in[MSG_MAX];
};

struct uart {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	bool thre_pending;		/* the THR-empty interrupt */
	uint32_t level;
	char line[256];
	size_t len;
};

static struct {
	int kvm, vm;
	uint8_t *ram;
	uint64_t ram_size;
	int nr_vcpus;
	bool hypercall;
	bool intel;
	bool verbose;
	uint32_t tsc_khz;
	int apic_bus_cycle_ns;
	pthread_mutex_t lock;
	struct uart uart;
	struct channel chan[MSG_CHANNELS];
	char **guestinfo;
	int nr_guestinfo;
	unsigned long calls_port, calls_hypercall, calls_unknown;
	int exit_code;
} vm = { .lock = PTHREAD_MUTEX_INITIALIZER, .exit_code = -1 };

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "vmware-vmm: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "%s%s\n", errno ? ": " : "", errno ? strerror(errno) : "");
	va_end(ap);
	exit(2);
}

static int xioctl(int fd, unsigned long req, void *arg, const char *what)
{
	int r = ioctl(fd, req, arg);

	if (r < 0)
		die("%s", what);
	return r;
}

/* --- GuestRPC ---------------------------------------------------------- */

static void rpc_reply(struct channel *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(c->in, sizeof(c->in), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	c->in_len = (size_t)n < sizeof(c->in) ? (uint32_t)n : sizeof(c->in) - 1;
	c->in_pos = 0;
	c->reply = true;
}

/* A whole request has arrived: answer "1 <result>" or "0 <error>". */
static void rpc_request(struct channel *c)
{
	const char *key = "info-get guestinfo.";
	int i;

	c->out[c->out_len] = '\0';
	fprintf(stderr, "vmware-vmm: rpc request \"%.*s\"\n", 64, c->out);
	if (!strncmp(c->out, key, strlen(key))) {
		const char *name = c->out + strlen(key);
		size_t len = strlen(name);

		for (i = 0; i < vm.nr_guestinfo; i++) {
			if (!strncmp(vm.guestinfo[i], name, len) &&
			    vm.guestinfo[i][len] == '=') {
				rpc_reply(c, "1 %s", vm.guestinfo[i] + len + 1);
				return;
			}
		}
		rpc_reply(c, "0 No value found");
	} else if (!strncmp(c->out, "log ", 4) ||
		   !strncmp(c->out, "tools.set.version ", 18)) {
		rpc_reply(c, "1 ");
	} else {
		rpc_reply(c, "0 Unknown command");
	}
}

/* BDOOR_CMD_MESSAGE: type in ECX[31:16], channel in EDX[31:16]. */
static void backdoor_message(struct regs *r)
{
	uint32_t type = (uint32_t)r->cx >> 16;
	uint32_t id = (uint32_t)r->dx >> 16;
	uint32_t status = 0;
	struct channel *c;
	uint32_t n;

	if (type == MSG_OPEN) {
		uint32_t proto = (uint32_t)r->bx & ~MSG_FLAG_COOKIE;

		for (id = 0; id < MSG_CHANNELS && vm.chan[id].open; id++)
			;
		if (id == MSG_CHANNELS ||
		    (proto != MSG_PROTO_RPCI && proto != MSG_PROTO_TCLO))
			goto out;
		c = &vm.chan[id];
		memset(c, 0, sizeof(*c));
		c->open = true;
		c->cookie = r->bx & MSG_FLAG_COOKIE;
		if (c->cookie) {
			c->cookie_hi = (uint32_t)random();
			c->cookie_lo = (uint32_t)random();
			r->si = c->cookie_hi;
			r->di = c->cookie_lo;
		}
		r->dx = (id << 16) | (r->dx & 0xffff);
		status = MSG_SUCCESS;
		goto out;
	}

	if (id >= MSG_CHANNELS || !vm.chan[id].open)
		goto out;
	c = &vm.chan[id];
	if (c->cookie && ((uint32_t)r->si != c->cookie_hi ||
			  (uint32_t)r->di != c->cookie_lo))
		goto out;

	switch (type) {
	case MSG_SENDSIZE:
		if ((uint32_t)r->bx > MSG_MAX)
			break;
		c->out_size = (uint32_t)r->bx;
		c->out_len = 0;
		c->reply = false;
		if (!c->out_size)
			rpc_request(c);
		status = MSG_SUCCESS;
		break;
	case MSG_SENDPAYLOAD:
		if (c->out_len >= c->out_size)
			break;
		n = c->out_size - c->out_len < 4 ? c->out_size - c->out_len : 4;
		memcpy(c->out + c->out_len, &r->bx, n);
		c->out_len += n;
		if (c->out_len == c->out_size)
			rpc_request(c);
		status = MSG_SUCCESS;
		break;
	case MSG_RECVSIZE:
		status = MSG_SUCCESS;
		if (!c->reply)
			break;
		status |= MSG_DORECV;
		r->dx = (MSG_SENDSIZE << 16) | (r->dx & 0xffff);
		r->bx = c->in_len;
		break;
	case MSG_RECVPAYLOAD:
		if (!c->reply || c->in_pos >= c->in_len)
			break;
		n = c->in_len - c->in_pos < 4 ? c->in_len - c->in_pos : 4;
		r->bx = 0;
		memcpy(&r->bx, c->in + c->in_pos, n);
		c->in_pos += n;
		r->dx = (MSG_SENDPAYLOAD << 16) | (r->dx & 0xffff);
		status = MSG_SUCCESS;
		break;
	case MSG_RECVSTATUS:
		if (!c->reply)
			break;
		c->reply = false;
		status = MSG_SUCCESS;
		break;
	case MSG_CLOSE:
		c->open = false;
		status = MSG_SUCCESS;
		break;
	}
out:
	r->cx = status << 16;
}

/*
 * The backdoor, for both forms: EAX holds the magic, CX the command.  A
 * command this VMM does not know gets EAX = 0xffffffff, VMware's "not
 * supported", and no other register changes.
 */
static void backdoor(struct regs *r, const char *form)
{
	uint64_t hz = (uint64_t)vm.tsc_khz * 1000;
	struct regs in = *r;

	pthread_mutex_lock(&vm.lock);
	switch (r->cx & 0xffff) {
	case BDOOR_CMD_GETVERSION:
		r->ax = BDOOR_VERSION;
		r->bx = BDOOR_MAGIC;
		r->cx = BDOOR_PRODUCT_WS;
		break;
	case BDOOR_CMD_GETUUID:
		r->ax = 0x564d7761;	/* "VMwa": a fixed, made-up UUID */
		r->bx = 0x72652d6b;
		r->cx = 0x766d2d65;
		r->dx = 0x32650001;
		break;
	case BDOOR_CMD_GETMEMSIZE:
		r->ax = vm.ram_size >> 20;
		break;
	case BDOOR_CMD_MESSAGE:
		backdoor_message(r);
		break;
	case BDOOR_CMD_GETHZ:
		r->ax = (uint32_t)hz;
		r->bx = hz >> 32;
		r->cx = 1000000000;	/* KVM's APIC bus: 1 GHz */
		break;
	case BDOOR_CMD_GETVCPU_INFO:
		r->ax = 0;		/* no legacy x2APIC */
		break;
	default:
		vm.calls_unknown++;
		r->ax = 0xffffffff;
		break;
	}
	if (vm.verbose)
		fprintf(stderr,
			"vmware-vmm: %s: ax %#llx bx %#llx cx %#llx dx %#llx si %#llx di %#llx -> ax %#llx bx %#llx cx %#llx dx %#llx si %#llx di %#llx\n",
			form, (unsigned long long)in.ax, (unsigned long long)in.bx,
			(unsigned long long)in.cx, (unsigned long long)in.dx,
			(unsigned long long)in.si, (unsigned long long)in.di,
			(unsigned long long)r->ax, (unsigned long long)r->bx,
			(unsigned long long)r->cx, (unsigned long long)r->dx,
			(unsigned long long)r->si, (unsigned long long)r->di);
	pthread_mutex_unlock(&vm.lock);
}

/* --- The console: a 16450 without FIFO, output only --------------------- */

static void uart_update_irq(void)
{
	struct kvm_irq_level irq = { .irq = UART_IRQ };

	irq.level = (vm.uart.ier & 0x02) && vm.uart.thre_pending;
	if (irq.level != vm.uart.level) {
		vm.uart.level = irq.level;
		xioctl(vm.vm, KVM_IRQ_LINE, &irq, "KVM_IRQ_LINE");
	}
}

static void uart_putc(char ch)
{
	struct uart *u = &vm.uart;

	if (ch == '\r')
		return;
	/* Lines longer than the buffer are cut into lines that fit it. */
	if (ch != '\n') {
		u->line[u->len++] = ch;
		if (u->len < sizeof(u->line) - 1)
			return;
	}
	u->line[u->len++] = '\n';
	if (write(STDOUT_FILENO, u->line, u->len) < 0)
		die("writing the console");
	u->len = 0;
}

static uint8_t uart_read(struct uart *u, uint16_t reg)
{
	bool dlab = u->lcr & 0x80;

	switch (reg) {
	case 0:
		return dlab ? u->dll : 0;
	case 1:
		return dlab ? u->dlm : u->ier;
	case 2:		/* IIR: reading it takes the THRE interrupt */
		if (!(u->ier & 0x02) || !u->thre_pending)
			return 0x01;
		u->thre_pending = false;
		return 0x02;
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:		/* LSR: THR and transmitter empty */
		return 0x60;
	case 6:		/* MSR: in loopback, the modem inputs follow MCR */
		if (!(u->mcr & 0x10))
			return 0xb0;
		return (u->mcr & 0x02) << 3 | (u->mcr & 0x01) << 5 |
		       (u->mcr & 0x04) << 4 | (u->mcr & 0x08) << 4;
	default:
		return u->scr;
	}
}

static void uart_write(struct uart *u, uint16_t reg, uint8_t val)
{
	bool dlab = u->lcr & 0x80;

	switch (reg) {
	case 0:
		if (dlab) {
			u->dll = val;
			break;
		}
		if (!(u->mcr & 0x10))
			uart_putc(val);
		/*
		 * Sent at once: the THR is empty again, and the interrupt
		 * rises anew for each character, as the driver expects of
		 * an edge-triggered line.
		 */
		u->thre_pending = true;
		break;
	case 1:
		if (dlab) {
			u->dlm = val;
			break;
		}
		if ((val & 0x02) && !(u->ier & 0x02))
			u->thre_pending = true;
		u->ier = val & 0x0f;
		break;
	case 3:
		u->lcr = val;
		break;
	case 4:
		u->mcr = val & 0x1f;
		break;
	case 7:
		u->scr = val;
		break;
	}
}

static void uart_io(uint16_t reg, bool in, uint8_t *data)
{
	pthread_mutex_lock(&vm.lock);
	if (in)
		*data = uart_read(&vm.uart, reg);
	else
		uart_write(&vm.uart, reg, *data);
	uart_update_irq();
	pthread_mutex_unlock(&vm.lock);
}

/* --- Exits --------------------------------------------------------------- */

/*
 * The port form: "inl (%dx)" on 0x5658.  KVM has stopped at the access (or
 * emulated it from the #GP a CPL3 access raises).  EAX goes back through
 * the port's data, as for any IN; the other registers through KVM_SET_REGS,
 * RIP untouched and RAX as it was at the exit.  KVM completes the IN after
 * the registers are set, so the guest must find the answer in EAX: a kernel
 * that drops an emulated load once userspace sets the registers leaves the
 * magic there instead.
 */
static void exit_backdoor_port(int fd, struct kvm_run *run)
{
	uint32_t *data = (uint32_t *)((uint8_t *)run + run->io.data_offset);
	struct kvm_regs kr;
	struct regs r;

	if (run->io.port != BDOOR_PORT || run->io.direction != KVM_EXIT_IO_IN ||
	    run->io.size != 4 || run->io.count != 1) {
		/* The high-bandwidth port and other forms are not supported. */
		if (run->io.direction == KVM_EXIT_IO_IN)
			memset(data, 0xff, run->io.size * run->io.count);
		return;
	}
	xioctl(fd, KVM_GET_REGS, &kr, "KVM_GET_REGS");
	if ((uint32_t)kr.rax != BDOOR_MAGIC) {
		if (vm.verbose)
			fprintf(stderr, "vmware-vmm: port: no magic (ax %#llx)\n",
				(unsigned long long)kr.rax);
		*data = 0xffffffff;
		return;
	}
	r = (struct regs){ kr.rax, kr.rbx, kr.rcx, kr.rdx, kr.rsi, kr.rdi, kr.rbp };
	vm.calls_port++;
	backdoor(&r, "port");
	*data = (uint32_t)r.ax;
	kr.rbx = r.bx;
	kr.rcx = r.cx;
	kr.rdx = r.dx;
	kr.rsi = r.si;
	kr.rdi = r.di;
	kr.rbp = r.bp;
	xioctl(fd, KVM_SET_REGS, &kr, "KVM_SET_REGS");
}

/* The hypercall form: KVM_EXIT_VMWARE, answered in place. */
static void exit_backdoor_hypercall(struct kvm_run *run)
{
	typeof(run->vmware.hcall) *h = &run->vmware.hcall;
	struct regs r = { h->rax, h->rbx, h->rcx, h->rdx, h->rsi, h->rdi, h->rbp };

	vm.calls_hypercall++;
	backdoor(&r, "hypercall");
	h->rax = r.ax;
	h->rbx = r.bx;
	h->rcx = r.cx;
	h->rdx = r.dx;
	h->rsi = r.si;
	h->rdi = r.di;
	h->rbp = r.bp;
	memset(&h->exception, 0, sizeof(h->exception));
}

static bool exit_io(int fd, struct kvm_run *run)
{
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	uint16_t port = run->io.port;
	uint32_t i;

	if (port == BDOOR_PORT || port == BDOOR_PORT_HB) {
		exit_backdoor_port(fd, run);
		return true;
	}
	if (port >= UART_BASE && port < UART_BASE + 8 && run->io.size == 1) {
		for (i = 0; i < run->io.count; i++)
			uart_io(port - UART_BASE, run->io.direction == KVM_EXIT_IO_IN,
				data + i);
		return true;
	}
	/* The keyboard controller's reset: "reboot=k". */
	if (port == 0x64 && run->io.direction == KVM_EXIT_IO_OUT && *data == 0xfe)
		return false;
	if (run->io.direction == KVM_EXIT_IO_IN)
		memset(data, port == 0x70 || port == 0x71 ? 0 : 0xff,
		       run->io.size * run->io.count);
	return true;
}

struct vcpu {
	int id, fd;
	struct kvm_run *run;
	pthread_t thread;
};

static void *vcpu_loop(void *arg)
{
	struct vcpu *v = arg;
	struct kvm_run *run = v->run;

	for (;;) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("KVM_RUN on vCPU %d", v->id);
		}
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
			if (!exit_io(v->fd, run))
				goto stop;
			break;
		case KVM_EXIT_VMWARE:
			if (run->vmware.type == KVM_EXIT_VMWARE_HCALL)
				exit_backdoor_hypercall(run);
			break;
		case KVM_EXIT_MMIO:
			if (!run->mmio.is_write)
				memset(run->mmio.data, 0xff, run->mmio.len);
			break;
		case KVM_EXIT_SHUTDOWN:
		case KVM_EXIT_SYSTEM_EVENT:
			goto stop;
		default:
			errno = 0;
			die("vCPU %d: exit reason %u", v->id, run->exit_reason);
		}
	}
stop:
	pthread_mutex_lock(&vm.lock);
	if (vm.uart.len)
		uart_putc('\n');
	fprintf(stderr,
		"vmware-vmm: guest stopped (vCPU %d, exit %u); backdoor calls: %lu by port, %lu by hypercall, %lu unknown commands\n",
		v->id, run->exit_reason, vm.calls_port, vm.calls_hypercall,
		vm.calls_unknown);
	exit(0);
}

/* --- Setup --------------------------------------------------------------- */

static void *read_file(const char *path, size_t *size)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0)
		die("%s", path);
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size)
		die("reading %s", path);
	close(fd);
	*size = st.st_size;
	return buf;
}

static uint8_t checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return -sum;
}

/* MP table (Intel MP spec 1.4): the vCPUs, one ISA bus, the IOAPIC. */
static void setup_mptable(uint32_t signature, uint32_t features)
{
	uint8_t *fp = vm.ram + MPTABLE_ADDR, *t = fp + 16, *e = t + 44;
	uint16_t count = 0;
	int i;

	for (i = 0; i < vm.nr_vcpus; i++, e += 20, count++) {
		e[0] = 0;			/* processor */
		e[1] = i;			/* APIC id */
		e[2] = 0x14;
		e[3] = 1 | (i ? 0 : 2);		/* enabled, BSP */
		memcpy(e + 4, &signature, 4);
		memcpy(e + 8, &features, 4);
	}
	memcpy(e, "\x01\x00ISA   ", 8);	/* bus 0 */
	e += 8, count++;
	e[0] = 2;				/* IOAPIC */
	e[1] = vm.nr_vcpus;
	e[2] = 0x11;
	e[3] = 1;
	*(uint32_t *)(e + 4) = IOAPIC_ADDR;
	e += 8, count++;
	for (i = 0; i < 16; i++, e += 8, count++) {
		e[0] = 3;			/* I/O interrupt: ISA i -> pin i */
		e[4] = 0;
		e[5] = i;
		e[6] = vm.nr_vcpus;
		e[7] = i;
	}
	memcpy(t, "PCMP", 4);
	*(uint16_t *)(t + 4) = e - t;
	t[6] = 4;
	memcpy(t + 8, "VMWVMM  VMWARE-VMM  ", 20);
	*(uint16_t *)(t + 34) = count;
	*(uint32_t *)(t + 36) = LAPIC_ADDR;
	t[7] = checksum(t, e - t);

	memcpy(fp, "_MP_", 4);
	*(uint32_t *)(fp + 4) = MPTABLE_ADDR + 16;
	fp[8] = 1;
	fp[9] = 4;
	fp[10] = checksum(fp, 16);
}

static uint64_t setup_boot(const char *kernel_path, const char *initrd_path,
			   const char *cmdline)
{
	struct boot_params *bp = (void *)(vm.ram + ZERO_PAGE_ADDR);
	uint64_t *pml4 = (void *)(vm.ram + PML4_ADDR);
	uint64_t *pdpt = (void *)(vm.ram + PDPT_ADDR);
	uint64_t *pd = (void *)(vm.ram + PD_ADDR);
	uint64_t *gdt = (void *)(vm.ram + GDT_ADDR);
	size_t ksize, isize, setup, hdr_end;
	uint8_t *kernel = read_file(kernel_path, &ksize);
	uint8_t *initrd = read_file(initrd_path, &isize);
	uint64_t initrd_addr, limit;
	int i;

	errno = 0;

	if (ksize < 0x1000 || memcmp(kernel + 0x202, "HdrS", 4))
		die("%s: not a bzImage", kernel_path);
	memset(bp, 0, sizeof(*bp));
	hdr_end = 0x202 + kernel[0x201];
	if (hdr_end > ksize || hdr_end - 0x1f1 > sizeof(bp->hdr))
		die("%s: bad setup header", kernel_path);
	memcpy(&bp->hdr, kernel + 0x1f1, hdr_end - 0x1f1);
	if (bp->hdr.version < 0x20c || !(bp->hdr.xloadflags & XLF_KERNEL_64))
		die("%s: no 64-bit entry point (boot protocol %#x)", kernel_path,
		    bp->hdr.version);
	setup = ((bp->hdr.setup_sects ? bp->hdr.setup_sects : 4) + 1) * 512;
	if (setup >= ksize || ksize - setup > bp->hdr.init_size ||
	    KERNEL_ADDR + (uint64_t)bp->hdr.init_size > vm.ram_size / 2)
		die("%s: does not fit in %llu MiB", kernel_path,
		    (unsigned long long)vm.ram_size >> 20);
	memcpy(vm.ram + KERNEL_ADDR, kernel + setup, ksize - setup);

	limit = bp->hdr.initrd_addr_max < vm.ram_size ?
		(uint64_t)bp->hdr.initrd_addr_max + 1 : vm.ram_size;
	if (isize > limit / 2)
		die("%s: too big", initrd_path);
	initrd_addr = (limit - isize) & ~0xfffull;
	if (initrd_addr < KERNEL_ADDR + bp->hdr.init_size)
		die("%s: does not fit above the kernel", initrd_path);
	memcpy(vm.ram + initrd_addr, initrd, isize);

	if (strlen(cmdline) >= bp->hdr.cmdline_size)
		die("command line longer than %u bytes", bp->hdr.cmdline_size);
	memcpy(vm.ram + CMDLINE_ADDR, cmdline, strlen(cmdline) + 1);

	bp->hdr.type_of_loader = 0xff;
	bp->hdr.loadflags |= CAN_USE_HEAP;
	bp->hdr.heap_end_ptr = 0xfe00;
	bp->hdr.cmd_line_ptr = CMDLINE_ADDR;
	bp->hdr.ramdisk_image = initrd_addr;
	bp->hdr.ramdisk_size = isize;
	bp->e820_entries = 3;
	bp->e820_table[0] = (struct boot_e820_entry){ 0, 0x9fc00, 1 };
	bp->e820_table[1] = (struct boot_e820_entry){ 0xf0000, 0x10000, 2 };
	bp->e820_table[2] = (struct boot_e820_entry){ KERNEL_ADDR,
						      vm.ram_size - KERNEL_ADDR, 1 };

	/* The first GiB identity mapped with 2 MiB pages. */
	pml4[0] = PDPT_ADDR | 3;
	pdpt[0] = PD_ADDR | 3;
	for (i = 0; i < 512; i++)
		pd[i] = ((uint64_t)i << 21) | 0x83;
	/* The boot protocol's __BOOT_CS (0x10) and __BOOT_DS (0x18). */
	gdt[2] = 0x00af9b000000ffffull;
	gdt[3] = 0x00cf93000000ffffull;

	free(kernel);
	free(initrd);
	return KERNEL_ADDR + 0x200;
}

static void setup_cpuid(int fd, int id)
{
	struct kvm_cpuid2 *cpuid;
	struct kvm_cpuid_entry2 *e;
	uint32_t n, i, j;

	cpuid = calloc(1, sizeof(*cpuid) + 256 * sizeof(*e));
	if (!cpuid)
		die("calloc");
	cpuid->nent = 254;
	xioctl(vm.kvm, KVM_GET_SUPPORTED_CPUID, cpuid, "KVM_GET_SUPPORTED_CPUID");

	/* KVM's own hypervisor leaves go: this is VMware. */
	for (i = 0, n = 0; i < cpuid->nent; i++) {
		e = &cpuid->entries[i];
		if ((e->function & 0xffffff00) == 0x40000000)
			continue;
		switch (e->function) {
		case 0:
			vm.intel = e->ebx == 0x756e6547;	/* "Genu" */
			break;
		case 1:
			e->ebx = (e->ebx & 0x00ffffff) | (uint32_t)id << 24;
			e->ecx |= 1u << 31;			/* hypervisor */
			break;
		case 0xb:
		case 0x1f:
			e->edx = id;
			break;
		}
		cpuid->entries[n++] = *e;
	}
	e = &cpuid->entries[n++];
	*e = (struct kvm_cpuid_entry2){ .function = 0x40000000, .eax = 0x40000010 };
	memcpy(&e->ebx, "VMwa", 4);
	memcpy(&e->ecx, "reVM", 4);
	memcpy(&e->edx, "ware", 4);
	/*
	 * The timing leaf: the vCPU's TSC and APIC bus frequencies in kHz,
	 * as KVM runs the vCPU; KVM leaves the leaf to the VMM.
	 */
	e = &cpuid->entries[n++];
	*e = (struct kvm_cpuid_entry2){
		.function = 0x40000010,
		.eax = xioctl(fd, KVM_GET_TSC_KHZ, 0, "KVM_GET_TSC_KHZ"),
		.ebx = 1000000 / vm.apic_bus_cycle_ns,
	};
	if (vm.hypercall)
		e->ecx = vm.intel ? VMWARE_FEATURES_VMCALL : VMWARE_FEATURES_VMMCALL;
	cpuid->nent = n;
	xioctl(fd, KVM_SET_CPUID2, cpuid, "KVM_SET_CPUID2");

	if (!id) {
		for (j = 0; j < n && cpuid->entries[j].function != 1; j++)
			;
		setup_mptable(cpuid->entries[j].eax, cpuid->entries[j].edx);
	}
	free(cpuid);
}

static void setup_bsp(int fd, uint64_t entry)
{
	struct kvm_segment code = {
		.limit = 0xffffffff, .selector = 0x10, .type = 11, .present = 1,
		.s = 1, .l = 1, .g = 1,
	};
	struct kvm_segment data = {
		.limit = 0xffffffff, .selector = 0x18, .type = 3, .present = 1,
		.s = 1, .db = 1, .g = 1,
	};
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = entry, .rsi = ZERO_PAGE_ADDR, .rflags = 2 };

	xioctl(fd, KVM_GET_SREGS, &sregs, "KVM_GET_SREGS");
	sregs.cs = code;
	sregs.ds = data;
	sregs.es = data;
	sregs.fs = data;
	sregs.gs = data;
	sregs.ss = data;
	sregs.gdt.base = GDT_ADDR;
	sregs.gdt.limit = 4 * 8 - 1;
	sregs.cr0 = 0x80050033;		/* PG WP NE ET MP PE */
	sregs.cr3 = PML4_ADDR;
	sregs.cr4 = 0x20;		/* PAE */
	sregs.efer = 0x500;		/* LMA LME */
	xioctl(fd, KVM_SET_SREGS, &sregs, "KVM_SET_SREGS");
	xioctl(fd, KVM_SET_REGS, &regs, "KVM_SET_REGS");
}

static void usage(void)
{
	fprintf(stderr,
		"usage: vmware-vmm [-c cpus] [-m MiB] [-P] [-v] [-g key=value]... <bzImage> <initramfs> <command line>\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
	struct kvm_userspace_memory_region mem = { 0 };
	struct kvm_enable_cap cap = { .cap = KVM_CAP_X86_VMWARE };
	static struct vcpu vcpus[MAX_VCPUS];
	uint64_t flags, mib = 256, entry;
	int opt, i, run_size, supported;

	vm.nr_vcpus = 1;
	vm.hypercall = true;
	vm.guestinfo = calloc(argc, sizeof(char *));
	while ((opt = getopt(argc, argv, "c:m:Pg:v")) != -1) {
		switch (opt) {
		case 'c':
			vm.nr_vcpus = atoi(optarg);
			if (vm.nr_vcpus < 1 || vm.nr_vcpus > MAX_VCPUS)
				usage();
			break;
		case 'm':
			mib = strtoull(optarg, NULL, 0);
			if (mib < 64 || mib > 3072)
				usage();
			break;
		case 'P':
			vm.hypercall = false;
			break;
		case 'v':
			vm.verbose = true;
			break;
		case 'g':
			if (!strchr(optarg, '='))
				usage();
			vm.guestinfo[vm.nr_guestinfo++] = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 3)
		usage();
	srandom(getpid());

	vm.kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm.kvm < 0)
		die("/dev/kvm");
	vm.vm = xioctl(vm.kvm, KVM_CREATE_VM, 0, "KVM_CREATE_VM");
	supported = ioctl(vm.vm, KVM_CHECK_EXTENSION, KVM_CAP_X86_VMWARE);
	flags = KVM_X86_VMWARE_BACKDOOR |
		(vm.hypercall ? KVM_X86_VMWARE_HYPERCALL : 0);
	if (supported <= 0 || (supported & flags) != flags) {
		errno = 0;
		die("KVM_CAP_X86_VMWARE: KVM offers %#x, this needs %#llx",
		    supported, (unsigned long long)flags);
	}
	cap.args[0] = flags;
	xioctl(vm.vm, KVM_ENABLE_CAP, &cap, "KVM_ENABLE_CAP(KVM_CAP_X86_VMWARE)");
	/* The APIC bus period in ns; 0 without the capability means 1 ns. */
	vm.apic_bus_cycle_ns = ioctl(vm.vm, KVM_CHECK_EXTENSION,
				     KVM_CAP_X86_APIC_BUS_CYCLES_NS);
	if (vm.apic_bus_cycle_ns <= 0)
		vm.apic_bus_cycle_ns = 1;
	xioctl(vm.vm, KVM_SET_TSS_ADDR, (void *)0xfffbd000ul, "KVM_SET_TSS_ADDR");
	xioctl(vm.vm, KVM_CREATE_IRQCHIP, 0, "KVM_CREATE_IRQCHIP");
	xioctl(vm.vm, KVM_CREATE_PIT2, &pit, "KVM_CREATE_PIT2");

	vm.ram_size = mib << 20;
	vm.ram = mmap(NULL, vm.ram_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm.ram == MAP_FAILED)
		die("mmap");
	mem.memory_size = vm.ram_size;
	mem.userspace_addr = (uintptr_t)vm.ram;
	xioctl(vm.vm, KVM_SET_USER_MEMORY_REGION, &mem, "KVM_SET_USER_MEMORY_REGION");
	entry = setup_boot(argv[optind], argv[optind + 1], argv[optind + 2]);

	run_size = xioctl(vm.kvm, KVM_GET_VCPU_MMAP_SIZE, 0, "KVM_GET_VCPU_MMAP_SIZE");
	for (i = 0; i < vm.nr_vcpus; i++) {
		struct vcpu *v = &vcpus[i];

		v->id = i;
		v->fd = xioctl(vm.vm, KVM_CREATE_VCPU, (void *)(long)i, "KVM_CREATE_VCPU");
		v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
		if (v->run == MAP_FAILED)
			die("mmap(kvm_run)");
		setup_cpuid(v->fd, i);
		if (!i)
			setup_bsp(v->fd, entry);
	}
	vm.tsc_khz = xioctl(vcpus[0].fd, KVM_GET_TSC_KHZ, 0, "KVM_GET_TSC_KHZ");
	fprintf(stderr, "vmware-vmm: %d vCPU(s), %llu MiB, %s, TSC %u kHz, APIC bus %d kHz, hypercall %s\n",
		vm.nr_vcpus, (unsigned long long)mib, vm.intel ? "Intel" : "AMD",
		vm.tsc_khz, 1000000 / vm.apic_bus_cycle_ns,
		vm.hypercall ? (vm.intel ? "VMCALL" : "VMMCALL") : "off");

	for (i = 1; i < vm.nr_vcpus; i++)
		if (pthread_create(&vcpus[i].thread, NULL, vcpu_loop, &vcpus[i]))
			die("pthread_create");
	vcpu_loop(&vcpus[0]);
	return 0;
}
