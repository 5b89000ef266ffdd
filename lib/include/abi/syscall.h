/* abi/syscall.h - the kernel's system call ABI, shared by the kernel and user space.
 *
 * Registers on `ecall`:
 *   a7          system call number (SYS_*)
 *   a0          first argument (for IPC: the handle); on return: status (< 0 is -KE_*)
 *               or, for a receive, the sender's badge (>= 0)
 *   a1          IPC tag (see below); on return from a receive: the message's tag
 *   a2..a6      further arguments; for IPC: message registers MR0..MR4
 *   t3..t5      IPC message registers MR5..MR7
 * All other registers are preserved.
 */
#ifndef ABI_SYSCALL_H
#define ABI_SYSCALL_H

enum {
	SYS_NULL = 0,         /* () -> 0. Measures the trap round trip. */
	SYS_CONSOLE_WRITE,    /* (const char *buf, len, flags) -> bytes written; flags CONSOLE_RAW:
	                         as they are, else each "\n" as "\r\n" */
	SYS_YIELD,            /* () -> 0 */
	SYS_CALL,             /* (h, tag, MR0..7) -> status, reply tag, MR0..7 */
	SYS_SEND,             /* (h, tag, MR0..7) -> status */
	SYS_RECV,             /* (h) -> badge, tag, MR0..7 */
	SYS_REPLY_RECV,       /* (h, tag, MR0..7): reply to the last caller, then receive on h */
	SYS_NOTIFY_SIGNAL,    /* (h, bits) -> 0 */
	SYS_NOTIFY_WAIT,      /* (h, deadline, flags) -> bits (non-zero), cleared; NOTIFY_UNINTERRUPTED:
	                         SYS_LX_INTERRUPT does not end it (the thread goes at its next chance) */
	SYS_ENDPOINT_CREATE,  /* () -> handle */
	SYS_NOTIFY_CREATE,    /* () -> handle */
	SYS_HANDLE_COPY,      /* (src_task_h, src_slot, dst_task_h, dst_slot, rights, badge) -> dst_slot */
	SYS_HANDLE_CLOSE,     /* (slot) -> 0 */
	SYS_TASK_CREATE,      /* (max_prio) -> task handle (new, empty address space) */
	SYS_TASK_DESTROY,     /* (task_h) -> 0 */
	SYS_THREAD_START,     /* (task_h, pc, sp, arg, prio, pager_h) -> 0 */
	SYS_THREAD_EXIT,      /* () -> does not return */
	SYS_SET_IPC_BUFFER,   /* (va) -> 0: page-aligned buffer page of the calling thread */
	SYS_MAP,              /* (task_h, va, mem_h, offset, npages, perms) -> 0 */
	SYS_UNMAP,            /* (task_h, va, npages) -> 0 */
	SYS_PROTECT,          /* (task_h, va, npages, perms) -> 0 */
	SYS_QUERY,            /* (task_h, va) -> pte flags (PERM_* | PTE_A/D bits), offset in MR0 */
	SYS_IRQ_BIND,         /* (irqctl_h, irq, notify_h, bit) -> 0 */
	SYS_IRQ_ACK,          /* (notify_h bound to irq, irq) -> 0 */
	SYS_POWEROFF,         /* (power_h, status) -> does not return */
	SYS_CALLER_SAVE,      /* () -> reply token for the current caller (deferred reply) */
	SYS_REPLY,            /* (token, tag, MR0..7): reply to a saved caller (token 0: current) */
	SYS_TASK_LINUX,       /* (task_h, entry, lo, hi, intr) -> 0: ecalls from outside [lo, hi) go to
	                         entry; SYS_LX_INTERRUPT sends the threads to intr (0: none) */
	SYS_LX_RETURN,        /* (result) -> result, at the saved pc with the saved a7 (Linux task) */
	SYS_LX_RESUME,        /* (pc, a7, tp, set_tp) -> the old pc, a1 the program's old tp */
	SYS_LX_INTERRUPT,     /* (task_h) -> 0: its threads go to its intr entry at their next chance */
	SYS_MOVE,             /* (task_h, from, to, npages) -> 0: each page of [from, ...) goes to the
	                         same offset from to, mapping and permissions as they are (mremap) */
	SYS_TASK_THREADS_END, /* (task_h, token) -> 0: every thread of the task ends but the one whose
	                         reply token (SYS_CALLER_SAVE) the caller holds (execve's de_thread);
	                         token 0: every thread */
	SYS_CONSOLE_READ,     /* () -> how many bytes (<= 8) were typed on the firmware's console, the
	                         bytes in a1 from its lowest; 0 when the kernel drives the UART */
	SYS_THREAD_AFFINITY,  /* (cpus) -> the calling thread's old CPU mask (bit n: CPU n); cpus 0
	                         only asks, else it becomes the mask (-KE_INVAL if no CPU of it runs) */
	SYS_CPU,              /* () -> the CPU the caller runs on, how many CPUs run in a1 */
	SYS_KSTAT,            /* (KSTAT_OBJECTS) -> 0; a1..a6: tasks, threads, endpoints and
	                         notifications in use, free page-table pool pages, pool pages the
	                         live tasks' page tables hold (read-only counts, for leak tests).
	                         (KSTAT_LOCK) -> 0; a1: instructions retired holding the big
	                         lock, a2: times taken, all harts (-KE_NOSYS unless the kernel is
	                         built with make LOCKSTAT=1); another selector: -KE_INVAL */
	SYS_WINDOW_WRITE,     /* (off, src, len) -> bytes copied from the caller's src to offset off of
	                         the window its current caller lent (IPC_TAG_WINDOW); fewer where the
	                         window's next page is not mapped writable (the client maps it and
	                         asks again); -KE_FAULT if src is not readable; at most
	                         IPC_WINDOW_WRITE_MAX bytes a call */
	SYS_MAP_PAGES,        /* (task_h, va, mem_h, offsets, npages, perms) -> 0: as SYS_MAP, but page i
	                         is the frame at offsets[i] (an array of npages <= MAP_PAGES_MAX
	                         words in the caller's memory) of mem_h's range, MAP_PAGES_SKIP
	                         leaving page i as it is */
	SYS_COUNT
};
#define MAP_PAGES_MAX  16
#define MAP_PAGES_SKIP (~0UL)

