/* lx_thread.h - the personality's threads: one block per thread of the program, found
 * through tp while the thread runs in the personality (the kernel swaps the program's tp
 * for the personality's on every way in, SYS_LX_RETURN swaps it back: kernel/ipc.h's
 * lx_enter). A block holds what Linux keeps per thread: the registers at the call, the
 * IPC buffer, the stacks, the signal mask and alternate stack, signals sent to that thread,
 * the tid and clear_child_tid, and its place in a futex queue. What is the process's
 * (descriptors, dispositions, the cwd, ids) is shared by all threads and guarded by one
 * lock, the personality lock, which a thread holds from its entry to its way out but
 * lets go of while it waits (lx_unlock/lx_lock around the wait). */
#ifndef LX_THREAD_H
#define LX_THREAD_H
#include "linux/lx.h"
#include "kcall.h"

#define LX_THREADS 32                 /* the kernel's MAX_THREADS_PER_TASK */
#define LX_NSIG 64
/* A block: struct lx_thread at its start, then the stack of the calls, then the fault
 * stack at its top (lx_entry.S finds both from tp; a fork's child finds tp from sp). */
#define LX_BLOCK 0x10000              /* its size and alignment */
#define LX_FAULT_STACK 0x2000
#define LX_CALL_STACK_TOP (LX_BLOCK - LX_FAULT_STACK)   /* offsets from the block */

/* What is pending for one thread, or for the process: bit sig - 1, with the siginfo each
 * was sent with (si_code; si_pid | si_uid << 32; si_value). */
struct lx_sigpend {
	uint64_t set;
	int32_t code[LX_NSIG + 1];
	uint64_t ids[LX_NSIG + 1], value[LX_NSIG + 1];
};

struct lx_thread {
	struct lx_regs regs;              /* first (lx_entry.S): the program's registers at its
	                                     call, but x[4] is the block (the kernel keeps its tp) */
	uint64_t orig_a0;                 /* the call's first argument as it came (a restart) */
	uint64_t catch_ctx[14];           /* lx_uaccess.c: the copy under way ... */
	volatile int catch_active;        /* ... and whether one is */
	int64_t tid;                      /* Linux's tid (the pid for the first thread) */
	uint64_t clear_tid;               /* set_tid_address / CLONE_CHILD_CLEARTID */
	uint64_t robust_head;             /* set_robust_list's */
	uint64_t cpus, cpus_set;          /* its CPU mask as Linux tells it, and as the kernel
	                                     has it (lx_apply_cpus); 0: every CPU */
	uint64_t start_pc, start_a7, start_tp;   /* a new thread: the clone's way back, its tp ... */
	uint64_t start_fp[33];                   /* ... and the parent's FP registers */
	/* signals (lx_signal.c) */
	uint64_t blocked, suspend_saved;  /* the mask; a wait's mask (lx_sigmask_push) is ... */
	int suspended;                    /* ... in force over suspend_saved */
	uint64_t alt_sp, alt_size;        /* the alternate stack (size 0: none) */
	struct lx_sigpend pend;           /* sent to this thread */
	struct lx_siginfo fault_info;     /* the fault being delivered */
	/* futex (lx_futex.c) */
	struct lx_thread *fnext;          /* the next waiter of the queue ... */
	uint64_t faddr;                   /* ... on this address (0: not waiting) */
	uint32_t fbits;                   /* ... for these FUTEX_WAIT_BITSET bits */
	char ipc_buf[IPC_BUF_MAX] __attribute__((aligned(4096)));   /* at LX_IPC_BUF (linux.mk) */
};
#define LX_IPC_BUF 4096
_Static_assert(sizeof(struct lx_thread) <= LX_CALL_STACK_TOP - 16384, "16 KiB for the calls");

/* The thread running in the personality. */
static inline struct lx_thread *lx_self(void)
{
	return (struct lx_thread *)__builtin_thread_pointer();
}

/* Every block, used or not. Which are used, and each one's notification, are kept apart
 * (lx_thread.c), so that a look at them does not bring in the pages of unused blocks. */
union lx_block {
	struct lx_thread t;
	char bytes[LX_BLOCK];
};
extern union lx_block lx_blocks[LX_THREADS];
/* Block i's thread, or NULL if the block is free. */
struct lx_thread *lx_thread_at(int i);
/* Signal t's notification (a futex wake), if it has one. */
void lx_thread_wake(const struct lx_thread *t);

/* The personality lock: taken on every way in (lx_syscall_entry, lx_intr_entry,
 * lx_fault_entry, a new thread's start), let go of on the way out and around waits. */
void lx_lock(void);
void lx_unlock(void);
/* Does the calling thread hold it? (A fault inside the personality while it does.) */
int lx_lock_mine(void);

/* The calling thread's notification, made on first use and kept with its block: its sleeps and futex waits
 * end when it is signalled (a futex wake) or interrupted (a signal). */
long lx_thread_notif(void);
/* The calling thread's tid. */
int64_t lx_gettid_self(void);
/* The thread of this process with Linux tid `tid` (0: the caller; the pid: the first
 * thread), or NULL. */
struct lx_thread *lx_thread_by_tid(int tid);
/* How many threads the process has (1 when it has no other). */
int lx_thread_count(void);

/* lx_start's: the first thread's block (tp is 0 at the very start; an execve keeps the
 * caller's block, which becomes the only one). */
struct lx_thread *lx_thread_first(void);
/* In a fork's child, from lx_fork_child with the calling thread's block: it is the
 * only one left, with the child's pid as tid, and the lock is its own. */
void lx_thread_forked(void);
/* At execve: the other threads are gone (Linux's de_thread); the caller's tid becomes
 * the pid. */
void lx_thread_exec(void);
/* clone(flags, sp, ptid, tls, ctid) of a thread (CLONE_THREAD, checked by lx_fork.c):
 * the new thread's tid, or -errno. */
long lx_clone_thread(uint64_t flags, uint64_t sp, uint64_t ptid, uint64_t tls, uint64_t ctid);
/* Make sig pending for the calling thread alone (tgkill to itself), as lx_signal_post. */
long lx_signal_post_thread(long sig, int32_t code, uint64_t ids);
/* The calling thread ends: the signals sent to it alone go (lx_signal.c). */
void lx_signal_thread_exit(void);
/* The process ends (exit_group, its last thread, a fatal signal): every thread's robust
 * futex list is walked as Linux's exit_robust_list does for each. */
void lx_thread_exit_all(void);
/* A fork's child, or an execve: the futex queue is empty (lx_futex.c). */
void lx_futex_forked(void);
/* Wake up to n waiters of the private futex at uaddr (FUTEX_WAKE's): how many were
 * woken. Called with the lock held. */
long lx_futex_wake(uint64_t uaddr, uint32_t bits, long n);
/* The same for a futex without FUTEX_PRIVATE_FLAG (clear_child_tid's wake too, as
 * Linux's): how many, or -errno. */
long lx_futex_wake_shared(uint64_t uaddr, uint32_t bits, long n);

extern const struct lx_call lx_thread_calls[], lx_futex_calls[];
extern const size_t lx_thread_ncalls, lx_futex_ncalls;
#endif
