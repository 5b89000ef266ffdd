/* object.h - the kernel's objects: tasks, threads, endpoints, notifications, handles.
 *
 * All objects live in fixed tables (bss). A task's use of them is bounded by quotas in
 * memlayout.h; only the holder of the task-creation right (the VM server) makes tasks.
 */
#ifndef OBJECT_H
#define OBJECT_H

#include <stdint.h>
#include "sv39.h"
#include "memlayout.h"
#include "fpu.h"
#include "abi/syscall.h"

/* Saved user registers: x1..x31 in regs[1..31], regs[0] holds the user pc. */
struct trapframe {
	uint64_t regs[32];
};
#define TF_PC 0
#define TF_RA 1
#define TF_SP 2
#define TF_TP 4
#define TF_A0 10
#define TF_A1 11
#define TF_A2 12
#define TF_A7 17
#define TF_T3 28

enum thread_state {
	T_FREE = 0,
	T_READY,        /* runnable: current on a hart, or in a ready queue */
	T_SEND,         /* queued on an endpoint to send (or call) */
	T_RECV,         /* queued on an endpoint to receive */
	T_REPLY,        /* waiting for the reply to a call (or to a fault) */
	T_NOTIFY,       /* waiting on a notification */
	T_STOPPED,      /* halted after a fault its pager would not resolve */
};

struct task;
struct endpoint;
struct hart;

struct thread {
	struct trapframe tf;        /* first: the trap entry saves here */
	struct hart *on_hart;       /* second: the hart it last returned to (trap_entry.S) */
	struct fpstate fp;          /* third: f0-f31, fcsr while not live (fpu.h; trap_entry.S
	                               saves them when a stall takes the thread away) */
	struct task *task;
	enum thread_state state;
	uint8_t prio;
	uint8_t is_call;            /* T_SEND: a call, wants a reply */
	uint8_t in_fault;           /* the pending call is a fault message */
	struct thread *next;        /* ready queue or endpoint queue link */
	struct endpoint *queued_on; /* T_SEND / T_RECV */
	struct thread *caller;      /* whom this thread must reply to */
	struct thread *replier;     /* T_REPLY: the thread holding our reply */
	uint64_t send_badge;        /* T_SEND: the badge of the handle used */
	uint64_t ipc_buf;           /* user VA of the IPC buffer page, 0 if none */
	struct endpoint *pager;     /* fault endpoint, NULL if none */
	uint64_t pager_badge;
	uint64_t fault[7];          /* in_fault: addr, access, pc, scause, sp, a0, a1 (fault.def) */
	uint64_t fault_gen;         /* in_fault: its address space's gen at the fault */
	struct thread *task_next;   /* the task's thread list */
	struct task *saved_by;      /* T_REPLY: the task holding our saved reply token */
	struct notification *waiting_on; /* T_NOTIFY */
	uint8_t timed;              /* T_NOTIFY with a deadline (timeout.c) */
	uint64_t wake_at;           /* ... which is this (rdtime ticks) */
	struct thread *timer_next;  /* ... in timeout.c's list */
	uint32_t gen;               /* bumped when the slot is reused: reply tokens */
	uint16_t id;                /* the slot in threads[]: reply tokens, the trace */
	uint64_t lx_ret, lx_a7;     /* Linux-ABI task: pc and a7 to resume at (SYS_LX_RETURN) */
	uint8_t lx_intr;            /* ... to enter lx_intr_entry at its next chance (ipc.h) */
	uint8_t uninterrupted;      /* T_NOTIFY: SYS_LX_INTERRUPT leaves the wait alone */
	uint64_t lx_utp, lx_ptp;    /* tp: the program's while in the personality, the
	                               personality's while in the program (lx_enter) */
	struct hart *rq;            /* T_READY and queued: whose run queue (sched.c) */
	uint8_t affine;             /* ... put there by a reply (sched_wake_here) */
	uint32_t affinity;          /* the CPUs it may run on (bit n: harts[n]) */
	struct hart *fp_hart;       /* the hart whose FP registers hold its values, or NULL */
};
#define THREAD_ON_HART 256      /* offsetof(struct thread, on_hart), for trap_entry.S */
#define THREAD_FP      264      /* offsetof(struct thread, fp) */

