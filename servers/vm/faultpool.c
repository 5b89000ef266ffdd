/* faultpool.c - the fault workers: one thread per hart, all receiving on the endpoint the
 * kernel sends our tasks' faults to (proc_fault_endpoint), unpinned, so that a fault is
 * served on the hart where it happened when a worker waits (the kernel switches to the
 * receiver there). A worker first holds vm_big shared and tries pager.c's fast path (a
 * first touch of private anonymous memory), which several workers may run at once for
 * different tasks or threads; anything else it serves as the main thread would, holding
 * vm_big exclusively (fault_serve). The boot tasks' faults come to the main thread's
 * endpoint (the kernel set their pager) and are served by fault_serve there. */
#include "faultpool.h"
#include "vmlock.h"
#include "rt/thread_entry.h"
#include "proc.h"
#include "pager.h"
#include "threads.h"
#include "abi/fault.h"
#include "rt/log.h"

#define WORKERS_MAX  8        /* the kernel's MAX_HARTS */
#define WORKER_STACK 16384
#define WORKER_PRIO  12       /* the main thread's */

static uint8_t stacks[WORKERS_MAX][WORKER_STACK] __attribute__((aligned(16)));

int fault_serve(long badge, struct msg *m)
{
	uint64_t label = IPC_TAG_LABEL(m->tag);
	struct thread_state *t = 0;   /* its badge is the task's or a tid */
	struct proc *p = badge > 0 && (label == FAULT_LABEL_PAGE || label == FAULT_LABEL_EXCEPTION)
	                         ? proc_by_fault_badge((uint64_t)badge, &t)
	                         : 0;
	if (!p || p->zombie)
		return 0;   /* a task (or thread) we no longer know: nothing to answer */
	int reply = fault_handle(p, t, (uint64_t)badge, m);
	if (proc_any_doomed())   /* a fault it cannot survive, or the task ended */
		proc_end_doomed();   /* to give it memory: before it faults again */
	return reply;
}

/* Worker id (1 .. WORKERS_MAX, its lock id): forever, receive a fault, serve it (fast path shared, else exclusive), reply. */
static __attribute__((noreturn, used)) void worker_main(uint64_t id)
{
	const long ep = proc_fault_endpoint();
	if (sl_thread_init((unsigned)id) < 0)   /* (then it yields instead of sleeping) */
		log_printf("vm: fault worker %lu cannot sleep on locks\n", id);
	struct msg m = {0};
	long badge = k_recv(ep, &m);
	for (;;) {
		struct thread_state *t = 0;
		int reply = 0;
		sl_read_lock(&vm_big);
		struct proc *p = badge > 0 && IPC_TAG_LABEL(m.tag) == FAULT_LABEL_PAGE
		                         ? proc_by_fault_badge((uint64_t)badge, &t)
		                         : 0;
		int fast = p && !p->zombie && fault_fast(p, t, &m);
		sl_read_unlock(&vm_big);
		if (fast) {
			reply = 1;
		} else {   /* (the task may have ended in between: fault_serve looks again) */
			sl_write_lock(&vm_big);
			reply = fault_serve(badge, &m);
			sl_write_unlock(&vm_big);
		}
		badge = reply ? k_reply_recv(ep, &m) : k_recv(ep, &m);
	}
}

RT_THREAD_ENTRY(worker_entry, worker_main)

long faultpool_start(void)
{
	uint64_t harts;
	long err;
	unsigned n = rt_threads_per_hart(worker_entry, &stacks[0][0], WORKER_STACK, WORKERS_MAX, 1, WORKER_PRIO,
	                                 &harts, &err);   /* (lock id 0 is the main thread's) */
	if (n < harts)
		log_printf("vm: %u of %lu fault workers started (error %ld)\n", n, harts, -err);
	return n ? 0 : err;
}
