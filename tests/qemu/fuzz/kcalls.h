/* fuzz/kcalls.h - random kernel calls (abi/syscall.h), every number and a few past the
 * last, with arguments from fuzz/values.h. Each must come back with a result or an error
 * of the kernel's set. The rule for what is left out or confined, as for requests: what
 * would rightly block this task for ever or end it is not made.
 *   RECV, REPLY_RECV        never on an endpoint we can receive on (nobody would send);
 *   CALL, SEND              to such an endpoint only to our echo thread's, which answers;
 *                           never with a label requests.h leaves out (VM_POWEROFF, ...);
 *   NOTIFY_WAIT             always with a deadline (now or a few microseconds ahead);
 *   THREAD_EXIT             not by this thread (threads we start end with it);
 *   THREAD_START            at fz_thread_body, which touches no memory (so any sp will
 *                           do) and ends, or at a pc the kernel must refuse;
 *   HANDLE_CLOSE            not of the VM server's, the FS server's or the echo endpoint;
 *   CONSOLE_WRITE           only from addresses it must refuse, or 0 bytes (random bytes
 *                           would garble the report);
 *   SET_IPC_BUFFER          anything, and put back at once;
 *   TASK_LINUX              with no entry or one the kernel must refuse: an entry of ours
 *                           would send our next ecall to a random pc (the long run's
 *                           rounds that ended executing their arena).
 * An echo thread receives on an endpoint of ours and sends every message back, so calls
 * and sends with random tags and buffers travel between two threads of this task. */
#ifndef FUZZ_KCALLS_H
#define FUZZ_KCALLS_H
#include "requests.h"

_Static_assert(SYS_YIELD == 2 && SYS_THREAD_EXIT == 16, "fz_thread_body's numbers");
/* A started thread yields once and ends; it needs no stack nor gp. The echo thread's
 * entry sets gp (a new thread starts with every register zero) and runs fz_echo_main. */
__asm__(".pushsection .text\n"
        "fz_thread_body:\n"
        "	li a7, 2\n"
        "	ecall\n"
        "	li a7, 16\n"
        "	ecall\n"
        "	j fz_thread_body\n"
        "fz_echo_entry:\n"
        "	.option push\n"
        "	.option norelax\n"
        "	lla gp, __global_pointer$\n"
        "	.option pop\n"
        "	j fz_echo_main\n"
        ".popsection\n");
void fz_thread_body(void), fz_echo_entry(void);
void fz_echo_main(long ep);

static uint64_t fz_recv_slots;   /* bit s: slot s is an endpoint we may receive on */
static char fz_echo_stack[8192] __attribute__((aligned(16)));

/* The echo thread: every message received goes back as it came. A receive that fails
 * with KE_FAULT found its buffer not writable (a fork made it copy-on-write): it takes
 * the buffer back first, or it would fail again for ever while our call waits on the
 * endpoint (at several harts: a call made while it is between two receives). */
void fz_echo_main(long ep)
{
	struct msg m = {0, {0}};
	k_set_ipc_buffer(fz_echo_buf);
	long b = k_recv(ep, &m);
	for (;;) {
		if (b == -KE_FAULT)
			((volatile char *)fz_echo_buf)[0] = 0;
		b = b >= 0 ? k_reply_recv(ep, &m) : k_recv(ep, &m);
	}
}

/* Start the echo thread on a new endpoint at priority prio: 0 or -KE_*. */
static long fz_echo_start(uint64_t prio)
{
	long ep = k_endpoint_create();
	if (ep < 0)
		return ep;
	fz_own_buffers();
	fz_echo_ep = ep;
	fz_recv_slots |= 1UL << ep;
	return k_thread_start(HANDLE_SELF, (uint64_t)fz_echo_entry, (uint64_t)(fz_echo_stack + sizeof fz_echo_stack),
	                      (uint64_t)ep, prio, -1);
}

static int fz_kernel_error(long r)
{
	switch (-r) {
	case KE_PERM: case KE_NOENT: case KE_SRCH: case KE_INTR: case KE_2BIG: case KE_BADF: case KE_AGAIN:
	case KE_NOMEM: case KE_FAULT: case KE_BUSY: case KE_EXIST: case KE_INVAL: case KE_NOSPC: case KE_PIPE:
	case KE_NOSYS: case KE_TIMEDOUT:
		return 1;
	}
	return 0;
}

/* A slot we cannot receive on (any slot but those of fz_recv_slots). */
static long fz_slot_norecv(void)
{
	long s = fz_slot();
	return s >= 0 && s < 64 && (fz_recv_slots >> s & 1) ? TH_VM_EP : s;
}

static uint64_t fz_now(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* Kernel call nr, whatever registers it answers in (a1 for SYS_CPU and CONSOLE_READ,
 * a1..a6 for SYS_KSTAT, a1..a6 and t3..t5 for IPC), all taken as changed: k_syscall
 * keeps a1 and a3..a5 for the calls that leave them, and a random number is any call. */
static long fz_syscall(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                       uint64_t a5)
{
	register uint64_t r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2,
		r3 __asm__("a3") = a3, r4 __asm__("a4") = a4, r5 __asm__("a5") = a5, r6 __asm__("a6") = 0,
		r7 __asm__("a7") = (uint64_t)nr, t3 __asm__("t3") = 0, t4 __asm__("t4") = 0,
		t5 __asm__("t5") = 0;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6),
	                 "+r"(r7), "+r"(t3), "+r"(t4), "+r"(t5) : : "memory");
	return (long)r0;
}

