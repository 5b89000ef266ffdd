/* vmlock.h - the VM server's locks, between its threads (docs/architecture.md, "The VM
 * server's threads"). One reader-writer lock, vm_big, guards all of the server's state:
 * the main thread and any fault worker that needs more than the fast path hold it
 * exclusively; fault workers on the fast path (pager.c's fault_fast) hold it shared, and
 * then guard what the fast path changes with small locks: the frame allocator's and a
 * task's pagemap's (struct proc's fault_lock).
 * No lock is held across a wait for another task (a receive, a call): only across the
 * kernel's calls that return at once (map, reply). A waiter tries VMLOCK_SPINS times, then
 * sleeps on a notification of its own (vmlock.c) with its bit in the lock's `sleepers`,
 * and every release that may let it in signals the sleepers: so a holder preempted, or
 * a long exclusive hold (a fork), costs the waiters' harts nothing. Writers go first: a
 * writer waiting stops new readers, so a stream of faults cannot hold the main thread
 * off. A thread that locks says who it is first (vmlock_thread_init). */
#ifndef VMLOCK_H
#define VMLOCK_H
#include "kcall.h"

#define VMLOCK_WRITER  0x80000000u   /* held exclusively */
#define VMLOCK_WAITING 0x40000000u   /* a writer waits: no new reader */
#define VMLOCK_SPINS   64            /* tries before a sleep */
#define VMLOCK_THREADS 16            /* threads that may lock: ids 0 .. 15 */

struct vm_rwlock {
	uint32_t word;       /* VMLOCK_WRITER | VMLOCK_WAITING | readers */
	uint32_t sleepers;   /* bit id: that thread sleeps until a release */
};

struct vm_lock {
	uint32_t held;
	uint32_t sleepers;
};

extern struct vm_rwlock vm_big;

/* Whether vm_big is held exclusively, which is then by the caller: every thread that
 * reaches a lock the fast path shares (frames.c's) holds vm_big, shared or exclusively,
 * so no other thread holds it at all meanwhile, and such a caller may skip that lock. */
static inline int vm_big_exclusive(void)
{
	return (__atomic_load_n(&vm_big.word, __ATOMIC_RELAXED) & VMLOCK_WRITER) != 0;
}

/* The calling thread is number id (below VMLOCK_THREADS) and may sleep on locks from now
 * on; its notification is made here. 0, or the kernel's error. */
long vmlock_thread_init(unsigned id);
/* Sleep until a release signals (or at once, if one came since the last sleep); the
 * caller has set its bit in *sleepers and found the lock still taken. */
void vmlock_sleep(uint32_t *sleepers);
/* Wake every thread whose bit is in *sleepers. */
void vmlock_wake(uint32_t *sleepers);

/* The calling thread's id: its tp, set by vmlock_thread_init. */
static inline unsigned vmlock_self(void)
{
	unsigned long id;
	__asm__ volatile("mv %0, tp" : "=r"(id));
	return (unsigned)id;
}

/* One more failed try at a lock whose waiters sleep on *sleepers; taken(): is it still
 * taken? After VMLOCK_SPINS tries, sleep (once the bit is set, taken() is asked again, so
 * that a release in between is not missed). */
#define VMLOCK_BACKOFF(tries, sleepers, taken)                                         \
	do {                                                                                 \
		if (++(tries) < VMLOCK_SPINS)                                                    \
			break;                                                                       \
		uint32_t bit_ = 1u << vmlock_self();                                             \
		__atomic_fetch_or((sleepers), bit_, __ATOMIC_SEQ_CST);                           \
		if (taken)                                                                       \
			vmlock_sleep(sleepers);                                                      \
		__atomic_fetch_and((sleepers), ~bit_, __ATOMIC_RELAXED);                         \
		(tries) = 0;                                                                     \
	} while (0)

/* After a release: wake the sleepers, if any. */
static inline void vmlock_released(uint32_t *sleepers)
{
	if (__atomic_load_n(sleepers, __ATOMIC_SEQ_CST))
		vmlock_wake(sleepers);
}

static inline void vm_read_lock(struct vm_rwlock *l)
{
	for (unsigned tries = 0;;) {
		uint32_t w = __atomic_load_n(&l->word, __ATOMIC_SEQ_CST);
		if (!(w & (VMLOCK_WRITER | VMLOCK_WAITING)) &&
		    __atomic_compare_exchange_n(&l->word, &w, w + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return;
		VMLOCK_BACKOFF(tries, &l->sleepers,
		               __atomic_load_n(&l->word, __ATOMIC_SEQ_CST) & (VMLOCK_WRITER | VMLOCK_WAITING));
	}
}

static inline void vm_read_unlock(struct vm_rwlock *l)
{
	if (((__atomic_sub_fetch(&l->word, 1, __ATOMIC_SEQ_CST)) & ~VMLOCK_WAITING) == 0)
		vmlock_released(&l->sleepers);   /* the last reader: a writer may wait */
}

static inline void vm_write_lock(struct vm_rwlock *l)
{
	for (unsigned tries = 0;;) {
		uint32_t w = __atomic_load_n(&l->word, __ATOMIC_SEQ_CST);
		if (!(w & ~VMLOCK_WAITING)) {   /* no holder: take it (and drop the waiting mark) */
			if (__atomic_compare_exchange_n(&l->word, &w, VMLOCK_WRITER, 0, __ATOMIC_SEQ_CST,
			                                __ATOMIC_RELAXED))
				return;
			continue;
		}
		if (!(w & VMLOCK_WAITING))   /* (another waiting writer may have taken it) */
			__atomic_fetch_or(&l->word, VMLOCK_WAITING, __ATOMIC_SEQ_CST);
		VMLOCK_BACKOFF(tries, &l->sleepers, __atomic_load_n(&l->word, __ATOMIC_SEQ_CST) & ~VMLOCK_WAITING);
	}
}

static inline void vm_write_unlock(struct vm_rwlock *l)
{
	__atomic_fetch_and(&l->word, ~VMLOCK_WRITER, __ATOMIC_SEQ_CST);
	vmlock_released(&l->sleepers);
}

static inline void vm_lock(struct vm_lock *l)
{
	for (unsigned tries = 0; __atomic_exchange_n(&l->held, 1, __ATOMIC_SEQ_CST);)
		VMLOCK_BACKOFF(tries, &l->sleepers, __atomic_load_n(&l->held, __ATOMIC_SEQ_CST));
}

static inline void vm_unlock(struct vm_lock *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_SEQ_CST);
	vmlock_released(&l->sleepers);
}

#endif
