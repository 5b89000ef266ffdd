/* sched.c - the scheduler: fixed priorities, one run queue per hart.
 *
 * Ready threads wait on some hart in one FIFO per priority (higher number runs first);
 * `current` is not in any queue while it runs. A woken thread goes to the queue of the
 * hart it last ran on, if its affinity allows, else to an idle hart it may use (which
 * is kicked with an IPI). A hart kicks another one when a thread it queued there
 * outranks what runs there, and whenever it ends a trap with threads still queued
 * while some hart idles: the idle hart then steals (pick: a hart takes the best thread
 * it may run from its own queue or, ranked above that, from another hart's). The timer
 * fires every slice on each hart; when it does, current goes behind the others of its
 * priority, so threads of equal priority share a hart and a thread that spins cannot
 * starve its peers. When nothing is ready, sched_pick() returns NULL and the hart waits
 * for an interrupt (hart_idle in trap.c).
 */
#include "sched.h"
#include "riscv.h"
#include "sbi.h"
#include "timeout.h"

uint32_t sched_idle_cpus;          /* bit n: harts[n] waits in hart_idle */
static uint32_t kicked;            /* ... and was sent an IPI it has not woken for yet */
static uint64_t slice_ticks;

void sched_init(uint64_t timebase_hz)
{
	slice_ticks = timebase_hz / 100;  /* 10 ms */
	if (slice_ticks == 0)
		slice_ticks = 1;
}

void sched_start_hart(void)
{
	this_hart->slice_end = rdtime() + slice_ticks;
	timeout_program();
	csr_set(sie, SIE_STIE | SIE_SEIE | SIE_SSIE);
}

/* The index of the lowest bit set in m (not 0): harts are few, a loop will do. */
static uint32_t lowest(uint32_t m)
{
	uint32_t i = 0;
	while (!(m >> i & 1))
		i++;
	return i;
}

static int allowed(const struct thread *th, const struct hart *h)
{
	return (th->affinity >> h->cpu) & 1;
}

/* Interrupt h so that it looks at the run queues (it may be waiting in wfi). */
static void kick(struct hart *h)
{
	uint32_t bit = 1u << h->cpu;
	if (h == this_hart || (kicked & bit))
		return;
	if (sched_idle_cpus & bit)
		kicked |= bit;
	sbi_send_ipi(h->hartid);
}

/* An idle hart th may run on, or NULL. */
static struct hart *idle_for(const struct thread *th)
{
	uint32_t c = sched_idle_cpus & th->affinity & ~kicked;
	return c ? &harts[lowest(c)] : 0;
}

/* Which hart's queue th goes to. Where it last ran (or, new, here) if it may run there
 * and that is here (a surplus here is shared at the end of the trap: share()) or idle.
 * Else an idle hart it may use, else where it last ran, else the first it may use. */
static struct hart *place(const struct thread *th)
{
	struct hart *home = th->on_hart ? th->on_hart : this_hart;
	int home_ok = allowed(th, home);
	if (home_ok && (home == this_hart || !home->cur))
		return home;
	struct hart *h = idle_for(th);
	if (h)
		return h;
	return home_ok ? home : &harts[lowest(th->affinity)];
}

static void enqueue_on(struct hart *h, struct thread *th)
{
	th->next = 0;
	th->rq = h;
	if (h->qtail[th->prio])
		h->qtail[th->prio]->next = th;
	else
		h->qhead[th->prio] = th;
	h->qtail[th->prio] = th;
	h->ready_mask |= 1u << th->prio;
}

void sched_enqueue(struct thread *th)
{
	struct hart *h = place(th);
	enqueue_on(h, th);
	if (h != this_hart && (!h->cur || h->cur->prio < th->prio))
		kick(h);
}

void sched_dequeue(struct thread *th)
{
	struct hart *h = th->rq;
	if (!h)
		return;
	struct thread **pp = &h->qhead[th->prio], *prev = 0;
	while (*pp && *pp != th)
		prev = *pp, pp = &(*pp)->next;
	if (!*pp)
		return;
	*pp = th->next;
	if (h->qtail[th->prio] == th)
		h->qtail[th->prio] = prev;
	if (!h->qhead[th->prio])
		h->ready_mask &= ~(1u << th->prio);
	th->next = 0;
	th->rq = 0;
}

