/* signals.c - the signal calls of a static glibc program, for the differential test
 * (scripts/linux-diff.sh): rt_sigaction (the old action, SA_SIGINFO's siginfo for kill,
 * tgkill and raise, sa_mask, SA_NODEFER, SA_RESETHAND, SIG_IGN, bad numbers and
 * pointers), rt_sigprocmask and rt_sigpending (the three ways, errors, SIGKILL and
 * SIGSTOP, a blocked signal pending until unblocked), sigaltstack (SA_ONSTACK, nesting,
 * SS_ONSTACK, ENOMEM, EPERM), the handler's ucontext (uc_sigmask, and what changing it
 * or uc_mcontext does at rt_sigreturn), siglongjmp out of a handler with and without the
 * mask saved, the integer and FP registers across a handler, kill's answers, and the
 * signals of faults: SIGSEGV (si_addr, SEGV_MAPERR, SEGV_ACCERR), SIGILL, SIGTRAP and
 * SIGBUS (a misaligned atomic, a file mapping past the end of /etc/motd), caught by a
 * handler that leaves by siglongjmp, and fault handlers that return: after mprotect
 * (the access is made again; on the alternate stack too; the registers kept), or having
 * advanced the pc in uc_mcontext past the instruction. One line per check, results only
 * (no addresses). If every check passed, the program ends by a SIGTERM it does not
 * handle (exit status 143, the default action's); else it exits 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "diffcheck.h"

#define PG 4096UL
#define NO_PID 4000000   /* above Linux's largest pid_max: no such process */

/* A value (a count, a code) without an errno to show: got and want in decimal. */
static void number(const char *what, long got, long want)
{
	char g[24], w[24];
	snprintf(g, sizeof g, "%ld", got);
	snprintf(w, sizeof w, "%ld", want);
	result(what, g, w);
}

/* ---- what a handler saw ---- */
static volatile int hits, got_sig, got_code, got_pid, got_uid, got_ss_flags, got_ss_change;
static volatile uintptr_t got_local, got_local2;
static sigset_t got_mask, got_ucmask;
static char order[64];

/* The handler most checks use: records the siginfo, the blocked mask, uc_sigmask, where
 * its stack is and the alternate stack's state as seen from inside. */
static void on_info(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	volatile char local;
	stack_t ss;
	hits++;
	got_sig = sig == si->si_signo ? sig : -1;
	got_code = si->si_code, got_pid = si->si_pid, got_uid = (int)si->si_uid;
	sigprocmask(SIG_BLOCK, 0, &got_mask);
	got_ucmask = uc->uc_sigmask;
	got_local = (uintptr_t)&local;
	sigaltstack(0, &ss);
	got_ss_flags = ss.ss_flags;
	got_ss_change = sigaltstack(&ss, 0) == -1 ? errno : 0;
	size_t n = strlen(order);
	snprintf(order + n, sizeof order - n, "%s%d", n ? " " : "", sig);
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags, int masked)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	if (masked)
		sigaddset(&sa.sa_mask, masked);
	if (sigaction(sig, &sa, 0) < 0)
		printf("sigaction %d: %s\n", sig, ename(errno));
}

static void reset(void)
{
	hits = 0, got_sig = got_code = got_pid = got_uid = -99;
	order[0] = 0;
}

static int blocked(int sig)
{
	sigset_t s;
	sigprocmask(SIG_BLOCK, 0, &s);
	return sigismember(&s, sig);
}

static void unblock_all(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigprocmask(SIG_SETMASK, &s, 0);
}

static const char *code_name(int c)
{
	static char other[16];
	if (c == SI_USER)
		return "SI_USER";
	if (c == SI_TKILL)
		return "SI_TKILL";
	snprintf(other, sizeof other, "si_code %d", c);
	return other;
}

/* The kernel's struct sigaction on riscv64 (no sa_restorer), for the raw calls. */
struct k_sigaction { void *handler; unsigned long flags, mask; };

static void plain(int sig) { hits++, got_sig = sig; }

