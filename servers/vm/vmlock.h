/* vmlock.h - the VM server's locks, between its threads (docs/architecture.md, "The VM
 * server's threads"). One reader-writer lock, vm_big, guards all of the server's state:
 * the main thread and any fault worker that needs more than the fast path hold it
 * exclusively; fault workers on the fast path (pager.c's fault_fast) hold it shared, and
 * then guard what the fast path changes with small spinlocks: the frame allocator's and
 * a task's pagemap's (struct proc's fault_lock).
 * No lock is held across a wait for another task (a receive, a call): only across the
 * kernel's calls that return at once (map, reply). A waiter spins a while, then yields
 * its hart (the holder may be preempted on this very hart). Writers go first: a writer
 * waiting stops new readers, so a stream of faults cannot hold the main thread off. */
#ifndef VMLOCK_H
#define VMLOCK_H
#include "kcall.h"

#define VMLOCK_WRITER  0x80000000u   /* held exclusively */
#define VMLOCK_WAITING 0x40000000u   /* a writer waits: no new reader */
#define VMLOCK_SPINS   64            /* tries before a yield */

struct vm_rwlock {
	uint32_t word;   /* VMLOCK_WRITER | VMLOCK_WAITING | readers */
};

extern struct vm_rwlock vm_big;

/* Spin try times more on a lock word; then yield the hart and start again. */
static inline void vmlock_pause(unsigned *tries)
{
	if (++*tries % VMLOCK_SPINS == 0)
		k_yield();
}

static inline void vm_read_lock(struct vm_rwlock *l)
{
	for (unsigned tries = 0;; vmlock_pause(&tries)) {
		uint32_t w = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
		if (!(w & (VMLOCK_WRITER | VMLOCK_WAITING)) &&
		    __atomic_compare_exchange_n(&l->word, &w, w + 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
	}
}

static inline void vm_read_unlock(struct vm_rwlock *l)
{
	__atomic_fetch_sub(&l->word, 1, __ATOMIC_RELEASE);
}

static inline void vm_write_lock(struct vm_rwlock *l)
{
	for (unsigned tries = 0;; vmlock_pause(&tries)) {
		uint32_t w = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
		if (!(w & ~VMLOCK_WAITING)) {   /* no holder: take it (and drop the waiting mark) */
			if (__atomic_compare_exchange_n(&l->word, &w, VMLOCK_WRITER, 0, __ATOMIC_ACQUIRE,
			                                __ATOMIC_RELAXED))
				return;
		} else if (!(w & VMLOCK_WAITING)) {   /* (another waiting writer may have taken it) */
			__atomic_fetch_or(&l->word, VMLOCK_WAITING, __ATOMIC_RELAXED);
		}
	}
}

static inline void vm_write_unlock(struct vm_rwlock *l)
{
	__atomic_fetch_and(&l->word, ~VMLOCK_WRITER, __ATOMIC_RELEASE);
}

static inline void vm_spin_lock(uint32_t *l)
{
	for (unsigned tries = 0; __atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE); vmlock_pause(&tries))
		while (__atomic_load_n(l, __ATOMIC_RELAXED))
			vmlock_pause(&tries);
}

static inline void vm_spin_unlock(uint32_t *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

#endif
