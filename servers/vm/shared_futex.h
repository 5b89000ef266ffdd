/* shared_futex.h - the queue of waiters on futexes without FUTEX_PRIVATE_FLAG, for every
 * process at once (VM_FUTEX_WAIT, VM_FUTEX_WAKE, VM_FUTEX_CANCEL; shared_futex.c says
 * how). The private ones stay in each process's personality (lib/linux/lx_futex.c). */
#ifndef VM_SHARED_FUTEX_H
#define VM_SHARED_FUTEX_H
#include "proctab.h"

#define SHARED_FUTEX_WOKEN 2     /* the notification bit a wake signals */
#define SHARED_FUTEX_CMP     1   /* shared_futex_wake: the word at uaddr must hold cmpval */
#define SHARED_FUTEX_REQUEUE 2   /* ... uaddr2 is a requeue's target, checked */

/* p's thread tid waits on the word at uaddr while it holds val, for a wake with a bit of
 * bits: queued, with a copy of its notification handle notif (the caller's slot). 0, or
 * -VM_EAGAIN (the word differs, or it is not in memory now), -VM_EINVAL (misaligned,
 * bits 0, notif not a notification of the caller's), -VM_EFAULT (not mapped),
 * -VM_ENOMEM (every waiter record in use). */
long shared_futex_wait(struct proc *p, int64_t tid, uint64_t uaddr, uint32_t val, uint32_t bits, long notif);
/* Wake up to nwake waiters on uaddr (of p's mapping) with a bit of bits, in the order they
 * came, then move up to nmove more to uaddr2; with SHARED_FUTEX_CMP only if the word holds
 * cmpval (else -VM_EAGAIN). How many were woken and moved, or -VM_EINVAL / -VM_EFAULT. */
long shared_futex_wake(struct proc *p, uint64_t uaddr, uint32_t bits, long nwake, uint64_t uaddr2, long nmove,
                       unsigned how, uint32_t cmpval);
/* p's thread tid stops waiting (a timeout or a signal): 1 if it was still queued, 0 if a
 * wake took it off first. */
long shared_futex_cancel(struct proc *p, int64_t tid);
/* p's thread tid (-1: every thread of p) is gone: its waits go. */
void shared_futex_gone(struct proc *p, int64_t tid);
#endif