static void actions(void)
{
	struct sigaction sa, old;
	install(SIGUSR1, on_info, 0, SIGUSR2);
	memset(&old, 0, sizeof old);
	sigaction(SIGUSR1, 0, &old);
	truth("sigaction query: the handler set", old.sa_sigaction == on_info);
	truth("... flags SA_SIGINFO", old.sa_flags == SA_SIGINFO);
	truth("... sa_mask holds SIGUSR2 only", sigismember(&old.sa_mask, SIGUSR2) && !sigismember(&old.sa_mask, SIGUSR1));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = plain;
	sigemptyset(&sa.sa_mask);
	memset(&old, 0, sizeof old);
	sigaction(SIGUSR1, &sa, &old);
	truth("sigaction replacing it returns the old action", old.sa_sigaction == on_info && old.sa_flags == SA_SIGINFO);
	reset();
	raise(SIGUSR1);
	truth("a handler without SA_SIGINFO gets the number", hits == 1 && got_sig == SIGUSR1);

	install(SIGUSR1, on_info, 0, SIGUSR2);
	reset();
	err_is("kill(getpid(), SIGUSR1)", kill(getpid(), SIGUSR1), "0");
	number("... handler ran once", hits, 1);
	number("... si_signo", got_sig, SIGUSR1);
	result("... si_code", code_name(got_code), "SI_USER");
	truth("... si_pid is getpid()", got_pid == getpid());
	truth("... si_uid is getuid()", got_uid == (int)getuid());
	truth("... SIGUSR1 blocked in the handler (no SA_NODEFER)", sigismember(&got_mask, SIGUSR1));
	truth("... SIGUSR2 blocked in the handler (sa_mask)", sigismember(&got_mask, SIGUSR2));
	truth("... neither blocked after it", !blocked(SIGUSR1) && !blocked(SIGUSR2));
	reset();
	raise(SIGUSR1);
	result("raise(SIGUSR1): si_code", code_name(got_code), "SI_TKILL");
	truth("... si_pid is getpid()", hits == 1 && got_pid == getpid());
	reset();
	err_is("tgkill(getpid(), gettid(), SIGUSR1)", syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1), "0");
	result("... si_code", code_name(got_code), "SI_TKILL");
	reset();
	err_is("tkill(gettid(), SIGUSR1)", syscall(SYS_tkill, gettid(), SIGUSR1), "0");
	result("... si_code", code_name(got_code), "SI_TKILL");

	install(SIGUSR1, on_info, SA_NODEFER, 0);
	reset();
	raise(SIGUSR1);
	truth("SA_NODEFER: SIGUSR1 not blocked in its handler", hits == 1 && !sigismember(&got_mask, SIGUSR1));

	install(SIGUSR1, on_info, SA_RESETHAND, 0);
	reset();
	raise(SIGUSR1);
	truth("SA_RESETHAND: the handler ran", hits == 1);
	truth("... SIGUSR1 blocked in it", sigismember(&got_mask, SIGUSR1));
	sigaction(SIGUSR1, 0, &old);
	truth("... then the action is SIG_DFL", old.sa_handler == SIG_DFL);
	char flags[24];
	snprintf(flags, sizeof flags, "%#x", (unsigned)old.sa_flags);
	result("... with flags", flags, "0x80000004");

	signal(SIGUSR1, SIG_IGN);
	reset();
	err_is("SIG_IGN: raise(SIGUSR1) returns", raise(SIGUSR1), "0");
	sigaction(SIGUSR1, 0, &old);
	truth("... the action reads SIG_IGN", old.sa_handler == SIG_IGN);

	install(SIGUSR1, on_info, 0, 0);
	err_is("sigaction(0)", sigaction(0, &sa, 0), "EINVAL");
	err_is("sigaction(65)", sigaction(65, &sa, 0), "EINVAL");
	err_is("sigaction(SIGKILL, act)", sigaction(SIGKILL, &sa, 0), "EINVAL");
	err_is("sigaction(SIGSTOP, act)", sigaction(SIGSTOP, &sa, 0), "EINVAL");
	err_is("sigaction(SIGKILL, NULL, old)", sigaction(SIGKILL, 0, &old), "0");
	truth("... SIG_DFL", old.sa_handler == SIG_DFL);
	struct k_sigaction k = {0}, ko = {0};
	err_is("raw rt_sigaction(64) query", syscall(SYS_rt_sigaction, 64, 0, &ko, 8), "0");
	err_is("raw rt_sigaction(65)", syscall(SYS_rt_sigaction, 65, &k, 0, 8), "EINVAL");
	err_is("raw rt_sigaction(-1)", syscall(SYS_rt_sigaction, -1, &k, 0, 8), "EINVAL");
	err_is("raw rt_sigaction sigsetsize 16", syscall(SYS_rt_sigaction, SIGUSR1, &k, 0, 16), "EINVAL");
	err_is("raw rt_sigaction act bad pointer", syscall(SYS_rt_sigaction, SIGUSR1, bad_pointer, 0, 8), "EFAULT");
	err_is("raw rt_sigaction(0) act bad pointer", syscall(SYS_rt_sigaction, 0, bad_pointer, 0, 8), "EFAULT");
	k.handler = (void *)plain;
	err_is("raw rt_sigaction oldact bad pointer", syscall(SYS_rt_sigaction, SIGUSR2, &k, bad_pointer, 8), "EFAULT");
	sigaction(SIGUSR2, 0, &old);
	truth("... the new action was set all the same", old.sa_handler == plain);
	signal(SIGUSR2, SIG_DFL);
}

