/* lx_thread.c - Linux threads (see lx_thread.h): clone of a thread (glibc's
 * pthread_create: CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
 * CLONE_SYSVSEM with CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID), exit of
 * one thread with its clear_child_tid wake, gettid, set_tid_address, robust lists
 * accepted; the blocks and the personality lock. The VM server makes each thread
 * (VM_THREAD_NEW), so that it has its own tid and its own fault badge. */
#include "linux/lx_thread.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "linux/lx_cloneargs.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U

union lx_block lx_blocks[LX_THREADS] LX_LARGE __attribute__((aligned(LX_BLOCK)));
static int used[LX_THREADS];     /* block i is a thread's */
static long notif[LX_THREADS];   /* ... its notification, if has_notif[i] */
static int has_notif[LX_THREADS];
static volatile int lock_word;   /* the personality lock: 1 held ... */
static uint32_t lock_sleepers;   /* ... bit i: block i's thread sleeps until it is let go of */
static unsigned lock_next;       /* the block whose sleep the next let-go ends first (a hint) */
static struct lx_thread *lock_owner;   /* its holder, NULL while it is free */
_Static_assert(LX_THREADS <= 32, "lock_sleepers");
static struct lx_thread *leader; /* the process's first thread (its tid is the pid) ... */
static int leader_status;        /* ... and its exit status, if it ended first */

/* The index of t's block. */
static int index_of(const struct lx_thread *t)
{
	return (int)(((const char *)t - (const char *)lx_blocks) / LX_BLOCK);
}

void lx_fp_save(uint64_t *f);
void lx_fp_restore(const uint64_t *f);
void lx_thread_start(void);
_Noreturn void lx_thread_end(int *used);

#define LOCK_WOKEN 4   /* lx_unlock's bit in a sleeper's notification (lx_futex.c has 1, 2) */

/* The calling thread, which found the lock held: sleep until a let-go wakes it (its bit
 * in lock_sleepers, then the word looked at again, so that a let-go in between is not
 * missed), on its notification, in a wait that a signal's LX_INTERRUPT does not end (the
 * wait the lock is taken for must see that). The bits the sleep took other than
 * LOCK_WOKEN (a futex wake meanwhile), for lx_lock to give back. Without a notification
 * (out of kernel objects): yield. */
static uint64_t lock_sleep(void)
{
	long h = lx_thread_notif();
	if (h < 0) {
		k_yield();
		return 0;
	}
	uint32_t bit = 1u << index_of(lx_self());
	long w = 0;
	__atomic_fetch_or(&lock_sleepers, bit, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&lock_word, __ATOMIC_SEQ_CST))
		w = k_notify_wait_uninterrupted(h);   /* (a stale wake returns at once) */
	__atomic_fetch_and(&lock_sleepers, ~bit, __ATOMIC_SEQ_CST);
	return w > 0 ? (uint64_t)w & ~(uint64_t)LOCK_WOKEN : 0;
}

/* A thread that cannot have the lock sleeps until the holder lets go of it: the holder
 * may wait for a server, a fault or a hart meanwhile, and a waiter that yielded instead
 * would keep its hart busy for all that time. With several harts the holder is most often
 * running on another: watch the word a while first (LX_LOCK_SPINS looks). Bits its sleeps
 * took from the notification that were not the lock's are signalled again, for the wait
 * they are meant for. */
#define LX_LOCK_SPINS 4000
void lx_lock(void)
{
	uint64_t kept = 0;
	while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_SEQ_CST)) {
		int spins = lx_ncpus() > 1 ? LX_LOCK_SPINS : 0;
		for (int i = 0; i < spins && __atomic_load_n(&lock_word, __ATOMIC_RELAXED); i++)
			;
		if (__atomic_load_n(&lock_word, __ATOMIC_RELAXED))
			kept |= lock_sleep();
	}
	__atomic_store_n(&lock_owner, lx_self(), __ATOMIC_RELAXED);
	if (kept)
		k_notify_signal(lx_thread_notif(), kept);
}

/* Only the holder stores itself there, so the answer is exact for the caller. */
int lx_lock_mine(void)
{
	return __atomic_load_n(&lock_owner, __ATOMIC_RELAXED) == lx_self();
}

