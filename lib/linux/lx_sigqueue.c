/* lx_sigqueue.c - signals with a siginfo of the sender's making, and waiting for
 * signals: rt_sigqueueinfo, rt_tgsigqueueinfo (glibc's sigqueue, pthread_sigqueue) and
 * rt_sigtimedwait (sigwaitinfo, sigtimedwait, sigwait), with Linux's rules and errors
 * (kernel/signal.c). A standard signal for the caller itself is made pending here
 * (lx_signal.c); any other, and every real-time one, goes to the VM server
 * (VM_SIGQUEUE), whose queue keeps each real-time instance, in order, until taken. */
#include "linux/lx_thread.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U
#define NSIG 64
#define SIGRTMIN 32
#define SI_KERNEL 0x80
#define SI_TKILL (-6)
#define SI_DETHREAD (-7)
#define SI_ASYNCNL (-60)
#define KSIGINFO 48   /* Linux's struct kernel_siginfo: what it copies in and delivers */
#define UNBLOCKABLE ((1ull << 8) | (1ull << 18))   /* SIGKILL, SIGSTOP */

/* Linux's known_siginfo_layout: is si_code one Linux knows for sig? (The highest
 * positive code of each signal that has its own, else NSIGPOLL's.) */
static int known_layout(long sig, int32_t code)
{
	static const uint8_t limit[] = {[4] = 11, [5] = 6, [7] = 5, [8] = 15, [11] = 9, [17] = 6, [31] = 2};
	if (code == SI_KERNEL || code == SI_ASYNCNL || (code <= 0 && code >= SI_DETHREAD))
		return 1;
	if (code <= 0)
		return 0;
	return code <= (sig > 0 && sig < (long)sizeof limit && limit[sig] ? limit[sig] : 6);
}

/* The siginfo at u, as Linux's __copy_siginfo_from_user: its first 48 bytes (EFAULT);
 * for an si_code Linux does not know, the rest must be zeros (E2BIG). */
static long copy_info(struct lx_siginfo *i, uint64_t u, long sig)
{
	static uint8_t rest[sizeof *i - KSIGINFO];
	memset(i, 0, sizeof *i);
	if (lx_copy_in(i, u, KSIGINFO))
		return -LX_EFAULT;
	if (known_layout(sig, i->code))
		return 0;
	if (lx_copy_in(rest, u + KSIGINFO, sizeof rest))
		return -LX_EFAULT;
	for (size_t k = 0; k < sizeof rest; k++)
		if (rest[k])
			return -LX_E2BIG;
	return 0;
}

/* sig with the siginfo at u to process pid (tg: rt_tgsigqueueinfo's checks of tgid):
 * Linux's do_rt_sigqueueinfo and do_rt_tgsigqueueinfo. */
static long queue(int tg, int tgid, int pid, int sig, uint64_t u)
{
	struct lx_siginfo i;
	long e = copy_info(&i, u, sig);
	if (e < 0)
		return e;
	if (tg && (pid <= 0 || tgid <= 0))
		return -LX_EINVAL;
	if ((i.code >= 0 || i.code == SI_TKILL) && pid != lx_gettid_self())
		return -LX_EPERM;   /* nobody may pose as the kernel, kill() or tgkill() */
	if (pid <= 0)
		return -LX_ESRCH;
	int64_t proc = tg ? tgid : pid, tid = tg ? pid : 0;
	int self = proc == lx_pid();
	if (self && sig >= 0 && sig < SIGRTMIN && (!tid || tid == lx_gettid_self()) &&
	    (tid || lx_thread_count() == 1))
		return tid ? lx_signal_post_thread(sig, i.code, i.f[0]) : lx_signal_post(sig, i.code, i.f[0], i.f[1]);
	struct vm_sigqueue_req q = {proc, sig < 0 ? ~0ull : (uint64_t)sig, i.code, i.f[0], i.f[1], tid};
	struct vm_sigqueue_rep r;
	e = vm_sigqueue_call(TH_VM_EP, &q, 0, 0, &r);
	if (e == 0 && self)
		lx_signal_queued(sig);
	return e;
}

static long lx_rt_sigqueueinfo(ARGS)
{
	return queue(0, 0, (int)a0, (int)a1, (uint64_t)a2);
}

static long lx_rt_tgsigqueueinfo(ARGS)
{
	return queue(1, (int)a0, (int)a1, (int)a2, (uint64_t)a3);
}

/* rt_sigtimedwait(set, info, timeout, sigsetsize), as Linux's do_sigtimedwait: a
 * pending signal of set is taken at once; else, unless the timeout is zero, the set is
 * unblocked for a wait until one comes (the signal), a signal outside it is to be
 * delivered (EINTR) or the relative timeout passes (EAGAIN). The siginfo is written
 * after the signal is taken (EFAULT then loses it, as on Linux). */
static long lx_rt_sigtimedwait(ARGS)
{
	uint64_t set, end = UINT64_MAX;
	int64_t ts[2];
	struct lx_siginfo info;
	if (a3 != 8)
		return -LX_EINVAL;
	if (lx_copy_in(&set, (uint64_t)a0, sizeof set) || (a2 && lx_copy_in(ts, (uint64_t)a2, sizeof ts)))
		return -LX_EFAULT;
	if (a2 && (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000))
		return -LX_EINVAL;
	set &= ~UNBLOCKABLE;
	int sig = lx_signal_dequeue(set, &info);
	long e = -LX_EAGAIN;
	if (!sig && !(a2 && !ts[0] && !ts[1])) {
		if (a2) {
			uint64_t ns = ts[0] >= 18000000000 ? UINT64_MAX : (uint64_t)ts[0] * 1000000000 + (uint64_t)ts[1];
			uint64_t now = lx_now_ns();
			end = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
		}
		lx_sigmask_push(lx_sigmask() & ~set);
		long w = lx_signal_fetch() ? -LX_EINTR : lx_sleep_until(end);
		lx_sigmask_pop(0);
		sig = lx_signal_dequeue(set, &info);
		if (w < 0)
			e = -LX_EINTR;
	}
	if (!sig)
		return e;
	return a1 && lx_copy_out((uint64_t)a1, &info, sizeof info) ? -LX_EFAULT : sig;
}

const struct lx_call lx_sigqueue_calls[] = {
	{137, lx_rt_sigtimedwait}, {138, lx_rt_sigqueueinfo}, {240, lx_rt_tgsigqueueinfo},
};
const size_t lx_sigqueue_ncalls = sizeof lx_sigqueue_calls / sizeof lx_sigqueue_calls[0];
