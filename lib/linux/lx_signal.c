/* lx_signal.c - Linux signals: dispositions and the process's pending signals live
 * here, in the task, like glibc's view of them, and each thread's mask, alternate stack
 * and the signals sent to it alone in its block (lx_thread.h). A signal a thread takes
 * (from the VM server, or sent to itself) is its own to deliver; one sent to the
 * process by itself waits for any thread that does not block it. A signal sent to the
 * task itself (kill, tgkill, raise) is delivered as
 * the system call returns, on Linux's riscv64 frame (struct rt_sigframe: siginfo, then
 * ucontext with every register and the FP state) below the program's sp (the
 * personality runs on its own stack, lx_entry.S), every pending one at once as Linux
 * does, and the handler returns through lx_sigreturn_tramp to rt_sigreturn. A fault the
 * VM server cannot resolve comes to lx_fault_entry on the personality's fault stack:
 * inside a copy it is EFAULT (lx_uaccess.c); else the registers at the fault (pc, sp,
 * a0, a1 from the VM server, the others as the entry found them) are made the ones a
 * call returns with, at the faulting pc, and the handler is entered the same way. So it
 * may return (the instruction runs again, or at the pc it set in uc_mcontext) or leave
 * by siglongjmp. Real-time signals queue in the VM server (sigqueue.c there), even
 * those the task sends itself: one instance of each is taken at a time, and only while
 * it is not blocked (or waited for, lx_sigqueue.c), so the queue and its limit are the
 * VM server's; vm_left is what the VM server said it holds. A standard signal, too, stays
 * there until a thread that does not block it (or waits for it) takes it. */
#include "linux/lx_thread.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U
#define NSIG 64
#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGSEGV 11
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGURG 23
#define SIGWINCH 28
#define SIGRTMIN 32
#define BUS_ADRALN 1
#define SA_NOCLDSTOP 0x1
#define SA_NOCLDWAIT 0x2
#define SA_SIGINFO 0x4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SA_RESTART 0x10000000
#define SA_ONSTACK 0x08000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048
#define BIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))
#define RT_SIGS (~0ull << (SIGRTMIN - 1))

struct k_sigaction { uint64_t handler, flags, mask; };   /* riscv64: no sa_restorer */
struct sigframe {                                                    /* struct rt_sigframe */
	struct lx_siginfo info;
	struct {
		uint64_t flags, link, ss_sp;
		int32_t ss_flags, ss_pad;
		uint64_t ss_size, sigmask;
		uint8_t unused[120];
		uint64_t regs[32] __attribute__((aligned(16)));   /* sc_regs: pc, ra, sp, ..., t6 */
		uint64_t fp[66] __attribute__((aligned(16)));   /* __riscv_fp_state (528 bytes) */
	} uc;
};
_Static_assert(sizeof(struct sigframe) == 128 + 960, "Linux's rt_sigframe");
_Static_assert(offsetof(struct sigframe, uc.regs) == 128 + 176, "uc_mcontext, 16-aligned");

void lx_fp_save(uint64_t *f);
void lx_fp_restore(const uint64_t *f);
void lx_sigreturn_tramp(void);
void lx_uaccess_fault(void);

static struct k_sigaction act[NSIG + 1];
static struct lx_sigpend proc_pend;   /* the process's pending signals; each thread's own
                                         are in its block, with its mask and alternate stack */
static uint64_t vm_left;         /* signals pending in the VM server, at the last look */

/* The calling thread's block. */
static struct lx_thread *me(void) { return lx_self(); }

/* Every signal pending for the calling thread: its own and the process's. */
static uint64_t pending(void) { return me()->pend.set | proc_pend.set; }