/* Let go, and wake one sleeper, if any: the first at or after lock_next, which then moves
 * past it, so that every sleeper has its turn. The woken one tries again; if another
 * thread took the lock first, that one's let-go wakes the next. (A sleeper made its
 * notification before it set its bit.) */
void lx_unlock(void)
{
	__atomic_store_n(&lock_owner, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&lock_word, 0, __ATOMIC_SEQ_CST);
	uint32_t s = __atomic_load_n(&lock_sleepers, __ATOMIC_SEQ_CST);
	if (!s)
		return;
	unsigned i = __atomic_load_n(&lock_next, __ATOMIC_RELAXED) % LX_THREADS;
	while (!(s >> i & 1))
		i = (i + 1) % LX_THREADS;
	__atomic_store_n(&lock_next, i + 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&has_notif[i], __ATOMIC_ACQUIRE))
		k_notify_signal(notif[i], LOCK_WOKEN);
}

struct lx_thread *lx_thread_at(int i)
{
	return used[i] ? &lx_blocks[i].t : 0;
}

long lx_thread_notif(void)
{
	int i = index_of(lx_self());
	if (!has_notif[i]) {
		long h = k_notify_create();
		if (h < 0)
			return h;
		notif[i] = h;
		__atomic_store_n(&has_notif[i], 1, __ATOMIC_RELEASE);   /* (lx_unlock reads it) */
	}
	return notif[i];
}

void lx_thread_wake(const struct lx_thread *t)
{
	int i = index_of(t);
	if (has_notif[i])
		k_notify_signal(notif[i], 1);
}

int lx_thread_count(void)
{
	int n = 0;
	for (int i = 0; i < LX_THREADS; i++)
		n += used[i];
	return n;
}

/* The pid for the first thread (asked of the VM server once). */
int64_t lx_gettid_self(void)
{
	struct lx_thread *t = lx_self();
	if (!t->tid)
		t->tid = lx_pid();
	return t->tid;
}

void lx_ipc_buffer_own(void)
{
	struct lx_thread *t = lx_self();
	k_set_ipc_buffer(t->ipc_buf);
	((volatile char *)t->ipc_buf)[0] = 0;
}

struct lx_thread *lx_thread_first(void)
{
	struct lx_thread *t = lx_self();
	if (!t) {
		t = &lx_blocks[0].t;
		used[0] = 1;
	}
	leader = t;
	return t;
}

void lx_thread_forked(void)
{
	struct lx_thread *self = lx_self();
	lock_sleepers = 0;   /* (the parent's other threads are not ours) */
	for (int i = 0; i < LX_THREADS; i++) {
		has_notif[i] = 0;   /* the handles were the parent's */
		used[i] = &lx_blocks[i].t == self;
	}
	self->faddr = 0;
	self->tid = 0;
	self->robust_head = 0;   /* as Linux's copy_process: the child registers its own */
	self->cpus_set = 0;      /* its kernel thread is new: lx_apply_cpus gives it the mask */
	lock_word = 1;   /* the parent's thread held it at the copy: it is ours now */
	leader = self, leader_status = 0;
}

void lx_thread_exec(void)
{
	struct lx_thread *self = lx_self();
	for (int i = 0; i < LX_THREADS; i++)
		used[i] = &lx_blocks[i].t == self;
	lx_futex_forked();   /* (the other threads' waits went with them) */
	lock_sleepers = 0;   /* (... and their sleeps on the lock) */
	self->tid = 0;
	self->clear_tid = 0;
	self->robust_head = 0;   /* (the old image's list is gone) */
	leader = self, leader_status = 0;
}

/* clone of a thread: a free block gets the caller's registers at the call (a0 0, sp the
 * new stack if given), its mask, the call's way back and FP registers, and tp (the
 * program's, or tls with CLONE_SETTLS); the VM server starts it at lx_thread_start,
 * which takes the lock and so runs only once the ids are written here. */