struct endpoint {
	uint32_t refs;              /* handles naming it; freed at 0 */
	uint8_t receivers;          /* the queue holds receivers (else senders) */
	struct thread *head, *tail;
	struct task *owner;         /* charged to this task's object quota */
};

struct notification {
	uint32_t refs;
	uint32_t irqs;             /* interrupts bound to it (irq.c): as many of refs */
	uint64_t bits;
	struct thread *waiter;
	struct task *owner;
};

struct memobj {                 /* a physical range whose frames may be mapped */
	uint64_t base, size;
};

enum handle_type { H_NONE = 0, H_ENDPOINT, H_NOTIF, H_TASK, H_MEM, H_IRQCTL, H_POWER, H_TASKCTL };

struct handle {
	uint8_t type;
	uint8_t rights;
	uint32_t gen;               /* H_TASK: the task's generation when the handle was made */
	uint64_t badge;
	void *obj;
};

struct task {
	uint8_t used;
	uint8_t max_prio;
	uint16_t id;
	uint32_t gen;
	uint32_t nthreads;
	uint32_t nobjs;
	struct aspace as;
	struct thread *threads;
	/* A Linux-ABI task: an ecall from outside [lx_lo, lx_hi) goes to lx_entry (0: none). */
	uint64_t lx_entry, lx_lo, lx_hi;
	uint64_t lx_intr_entry;     /* where SYS_LX_INTERRUPT sends its threads (0: none) */
	struct handle handles[HANDLES_PER_TASK];
	char name[16];
};

extern struct task tasks[MAX_TASKS];
extern struct thread threads[MAX_THREADS];

/* Handle lookup: the handle in `t`'s table at `slot` if it has `type` and all `rights`,
 * else NULL with *err set (-KE_BADF, -KE_INVAL for a wrong type, -KE_PERM). Inline: every
 * system call that names an object decodes its handles with it. */
static inline struct handle *handle_get(struct task *t, long slot, int type, int rights, long *err)
{
	struct handle *h = (unsigned long)slot < HANDLES_PER_TASK ? &t->handles[slot] : 0;
	long e = !h || h->type == H_NONE          ? -KE_BADF
	       : type != H_NONE && h->type != type ? -KE_INVAL
	       : (h->rights & rights) != rights    ? -KE_PERM : 0;
	if (e)
		*err = e;   /* (*err is left alone on success) */
	return e ? 0 : h;
}
/* A task named by a handle in the current task, checking the generation; HANDLE_SELF
 * names the current task only where `allow_self` (never for changing an address space). */
struct task *task_from_handle(long slot, int rights, int allow_self, long *err);
int  handle_alloc(struct task *t, long want_slot);   /* free slot (or want_slot), -KE_* */
void handle_release(struct handle *h);                /* drop the reference, clear it */
void endpoint_put(struct endpoint *ep);               /* drop one reference */
void notification_put(struct notification *n);        /* drop one reference */
void handle_install(struct task *t, int slot, int type, int rights, uint64_t badge, void *obj);

struct task *task_create(uint8_t max_prio, const char *name, long *err);
void task_destroy(struct task *t);
struct thread *thread_create(struct task *t, uint64_t pc, uint64_t sp, uint64_t arg,
                             uint8_t prio, long *err);
void thread_destroy(struct thread *th);
/* Make sure th is not running on another hart: if it is, that hart gives it up
 * (hart_stall) and it is queued again. Its trapframe is then complete. */
void thread_hold(struct thread *th);

/* How many tasks, threads, endpoints and notifications are in use, into n[0..3], and
 * the page-table pages the live tasks' address spaces hold, into n[4]. */
void object_counts(uint64_t n[5]);

struct endpoint *endpoint_create(struct task *owner);
struct notification *notification_create(struct task *owner);

#endif