static void masks(void)
{
	sigset_t s, p;
	unblock_all();
	install(SIGUSR1, on_info, 0, 0);
	install(SIGUSR2, on_info, 0, 0);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	err_is("sigprocmask SIG_BLOCK {SIGUSR1}", sigprocmask(SIG_BLOCK, &s, 0), "0");
	truth("... blocked", blocked(SIGUSR1) && !blocked(SIGUSR2));
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, 0);
	sigdelset(&s, SIGUSR2);
	err_is("SIG_UNBLOCK {SIGUSR1}", sigprocmask(SIG_UNBLOCK, &s, 0), "0");
	truth("... SIGUSR2 alone blocked", !blocked(SIGUSR1) && blocked(SIGUSR2));
	sigprocmask(SIG_SETMASK, &s, &p);
	truth("SIG_SETMASK {SIGUSR1}: the old mask returned", sigismember(&p, SIGUSR2) && !sigismember(&p, SIGUSR1));
	truth("... SIGUSR1 alone blocked", blocked(SIGUSR1) && !blocked(SIGUSR2));
	err_is("sigprocmask how 3", sigprocmask(3, &s, 0), "EINVAL");
	err_is("sigprocmask how 3, set NULL", sigprocmask(3, 0, &p), "0");
	err_is("raw rt_sigprocmask sigsetsize 16", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, 0, 16), "EINVAL");
	err_is("raw rt_sigprocmask set bad pointer", syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad_pointer, 0, 8), "EFAULT");
	err_is("raw rt_sigprocmask oldset bad pointer", syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, bad_pointer, 8), "EFAULT");
	unsigned long all = ~0UL;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, 0, 8);
	truth("SIGKILL and SIGSTOP cannot be blocked", !blocked(SIGKILL) && !blocked(SIGSTOP) && blocked(SIGTERM));
	unblock_all();

	reset();
	sigprocmask(SIG_BLOCK, &s, 0);
	raise(SIGUSR1);
	number("a blocked SIGUSR1 raised: not delivered", hits, 0);
	sigpending(&p);
	truth("... pending", sigismember(&p, SIGUSR1) && !sigismember(&p, SIGUSR2));
	sigprocmask(SIG_UNBLOCK, &s, 0);
	number("... delivered as it is unblocked", hits, 1);
	sigpending(&p);
	truth("... no longer pending", !sigismember(&p, SIGUSR1));
	err_is("raw rt_sigpending sigsetsize 16", syscall(SYS_rt_sigpending, &p, 16), "EINVAL");
	err_is("raw rt_sigpending bad pointer", syscall(SYS_rt_sigpending, bad_pointer, 8), "EFAULT");

	reset();
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, 0);
	raise(SIGUSR2);
	raise(SIGUSR1);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &s, 0);
	/* Both are delivered at once, the lower first, the next on top of its frame: so the
	 * handler of SIGUSR2 runs first. */
	result("SIGUSR2, SIGUSR1 twice raised blocked: handlers run on unblock", order, "12 10");

	reset();
	sigprocmask(SIG_BLOCK, &s, 0);
	raise(SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	sigpending(&p);
	truth("a pending SIGUSR1 set to SIG_IGN: dropped", !sigismember(&p, SIGUSR1));
	install(SIGUSR1, on_info, 0, 0);
	sigprocmask(SIG_UNBLOCK, &s, 0);
	number("... not delivered on unblock", hits, 0);
	sigemptyset(&s);
	sigaddset(&s, SIGURG);
	sigprocmask(SIG_BLOCK, &s, 0);
	raise(SIGURG);
	sigpending(&p);
	truth("a blocked SIGURG (default: ignore) is pending", sigismember(&p, SIGURG));
	sigprocmask(SIG_UNBLOCK, &s, 0);
	sigpending(&p);
	truth("... unblocked: ignored", !sigismember(&p, SIGURG));
}

static char alt[65536] __attribute__((aligned(16)));

static int on_alt(uintptr_t a) { return a >= (uintptr_t)alt && a < (uintptr_t)alt + sizeof alt; }

