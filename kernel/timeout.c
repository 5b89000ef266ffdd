/* timeout.c - a list of armed threads sorted by deadline, soonest first (see timeout.h).
 * It is short (threads in a timed wait), so insertion walks it. */
#include "timeout.h"
#include "hart.h"
#include "sbi.h"

static struct thread *armed;     /* by wake_at, soonest first */

/* Set this hart's SBI timer for the sooner of its slice's end and the first deadline.
 * Every deadline is covered: the hart that arms a new first deadline sets its own
 * timer for it, and a hart only ever moves its timer to the first deadline or sooner. */
static void program(void)
{
	uint64_t t = this_hart->slice_end;
	if (armed && armed->wake_at < t)
		t = armed->wake_at;
	sbi_set_timer(t);
}

void timeout_arm(struct thread *th, uint64_t at)
{
	struct thread **pp = &armed;
	while (*pp && (*pp)->wake_at <= at)
		pp = &(*pp)->timer_next;
	th->wake_at = at;
	th->timer_next = *pp;
	th->timed = 1;
	*pp = th;
	if (armed == th)
		program();
}

void timeout_disarm(struct thread *th)
{
	if (!th->timed)
		return;
	struct thread **pp = &armed;
	while (*pp != th)
		pp = &(*pp)->timer_next;
	*pp = th->timer_next;
	th->timer_next = 0;
	th->timed = 0;
}

struct thread *timeout_expired(uint64_t now)
{
	struct thread *th = armed;
	if (!th || th->wake_at > now)
		return 0;
	timeout_disarm(th);
	return th;
}

void timeout_program(void)
{
	program();
}
