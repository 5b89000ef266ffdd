/* memlayout.h - the kernel's virtual address map (Sv39) and its fixed limits.
 *
 *   0x0000000000 .. 0x3fffffffff   user (256 GiB), per address space
 *   0xffffffc000000000 + pa        physmap: all RAM and the devices the kernel uses
 *   0xffffffff80000000 + (pa - P)  the kernel image, wherever it was loaded (P, 2 MiB aligned)
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#define KERNEL_VBASE   0xffffffff80000000UL
#define PHYSMAP_BASE   0xffffffc000000000UL
#define PHYSMAP_GIGS   64               /* physical addresses below 64 GiB reachable */
#define PAGE_SHIFT     12
#define PGSIZE         4096UL
#define MEGAPAGE       (2UL << 20)
#define GIGAPAGE       (1UL << 30)


/* Kernel object limits. Each task's use is bounded by a quota, and only the VM server
 * can create tasks, so no user task can exhaust kernel memory. */
#define MAX_TASKS          32
#define MAX_THREADS        256
#define MAX_THREADS_PER_TASK 32
#define MAX_ENDPOINTS      256
#define MAX_NOTIFS         256
#define MAX_OBJS_PER_TASK  (MAX_THREADS_PER_TASK + 8)   /* endpoints + notifications a task
                                   may create: one a thread (a Linux thread's futex waits) */
#define HANDLES_PER_TASK   64
#define PT_PAGES_PER_TASK  128   /* page-table pages per address space, root included */
#define KPOOL_PAGES        (MAX_TASKS * PT_PAGES_PER_TASK + 64)  /* + the kernel's own tables */
#define NPRIO              16
#define KSTACK_SIZE        (16 * 1024)

static inline void *pa2kva(unsigned long pa) { return (void *)(PHYSMAP_BASE + pa); }
static inline unsigned long kva2pa_physmap(const void *p) { return (unsigned long)p - PHYSMAP_BASE; }

#endif