/* Make one random kernel call; *why says what went wrong for FZ_WRONG. */
static enum fz_outcome fz_kcall(char *why, size_t whylen)
{
	static const uint64_t refused_pc[] = {USER_TOP, USER_TOP + 4096, KERNEL_VA, (uint64_t)-1, 0x8000000000000000UL};
	static const uint64_t refused_va[] = {USER_TOP, USER_TOP - 4, KERNEL_VA, 0xffffffff80000000UL, (uint64_t)-1};
	long nr;
	do
		nr = (long)fz_pick(SYS_COUNT + 3);
	while (nr == SYS_THREAD_EXIT);
	uint64_t a[6];
	for (int i = 0; i < 6; i++)
		a[i] = fz_pick(3) == 0 ? (uint64_t)fz_slot() : fz_pick(2) ? fz_edge() : fz_addr();
	struct msg m = {IPC_TAG(fz_edge() & 0xfff, fz_pick(4) ? fz_pick(64) : fz_pick(IPC_BUF_MAX + 2),
	                        fz_pick(8) ? fz_pick(IPC_MAX_WORDS + 1) : fz_pick(16)), {0}};
	for (int i = 0; i < IPC_MAX_WORDS; i++)
		m.w[i] = fz_edge();
	if (fz_excluded(IPC_TAG_LABEL(m.tag)))   /* a random label is a request too (requests.h) */
		m.tag += (uint64_t)1 << 40;
	fz_confine_label(IPC_TAG_LABEL(m.tag), &m);
	long r;
	if (FUZZ_TRACE)
		printf("fz %ld: system call %ld(%lx, %lx, %lx, %lx, %lx, %lx)\n", fz_pid, nr, (unsigned long)a[0],
		       (unsigned long)a[1], (unsigned long)a[2], (unsigned long)a[3], (unsigned long)a[4], (unsigned long)a[5]);
	switch (nr) {
	case SYS_CALL: case SYS_SEND:
		r = k_ipc(nr, fz_pick(2) ? fz_echo_ep : fz_slot_norecv(), &m);
		break;
	case SYS_RECV: case SYS_REPLY_RECV: r = k_ipc(nr, fz_slot_norecv(), &m); break;
	case SYS_NOTIFY_WAIT:   /* (flags 0, NOTIFY_UNINTERRUPTED, or one refused) */
		r = k_syscall(SYS_NOTIFY_WAIT, a[0], fz_pick(2) ? 1 : fz_now() + fz_pick(200), fz_pick(3), 0, 0, 0);
		break;
	case SYS_THREAD_START:
		a[0] = fz_pick(2) ? (uint64_t)HANDLE_SELF : a[0];
		a[1] = fz_pick(2) ? (uint64_t)fz_thread_body : ONE_OF(refused_pc);
		a[4] = fz_pick(8);
		r = fz_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	case SYS_HANDLE_CLOSE:
		if ((long)a[0] == TH_VM_EP || (long)a[0] == TH_FS_EP || (long)a[0] == fz_echo_ep)
			a[0] = 64;
		r = fz_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (r == 0) {
			fz_slot_del((long)a[0]);
			fz_recv_slots &= ~(1UL << a[0]);
		}
		break;
	case SYS_TASK_LINUX:
		a[1] = fz_pick(2) ? 0 : ONE_OF(refused_pc);
		r = fz_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	case SYS_CONSOLE_WRITE:
		if (fz_pick(2))
			a[0] = ONE_OF(refused_va);
		else
			a[1] = 0;
		r = fz_syscall(nr, a[0], a[1], a[2], 0, 0, 0);
		if (r > 0) {
			snprintf(why, whylen, "console write from %lx: %ld", (unsigned long)a[0], r);
			return FZ_WRONG;
		}
		break;
	default:
		r = fz_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	}
	if (nr == SYS_SET_IPC_BUFFER)
		k_set_ipc_buffer(__ipc_buffer);
	if ((nr == SYS_ENDPOINT_CREATE || nr == SYS_NOTIFY_CREATE || nr == SYS_HANDLE_COPY) && r >= 0 && r < 64) {
		fz_slot_add(r);
		if (nr == SYS_ENDPOINT_CREATE || (nr == SYS_HANDLE_COPY && a[1] < 64 && (fz_recv_slots >> a[1] & 1)))
			fz_recv_slots |= 1UL << r;
	}
	if (r < 0 && r > -4096 && !fz_kernel_error(r)) {
		snprintf(why, whylen, "system call %ld(%lx, %lx, %lx, %lx, %lx, %lx): %ld", nr, (unsigned long)a[0],
		         (unsigned long)a[1], (unsigned long)a[2], (unsigned long)a[3], (unsigned long)a[4],
		         (unsigned long)a[5], r);
		return FZ_WRONG;
	}
	return FZ_ANSWERED;
}
#endif