long lx_clone_thread(uint64_t flags, uint64_t sp, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
	struct lx_thread *self = lx_self(), *t = 0;
	int i = 0;
	while (i < LX_THREADS && used[i])
		i++;
	if (i == LX_THREADS)
		return -LX_EAGAIN;
	t = &lx_blocks[i].t;
	uint64_t a7 = self->regs.x[LX_A7], tp;
	t->start_pc = lx_resume(0, a7, 0, 0, &tp);
	lx_resume(t->start_pc, a7, 0, 0, 0);
	t->start_a7 = a7;
	t->start_tp = flags & CLONE_SETTLS ? tls : tp;
	lx_fp_save(t->start_fp);
	t->regs = self->regs;
	t->regs.x[LX_A0] = 0;
	t->regs.x[LX_TP] = (uint64_t)t;
	if (sp)
		t->regs.x[LX_SP] = sp;
	t->blocked = self->blocked;
	t->suspended = 0, t->alt_sp = t->alt_size = 0;
	t->pend.set = 0, t->faddr = 0;
	t->clear_tid = flags & CLONE_CHILD_CLEARTID ? ctid : 0;
	t->cpus = self->cpus, t->cpus_set = 0;   /* the caller's mask, applied at its first call */
	used[i] = 1;
	struct vm_thread_new_req q = {(uint64_t)lx_thread_start, (uint64_t)t + LX_CALL_STACK_TOP, (uint64_t)t};
	struct vm_thread_new_rep r;
	long e = vm_thread_new_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0) {
		used[i] = 0;
		return e == -LX_ENOMEM ? -LX_EAGAIN : e;
	}
	int32_t tid = (int32_t)VM_LINUX_PID(r.tid);
	t->tid = tid;
	if (flags & CLONE_PARENT_SETTID)
		lx_copy_out(ptid, &tid, sizeof tid);   /* as Linux: a fault here is ignored */
	if (flags & CLONE_CHILD_SETTID)
		lx_copy_out(ctid, &tid, sizeof tid);
	return tid;
}

/* The new thread's first steps, from lx_thread_start with tp its block: its IPC buffer,
 * the call's way back with its tp, the parent's FP registers; it leaves the call as the
 * parent's clone did, with 0. */
void lx_thread_begin(void);
void lx_thread_begin(void)
{
	lx_lock();
	struct lx_thread *t = lx_self();
	lx_ipc_buffer_own();
	lx_resume(t->start_pc, t->start_a7, t->start_tp, 1, 0);
	lx_fp_restore(t->start_fp);
	lx_unlock();
}

#define FUTEX_WAITERS     0x80000000u
#define FUTEX_OWNER_DIED  0x40000000u
#define FUTEX_TID_MASK    0x3fffffffu
#define ROBUST_LIST_LIMIT 2048   /* Linux's bound on a list's walk */

/* Linux's handle_futex_death for the word at uaddr as thread tid ends: if tid holds it,
 * it becomes FUTEX_OWNER_DIED (the waiters bit kept) and, unless a PI futex, one waiter
 * is woken (a robust mutex's waiters wait without FUTEX_PRIVATE_FLAG); the word of an
 * operation pending at 0 wakes one too. 0, or -1 for a word that cannot be reached (the
 * walk stops). */