void sched_wake(struct thread *th)
{
	th->state = T_READY;
	if (th != current)
		sched_enqueue(th);
}

void sched_wake_here(struct thread *th)
{
	th->state = T_READY;
	if (th == current)
		return;
	if (allowed(th, this_hart)) {
		enqueue_on(this_hart, th);
		th->affine = 1;   /* share() leaves it here until the next tick */
	} else {
		sched_enqueue(th);
	}
}

void sched_yield(void)
{
	if (current && current->state == T_READY) {
		enqueue_on(this_hart, current);
		current = 0;
	}
}

static void share(int tick);

void sched_tick(uint64_t now)
{
	struct hart *h = this_hart;
	if (h->slice_end > now) {   /* a deadline's interrupt (timeout.c), not the slice's */
		timeout_program();
		return;
	}
	while (h->slice_end <= now)
		h->slice_end += slice_ticks;
	timeout_program();
	sched_yield();
	if (nharts_online > 1)
		share(1);
}

void sched_migrate(struct thread *th)
{
	if (th == current && !allowed(th, this_hart)) {
		current = 0;
		sched_enqueue(th);
	}
}

void sched_switch_to(struct thread *to)
{
	/* Only switch when `to` would be chosen anyway: it is not below current, and it
	 * may run here. */
	if ((current && current->state == T_READY && current->prio > to->prio) ||
	    !allowed(to, this_hart)) {
		sched_wake(to);   /* (queued T_READY: a thread picked in another state is lost) */
		return;
	}
	if (current && current->state == T_READY)
		sched_enqueue(current);
	to->state = T_READY;
	current = to;
}

/* The highest priority with a ready thread in mask; -1 if none (NPRIO is small: scan). */
static int top_prio(uint32_t mask)
{
	for (int p = NPRIO - 1; p >= 0; p--)
		if (mask & (1u << p))
			return p;
	return -1;
}

/* Take the first thread of h's queue of priority p that may run on `on`, or NULL. */
static struct thread *take(struct hart *h, int p, const struct hart *on)
{
	for (struct thread *th = h->qhead[p]; th; th = th->next)
		if (allowed(th, on)) {
			sched_dequeue(th);
			return th;
		}
	return 0;
}

/* The best thread this hart may take from another hart's queue ranked above `floor`. */
static struct thread *steal(int floor)
{
	struct hart *self = this_hart;
	for (int p = NPRIO - 1; p > floor; p--)
		for (uint32_t i = 0; i < nharts_online; i++) {
			struct hart *h = &harts[i];
			struct thread *th;
			if (h != self && (h->ready_mask >> p & 1) && (th = take(h, p, self)))
				return th;
		}
	return 0;
}

/* With threads queued here and a hart idle that may run the first of them, wake that
 * hart to come and steal; on a tick (`tick`) even a thread a reply woke here, which
 * otherwise waits for its replier to wait (moving it at once made client and server
 * chase each other from hart to hart, an IPI each time). */
static void share(int tick)
{
	struct hart *self = this_hart;
	int p = top_prio(self->ready_mask);
	struct thread *th = p >= 0 ? self->qhead[p] : 0;
	struct hart *h = th && (tick || !th->affine) ? idle_for(th) : 0;
	if (h)
		kick(h);
}

struct thread *sched_pick_slow(void)
{
	struct hart *h = this_hart;
	struct thread *c = h->cur, *th = 0;
	int keep = c && c->state == T_READY, own = top_prio(h->ready_mask);
	int floor = keep && c->prio >= own ? c->prio : own;
	if (nharts_online > 1)
		th = steal(floor);
	if (!th && keep && c->prio >= own) {
		share(0);
		return c;
	}
	if (!th && own >= 0)
		th = take(h, own, h);
	if (!th && keep)
		th = c, keep = 0;
	if (keep)
		sched_enqueue(c);   /* a higher-priority thread goes first */
	current = th;
	if (th)
		th->affine = 0;
	if (nharts_online > 1)
		share(0);
	return th;
}

void sched_idle_enter(void)
{
	sched_idle_cpus |= 1u << this_hart->cpu;
}

void sched_idle_leave(void)
{
	uint32_t bit = 1u << this_hart->cpu;
	sched_idle_cpus &= ~bit;
	kicked &= ~bit;
}