/* SIGUSR2's handler for the nesting check: raises SIGUSR1 (SA_ONSTACK too) inside. */
static void on_outer(int sig, siginfo_t *si, void *uc)
{
	volatile char local;
	(void)sig, (void)si, (void)uc;
	got_local2 = (uintptr_t)&local;
	raise(SIGUSR1);
}

static void altstack(void)
{
	stack_t ss, o;
	memset(&o, 0, sizeof o);
	err_is("sigaltstack(NULL, old)", sigaltstack(0, &o), "0");
	truth("... SS_DISABLE at first", o.ss_flags == SS_DISABLE);
	ss.ss_sp = alt, ss.ss_size = sizeof alt, ss.ss_flags = 0;
	err_is("sigaltstack 64 KiB", sigaltstack(&ss, 0), "0");
	sigaltstack(0, &o);
	truth("... reads back: flags 0, the same stack", o.ss_flags == 0 && o.ss_sp == alt && o.ss_size == sizeof alt);

	install(SIGUSR1, on_info, SA_ONSTACK, 0);
	reset();
	raise(SIGUSR1);
	truth("SA_ONSTACK: the handler's locals are on the alternate stack", hits == 1 && on_alt(got_local));
	result("... sigaltstack inside: SS_ONSTACK", got_ss_flags == SS_ONSTACK ? "SS_ONSTACK" : "not", "SS_ONSTACK");
	result("... changing it there", ename(got_ss_change), "EPERM");
	install(SIGUSR2, on_outer, SA_ONSTACK, 0);
	reset();
	raise(SIGUSR2);
	truth("a handler raised inside an SA_ONSTACK one: further down the same stack",
	      hits == 1 && on_alt(got_local) && on_alt(got_local2) && got_local < got_local2);
	install(SIGUSR1, on_info, 0, 0);
	reset();
	raise(SIGUSR1);
	truth("without SA_ONSTACK: on the usual stack", hits == 1 && !on_alt(got_local));
	result("... sigaltstack inside: flags 0", got_ss_flags == 0 ? "0" : "not", "0");

	ss.ss_size = 2047;
	err_is("sigaltstack of 2047 bytes", sigaltstack(&ss, 0), "ENOMEM");
	ss.ss_size = 2048;
	err_is("sigaltstack of 2048 bytes (MINSIGSTKSZ)", sigaltstack(&ss, 0), "0");
	ss.ss_size = sizeof alt, ss.ss_flags = 4;
	err_is("sigaltstack flags 4", sigaltstack(&ss, 0), "EINVAL");
	ss.ss_flags = SS_ONSTACK;
	err_is("sigaltstack flags SS_ONSTACK (taken as 0)", sigaltstack(&ss, 0), "0");
	sigaltstack(0, &o);
	truth("... reads back flags 0", o.ss_flags == 0 && o.ss_size == sizeof alt);
	err_is("sigaltstack bad pointer", sigaltstack(bad_pointer, 0), "EFAULT");
	ss.ss_flags = SS_DISABLE;
	err_is("sigaltstack SS_DISABLE", sigaltstack(&ss, 0), "0");
	sigaltstack(0, &o);
	truth("... reads back SS_DISABLE, size 0", o.ss_flags == SS_DISABLE && o.ss_size == 0);
	install(SIGUSR1, on_info, SA_ONSTACK, 0);
	reset();
	raise(SIGUSR1);
	truth("SA_ONSTACK without an alternate stack: the usual stack", hits == 1 && !on_alt(got_local));
	signal(SIGUSR2, SIG_DFL);
}

/* Handlers changing the context they return to. */
static void add_usr2(int sig, siginfo_t *si, void *ucv)
{
	(void)sig, (void)si;
	sigaddset(&((ucontext_t *)ucv)->uc_sigmask, SIGUSR2);
}

static void set_regs(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	(void)sig, (void)si;
	uc->uc_mcontext.__gregs[REG_A0] = 4242;
	uc->uc_mcontext.__gregs[31] = 77;   /* t6 */
}

static void skip_insn(int sig, siginfo_t *si, void *ucv)
{
	(void)sig, (void)si;
	((ucontext_t *)ucv)->uc_mcontext.__gregs[REG_PC] += 4;
}

/* kill(getpid(), SIGUSR1) by its own ecall, t6 = 5 around it, and then a0 += 1 (an
 * instruction of 4 bytes): a0 and t6 after it, in *a0 and *t6. */
