/* sleeplock.h - locks between a server's own threads (the VM server's, the FS server's):
 * a reader-writer lock and a mutex whose waiters try SL_SPINS times, then sleep on a
 * notification of their own (sleeplock.c) with their bit in the lock's `sleepers`, and
 * every release that may let one in signals the sleepers: so a holder preempted, or a
 * long exclusive hold, costs the waiters' harts nothing. Writers go first: a writer
 * waiting stops new readers. No lock may be held across a wait for another task that
 * may wait on the holder's server. A thread that locks says who it is first
 * (sl_thread_init): its id is in tp, its notification in this process's table. */
#ifndef RT_SLEEPLOCK_H
#define RT_SLEEPLOCK_H
#include "kcall.h"

#define SL_WRITER  0x80000000u   /* held exclusively */
#define SL_WAITING 0x40000000u   /* a writer waits: no new reader */
#define SL_SPINS   64            /* tries before a sleep */
#define SL_THREADS 16            /* threads that may lock: ids 0 .. 15 */

struct sl_rwlock {
	uint32_t word;       /* SL_WRITER | SL_WAITING | readers */
	uint32_t sleepers;   /* bit id: that thread sleeps until a release */
};

struct sl_mutex {
	uint32_t held;
	uint32_t sleepers;
};

/* The calling thread is number id (below SL_THREADS) and may sleep on locks from now
 * on; its notification is made here. 0, or the kernel's error. */
long sl_thread_init(unsigned id);
/* Sleep until a release signals (or at once, if one came since the last sleep); the
 * caller has set its bit in *sleepers and found the lock still taken. */
void sl_sleep(uint32_t *sleepers);
/* Wake every thread whose bit is in *sleepers. */
void sl_wake(uint32_t *sleepers);

/* The calling thread's id: its tp, set by sl_thread_init. */
static inline unsigned sl_self(void)
{
	unsigned long id;
	__asm__ volatile("mv %0, tp" : "=r"(id));
	return (unsigned)id;
}

/* One more failed try at a lock whose waiters sleep on *sleepers; taken(): is it still
 * taken? After SL_SPINS tries, sleep (once the bit is set, taken() is asked again, so
 * that a release in between is not missed). */
#define SL_BACKOFF(tries, sleepers, taken)                                              \
	do {                                                                            \
		if (++(tries) < SL_SPINS)                                               \
			break;                                                          \
		uint32_t bit_ = 1u << sl_self();                                        \
		__atomic_fetch_or((sleepers), bit_, __ATOMIC_SEQ_CST);                  \
		if (taken)                                                              \
			sl_sleep(sleepers);                                             \
		__atomic_fetch_and((sleepers), ~bit_, __ATOMIC_RELAXED);                \
		(tries) = 0;                                                            \
	} while (0)

/* After a release: wake the sleepers, if any. */
static inline void sl_released(uint32_t *sleepers)
{
	if (__atomic_load_n(sleepers, __ATOMIC_SEQ_CST))
		sl_wake(sleepers);
}

static inline void sl_read_lock(struct sl_rwlock *l)
{
	for (unsigned tries = 0;;) {
		uint32_t w = __atomic_load_n(&l->word, __ATOMIC_SEQ_CST);
		if (!(w & (SL_WRITER | SL_WAITING)) &&
		    __atomic_compare_exchange_n(&l->word, &w, w + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return;
		SL_BACKOFF(tries, &l->sleepers,
		               __atomic_load_n(&l->word, __ATOMIC_SEQ_CST) & (SL_WRITER | SL_WAITING));
	}
}

static inline void sl_read_unlock(struct sl_rwlock *l)
{
	if (((__atomic_sub_fetch(&l->word, 1, __ATOMIC_SEQ_CST)) & ~SL_WAITING) == 0)
		sl_released(&l->sleepers);   /* the last reader: a writer may wait */
}

static inline void sl_write_lock(struct sl_rwlock *l)
{
	for (unsigned tries = 0;;) {
		uint32_t w = __atomic_load_n(&l->word, __ATOMIC_SEQ_CST);
		if (!(w & ~SL_WAITING)) {   /* no holder: take it (and drop the waiting mark) */
			if (__atomic_compare_exchange_n(&l->word, &w, SL_WRITER, 0, __ATOMIC_SEQ_CST,
			                                __ATOMIC_RELAXED))
				return;
			continue;
		}
		if (!(w & SL_WAITING))   /* (another waiting writer may have taken it) */
			__atomic_fetch_or(&l->word, SL_WAITING, __ATOMIC_SEQ_CST);
		SL_BACKOFF(tries, &l->sleepers, __atomic_load_n(&l->word, __ATOMIC_SEQ_CST) & ~SL_WAITING);
	}
}

static inline void sl_write_unlock(struct sl_rwlock *l)
{
	__atomic_fetch_and(&l->word, ~SL_WRITER, __ATOMIC_SEQ_CST);
	sl_released(&l->sleepers);
}

static inline void sl_lock(struct sl_mutex *l)
{
	for (unsigned tries = 0; __atomic_exchange_n(&l->held, 1, __ATOMIC_SEQ_CST);)
		SL_BACKOFF(tries, &l->sleepers, __atomic_load_n(&l->held, __ATOMIC_SEQ_CST));
}

static inline void sl_unlock(struct sl_mutex *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_SEQ_CST);
	sl_released(&l->sleepers);
}

#endif
