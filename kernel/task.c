/* task.c - tasks, threads, handle tables and the objects handles name. */
#include "object.h"
#include "hart.h"
#include "sched.h"
#include "ipc.h"
#include "trace.h"
#include "fpu.h"
#include "base/mem.h"
#include "abi/syscall.h"

struct task tasks[MAX_TASKS];
struct thread threads[MAX_THREADS];
static struct endpoint endpoints[MAX_ENDPOINTS];
static struct notification notifs[MAX_NOTIFS];

struct task *task_from_handle(long slot, int rights, int allow_self, long *err)
{
	if (slot == HANDLE_SELF) {
		*err = -KE_PERM;
		return allow_self ? current->task : 0;
	}
	struct handle *h = handle_get(current->task, slot, H_TASK, rights, err);
	if (!h)
		return 0;
	struct task *t = h->obj;
	if (!t->used || t->gen != h->gen) {
		*err = -KE_SRCH;
		return 0;
	}
	return t;
}

int handle_alloc(struct task *t, long want_slot)
{
	if (want_slot >= 0) {
		if (want_slot >= HANDLES_PER_TASK)
			return -KE_BADF;
		return t->handles[want_slot].type == H_NONE ? (int)want_slot : -KE_EXIST;
	}
	for (int i = 0; i < HANDLES_PER_TASK; i++)
		if (t->handles[i].type == H_NONE)
			return i;
	return -KE_NOSPC;
}

void handle_install(struct task *t, int slot, int type, int rights, uint64_t badge, void *obj)
{
	struct handle *h = &t->handles[slot];
	h->type = (uint8_t)type;
	h->rights = (uint8_t)rights;
	h->badge = badge;
	h->obj = obj;
	h->gen = 0;
	if (type == H_ENDPOINT)
		((struct endpoint *)obj)->refs++;
	else if (type == H_NOTIF)
		((struct notification *)obj)->refs++;
	else if (type == H_TASK)
		h->gen = ((struct task *)obj)->gen;
}

/* Dropping the last handle of an endpoint wakes everyone queued on it with -KE_PIPE. */
void endpoint_put(struct endpoint *ep)
{
	if (--ep->refs == 0) {
		ipc_endpoint_drain(ep);
		ep->owner->nobjs--;
		ep->owner = 0;
	}
}

/* Dropping the last reference to a notification wakes its waiter with -KE_PIPE. */
void notification_put(struct notification *n)
{
	if (--n->refs == 0) {
		if (n->waiter) {
			struct thread *w = n->waiter;
			n->waiter = 0;
			w->waiting_on = 0;
			w->tf.regs[TF_A0] = (uint64_t)-KE_PIPE;
			sched_wake(w);
		}
		n->owner->nobjs--;
		n->owner = 0;
		n->bits = 0;
	}
}

void handle_release(struct handle *h)
{
	if (h->type == H_ENDPOINT)
		endpoint_put(h->obj);
	else if (h->type == H_NOTIF)
		notification_put(h->obj);
	memset(h, 0, sizeof *h);
}

/* A thread a stall took from its hart (or NULL): queue it again if it can run. */
static void thread_requeue(struct thread *th)
{
	if (th && th->state == T_READY)
		sched_enqueue(th);
}

void thread_hold(struct thread *th)
{
	struct hart *h = hart_running(th);
	if (h)
		thread_requeue(hart_stall(h));
}

struct task *task_create(uint8_t max_prio, const char *name, long *err)
{
	for (int i = 0; i < MAX_TASKS; i++) {
		struct task *t = &tasks[i];
		if (t->used)
			continue;
		uint32_t gen = t->gen;
		memset(t, 0, sizeof *t);
		t->gen = gen;
		t->id = (uint16_t)i;
		t->max_prio = max_prio < NPRIO ? max_prio : NPRIO - 1;
		if ((*err = aspace_init(&t->as, (uint16_t)(i + 1))) < 0)
			return 0;
		for (int j = 0; name[j] && j < (int)sizeof t->name - 1; j++)
			t->name[j] = name[j];
		t->used = 1;
		trace_task(t->id, t->name);
		return t;
	}
	*err = -KE_AGAIN;   /* the table is full until a task ends (Linux's fork: EAGAIN) */
	return 0;
}

/* Destroy every thread, drop every handle, free the page tables. The frames that were
 * mapped belong to the VM server, which tracks them itself. */
