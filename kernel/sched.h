/* sched.h - fixed-priority round-robin scheduling on the SBI timer. */
#ifndef SCHED_H
#define SCHED_H
#include "object.h"

void sched_init(uint64_t timebase_hz);
void sched_enqueue(struct thread *th);    /* append a T_READY thread to its queue */
void sched_dequeue(struct thread *th);    /* remove a queued T_READY thread */
void sched_wake(struct thread *th);       /* make a blocked thread T_READY */
void sched_yield(void);                   /* current goes to the back of its queue */
void sched_tick(void);                    /* timer interrupt: preempt when the slice ends */
/* Pick who runs next (waiting for an interrupt while nobody can) and return to it. */
_Noreturn void sched_return(void);
/* Let `to` run now if it may: used by IPC to switch directly to the receiver. */
void sched_switch_to(struct thread *to);
#endif
