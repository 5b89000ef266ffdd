/* thread_entry.c - a server's pool of one thread a hart (thread_entry.h). */
#include "rt/thread_entry.h"
#include "kcall.h"

unsigned rt_threads_per_hart(void (*entry)(void), uint8_t *stacks, size_t stack_size, unsigned max,
                             unsigned first_id, uint64_t prio, uint64_t *harts, long *err)
{
	*harts = 1;
	*err = 0;
	if (k_cpu(harts) < 0 || *harts < 1)
		*harts = 1;
	unsigned n = 0;
	for (; n < *harts && n < max; n++) {
		uint8_t *stack = stacks + (size_t)n * stack_size;
		for (size_t k = 0; k < stack_size; k += 4096)
			((volatile uint8_t *)stack)[k] = 0;
		*err = k_thread_start(HANDLE_SELF, (uint64_t)entry, (uint64_t)(stack + stack_size), first_id + n, prio,
		                      HANDLE_NONE);
		if (*err < 0)
			break;
	}
	return n;
}
