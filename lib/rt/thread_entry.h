/* thread_entry.h - the entry of a server's own threads (the VM server's senders and fault
 * workers, the FS server's page-in workers and UART thread). The kernel starts a thread
 * with only pc, sp and a0 set: the entry sets gp, as crt0 does, and jumps to the
 * thread's C function, a0 still its argument. */
#ifndef RT_THREAD_ENTRY_H
#define RT_THREAD_ENTRY_H

#define RT_THREAD_ENTRY(entry, fn)                                                             \
	static __attribute__((naked)) void entry(void)                                           \
	{                                                                                          \
		__asm__ volatile(".option push\n.option norelax\nlla gp, __global_pointer$\n.option pop\n" \
		                 "j " #fn);                                                            \
	}

#endif