static void raw_kill(long *a0, long *t6)
{
	long pid = getpid();
	register long r_a0 __asm__("a0") = pid;
	register long r_a1 __asm__("a1") = SIGUSR1;
	register long r_a7 __asm__("a7") = SYS_kill;
	register long r_t6 __asm__("t6") = 5;
	__asm__ volatile("ecall\n\t.option push\n\t.option norvc\n\taddi a0, a0, 1\n\t.option pop"
	                 : "+r"(r_a0), "+r"(r_t6) : "r"(r_a1), "r"(r_a7) : "memory");
	*a0 = r_a0, *t6 = r_t6;
}

static void contexts(void)
{
	sigset_t s;
	long a0, t6;
	unblock_all();
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, 0);
	install(SIGUSR1, on_info, 0, 0);
	reset();
	raise(SIGUSR1);
	truth("uc_sigmask is the mask before delivery", sigismember(&got_ucmask, SIGUSR2) && !sigismember(&got_ucmask, SIGUSR1));
	unblock_all();
	install(SIGUSR1, add_usr2, 0, 0);
	raise(SIGUSR1);
	truth("a handler adding SIGUSR2 to uc_sigmask: blocked after it returns", blocked(SIGUSR2) && !blocked(SIGUSR1));
	unblock_all();
	install(SIGUSR1, set_regs, 0, 0);
	raw_kill(&a0, &t6);
	number("a handler setting a0 in uc_mcontext: the call's result", a0, 4243);
	number("... and t6", t6, 77);
	install(SIGUSR1, skip_insn, 0, 0);
	raw_kill(&a0, &t6);
	number("a handler advancing the pc by 4: the next instruction skipped (a0)", a0, 0);
	number("... t6 kept", t6, 5);
}

static sigjmp_buf jmp;
static void jump_out(int sig) { (void)sig; siglongjmp(jmp, 1); }

static void jumps(void)
{
	volatile int back = 0;
	unblock_all();
	signal(SIGUSR1, jump_out);
	if (sigsetjmp(jmp, 1) == 0)
		raise(SIGUSR1);
	else
		back = 1;
	truth("siglongjmp out of a handler (savemask 1): back", back);
	truth("... SIGUSR1 unblocked again", !blocked(SIGUSR1));
	back = 0;
	if (sigsetjmp(jmp, 0) == 0)
		raise(SIGUSR1);
	else
		back = 1;
	truth("siglongjmp out of a handler (savemask 0): back", back);
	truth("... SIGUSR1 still blocked, as in the handler", blocked(SIGUSR1));
	unblock_all();
}

/* regs_probe(in, out, pid, addr): loads f0-f31, fcsr, s0-s11 and t1-t6 from in[0..50];
 * with addr 0, makes kill(pid, SIGUSR1) by its own ecall; else loads a0 and a1 from
 * in[51..52] and stores a0 to addr (to fault there). Then stores the same registers
 * (and a0, a1) to out[0..52]. */
void regs_probe(const uint64_t *in, uint64_t *out, long pid, void *addr);
__asm__(
	".text\n.globl regs_probe\nregs_probe:\n"
	"addi sp, sp, -112\n"
	"sd ra, 0(sp)\nsd s0, 8(sp)\nsd s1, 16(sp)\nsd s2, 24(sp)\nsd s3, 32(sp)\nsd s4, 40(sp)\n"
	"sd s5, 48(sp)\nsd s6, 56(sp)\nsd s7, 64(sp)\nsd s8, 72(sp)\nsd s9, 80(sp)\nsd s10, 88(sp)\n"
	"sd s11, 96(sp)\nsd a1, 104(sp)\n"
	"mv t0, a0\nmv a0, a2\nli a1, 10\nli a7, 129\n"
	".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"fld f\\n, (8 * \\n)(t0)\n.endr\n"
	"ld t1, 256(t0)\nfscsr t1\n"
	".irp n, 0,1,2,3,4,5,6,7,8,9,10,11\nld s\\n, (264 + 8 * \\n)(t0)\n.endr\n"
	".irp n, 1,2,3,4,5,6\nld t\\n, (352 + 8 * \\n)(t0)\n.endr\n"
	"bnez a3, 1f\n"
	"ecall\n"
	"j 2f\n"
	"1: ld a0, 408(t0)\nld a1, 416(t0)\nsd a0, 0(a3)\n"
	"2: ld t0, 104(sp)\n"
	"sd a0, 408(t0)\nsd a1, 416(t0)\n"
	".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"fsd f\\n, (8 * \\n)(t0)\n.endr\n"
	"frcsr a0\nsd a0, 256(t0)\n"
	".irp n, 0,1,2,3,4,5,6,7,8,9,10,11\nsd s\\n, (264 + 8 * \\n)(t0)\n.endr\n"
	".irp n, 1,2,3,4,5,6\nsd t\\n, (352 + 8 * \\n)(t0)\n.endr\n"
	"ld ra, 0(sp)\nld s0, 8(sp)\nld s1, 16(sp)\nld s2, 24(sp)\nld s3, 32(sp)\nld s4, 40(sp)\n"
	"ld s5, 48(sp)\nld s6, 56(sp)\nld s7, 64(sp)\nld s8, 72(sp)\nld s9, 80(sp)\nld s10, 88(sp)\n"
	"ld s11, 96(sp)\n"
	"addi sp, sp, 112\nret\n");
