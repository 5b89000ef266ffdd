/* vmthread.h - the entry of the VM server's own threads (fslink.c's sender, faultpool.c's
 * workers). The kernel starts a thread with only pc, sp and a0 set: the entry sets gp, as
 * crt0 does, and jumps to the thread's C function, a0 still its argument. */
#ifndef VM_VMTHREAD_H
#define VM_VMTHREAD_H

#define VM_THREAD_ENTRY(entry, fn)                                                             \
	static __attribute__((naked)) void entry(void)                                           \
	{                                                                                          \
		__asm__ volatile(".option push\n.option norelax\nlla gp, __global_pointer$\n.option pop\n" \
		                 "j " #fn);                                                            \
	}

#endif
