/* sched.c - the scheduler.
 *
 * Ready threads wait in one FIFO per priority (higher number runs first); `current` is
 * not in any queue while it runs. The timer fires every slice; when it does, current
 * goes behind the others of its priority, so threads of equal priority share the CPU
 * and a thread that spins cannot starve its peers. When nothing is ready, sched_pick()
 * returns NULL and the trap path waits for an interrupt (trap.c).
 */
#include "sched.h"
#include "riscv.h"
#include "timeout.h"

struct thread *current;
static struct thread *qhead[NPRIO], *qtail[NPRIO];
uint32_t sched_ready_mask;         /* bit p set when queue p has threads */
static uint64_t slice_ticks;
static uint64_t next_deadline;

void sched_init(uint64_t timebase_hz)
{
	slice_ticks = timebase_hz / 100;  /* 10 ms */
	if (slice_ticks == 0)
		slice_ticks = 1;
	next_deadline = rdtime() + slice_ticks;
	timeout_program(next_deadline);
	csr_set(sie, SIE_STIE | SIE_SEIE);
}

void sched_enqueue(struct thread *th)
{
	th->next = 0;
	if (qtail[th->prio])
		qtail[th->prio]->next = th;
	else
		qhead[th->prio] = th;
	qtail[th->prio] = th;
	sched_ready_mask |= 1u << th->prio;
}

void sched_dequeue(struct thread *th)
{
	struct thread **pp = &qhead[th->prio], *prev = 0;
	while (*pp && *pp != th)
		prev = *pp, pp = &(*pp)->next;
	if (!*pp)
		return;
	*pp = th->next;
	if (qtail[th->prio] == th)
		qtail[th->prio] = prev;
	if (!qhead[th->prio])
		sched_ready_mask &= ~(1u << th->prio);
	th->next = 0;
}

void sched_wake(struct thread *th)
{
	th->state = T_READY;
	if (th != current)
		sched_enqueue(th);
}

void sched_yield(void)
{
	if (current && current->state == T_READY) {
		sched_enqueue(current);
		current = 0;
	}
}

void sched_tick(uint64_t now)
{
	if (next_deadline > now) {   /* a deadline's interrupt (timeout.c), not the slice's */
		timeout_program(next_deadline);
		return;
	}
	while (next_deadline <= now)
		next_deadline += slice_ticks;
	timeout_program(next_deadline);
	sched_yield();
}

void sched_switch_to(struct thread *to)
{
	/* Only switch when `to` would be chosen anyway: it is not below current. */
	if (current && current->state == T_READY && current->prio > to->prio) {
		sched_enqueue(to);
		return;
	}
	if (current && current->state == T_READY)
		sched_enqueue(current);
	to->state = T_READY;
	current = to;
}

/* The highest priority with a ready thread; -1 if none (NPRIO is small: scan). */
static int top_prio(void)
{
	for (int p = NPRIO - 1; p >= 0; p--)
		if (sched_ready_mask & (1u << p))
			return p;
	return -1;
}

static struct thread *pick(void)
{
	int p = top_prio();
	if (p < 0)
		return 0;
	struct thread *th = qhead[p];
	qhead[p] = th->next;
	if (!qhead[p]) {
		qtail[p] = 0;
		sched_ready_mask &= ~(1u << p);
	}
	th->next = 0;
	return th;
}

struct thread *sched_pick_slow(void)
{
	if (current && current->state == T_READY) {
		if (!(sched_ready_mask >> (current->prio + 1)))
			return current;
		sched_enqueue(current);   /* a higher-priority thread became ready: it goes first */
	}
	current = pick();
	return current;
}
