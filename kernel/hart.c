/* hart.c - the harts' own state, and how the lock holder takes a thread away from
 * another hart (contract in hart.h). Starting the harts is boot code (main.c). */
#include <stddef.h>
#include "hart.h"
#include "sbi.h"
#include "riscv.h"

struct hart harts[MAX_HARTS];
uint32_t nharts_online = 1;

_Static_assert(offsetof(struct hart, trap_from) == 8, "trap_entry.S layout");
_Static_assert(offsetof(struct hart, stack_top) == 16, "trap_entry.S layout");
_Static_assert(offsetof(struct hart, stall) == 24, "biglock.S layout");
_Static_assert(offsetof(struct hart, stalled) == 28, "biglock.S layout");
_Static_assert(offsetof(struct hart, spare) == 32, "trap_entry.S layout");
_Static_assert(offsetof(struct hart, kernel_satp) == 296, "biglock.S layout");
_Static_assert(offsetof(struct hart, fence) == 304, "biglock.S layout");
_Static_assert(offsetof(struct hart, asker) == 308, "biglock.S layout");
_Static_assert(offsetof(struct hart, cpu) == 312, "biglock.S layout");
#ifdef LOCKSTAT
_Static_assert(offsetof(struct hart, lock_since) == 320, "asm_layout.h's lock_take");
_Static_assert(offsetof(struct hart, lock_held) == 328, "asm_layout.h's lock_drop");
_Static_assert(offsetof(struct hart, lock_holds) == 336, "asm_layout.h's lock_drop");
#endif
_Static_assert(offsetof(struct thread, on_hart) == THREAD_ON_HART, "trap_entry.S layout");

struct hart *hart_running(const struct thread *th)
{
	struct hart *h = th->on_hart;
	return h && h != this_hart && h->cur == th ? h : 0;
}

/* Wait until *word holds want: another hart's answer to a request of this one's, which
 * it gives from kernel_lock_wait (biglock.S), reached at once, and follows with an IPI.
 * The wait is in wfi with only that interrupt enabled, so that this hart gives up its
 * core meanwhile (under QEMU's round robin a spinning hart keeps the answering one from
 * running at all). SSIP is cleared before each look, so that an IPI after the look ends
 * the wfi; a kick among those cleared is seen anyway: the caller's trap ends in
 * sched_pick. */
static void await_answer(volatile uint32_t *word, uint32_t want)
{
	uint64_t sie = csr_read(sie);
	csr_write(sie, SIE_SSIE);
	for (;;) {
		csr_clear(sip, SIE_SSIE);
		if (__atomic_load_n(word, __ATOMIC_ACQUIRE) == want)
			break;
		wfi();
	}
	csr_write(sie, sie);
}

/* Put request v in h's word (its stall or fence), h to answer this hart; the caller fences
 * and sends the IPI (the request seen before it). */
static void ask(struct hart *h, volatile uint32_t *word, uint32_t v)
{
	h->asker = (uint32_t)this_hart->hartid;
	__atomic_store_n(word, v, __ATOMIC_RELEASE);
}

struct thread *hart_stall(struct hart *h)
{
	ask(h, &h->stall, 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	sbi_send_ipi(h->hartid);
	await_answer(&h->stalled, 1);
	h->stalled = 0;
	struct thread *th = h->cur;
	h->cur = 0;
	h->abandoned = 1;
	h->trap_from = &h->spare;
	h->vm_loaded = 0;
	return th;
}

void hart_ipi(uint64_t cpus)
{
	cpus &= (1UL << MAX_HARTS) - 1;   /* (any other bit would never be cleared) */
	while (cpus) {
		uint64_t base = UINT64_MAX, mask = 0;
		for (uint32_t i = 0; i < MAX_HARTS; i++)
			if (cpus >> i & 1 && harts[i].hartid < base)
				base = harts[i].hartid;
		for (uint32_t i = 0; i < MAX_HARTS; i++)
			if (cpus >> i & 1 && harts[i].hartid - base < 64) {
				mask |= 1UL << (harts[i].hartid - base);
				cpus &= ~(1UL << i);
			}
		sbi_send_ipi_mask(mask, base);
	}
}

void hart_fence(uint32_t cpus, uint16_t asid)
{
	cpus &= ~(1u << this_hart->cpu);   /* (it would wait for itself) */
	for (uint32_t i = 0; i < nharts_online; i++)
		if (cpus & (1u << i))
			ask(&harts[i], &harts[i].fence, FENCE_ASK | asid);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	hart_ipi(cpus & ((1u << nharts_online) - 1));
	for (uint32_t i = 0; i < nharts_online; i++)
		if (cpus & (1u << i))
			await_answer(&harts[i].fence, 0);
}