#define CONSOLE_RAW 1   /* SYS_CONSOLE_WRITE's flag */
#define NOTIFY_UNINTERRUPTED 1   /* SYS_NOTIFY_WAIT's flag: a lock's sleep, as Linux's D state */
#define KSTAT_OBJECTS 0   /* SYS_KSTAT's selectors */
#define KSTAT_LOCK    1

/* Errors: negative values in a0. The numbers are Linux's errno values. */
#define KE_PERM    1   /* handle lacks the right */
#define KE_NOENT   2   /* no such object */
#define KE_SRCH    3   /* no such task/thread */
#define KE_INTR    4   /* a NOTIFY_WAIT cut short by SYS_LX_INTERRUPT */
#define KE_IO      5
#define KE_2BIG    7   /* message too long */
#define KE_BADF    9   /* bad handle slot */
#define KE_AGAIN  11
#define KE_NOMEM  12   /* kernel quota or pool exhausted */
#define KE_ACCES  13
#define KE_FAULT  14   /* a user pointer is not mapped as needed */
#define KE_CHILD  10   /* no child to wait for */
#define KE_BUSY   16
#define KE_EXIST  17   /* slot or mapping already in use */
#define KE_INVAL  22
#define KE_NOSPC  28   /* handle table full */
#define KE_PIPE   32   /* the peer died */
#define KE_NOSYS  38   /* no such system call */
#define KE_TIMEDOUT 110 /* a timed NOTIFY_WAIT: the deadline came first */

/* IPC tag: label (44 bits) | window flag | buffer bytes (13 bits) | register words (4 bits).
 * A call with IPC_TAG_WINDOW lends the receiver a window into the caller's memory: its
 * last two words are an address and a length, and until it replies the receiver may copy
 * into it (SYS_WINDOW_WRITE): one copy from the server's memory straight to the client's
 * (file reads), instead of three through the IPC buffers. */
#define IPC_MAX_WORDS  8
#define IPC_BUF_MAX    4096
#define IPC_TAG_WINDOW (1UL << 17)
#define IPC_WINDOW_WRITE_MAX 65536
#define IPC_TAG(label, nbytes, nwords) \
	(((unsigned long)(label) << 20) | ((unsigned long)(nbytes) << 4) | (unsigned long)(nwords))
#define IPC_TAG_LABEL(t)  ((unsigned long)(t) >> 20)
#define IPC_TAG_BYTES(t)  (((unsigned long)(t) >> 4) & 0x1fff)
#define IPC_TAG_WORDS(t)  ((unsigned long)(t) & 0xf)

/* Handle rights. */
#define RIGHT_SEND   0x01  /* endpoint: call/send; notification: signal */
#define RIGHT_RECV   0x02  /* endpoint: receive; notification: wait */
#define RIGHT_MAP    0x04  /* task: change its address space; memory: map its frames */
#define RIGHT_CTRL   0x08  /* task: start threads, destroy, copy handles in/out */
#define RIGHT_ALL    0x0f

/* Special handle values. */
#define HANDLE_SELF  (-1L)  /* as a task handle: the calling task (own handle table only) */
#define HANDLE_NONE  (-1L)  /* as a pager handle: no pager */

/* Mapping permissions (SYS_MAP, SYS_PROTECT) and SYS_QUERY results. */
#define PERM_R  0x2
#define PERM_W  0x4
#define PERM_X  0x8
#define PTE_ACCESSED 0x40
#define PTE_DIRTY    0x80

#define PAGE_SIZE 4096UL
#define USER_TOP  0x4000000000UL   /* user addresses are [0, USER_TOP) */

#endif
