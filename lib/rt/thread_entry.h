/* thread_entry.h - a server's own threads (the VM server's senders and fault workers,
 * the FS server's page-in workers and UART thread): their entry, and a pool of one a
 * hart (thread_entry.c). The kernel starts a thread with only pc, sp and a0 set: the
 * entry sets gp, as crt0 does, and jumps to the thread's C function, a0 still its
 * argument. */
#ifndef RT_THREAD_ENTRY_H
#define RT_THREAD_ENTRY_H
#include <stddef.h>
#include <stdint.h>

#define RT_THREAD_ENTRY(entry, fn)                                                             \
	static __attribute__((naked)) void entry(void)                                           \
	{                                                                                          \
		__asm__ volatile(".option push\n.option norelax\nlla gp, __global_pointer$\n.option pop\n" \
		                 "j " #fn);                                                            \
	}

/* Start a thread for each hart, at most max: thread n at entry (an RT_THREAD_ENTRY) with
 * a0 = first_id + n and its stack the n-th stack_size bytes at stacks (its pages touched
 * first: a server takes no fault once it serves), at priority prio. *harts: how many
 * harts there are. How many started; *err: the kernel's error if fewer than *harts. */
unsigned rt_threads_per_hart(void (*entry)(void), uint8_t *stacks, size_t stack_size, unsigned max,
                             unsigned first_id, uint64_t prio, uint64_t *harts, long *err);
#endif