void task_destroy(struct task *t)
{
	while (t->threads)
		thread_destroy(t->threads);
	for (int i = 0; i < MAX_THREADS; i++) {   /* callers whose reply t saved */
		struct thread *c = &threads[i];
		if (c->state == T_REPLY && c->saved_by == t) {
			c->saved_by = 0;
			if (c->in_fault) {
				c->state = T_STOPPED;
			} else {
				c->tf.regs[TF_A0] = (uint64_t)-KE_PIPE;
				sched_wake(c);
			}
		}
	}
	for (int i = 0; i < HANDLES_PER_TASK; i++)
		if (t->handles[i].type != H_NONE)
			handle_release(&t->handles[i]);
	for (uint32_t i = 0; i < nharts_online; i++)   /* (stalled with its threads) */
		if (&harts[i] != this_hart && harts[i].vm_loaded == &t->as)
			thread_requeue(hart_stall(&harts[i]));
	aspace_destroy(&t->as);
	/* Objects it made may outlive it in other tables: charge them to nobody. */
	static struct task orphan;
	for (int i = 0; i < MAX_ENDPOINTS; i++)
		if (endpoints[i].owner == t)
			endpoints[i].owner = &orphan;
	for (int i = 0; i < MAX_NOTIFS; i++)
		if (notifs[i].owner == t)
			notifs[i].owner = &orphan;
	t->used = 0;
	t->gen++;
}

struct thread *thread_create(struct task *t, uint64_t pc, uint64_t sp, uint64_t arg,
                             uint8_t prio, long *err)
{
	if (t->nthreads >= MAX_THREADS_PER_TASK) {
		*err = -KE_NOMEM;
		return 0;
	}
	for (int i = 0; i < MAX_THREADS; i++) {
		struct thread *th = &threads[i];
		if (th->state != T_FREE)
			continue;
		uint32_t gen = th->gen;
		memset(th, 0, sizeof *th);   /* the FP area too: a new thread sees zeros */
		th->gen = gen + 1;
		th->id = (uint16_t)i;
		th->task = t;
		th->prio = prio;
		th->tf.regs[TF_PC] = pc;
		th->tf.regs[TF_SP] = sp;
		th->tf.regs[TF_A0] = arg;
		th->affinity = (uint32_t)((1UL << nharts_online) - 1);
		th->task_next = t->threads;
		t->threads = th;
		t->nthreads++;
		th->state = T_READY;
		sched_enqueue(th);
		return th;
	}
	*err = -KE_NOMEM;
	return 0;
}

/* Unlink a thread from whatever it waits on, tell its partners, and free the slot. */
void thread_destroy(struct thread *th)
{
	thread_hold(th);   /* running on another hart: it stops there first */
	ipc_thread_detach(th);
	if (th->state == T_READY)
		sched_dequeue(th);
	struct thread **pp = &th->task->threads;
	while (*pp != th)
		pp = &(*pp)->task_next;
	*pp = th->task_next;
	th->task->nthreads--;
	if (th->pager)
		endpoint_put(th->pager);
	th->pager = 0;
	fpu_forget(th);
	th->state = T_FREE;
	if (th == current)
		current = 0;
}

struct endpoint *endpoint_create(struct task *owner)
{
	if (owner->nobjs >= MAX_OBJS_PER_TASK)
		return 0;
	for (int i = 0; i < MAX_ENDPOINTS; i++) {
		struct endpoint *ep = &endpoints[i];
		if (ep->refs == 0 && !ep->owner) {
			memset(ep, 0, sizeof *ep);
			ep->owner = owner;
			owner->nobjs++;
			return ep;
		}
	}
	return 0;
}

struct notification *notification_create(struct task *owner)
{
	if (owner->nobjs >= MAX_OBJS_PER_TASK)
		return 0;
	for (int i = 0; i < MAX_NOTIFS; i++) {
		struct notification *n = &notifs[i];
		if (n->refs == 0 && !n->owner) {
			memset(n, 0, sizeof *n);
			n->owner = owner;
			owner->nobjs++;
			return n;
		}
	}
	return 0;
}

void object_counts(uint64_t n[5])
{
	n[0] = n[1] = n[2] = n[3] = n[4] = 0;
	for (int i = 0; i < MAX_TASKS; i++)
		if (tasks[i].used)
			n[0]++, n[4] += tasks[i].as.pt_pages;
	for (int i = 0; i < MAX_THREADS; i++)
		n[1] += threads[i].state != T_FREE;
	for (int i = 0; i < MAX_ENDPOINTS; i++)   /* free means no handle and no owner */
		n[2] += endpoints[i].refs || endpoints[i].owner;
	for (int i = 0; i < MAX_NOTIFS; i++)
		n[3] += notifs[i].refs || notifs[i].owner;
}