#define NPROBE 53

static volatile double fp_sink;

/* A handler that uses the FP registers and changes the rounding mode and flags. */
static void fp_user(int sig)
{
	volatile double a = 1.0, b = 3.0;
	double x[16];
	__asm__ volatile("fsrmi 3");   /* round up */
	for (int i = 0; i < 16; i++)
		x[i] = a / (b + i);
	for (int i = 0; i < 16; i++)
		fp_sink += x[i] * x[15 - i];
	hits += sig == SIGUSR1;
}

static void probe_in(uint64_t *in)
{
	for (int i = 0; i < NPROBE; i++)
		in[i] = 0x0123456789abcdefULL * (uint64_t)(i + 1);
	in[32] = 0x41;   /* fcsr: rounding mode 2 (down), NX set */
}

/* The registers regs_probe saw after the signal: the same as it loaded (a0 and a1 too
 * for a fault); the lines begin with what. */
static void probe_check(const char *what, const uint64_t *in, const uint64_t *out, int fault)
{
	char line[96];
	int fp = 0, x = 0;
	for (int i = 0; i < 32; i++)
		fp += in[i] == out[i];
	for (int i = 33; i < 51; i++)
		x += in[i] == out[i];
	snprintf(line, sizeof line, "%s: f0-f31 the same", what);
	number(line, fp, 32);
	number("... fcsr", (long)out[32], 0x41);
	number("... s0-s11, t1-t6 the same", x, 51 - 33);
	if (fault)
		truth("... a0, a1 the same", in[51] == out[51] && in[52] == out[52]);
}

static void registers(void)
{
	uint64_t in[NPROBE], out[NPROBE];
	probe_in(in);
	memset(out, 0, sizeof out);
	signal(SIGUSR1, fp_user);
	reset();
	regs_probe(in, out, getpid(), 0);
	number("a handler using FP ran", hits, 1);
	probe_check("across a handler using FP", in, out, 0);
}

static void kills(void)
{
	err_is("kill(getpid(), 0)", kill(getpid(), 0), "0");
	err_is("kill(no such pid, 0)", kill(NO_PID, 0), "ESRCH");
	err_is("kill(no such pid, SIGUSR1)", kill(NO_PID, SIGUSR1), "ESRCH");
	err_is("kill(getpid(), 65)", kill(getpid(), 65), "EINVAL");
	err_is("kill(getpid(), -1)", kill(getpid(), -1), "EINVAL");
	err_is("kill(no such pid, 65)", kill(NO_PID, 65), "ESRCH");   /* the pid is looked at first */
	err_is("tgkill(getpid(), no such tid, SIGUSR1)", syscall(SYS_tgkill, getpid(), NO_PID, SIGUSR1), "ESRCH");
	err_is("tgkill(0, tid, SIGUSR1)", syscall(SYS_tgkill, 0, gettid(), SIGUSR1), "EINVAL");
	err_is("tgkill(getpid(), gettid(), 65)", syscall(SYS_tgkill, getpid(), gettid(), 65), "EINVAL");
	err_is("tkill(-1, SIGUSR1)", syscall(SYS_tkill, -1, SIGUSR1), "EINVAL");
}

/* ---- faults, caught by a handler that leaves by siglongjmp ---- */
static volatile int fault_sig, fault_code, fault_blocked;
static volatile uintptr_t fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = si->si_signo == sig ? sig : -1;
	fault_code = si->si_code;
	fault_addr = (uintptr_t)si->si_addr;
	fault_blocked = blocked(sig);
	siglongjmp(jmp, 1);
}

