/* vmlock.h - the VM server's locks, between its threads (docs/architecture.md, "The VM
 * server's threads"), of lib/rt's kinds (rt/sleeplock.h). One reader-writer lock, vm_big,
 * guards all of the server's state: the main thread and any fault worker that needs more
 * than the fast path hold it exclusively; fault workers on the fast path (pager.c's
 * fault_fast) hold it shared, and then guard what the fast path changes with small
 * locks: the frame allocator's and a task's pagemap's (struct proc's fault_lock).
 * No lock is held across a wait for another task (a receive, a call): only across the
 * kernel's calls that return at once (map, reply). */
#ifndef VMLOCK_H
#define VMLOCK_H
#include "rt/sleeplock.h"

extern struct sl_rwlock vm_big;

/* Whether vm_big is held exclusively, which is then by the caller: every thread that
 * reaches a lock the fast path shares (frames.c's) holds vm_big, shared or exclusively,
 * so no other thread holds it at all meanwhile, and such a caller may skip that lock. */
static inline int vm_big_exclusive(void)
{
	return (__atomic_load_n(&vm_big.word, __ATOMIC_RELAXED) & SL_WRITER) != 0;
}

#endif
