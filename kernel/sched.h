/* sched.h - fixed-priority round-robin scheduling on the SBI timer, a run queue per hart. */
#ifndef SCHED_H
#define SCHED_H
#include "hart.h"

void sched_init(uint64_t timebase_hz);
void sched_start_hart(void);              /* this hart's slice timer and interrupts */
void sched_enqueue(struct thread *th);    /* put a T_READY thread on a hart's queue */
void sched_dequeue(struct thread *th);    /* remove a queued T_READY thread */
void sched_wake(struct thread *th);       /* make a blocked thread T_READY */
/* The same for a reply: the replier usually waits next (REPLY_RECV, or after a little
 * more work), so th queues here, where it called from, and is not shared with an idle
 * hart before the next tick. */
void sched_wake_here(struct thread *th);
void sched_yield(void);                   /* current goes to the back of its queue */
void sched_migrate(struct thread *th);    /* current's affinity changed: leave if it must */
void sched_tick(uint64_t now);            /* timer interrupt: preempt when the slice ends */
void sched_idle_enter(void);              /* this hart waits for work (hart_idle) */
void sched_idle_leave(void);              /* ... and stops waiting */
/* Pick who runs next on this hart; it becomes current. NULL when nobody can run (the
 * caller waits for an interrupt and asks again). The common case, current still
 * runnable, nobody above it here and no hart idle while threads wait here, is inline. */
struct thread *sched_pick_slow(void);
extern uint32_t sched_idle_cpus;   /* bit n: harts[n] is idle */
static inline struct thread *sched_pick(void)
{
	struct hart *h = this_hart;
	struct thread *c = h->cur;
	if (c && c->state == T_READY && !(h->ready_mask >> (c->prio + 1)) &&
	    !(h->ready_mask && sched_idle_cpus))
		return c;
	return sched_pick_slow();
}
/* th, just picked, returns to user mode here: load its address space if it is not the
 * loaded one, give it the FPU or take it away (sstatus.FS), note where it runs; return
 * its trapframe. Inline: it is on every system call's path (trap.c, ipc_fast_trap). */
static inline __attribute__((always_inline)) struct trapframe *prepare_return(struct thread *th)
{
	struct hart *h = this_hart;
	if (&th->task->as != h->vm_loaded)
		vm_load(&th->task->as, h->cpu, &h->vm_loaded);
	th->on_hart = h;   /* (before the call: h need not be kept across it) */
	fpu_resume(th, h->fp_owner);
	return &th->tf;
}
/* Let `to` run now if it may: used by IPC to switch directly to the receiver. */
void sched_switch_to(struct thread *to);
#endif