extern char ill_insn[], brk_insn[], amo_insn[];
static char amo_buf[16] __attribute__((aligned(8)));
static void __attribute__((noinline)) misaligned_atomic(void)
{
	__asm__ volatile(".globl amo_insn\namo_insn: amoadd.w zero, %1, (%0)" :: "r"(amo_buf + 1), "r"(1) : "memory");
}
static void __attribute__((noinline)) illegal(void)
{
	__asm__ volatile(".globl ill_insn\nill_insn: .4byte 0xc0001073");   /* unimp: csrrw x0, cycle, x0 */
}
static void __attribute__((noinline)) breakpoint(void)
{
	__asm__ volatile(".globl brk_insn\nbrk_insn: .4byte 0x00100073");   /* ebreak */
}

/* What happens at p (read, or write of 1) or running fn: "none" or "SIG code", with
 * the handler's si_addr in *addr. */
static const char *fault_at(volatile char *p, int write, void (*fn)(void), uintptr_t *addr)
{
	static char what[32];
	fault_sig = 0, fault_addr = 0;
	if (sigsetjmp(jmp, 1) == 0) {
		if (fn)
			fn();
		else if (write)
			*p = 1;
		else
			(void)*p;
		return "none";
	}
	*addr = fault_addr;
	snprintf(what, sizeof what, "%s %d", fault_sig == SIGSEGV ? "SIGSEGV" : fault_sig == SIGBUS ? "SIGBUS" :
	         fault_sig == SIGILL ? "SIGILL" : fault_sig == SIGTRAP ? "SIGTRAP" : "other", fault_code);
	return what;
}

static void faults(void)
{
	uintptr_t a = 0;
	for (int s = 1; s < 32; s++)
		if (s == SIGSEGV || s == SIGBUS || s == SIGILL || s == SIGTRAP)
			install(s, on_fault, 0, 0);
	char *m = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + PG, PG);
	mprotect(m + 2 * PG, PG, PROT_NONE);
	mprotect(m, PG, PROT_READ);
	result("write to an unmapped page", fault_at(m + PG + 24, 1, 0, &a), "SIGSEGV 1");   /* SEGV_MAPERR */
	truth("... si_addr is the address", a == (uintptr_t)(m + PG + 24));
	truth("... SIGSEGV blocked in the handler", fault_blocked);
	result("read of a PROT_NONE page", fault_at(m + 2 * PG + 100, 0, 0, &a), "SIGSEGV 2");   /* SEGV_ACCERR */
	truth("... si_addr is the address", a == (uintptr_t)(m + 2 * PG + 100));
	result("write to a PROT_READ page", fault_at(m + 8, 1, 0, &a), "SIGSEGV 2");
	truth("... si_addr is the address", a == (uintptr_t)(m + 8));
	truth("... SIGSEGV unblocked after siglongjmp", !blocked(SIGSEGV));
	result("read of address 0", fault_at(0, 0, 0, &a), "SIGSEGV 1");
	truth("... si_addr 0", a == 0);
	munmap(m, 3 * PG);
	result("an illegal instruction", fault_at(0, 0, illegal, &a), "SIGILL 1");   /* ILL_ILLOPC */
	truth("... si_addr is its address", a == (uintptr_t)ill_insn);
	result("ebreak", fault_at(0, 0, breakpoint, &a), "SIGTRAP 1");   /* TRAP_BRKPT */
	truth("... si_addr is its address", a == (uintptr_t)brk_insn);
	result("a misaligned atomic", fault_at(0, 0, misaligned_atomic, &a), "SIGBUS 1");   /* BUS_ADRALN */
	truth("... si_addr is the instruction's address (riscv Linux's)", a == (uintptr_t)amo_insn);
	int fd = open("/etc/motd", O_RDONLY);
	char *f = fd < 0 ? MAP_FAILED : mmap(0, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	truth("mmap /etc/motd 2 pages (it is shorter than 1)", f != MAP_FAILED && lseek(fd, 0, SEEK_END) < (off_t)PG);
	if (f != MAP_FAILED) {
		result("read of its page 1, past the end", fault_at(f + PG + 16, 0, 0, &a), "SIGBUS 2");   /* BUS_ADRERR */
		truth("... si_addr is the address", a == (uintptr_t)(f + PG + 16));
		munmap(f, 2 * PG);
	}
	close(fd);
}

/* ---- fault handlers that return ---- */
static volatile int ret_hits;
static volatile uintptr_t ret_pc;
static sigset_t ret_ucmask, ret_mask;

/* SIGSEGV: make the page of si_addr writable and return, so that the access is made
 * again; uses the FP registers and changes the rounding mode meanwhile. */