static int futex_death(uint64_t uaddr, uint32_t tid, int pi, int pending)
{
	uint32_t uval, mval;
	if ((uaddr & 3) || lx_copy_in(&uval, uaddr, sizeof uval))
		return -1;
	if (pending && !pi && !uval) {
		lx_futex_wake_shared(uaddr, ~0u, 1);
		return 0;
	}
	do {
		if ((uval & FUTEX_TID_MASK) != tid)
			return 0;
		mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (lx_copy_out(uaddr, &uval, sizeof uval))   /* (writable: then the exchange cannot fault) */
			return -1;
	} while (!__atomic_compare_exchange_n((uint32_t *)uaddr, &uval, mval, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	if (!pi && (uval & FUTEX_WAITERS))
		lx_futex_wake_shared(uaddr, ~0u, 1);
	return 0;
}

/* Linux's exit_robust_list for thread t, which ends: each futex of its robust list (the
 * struct robust_list_head glibc registered: the list, the futex word's offset from an
 * entry, the entry of an operation under way), then the pending one. Bit 0 of an entry
 * marks a PI futex. */
static void robust_list_exit(struct lx_thread *t)
{
	uint64_t h[3], head = t->robust_head, entry, next;
	uint32_t tid = (uint32_t)(t->tid ? t->tid : lx_pid());
	if (!head || lx_copy_in(h, head, sizeof h))
		return;
	uint64_t pending = h[2] & ~1ull;
	entry = h[0];
	for (int n = 0; entry != head && n < ROBUST_LIST_LIMIT; n++, entry = next) {
		if (lx_copy_in(&next, entry & ~1ull, sizeof next))
			return;
		if ((entry & ~1ull) != pending && futex_death((entry & ~1ull) + h[1], tid, entry & 1, 0) < 0)
			return;
	}
	if (pending)
		futex_death(pending + h[1], tid, h[2] & 1, 1);
}

void lx_thread_exit_all(void)
{
	for (int i = 0; i < LX_THREADS; i++)
		if (used[i])
			robust_list_exit(&lx_blocks[i].t);
}

/* exit: the calling thread ends; the last one ends the process with its status (with
 * the first thread's, if that one ended before, as Linux reports the leader's). Its
 * clear_child_tid is zeroed and woken (pthread_join waits on it). */
static long lx_exit_thread(ARGS)
{
	struct lx_thread *t = lx_self();
	if (lx_thread_count() == 1)
		lx_exit(t == leader || !leader_status ? (int)(a0 & 0xff) : leader_status);
	robust_list_exit(t);
	if (t->clear_tid) {
		uint32_t zero = 0;
		if (lx_copy_out(t->clear_tid, &zero, sizeof zero) == 0)
			lx_futex_wake_shared(t->clear_tid, ~0u, 1);   /* (pthread_join waits without
			                                                 * FUTEX_PRIVATE_FLAG) */
	}
	if (t == leader) {
		leader_status = (int)(a0 & 0xff);
	} else {
		struct vm_thread_exit_req q = {(uint64_t)lx_gettid_self()};
		struct vm_thread_exit_rep r;
		vm_thread_exit_call(TH_VM_EP, &q, 0, 0, &r);
	}
	lx_signal_thread_exit();
	lx_unlock();
	lx_thread_end(&used[index_of(t)]);
}

static long lx_gettid(ARGS) { return lx_gettid_self(); }

static long lx_set_tid_address(ARGS)
{
	lx_self()->clear_tid = (uint64_t)a0;
	return lx_gettid_self();
}

/* The robust futex list glibc registers for every thread: walked as the thread ends
 * (robust_list_exit), so that a robust mutex whose owner died is EOWNERDEAD. */
static long lx_set_robust_list(ARGS)
{
	if (a1 != 24)
		return -LX_EINVAL;
	lx_self()->robust_head = (uint64_t)a0;
	return 0;
}

struct lx_thread *lx_thread_by_tid(int tid)
{
	for (int i = 0; i < LX_THREADS; i++)
		if (used[i] && (!tid ? &lx_blocks[i].t == lx_self()
		                     : lx_blocks[i].t.tid == tid || (&lx_blocks[i].t == leader && tid == lx_pid())))
			return &lx_blocks[i].t;
	return 0;
}

/* get_robust_list(tid, head_ptr, len_ptr): the calling thread's (tid 0 or its own) or
 * another thread's of this process; ESRCH for any other. */
static long lx_get_robust_list(ARGS)
{
	struct lx_thread *t = lx_thread_by_tid((int)a0);
	if (!t)
		return -LX_ESRCH;
	uint64_t len = 24;
	if (lx_copy_out((uint64_t)a2, &len, sizeof len) || lx_copy_out((uint64_t)a1, &t->robust_head, 8))
		return -LX_EFAULT;
	return 0;
}

const struct lx_call lx_thread_calls[] = {
	{93, lx_exit_thread}, {96, lx_set_tid_address}, {99, lx_set_robust_list}, {100, lx_get_robust_list},
	{178, lx_gettid},
};
const size_t lx_thread_ncalls = sizeof lx_thread_calls / sizeof lx_thread_calls[0];
