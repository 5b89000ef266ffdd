/* lx_futex.c - Linux's futex: FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET and
 * FUTEX_WAKE_BITSET (absolute timeouts), FUTEX_REQUEUE and FUTEX_CMP_REQUEUE.
 *
 * With FUTEX_PRIVATE_FLAG (glibc's mutexes, condition variables, semaphores and barriers
 * of one process) the waiters are all threads of this task, which share the
 * personality, so the queue is a list of blocks under the personality lock, and the
 * kernel only needs what it has: each waiter sleeps on a notification of its own
 * (NOTIFY_WAIT with a deadline), which a waker signals. The word is checked and the
 * waiter queued under the lock, and a waker takes the lock to dequeue, so no wake is
 * missed; a signal that comes first stays in the notification until the wait. A sleeping
 * waiter never spins.
 *
 * Without it (process-shared objects, pthread_join's wait on the tid, the clear_child_tid
 * wake at a thread's end) the waiter may be in another process: the VM server, which sees
 * every mapping, keys and queues the waiters of all processes (VM_FUTEX_WAIT,
 * VM_FUTEX_WAKE; servers/vm/shared_futex.c), and signals the waiter's notification with
 * bit SHARED_WOKEN. The two kinds never meet, as on Linux, where a private and a shared
 * key differ. */
#include "linux/lx_thread.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define LX_ETIMEDOUT 110
#define SHARED_WOKEN 2           /* the VM server's wake of a shared waiter (shared_futex.h) */
#define SHARED_CMP 1             /* VM_FUTEX_WAKE's how */
#define SHARED_REQUEUE 2

static struct lx_thread *queue;   /* every waiter, in the order they came */

void lx_futex_forked(void)
{
	queue = 0;
}

/* Take w off the queue (it is on it). */
static void unlink_waiter(struct lx_thread *w)
{
	for (struct lx_thread **pp = &queue; *pp; pp = &(*pp)->fnext)
		if (*pp == w) {
			*pp = w->fnext;
			break;
		}
	w->faddr = 0;
}

long lx_futex_wake(uint64_t uaddr, uint32_t bits, long n)
{
	long woken = 0;
	for (struct lx_thread **pp = &queue; *pp && woken < n;) {
		struct lx_thread *w = *pp;
		if (w->faddr != uaddr || !(w->fbits & bits)) {
			pp = &w->fnext;
			continue;
		}
		*pp = w->fnext;
		w->faddr = 0;
		lx_thread_wake(w);
		woken++;
	}
	return woken;
}

/* Whether a wait on the word at uaddr for val may go on: 0, or -LX_EINVAL (misaligned),
 * -LX_EFAULT, -LX_EAGAIN (it differs). Reading it brings its page in. */
static long check_word(uint64_t uaddr, uint32_t val)
{
	uint32_t cur;
	if (uaddr & 3)
		return -LX_EINVAL;
	if (lx_copy_in(&cur, uaddr, sizeof cur))
		return -LX_EFAULT;
	return cur != val ? -LX_EAGAIN : 0;
}

/* Wait while the word at uaddr holds val, until woken, the clock reaches end (ns;
 * UINT64_MAX: never) or a signal to deliver comes: 0, -LX_EAGAIN (the word differed),
 * -LX_ETIMEDOUT, -LX_EINTR (timed) or -LX_ERESTARTSYS (untimed: made again after an
 * SA_RESTART handler, as Linux's). */
static long wait(uint64_t uaddr, uint32_t val, uint64_t end, uint32_t bits)
{
	long e = check_word(uaddr, val);
	if (e < 0)
		return e;
	struct lx_thread *t = lx_self(), **pp = &queue;
	while (*pp)
		pp = &(*pp)->fnext;
	t->faddr = uaddr, t->fbits = bits, t->fnext = 0;
	*pp = t;
	long notif = lx_thread_notif(), r = 0;
	uint64_t at = lx_ticks_at(end);
	while (t->faddr) {
		lx_unlock();
		long w = notif < 0 ? k_yield() : k_notify_wait_until(notif, at == UINT64_MAX ? 0 : at);
		lx_lock();
		if (!t->faddr)
			break;   /* woken */
		if (w == -KE_TIMEDOUT || (end != UINT64_MAX && lx_now_ns() >= end)) {
			r = -LX_ETIMEDOUT;
			break;
		}
		if (w == -KE_INTR && lx_signal_fetch()) {
			r = end == UINT64_MAX ? -LX_ERESTARTSYS : -LX_EINTR;
			break;
		}
	}
	if (t->faddr)
		unlink_waiter(t);
	return r;
}

/* The end of a shared wait that r (a timeout or a signal) cut short: the VM server takes
 * the waiter off, unless a wake took it first: then the wake's bit is taken from the
 * notification, and the wait ends woken (0). */
static long shared_cut(long notif, long r)
{
	struct vm_futex_cancel_req q = {lx_gettid_self()};
	struct vm_futex_cancel_rep c = {1};
	vm_futex_cancel_call(TH_VM_EP, &q, 0, 0, &c);
	if (c.queued)
		return r;
	k_notify_wait_until(notif, 1);   /* (a deadline long past: only takes the bit) */
	return 0;
}

/* wait() of a futex without FUTEX_PRIVATE_FLAG: queued by the VM server, woken through
 * the notification. The word is checked here first, which brings its page in. */