static void fix_page(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	volatile char local;
	(void)sig;
	ret_hits++;
	ret_ucmask = uc->uc_sigmask;
	sigprocmask(SIG_BLOCK, 0, &ret_mask);
	got_local = (uintptr_t)&local;
	fault_addr = (uintptr_t)si->si_addr;
	mprotect((void *)((uintptr_t)si->si_addr & ~(PG - 1)), PG, PROT_READ | PROT_WRITE);
	fp_user(SIGSEGV);
}

/* Skip the faulting instruction (4 bytes) and return. */
static void skip_fault(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	(void)sig, (void)si;
	ret_hits++;
	ret_pc = uc->uc_mcontext.__gregs[REG_PC];
	uc->uc_mcontext.__gregs[REG_PC] += 4;
}

static void returns(void)
{
	sigset_t s;
	unblock_all();
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, 0);
	install(SIGSEGV, fix_page, 0, 0);
	char *m = mmap(0, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ret_hits = 0;
	*(volatile int *)(m + 64) = 1234;
	number("a SIGSEGV handler that mprotects the page and returns: ran", ret_hits, 1);
	truth("... the write was made again and stuck", *(volatile int *)(m + 64) == 1234);
	truth("... si_addr was the address", fault_addr == (uintptr_t)(m + 64));
	truth("... uc_sigmask: the mask before (SIGUSR2, not SIGSEGV)",
	      sigismember(&ret_ucmask, SIGUSR2) && !sigismember(&ret_ucmask, SIGSEGV));
	truth("... SIGSEGV blocked in the handler", sigismember(&ret_mask, SIGSEGV));
	truth("... after it: SIGUSR2 blocked, SIGSEGV not", blocked(SIGUSR2) && !blocked(SIGSEGV));
	unblock_all();

	stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
	sigaltstack(&ss, 0);
	install(SIGSEGV, fix_page, SA_ONSTACK, 0);
	mprotect(m + PG, PG, PROT_NONE);
	ret_hits = 0;
	int v = *(volatile int *)(m + PG + 8);
	truth("an SA_ONSTACK one, for a read of a PROT_NONE page: ran on the alternate stack",
	      ret_hits == 1 && on_alt(got_local));
	truth("... the read was made again (zero)", v == 0);
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, 0);

	uint64_t in[NPROBE], out[NPROBE];
	probe_in(in);
	memset(out, 0, sizeof out);
	install(SIGSEGV, fix_page, 0, 0);
	mprotect(m, PG, PROT_READ);
	ret_hits = 0;
	regs_probe(in, out, 0, m + 128);
	number("a store to a PROT_READ page by hand-written code, the handler returns: ran", ret_hits, 1);
	probe_check("... after it, by a handler using FP", in, out, 1);
	truth("... the store was made", *(volatile uint64_t *)(m + 128) == in[51]);
	munmap(m, 2 * PG);

	install(SIGILL, skip_fault, 0, 0);
	ret_hits = 0;
	illegal();
	number("a SIGILL handler advancing the pc by 4 and returning: ran", ret_hits, 1);
	truth("... the pc it saw was the instruction's", ret_pc == (uintptr_t)ill_insn);
	install(SIGSEGV, skip_fault, 0, 0);
	long loaded = 99;
	ret_hits = 0;
	__asm__ volatile(".option push\n.option norvc\nld %0, 0(%1)\n.option pop" : "+r"(loaded) : "r"(8L) : "memory");
	truth("a SIGSEGV handler skipping a load from address 8: ran, the load skipped", ret_hits == 1 && loaded == 99);
	int fd = open("/etc/motd", O_RDONLY);
	char *f = fd < 0 ? MAP_FAILED : mmap(0, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	if (f != MAP_FAILED) {
		install(SIGBUS, skip_fault, 0, 0);
		loaded = 99;
		ret_hits = 0;
		__asm__ volatile(".option push\n.option norvc\nld %0, 0(%1)\n.option pop" : "+r"(loaded) : "r"(f + PG) : "memory");
		truth("a SIGBUS handler skipping a load past the end of /etc/motd: ran, the load skipped",
		      ret_hits == 1 && loaded == 99);
		munmap(f, 2 * PG);
	}
	close(fd);
	signal(SIGSEGV, SIG_DFL);
	signal(SIGILL, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
}

int main(void)
{
	actions();
	masks();
	altstack();
	contexts();
	jumps();
	registers();
	kills();
	faults();
	returns();
	if (summary())
		return 1;
	printf("ending by an unhandled SIGTERM\n");
	fflush(stdout);
	signal(SIGTERM, SIG_DFL);
	raise(SIGTERM);
	return 2;
}