/* Whether sig's default action is to ignore it (stop signals too, until job control). */
static int default_ignores(long sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

/* Is sig's default action to stop (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU)? */
static int default_stops(long sig)
{
	return sig >= SIGSTOP && sig <= 22;
}

/* Does sig's disposition ignore it (SIG_IGN, or SIG_DFL of a signal ignored by default)? */
static int disp_ignores(long sig)
{
	return act[sig].handler == 1 || (act[sig].handler == 0 && default_ignores(sig));
}

/* Is sig dropped when sent: ignored, and not blocked, nor blocked under a wait's own
 * mask (a blocked one stays pending, as Linux's sig_ignored says with real_blocked: so
 * sigtimedwait gets a SIGCHLD left at its default action)? */
static int ignored(long sig)
{
	struct lx_thread *t = me();
	return disp_ignores(sig) && !(t->blocked & BIT(sig)) && !(t->suspended && (t->suspend_saved & BIT(sig)));
}
static void deliver_ready(struct lx_regs *r, int call);
static void tell_vm(void);
static void drop(long sig);
void lx_intr_entry(void);

static int on_altstack(uint64_t sp) { return sp > me()->alt_sp && sp - me()->alt_sp <= me()->alt_size; }

/* The alternate stack's state as seen from sp (Linux's sas_ss_flags). */
static int32_t alt_state(uint64_t sp) { return !me()->alt_size ? SS_DISABLE : on_altstack(sp) ? SS_ONSTACK : 0; }

/* rt_sigaction, in Linux's order: the size, reading the new action (EFAULT), the
 * number, then the change; the old action is written last (EFAULT after the change). */
static long lx_rt_sigaction(ARGS)
{
	struct k_sigaction n;
	a0 = (int)a0;   /* int sig: the register's high half does not count, as on Linux */
	if (a3 != 8)
		return -LX_EINVAL;
	if (a1 && lx_copy_in(&n, (uint64_t)a1, sizeof n))
		return -LX_EFAULT;
	if (a0 < 1 || a0 > NSIG || (a1 && (a0 == SIGKILL || a0 == SIGSTOP)))
		return -LX_EINVAL;
	struct k_sigaction old = act[a0];
	if (a1) {
		n.mask &= ~UNBLOCKABLE;
		act[a0] = n;
		if (disp_ignores(a0))   /* a pending one is dropped, blocked or not */
			drop(a0);
		tell_vm();
	}
	return a2 && lx_copy_out((uint64_t)a2, &old, sizeof old) ? -LX_EFAULT : 0;
}

static long lx_rt_sigprocmask(ARGS)
{
	uint64_t set = 0, old = me()->blocked;
	a0 = (int)a0;   /* int how */
	if (a3 != 8)
		return -LX_EINVAL;
	if (a1 && lx_copy_in(&set, (uint64_t)a1, 8))
		return -LX_EFAULT;
	if (a1) {
		if (a0 == 0)
			me()->blocked |= set;
		else if (a0 == 1)
			me()->blocked &= ~set;
		else if (a0 == 2)
			me()->blocked = set;
		else
			return -LX_EINVAL;
		me()->blocked &= ~UNBLOCKABLE;
	}
	tell_vm();   /* what is dropped depends on the mask too */
	return a2 && lx_copy_out((uint64_t)a2, &old, 8) ? -LX_EFAULT : 0;
}

static long lx_rt_sigpending(ARGS)
{
	if (a1 != 8)
		return -LX_EINVAL;
	lx_signal_fetch();   /* what the VM server holds now */
	uint64_t p = (pending() | vm_left) & me()->blocked;
	return lx_copy_out((uint64_t)a0, &p, 8);
}

void lx_signal_raise(int sig)
{
	lx_signal_post(sig, 0, lx_cred_self_ids(), 0);
}

/* Make sig pending in q (the process's, or a thread's) as lx_signal_post says. */
static long post(struct lx_sigpend *q, long sig, int32_t code, uint64_t ids, uint64_t value)
{
	if (sig < 0 || sig > NSIG)
		return -LX_EINVAL;
	int nocldstop = sig == SIGCHLD && (code == CLD_STOPPED || code == CLD_CONTINUED) &&
	                (act[SIGCHLD].flags & SA_NOCLDSTOP);
	if (sig && !ignored(sig) && !nocldstop && !(pending() & BIT(sig))) {   /* a second: dropped */
		q->set |= BIT(sig);
		q->code[sig] = code;
		q->ids[sig] = ids;
		q->value[sig] = value;
	}
	return 0;
}

long lx_signal_post(long sig, int32_t code, uint64_t ids, uint64_t value)
{
	return post(&proc_pend, sig, code, ids, value);
}

long lx_signal_post_thread(long sig, int32_t code, uint64_t ids)
{
	return post(&me()->pend, sig, code, ids, 0);
}

void lx_signal_queued(long sig)
{
	if (sig > 0 && sig <= NSIG)
		vm_left |= BIT(sig);
}

/* One VM_SIGTAKE of the lowest signal in mask into *r, vm_left brought up to date: 0, or
 * -errno (and vm_left cleared, so that nobody asks again in a loop). */
static long take_one(uint64_t mask, struct vm_sigtake_rep *r)
{
	struct vm_sigtake_req q = {mask, (uint64_t)me()->tid};
	long e = vm_sigtake_call(TH_VM_EP, &q, 0, 0, r);
	vm_left = e < 0 ? 0 : r->left;
	return e < 0 ? e : 0;
}

/* Take from the VM server the standard signals in set and one instance of each
 * real-time signal in set that is not pending here already, into the calling thread's
 * pending ones: it takes them, so it delivers them (set: those it does not block, or
 * waits for). */
static void take(uint64_t set)
{
	uint64_t mask = set & (~RT_SIGS | ~pending());
	struct vm_sigtake_rep r;
	while (take_one(mask, &r) == 0 && r.sig) {
		post(&me()->pend, (long)r.sig, (int32_t)r.code, r.ids, r.value);
		mask &= ~(BIT(r.sig) & RT_SIGS);
	}
}

/* sig is now ignored: drop it, here and (queued instances) in the VM server. */
static void drop(long sig)
{
	struct vm_sigtake_rep r;
	proc_pend.set &= ~BIT(sig);
	for (int i = 0; i < LX_THREADS; i++)
		if (lx_thread_at(i))
			lx_thread_at(i)->pend.set &= ~BIT(sig);
	while ((vm_left & BIT(sig)) && take_one(BIT(sig), &r) == 0 && r.sig)
		;
}

/* Tell the VM server where the kernel sends the thread when a signal comes, which
 * signals it may drop (those ignored now) and whether the children are kept once they
 * end (not with SIGCHLD ignored or SA_NOCLDWAIT), if that changed. */
static void tell_vm(void)
{
	static uint64_t told = ~0ull, told_nocldwait;
	uint64_t ign = 0, nocldwait = act[SIGCHLD].handler == 1 || (act[SIGCHLD].flags & SA_NOCLDWAIT);
	for (int sig = 1; sig <= NSIG; sig++)
		if (ignored(sig))
			ign |= BIT(sig);
	if (ign == told && nocldwait == told_nocldwait)
		return;
	struct vm_sigstate_req q = {(uint64_t)lx_intr_entry, ign, nocldwait};
	struct vm_sigstate_rep r;
	if (vm_sigstate_call(TH_VM_EP, &q, 0, 0, &r) == 0)
		told = ign, told_nocldwait = nocldwait;
}

int lx_signal_fetch(void)
{
	take(~me()->blocked);
	return (pending() & ~me()->blocked) != 0;
}

/* The siginfo of the pending signal sig (as sent: si_code, si_pid, si_uid, si_value or
 * SIGCHLD's si_status), and sig taken off. */
static void take_pending(int sig, struct lx_siginfo *i)
{
	struct lx_sigpend *q = me()->pend.set & BIT(sig) ? &me()->pend : &proc_pend;   /* its own first */
	q->set &= ~BIT(sig);
	*i = (struct lx_siginfo){sig, 0, q->code[sig], 0, {q->ids[sig], q->value[sig]}};
}

int lx_signal_dequeue(uint64_t set, struct lx_siginfo *info)
{
	take(set);
	uint64_t ready = pending() & set;
	int sig = 1;
	if (!ready)
		return 0;
	while (!(ready & BIT(sig)))
		sig++;
	take_pending(sig, info);
	return sig;
}

uint64_t lx_sigmask(void)
{
	return me()->blocked;
}

void lx_sigmask_push(uint64_t mask)
{
	me()->suspend_saved = me()->blocked;
	me()->suspended = 1;
	me()->blocked = mask & ~UNBLOCKABLE;
}

void lx_sigmask_pop(long result)
{
	if (me()->suspended && result != -LX_EINTR && result != -LX_ERESTARTNOHAND) {
		me()->blocked = me()->suspend_saved;
		me()->suspended = 0;
	}
}

void lx_interrupted(struct lx_regs *r);
void lx_interrupted(struct lx_regs *r)
{
	lx_lock();
	if (lx_signal_fetch())
		deliver_ready(r, 0);
	lx_unlock();
}

/* sigaltstack as Linux's do_sigaltstack: EPERM on the stack, a mode of 0, SS_ONSTACK
 * (taken as 0) or SS_DISABLE with SS_AUTODISARM accepted (and ignored), ENOMEM below
 * MINSIGSTKSZ; the old state is written after the change. */
static long lx_sigaltstack(ARGS)
{
	struct { uint64_t sp; int32_t flags, pad; uint64_t size; } n, o = {me()->alt_sp, 0, 0, me()->alt_size};
	uint64_t sp = lx_cur->x[LX_SP];
	o.flags = alt_state(sp);
	if (a0) {
		if (lx_copy_in(&n, (uint64_t)a0, sizeof n))
			return -LX_EFAULT;
		if (on_altstack(sp))
			return -LX_EPERM;
		int32_t mode = n.flags & ~(int32_t)0x80000000;
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -LX_EINVAL;
		if (mode != SS_DISABLE && n.size < MINSIGSTKSZ)
			return -LX_ENOMEM;
		int off = mode == SS_DISABLE;
		me()->alt_sp = off ? 0 : n.sp, me()->alt_size = off ? 0 : n.size;
	}
	return a1 && lx_copy_out((uint64_t)a1, &o, sizeof o) ? -LX_EFAULT : 0;
}

static _Noreturn void die(int sig)
{
	lx_exit_signal(128 + sig, sig);
}

void lx_signal_exec(void)
{
	for (int sig = 1; sig <= NSIG; sig++) {   /* Linux's flush_signal_handlers */
		if (act[sig].handler != 1)
			act[sig].handler = 0;
		act[sig].flags = 0;
		act[sig].mask = 0;
	}
	me()->alt_sp = me()->alt_size = 0;
	tell_vm();
}

void lx_signal_forked(void)
{
	proc_pend.set = me()->pend.set = vm_left = 0;   /* as Linux: the child starts with none pending */
}

/* rt_sigreturn: the registers, FP state and mask from the frame at the program's sp;
 * the call returns to the pc the frame holds, with the frame's a0 and a7. */
static long lx_rt_sigreturn(ARGS)
{
	static struct sigframe f;
	struct lx_regs *r = lx_cur;
	if (lx_copy_in(&f, r->x[LX_SP], sizeof f))
		die(SIGSEGV);
	for (int i = 1; i < 32; i++)
		if (i != LX_TP)   /* x[4] is the block; the program's tp is the kernel's */
			r->x[i] = f.uc.regs[i];
	lx_fp_restore(f.uc.fp);
	me()->blocked = f.uc.sigmask & ~UNBLOCKABLE;
	lx_resume(f.uc.regs[0], f.uc.regs[LX_A7], f.uc.regs[LX_TP], 1, 0);
	return (long)r->x[LX_A0];
}

/* The default action of sig: ignore it, stop until a SIGCONT (the VM server answers
 * VM_STOP then), or end the program. */
static void default_action(int sig)
{
	if (default_stops(sig)) {   /* the VM server answers when a SIGCONT comes */
		struct vm_stop_req q = {(uint64_t)sig};
		struct vm_stop_rep r;
		lx_unlock();
		vm_stop_call(TH_VM_EP, &q, 0, 0, &r);
		lx_lock();
	} else if (!default_ignores(sig)) {
		die(sig);
	}
}

/* Enter the handler of sig with r the registers to come back to (at the pc the kernel
 * keeps for SYS_LX_RETURN) and info its siginfo: a frame below the program's sp (or on
 * the alternate stack), and the way back to the program goes into the handler. */
static void enter_handler(struct lx_regs *r, int sig, const struct lx_siginfo *info)
{
	static struct sigframe f;
	const struct k_sigaction *a = &act[sig];
	uint64_t sp = r->x[LX_SP];
	memset(&f, 0, sizeof f);
	f.uc.ss_sp = me()->alt_sp, f.uc.ss_size = me()->alt_size, f.uc.ss_flags = alt_state(sp);
	if ((a->flags & SA_ONSTACK) && me()->alt_size && !on_altstack(sp))
		sp = me()->alt_sp + me()->alt_size;
	uint64_t frame = (sp - sizeof f) & ~15ull;
	f.info = *info;
	f.uc.sigmask = me()->suspended ? me()->suspend_saved : me()->blocked;   /* rt_sigsuspend: its caller's */
	me()->suspended = 0;
	for (int i = 1; i < 32; i++)
		f.uc.regs[i] = r->x[i];
	f.uc.regs[0] = lx_resume(a->handler, r->x[LX_A7], 0, 0, &f.uc.regs[LX_TP]);
	lx_fp_save(f.uc.fp);
	if (lx_copy_out(frame, &f, sizeof f))
		die(SIGSEGV);
	r->x[LX_A0] = (uint64_t)sig;
	r->x[LX_A0 + 1] = frame;
	r->x[LX_A0 + 2] = frame + 128;
	r->x[LX_SP] = frame;
	r->x[LX_RA] = (uint64_t)lx_sigreturn_tramp;
	me()->blocked |= a->mask | (a->flags & SA_NODEFER ? 0 : BIT(sig));
	me()->blocked &= ~UNBLOCKABLE;
	if (a->flags & SA_RESETHAND)
		act[sig].handler = 0;   /* the flags stay, as on Linux */
}

/* A call that a signal cut short (-LX_ERESTARTSYS, or -LX_ERESTARTNOHAND) ends with
 * EINTR if the first handler to run lacks SA_RESTART (ERESTARTNOHAND: if any handler
 * runs); else it is made again once the handlers return (or at once, if none runs), as
 * Linux restarts it: its first argument back, the pc on its ecall. */
static void restart_or_eintr(struct lx_regs *r)
{
	uint64_t ready = pending() & ~me()->blocked;
	int nohand = r->x[LX_A0] == (uint64_t)-LX_ERESTARTNOHAND;
	for (int sig = 1; sig <= NSIG; sig++)
		if ((ready & BIT(sig)) && act[sig].handler > 1) {
			if (nohand || !(act[sig].flags & SA_RESTART)) {
				r->x[LX_A0] = (uint64_t)-LX_EINTR;
				return;
			}
			break;
		}
	r->x[LX_A0] = me()->orig_a0;
	uint64_t pc = lx_resume(0, r->x[LX_A7], 0, 0, 0);
	lx_resume(pc - 4, r->x[LX_A7], 0, 0, 0);
}

/* Deliver every pending signal not blocked, lowest first, as Linux does on the way back
 * to the program: each handler's frame on top of the one before, so the last delivered
 * runs first and returns into the one before. At the end of a call (call), the call's
 * result is what the first frame keeps, after a restart was decided. */
static __attribute__((noinline)) void deliver_ready(struct lx_regs *r, int call)
{
	uint64_t ready;
	if (vm_left & ~me()->blocked & ~pending())
		take(~me()->blocked);
	if (call && (r->x[LX_A0] == (uint64_t)-LX_ERESTARTSYS || r->x[LX_A0] == (uint64_t)-LX_ERESTARTNOHAND))
		restart_or_eintr(r);
	while ((ready = pending() & ~me()->blocked)) {
		int sig = 1;
		while (!(ready & BIT(sig)))
			sig++;
		struct lx_siginfo i;
		take_pending(sig, &i);
		if (act[sig].handler == 0)
			default_action(sig);
		else if (act[sig].handler != 1)
			enter_handler(r, sig, &i);
		if (vm_left & ~me()->blocked & ~pending())   /* its next instance, or a signal it unblocked */
			take(~me()->blocked);
	}
	if (me()->suspended) {   /* no handler ran: rt_sigsuspend's caller gets its mask back */
		me()->blocked = me()->suspend_saved;
		me()->suspended = 0;
	}
}

/* After every call: nearly always nothing to deliver, and that costs a test (the work is
 * out of line, so this saves no registers). */
void lx_signal_deliver(struct lx_regs *r)
{
	if (((pending() | vm_left) & ~me()->blocked) || r->x[LX_A0] == (uint64_t)-LX_ERESTARTSYS ||
	    r->x[LX_A0] == (uint64_t)-LX_ERESTARTNOHAND)
		deliver_ready(r, 1);
}

/* rt_sigsuspend(mask, size): wait with mask in force until a signal is delivered: always
 * EINTR; the handler's frame keeps the mask before the call, which its return restores. */
static long lx_rt_sigsuspend(ARGS)
{
	uint64_t mask;
	if (a1 != 8)
		return -LX_EINVAL;
	if (lx_copy_in(&mask, (uint64_t)a0, 8))
		return -LX_EFAULT;
	lx_sigmask_push(mask);
	while (!lx_signal_fetch())
		lx_sleep_until(UINT64_MAX);   /* (it ends only by a signal) */
	return -LX_EINTR;
}

/* ---- faults: lx_fault_entry (lx_entry.S) calls lx_fault_begin on the block's fault
 * stack, then lx_fault_deliver on its call stack, then leaves by lx_leave. ---- */
extern const char __lx_text_end[];
void lx_fault_entry(void);
void lx_fault_begin(long a0, long a1, const struct lx_regs *saved);
void lx_fault_deliver(void);

/* The VM server's redirect for a fault it could not resolve, a0 = sig | si_code << 8 and
 * a1 = the address, with saved the other registers but pc and sp. A fault inside a copy
 * of the personality ends that copy (EFAULT, lx_uaccess.c). Else the registers at the
 * fault (pc, sp, a0 and a1 from VM_FAULT_REGS, the thread's own record) become the
 * thread's and the kernel's return pc, as if a call had returned at the faulting
 * instruction; a signal that is blocked or has no handler, or a fault of the
 * personality's own, ends the program (128 + sig): at once if the thread holds the lock
 * (a fault inside a call), which it must not wait for. Takes the lock for the delivery. */
void lx_fault_begin(long a0, long a1, const struct lx_regs *saved)
{
	int sig = (int)(a0 & 0xff);
	int32_t code = (int32_t)(a0 >> 8);
	struct vm_fault_regs_req q = {(uint64_t)me()->tid};
	struct vm_fault_regs_rep g;
	long e = vm_fault_regs_call(TH_VM_EP, &q, 0, 0, &g);   /* first: it frees the record */
	lx_uaccess_fault();   /* returns only if the fault was the program's own */
	if (lx_lock_mine())   /* the personality's own, inside a call: it cannot go on */
		die(sig);
	lx_lock();
	if (e < 0 || (g.pc >= LX_BASE && g.pc < (uint64_t)__lx_text_end) ||
	    act[sig].handler <= 1 || (me()->blocked & BIT(sig)))
		die(sig);
	struct lx_regs *r = lx_cur;
	*r = *saved;
	r->x[LX_SP] = g.sp, r->x[LX_A0] = g.a0, r->x[LX_A0 + 1] = g.a1;
	lx_resume(g.pc, saved->x[LX_A7], 0, 0, 0);
	struct lx_siginfo *i = &me()->fault_info;
	memset(i, 0, sizeof *i);
	i->signo = sig, i->code = code;
	i->f[0] = sig == SIGBUS && code == BUS_ADRALN ? g.pc : (uint64_t)a1;   /* si_addr, as Linux */
}

/* The fault's signal, then any other pending one, as at the end of a call. */
void lx_fault_deliver(void)
{
	enter_handler(lx_cur, me()->fault_info.signo, &me()->fault_info);
	if (pending() & ~me()->blocked)
		deliver_ready(lx_cur, 0);
	lx_unlock();
}

void lx_signal_thread_exit(void)
{
	me()->pend.set = 0;
}

/* The handlers of the faults the program may catch: lx_fault_entry, which runs on the
 * faulting thread's own fault stack (the stack given here is not used). */
void lx_signal_init(void)
{
	tell_vm();
	static const int faults[] = {SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV};
	for (unsigned i = 0; i < sizeof faults / sizeof faults[0]; i++) {
		struct vm_sigaction_req q = {(uint64_t)faults[i], (uint64_t)lx_fault_entry,
		                             (uint64_t)lx_cur + LX_BLOCK};
		struct vm_sigaction_rep r;
		vm_sigaction_call(TH_VM_EP, &q, 0, 0, &r);
	}
}

const struct lx_call lx_signal_calls[] = {
	{132, lx_sigaltstack}, {133, lx_rt_sigsuspend},
	{134, lx_rt_sigaction}, {135, lx_rt_sigprocmask}, {136, lx_rt_sigpending}, {139, lx_rt_sigreturn},
};
const size_t lx_signal_ncalls = sizeof lx_signal_calls / sizeof lx_signal_calls[0];