static long shared_wait(uint64_t uaddr, uint32_t val, uint64_t end, uint32_t bits)
{
	long e = check_word(uaddr, val);
	if (e < 0)
		return e;
	long notif = lx_thread_notif();
	if (notif < 0)
		return -LX_ENOMEM;
	struct vm_futex_wait_req q = {uaddr, val, bits, notif, lx_gettid_self()};
	struct vm_futex_wait_rep r;
	e = vm_futex_wait_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0)
		return e;
	uint64_t at = lx_ticks_at(end);
	for (;;) {
		lx_unlock();
		long w = k_notify_wait_until(notif, at == UINT64_MAX ? 0 : at);
		lx_lock();
		if (w > 0 && (w & SHARED_WOKEN))
			return 0;
		if (w == -KE_TIMEDOUT || (end != UINT64_MAX && lx_now_ns() >= end))
			return shared_cut(notif, -LX_ETIMEDOUT);
		if (w == -KE_INTR && lx_signal_fetch())
			return shared_cut(notif, end == UINT64_MAX ? -LX_ERESTARTSYS : -LX_EINTR);
	}
}

long lx_futex_wake_shared(uint64_t uaddr, uint32_t bits, long n)
{
	struct vm_futex_wake_req q = {uaddr, bits, n, 0, 0, 0, 0};
	struct vm_futex_wake_rep r;
	long e = vm_futex_wake_call(TH_VM_EP, &q, 0, 0, &r);
	return e < 0 ? e : r.count;
}

/* Move up to n waiters of uaddr to uaddr2 (they then wait there): how many. */
static long requeue(uint64_t uaddr, uint64_t uaddr2, long n)
{
	long moved = 0;
	for (struct lx_thread *w = queue; w && moved < n; w = w->fnext)
		if (w->faddr == uaddr)
			w->faddr = uaddr2, moved++;
	return moved;
}

/* The deadline of a wait: timeout (a struct timespec of the program's, or 0: none),
 * relative for FUTEX_WAIT, absolute otherwise (both clocks are the one clock here).
 * 0 with *end set, or -errno. */
static long deadline(uint64_t timeout, int relative, uint64_t *end)
{
	int64_t ts[2];
	*end = UINT64_MAX;
	if (!timeout)
		return 0;
	if (lx_copy_in(ts, timeout, sizeof ts))
		return -LX_EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -LX_EINVAL;
	uint64_t ns = (uint64_t)ts[0] >= UINT64_MAX / 1000000000 - 1 ? UINT64_MAX - 1
	              : (uint64_t)ts[0] * 1000000000 + (uint64_t)ts[1];
	uint64_t now = relative ? lx_now_ns() : 0;
	*end = ns > UINT64_MAX - 1 - now ? UINT64_MAX - 1 : now + ns;
	return 0;
}

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3), riscv64's number 98. */
static long lx_futex(ARGS)
{
	uint64_t uaddr = (uint64_t)a0, uaddr2 = (uint64_t)a4, end;
	int op = (int)a1 & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME), shared = !((int)a1 & FUTEX_PRIVATE_FLAG);
	uint32_t val = (uint32_t)a2, val3 = (uint32_t)a5, cur;
	long e;
	if (((int)a1 & FUTEX_CLOCK_REALTIME) && op != FUTEX_WAIT_BITSET)
		return -LX_ENOSYS;   /* as Linux 6.1: only the absolute wait takes a clock */
	switch (op) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (op == FUTEX_WAIT_BITSET && !val3)
			return -LX_EINVAL;
		if ((e = deadline((uint64_t)a3, op == FUTEX_WAIT, &end)) < 0)
			return e;
		if (shared)
			return shared_wait(uaddr, val, end, op == FUTEX_WAIT ? ~0u : val3);
		return wait(uaddr, val, end, op == FUTEX_WAIT ? ~0u : val3);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		if (op == FUTEX_WAKE_BITSET && !val3)
			return -LX_EINVAL;
		if (uaddr & 3)
			return -LX_EINVAL;
		if (shared)
			return lx_futex_wake_shared(uaddr, op == FUTEX_WAKE ? ~0u : val3, (int)val);
		return lx_futex_wake(uaddr, op == FUTEX_WAKE ? ~0u : val3, (int)val);
	case FUTEX_CMP_REQUEUE:
	case FUTEX_REQUEUE:
		if ((uaddr | uaddr2) & 3 || (int)val < 0 || (int)a3 < 0)
			return -LX_EINVAL;
		if (shared) {
			struct vm_futex_wake_req q = {uaddr, ~0u, (int)val, uaddr2, (int)a3,
			                              SHARED_REQUEUE | (op == FUTEX_CMP_REQUEUE ? SHARED_CMP : 0), val3};
			struct vm_futex_wake_rep r;
			return (e = vm_futex_wake_call(TH_VM_EP, &q, 0, 0, &r)) < 0 ? e : r.count;
		}
		if (op == FUTEX_CMP_REQUEUE) {
			if (lx_copy_in(&cur, uaddr, sizeof cur))
				return -LX_EFAULT;
			if (cur != val3)
				return -LX_EAGAIN;
		}
		e = lx_futex_wake(uaddr, ~0u, (int)val);
		return e + requeue(uaddr, uaddr2, (int)a3);
	default:
		return -LX_ENOSYS;
	}
}

const struct lx_call lx_futex_calls[] = {
	{98, lx_futex},
};
const size_t lx_futex_ncalls = sizeof lx_futex_calls / sizeof lx_futex_calls[0];
