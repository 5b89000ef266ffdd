/* threads.c - the records of threads other than a task's main one (see threads.h): one
 * pool for all tasks, a record found by its task and id. */
#include "threads.h"
#include "base/mem.h"

struct thread {
	struct thread_state s;   /* first: a state given out is its record */
	struct proc *proc;       /* NULL: the record is free */
	uint64_t tid;            /* its id: the badge of its pager handle */
	uint8_t is_main;         /* it execve'd and is the main thread now: only its badge is used */
};
static struct thread threads[MAX_THREADS];

/* The record of p's thread whose Linux tid is tid, or NULL. */
static struct thread *find(const struct proc *p, int64_t tid)
{
	for (int i = 0; i < MAX_THREADS; i++)
		if (threads[i].proc == p && !threads[i].is_main && VM_LINUX_PID(threads[i].tid) == tid)
			return &threads[i];
	return 0;
}

struct thread_state *thread_new(struct proc *p, uint64_t *tid)
{
	struct thread *t = 0;
	for (int i = 0; i < MAX_THREADS && !t; i++)
		if (!threads[i].proc)
			t = &threads[i];
	if (!t)
		return 0;
	memset(t, 0, sizeof *t);
	t->proc = p;
	t->tid = *tid = proc_new_id(p);
	return &t->s;
}

struct thread_state *thread_of(struct proc *p, int64_t tid)
{
	if (tid == 0 || tid == proc_pid(p))
		return &p->main;
	struct thread *t = tid > 0 ? find(p, tid) : 0;
	return t ? &t->s : 0;
}

long thread_free(struct proc *p, int64_t tid)
{
	struct thread *t = tid > 0 && tid != proc_pid(p) ? find(p, tid) : 0;
	if (!t)
		return -KE_INVAL;
	t->proc = 0;
	return 0;
}

void thread_free_all(struct proc *p)
{
	for (int i = 0; i < MAX_THREADS; i++)
		if (threads[i].proc == p)
			threads[i].proc = 0;
}

void thread_free_others(struct proc *p)
{
	for (int i = 0; i < MAX_THREADS; i++)
		if (threads[i].proc == p && !threads[i].is_main)
			threads[i].proc = 0;
}

void thread_become_main(struct proc *p, struct thread_state *t)
{
	if (t == &p->main)
		return;
	for (int i = 0; i < MAX_THREADS; i++)   /* an earlier main one, gone with the rest */
		if (threads[i].proc == p && threads[i].is_main)
			threads[i].proc = 0;
	((struct thread *)t)->is_main = 1;
	p->main_by_record = 1;
}

struct thread_state *thread_next(struct proc *p, struct thread_state *t)
{
	if (!t)
		return &p->main;
	for (int i = t == &p->main ? 0 : (int)((struct thread *)t - threads) + 1; i < MAX_THREADS; i++)
		if (threads[i].proc == p && !threads[i].is_main)
			return &threads[i].s;
	return 0;
}

unsigned thread_count(const struct proc *p)
{
	unsigned n = 1;
	for (int i = 0; i < MAX_THREADS; i++)
		n += threads[i].proc == p && !threads[i].is_main;
	return n;
}

struct proc *proc_by_fault_badge(uint64_t badge, struct thread_state **t)
{
	struct proc *p = proc_by_badge(badge);
	if (p) {   /* (a fault of the old main thread that a worker held across the execve: none) */
		*t = &p->main;
		return p->main_by_record ? 0 : p;
	}
	p = proc_of_id(badge);
	for (int i = 0; p && i < MAX_THREADS; i++)
		if (threads[i].proc == p && threads[i].tid == badge) {
			*t = threads[i].is_main ? &p->main : &threads[i].s;
			return p;
		}
	return 0;
}
