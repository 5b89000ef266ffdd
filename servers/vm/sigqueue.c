/* sigqueue.c - the signals a Linux-ABI task has been sent and not yet taken (see
 * sigqueue.h). What a signal does is its personality's business: dispositions and the
 * mask live there, so the VM server only keeps the signal, wakes the task as Linux's
 * signal_wake_up does, and drops what the task said it ignores (VM_SIGSTATE).
 * A standard signal is a bit and one siginfo, the process's or, sent to one thread
 * (tgkill), that thread's; real-time ones are entries of one pool shared by every task,
 * each task's in a list in the order sent, those sent to one thread marked with it. The pool's use is
 * counted against the target's RLIMIT_SIGPENDING; Linux counts only what is pending for
 * the target's user, which is the same while one user is signalled. */
#include "sigqueue.h"
#include "fslink.h"
#include "threads.h"
#include "kcall.h"
#include "proto/fs_msgs.h"

#define SI_USER 0
#define RT_SIGS (~0ull << (SIGRTMIN - 1))

struct sigq_entry {
	struct sigq_entry *next;
	const struct thread_state *to;   /* the thread it was sent to (tgkill), or NULL */
	int32_t sig, code;
	uint64_t ids, value;
};
static struct sigq_entry pool[SIGQ_POOL], *free_list;
static unsigned used, carved;   /* entries in use; entries of pool handed out so far */

/* A free entry counted as used, or NULL when limit (the target's RLIMIT_SIGPENDING)
 * or the pool is reached. */
static struct sigq_entry *entry_get(uint64_t limit)
{
	struct sigq_entry *e = 0;
	if (used >= limit)
		return 0;
	if (free_list)
		e = free_list, free_list = e->next;
	else if (carved < SIGQ_POOL)
		e = &pool[carved++];
	used += e != 0;
	return e;
}

static void entry_put(struct sigq_entry *e)
{
	e->next = free_list, free_list = e;
	used--;
}

/* Wake t to take its signals: a VM_WAIT4 it waits in is answered EINTR, an FS_POLL too
 * (FS_INTR), and its thread goes into its personality (SYS_LX_INTERRUPT). */
static void wake(struct proc *t)
{
	if (t->wait4_token) {
		struct msg m = {IPC_TAG(KE_INTR, 0, 0), {0}};
		k_reply(t->wait4_token, &m);
		t->wait4_token = 0;
	}
	uint64_t words[] = {t->badge};
	fslink_post(FS_INTR, words, 1);   /* (a full queue: its poll sees it at its next look) */
	k_lx_interrupt(t->task);
}

long sigq_post_to(struct proc *t, struct thread_state *th, int sig, int code, uint64_t ids, uint64_t value)
{
	uint64_t bit = 1ull << (sig - 1);
	struct sig_std *s = th ? &th->sig : &t->sig;
	if (t->zombie || !t->lx_intr || (t->sig_ignored & bit))
		return 0;
	if (sig < SIGRTMIN) {
		if (s->pending & bit)
			return 0;   /* one of each, the first kept, as Linux's legacy_queue */
		s->code[sig - 1] = code, s->ids[sig - 1] = ids, s->value[sig - 1] = value;
	} else {
		struct sigq_entry *e = entry_get(t->sig_rlimit[0]);
		if (e) {
			*e = (struct sigq_entry){0, th, sig, code, ids, value};
			if (t->sigq_head)
				t->sigq_tail->next = e;
			else
				t->sigq_head = e;
			t->sigq_tail = e;
		} else if (code != SI_USER) {
			return -KE_AGAIN;   /* kill() may not fail so: pending, without its siginfo */
		}
	}
	s->pending |= bit;
	wake(t);
	return 0;
}

/* The first queued instance of sig sent to thread `to` (NULL: to the process) in p's
 * list (and *prev, the one before it), or NULL. */
static struct sigq_entry *find(struct proc *p, int sig, const struct thread_state *to, struct sigq_entry **prev)
{
	*prev = 0;
	for (struct sigq_entry *e = p->sigq_head; e; *prev = e, e = e->next)
		if (e->sig == sig && e->to == to)
			return e;
	return 0;
}

/* Take e (after prev) off p's list and return it to the pool. */
static void unlink_entry(struct proc *p, struct sigq_entry *e, struct sigq_entry *prev)
{
	if (prev)
		prev->next = e->next;
	else
		p->sigq_head = e->next;
	if (p->sigq_tail == e)
		p->sigq_tail = prev;
	entry_put(e);
}

void sigq_take(struct proc *p, struct thread_state *th, uint64_t mask, struct vm_sigtake_rep *r)
{
	struct sig_std *s = th->sig.pending & mask ? &th->sig : &p->sig;   /* the thread's first */
	const struct thread_state *to = s == &th->sig ? th : 0;
	uint64_t ready = s->pending & mask;
	p->sig_held = ~mask & RT_SIGS;
	*r = (struct vm_sigtake_rep){0, 0, 0, 0, 0};
	if (ready) {
		int i = 0, sig;
		while (!(ready >> i & 1))   /* (no libgcc here for a count of zeros) */
			i++;
		sig = i + 1;
		*r = (struct vm_sigtake_rep){(uint64_t)sig, SI_USER, 0, 0, 0};   /* one kept without its siginfo */
		if (sig < SIGRTMIN) {
			r->code = s->code[i], r->ids = s->ids[i], r->value = s->value[i];
			s->pending &= ~(1ull << i);
		} else {
			struct sigq_entry *prev, *e = find(p, sig, to, &prev);
			if (e) {
				r->code = e->code, r->ids = e->ids, r->value = e->value;
				unlink_entry(p, e, prev);
			}
			if (!e || !find(p, sig, to, &prev))
				s->pending &= ~(1ull << i);
		}
	}
	r->left = p->sig.pending | th->sig.pending;
}

/* Drop p's queued real-time signals in mask sent to thread only (NULL: every one). */
static void drop_entries(struct proc *p, uint64_t mask, const struct thread_state *only)
{
	struct sigq_entry *prev = 0, *e = p->sigq_head;
	while (e) {
		struct sigq_entry *next = e->next;
		if ((mask >> (e->sig - 1) & 1) && (!only || e->to == only))
			unlink_entry(p, e, prev);
		else
			prev = e;
		e = next;
	}
}

void sigq_drop(struct proc *p, uint64_t mask)
{
	p->sig.pending &= ~mask;
	for (struct thread_state *th = thread_next(p, 0); th; th = thread_next(p, th))
		th->sig.pending &= ~mask;
	drop_entries(p, mask, 0);
}

void sigq_thread_moved(struct proc *p, const struct thread_state *from, const struct thread_state *to)
{
	for (struct sigq_entry *e = p->sigq_head; e; e = e->next)
		if (e->to == from)
			e->to = to;
}

void sigq_thread_gone(struct proc *p, struct thread_state *th)
{
	th->sig.pending = 0;
	drop_entries(p, ~0ull, th);
}
