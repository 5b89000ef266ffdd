/* sched.h - fixed-priority round-robin scheduling on the SBI timer. */
#ifndef SCHED_H
#define SCHED_H
#include "object.h"

void sched_init(uint64_t timebase_hz);
void sched_enqueue(struct thread *th);    /* append a T_READY thread to its queue */
void sched_dequeue(struct thread *th);    /* remove a queued T_READY thread */
void sched_wake(struct thread *th);       /* make a blocked thread T_READY */
void sched_yield(void);                   /* current goes to the back of its queue */
void sched_tick(uint64_t now);            /* timer interrupt: preempt when the slice ends */
/* Pick who runs next; it becomes current. NULL when nobody can run (the caller waits
 * for an interrupt and asks again). The common case, current still runnable and nobody
 * above it, is inline. */
struct thread *sched_pick_slow(void);
extern uint32_t sched_ready_mask;   /* bit p: a thread of priority p is queued */
static inline struct thread *sched_pick(void)
{
	struct thread *c = current;
	if (c && c->state == T_READY && !(sched_ready_mask >> (c->prio + 1)))
		return c;
	return sched_pick_slow();
}
/* Let `to` run now if it may: used by IPC to switch directly to the receiver. */
void sched_switch_to(struct thread *to);
#endif
