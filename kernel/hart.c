/* hart.c - the harts' own state, and how the lock holder takes a thread away from
 * another hart (contract in hart.h). Starting the harts is boot code (main.c). */
#include <stddef.h>
#include "hart.h"
#include "sbi.h"

struct hart harts[MAX_HARTS];
uint32_t nharts_online = 1;

_Static_assert(offsetof(struct hart, trap_from) == 8, "trap_entry.S layout");
_Static_assert(offsetof(struct hart, stack_top) == 16, "trap_entry.S layout");
_Static_assert(offsetof(struct hart, stall) == 24, "biglock.S layout");
_Static_assert(offsetof(struct hart, stalled) == 28, "biglock.S layout");
_Static_assert(offsetof(struct hart, spare) == 32, "trap_entry.S layout");
_Static_assert(offsetof(struct hart, hartid) == 288, "biglock.S layout");
_Static_assert(offsetof(struct hart, kernel_satp) == 296, "biglock.S layout");
_Static_assert(offsetof(struct thread, on_hart) == THREAD_ON_HART, "trap_entry.S layout");

struct hart *hart_running(const struct thread *th)
{
	struct hart *h = th->on_hart;
	return h && h != this_hart && h->cur == th ? h : 0;
}

struct thread *hart_stall(struct hart *h)
{
	__atomic_store_n(&h->stall, 1, __ATOMIC_RELEASE);
	sbi_send_ipi(h->hartid);
	while (!__atomic_load_n(&h->stalled, __ATOMIC_ACQUIRE))
		;   /* h answers from kernel_lock_wait (biglock.S), which it reaches at once */
	h->stalled = 0;
	struct thread *th = h->cur;
	h->cur = 0;
	h->abandoned = 1;
	h->trap_from = &h->spare;
	h->vm_loaded = 0;
	return th;
}

