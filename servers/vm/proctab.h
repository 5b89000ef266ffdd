/* proctab.h - the table of tasks the VM server pages for: one struct proc per task, found
 * by its badge or in turn. It calls nothing, so every layer may look tasks up here; how a
 * task begins and ends is proc.c's. A layer below proc.c that finds a task must end (a
 * fatal fault) marks it here (proc_doom) and proc.c ends it (proc_end_doomed). */
#ifndef VM_PROCTAB_H
#define VM_PROCTAB_H
#include <stdint.h>
#include "proto/vm_msgs.h"
#include "vm/vm.h"
#include "pagemap.h"
#include "vmlock.h"

#define MAX_PROCS 64
#define NPROC_DEFAULT MAX_PROCS   /* RLIMIT_NPROC of a task with no parent to inherit it from */

struct sigq_entry;   /* sigqueue.c */

/* Standard signals kept pending, one instance of each, with their siginfo. */
struct sig_std {
	uint64_t pending;             /* bit sig - 1 (a process's: its queued real-time ones too) */
	int32_t code[31];             /* a standard one's si_code, ... */
	uint64_t ids[31], value[31];  /* ... si_pid | si_uid << 32, and si_value or si_status */
};

/* What is a thread's own: the main thread's is in its struct proc (`main`), another's
 * in its record (threads.c). */
struct thread_state {
	uint64_t fault_regs[4];   /* the last fault's pc, sp, a0, a1 (pager.c, VM_FAULT_REGS) */
	uint8_t fault_regs_ok;    /* ... and it was redirected to a trampoline, not yet asked */
	struct sig_std sig;       /* standard signals sent to this thread alone (tgkill) */
};

struct proc {
	uint8_t used;
	uint8_t zombie;           /* ended; kept until its parent waits */
	uint8_t doomed;           /* to be ended with `end` (proc_doom) */
	uint16_t idx;             /* index in the table, the frame owner id */
	uint64_t badge;           /* badge of its handles on our endpoint: its id */
	long task;                /* our task handle slot; -1 once destroyed */
	struct proc *parent;
	long wait_token;          /* saved reply to the parent's VM_WAIT on us, 0 if none */
	long wait4_token;         /* saved reply to our own VM_WAIT4, 0 if none ... */
	int64_t wait4_pid;        /* ... which children it waits for ... */
	uint64_t wait4_options;   /* ... and its VM_WAIT4_* options */
	struct vm_wait_rep end;   /* how it ended (or is to end, when doomed) */
	uint64_t faults;          /* faults resolved */
	uint64_t sig_trampoline[32], sig_stack[32];   /* VM_SIGACTION, 0: default action */
	struct thread_state main; /* its main thread's (tid: the badge); the others': threads.c */
	uint8_t main_by_record;   /* an execve made another thread the main one: the badge no
	                             longer names a thread (threads.c's thread_become_main) */
	struct vm_mm mm;          /* its VMAs and counters (lib/vm) */
	struct pagemap pm;        /* the frames behind its pages */
	struct sl_mutex fault_lock; /* pm, while fault workers share vm_big (vmlock.h) */
	uint8_t dying;            /* being torn down: no page-table updates needed */
	uint8_t prio;             /* its thread's priority */
	uint64_t lx_entry, lx_lo, lx_hi;   /* a Linux-ABI task: its personality (SYS_TASK_LINUX) */
	uint64_t lx_end;                   /* ... whose pages are [lx_lo, lx_end) */
	uint64_t lx_intr;                  /* ... and its interrupt entry (VM_SIGSTATE) */
	uint64_t sig_ignored;              /* signals (bit sig - 1) it drops (VM_SIGSTATE) */
	uint8_t nocldwait;                 /* its children are freed at their end (VM_SIGSTATE) */
	struct sig_std sig;                /* signals sent to it, not yet taken (VM_SIGTAKE) */
	uint64_t sig_held;                 /* ... those its personality leaves here (blocked) */
	struct sigq_entry *sigq_head, *sigq_tail;   /* its real-time signals, in the order sent */
	uint64_t sig_rlimit[2];            /* RLIMIT_SIGPENDING: cur, max */
	int64_t pgid, sid;                 /* its process group and session */
	uint8_t execed;                    /* it has run execve (setpgid by its parent: EACCES) */
	uint32_t uid[4], gid[4];           /* real, effective, saved, file-system ids (cred.c) */
	uint64_t nproc[2];                 /* RLIMIT_NPROC: soft and hard */
	uint8_t nproc_exceeded;            /* a set*uid put its user over RLIMIT_NPROC: execve checks */
	uint8_t stop_sig;                  /* stopped by this signal (VM_STOP), 0: running */
	long stop_token;                   /* ... its VM_STOP's saved reply, answered by SIGCONT */
	uint8_t report;                    /* a stop or continue its parent may wait for (PR_*) */
	uint8_t unborn;                    /* a fork's child whose thread has not started: no
	                                      signal reaches it (Linux's is not in the pid hash
	                                      until copy_process is done) */
	long vfork_token;                  /* a vfork's child: its parent's saved reply, until
	                                      it runs execve or ends (proc_vfork_done) */
	uint64_t start_ns;                 /* when it was made (fork or spawn), since boot */
	uint64_t arg_start, arg_end, exe;  /* VM_PROC_ARGS: in its memory, for /proc ... */
	uint64_t exe_key;                  /* ... and its program's file (a memobj key) */
	char name[16];
};

#define PR_STOPPED   1   /* struct proc.report: wait4 with WUNTRACED reports it */
#define PR_CONTINUED 2   /* ... with WCONTINUED */

/* Slot i, for the kernel's boot task i with this badge: marked used, its idx and badge
 * set (at boot, so the rest is zero); NULL past the table. */
struct proc *proc_boot_slot(uint32_t i, uint64_t badge);
/* A free slot, zeroed but for its idx and a badge never given before, not yet marked
 * used (the caller sets used once the task exists); NULL if the table is full. */
struct proc *proc_free_slot(void);
/* p's slot is free again (p has ended and init has adopted its children). */
void proc_release_slot(struct proc *p);
struct proc *proc_by_badge(uint64_t badge);
/* The task in the slot that id (a badge of ours above the boot ones: a task's or a
 * thread's, proc_new_id's) names by its low bits, whether or not id is its badge; NULL
 * if id is a boot badge or the slot is free. */
struct proc *proc_of_id(uint64_t id);
/* A new id in p's slot, never given before: a new task's badge, or a thread's of p. */
uint64_t proc_new_id(const struct proc *p);
/* Is p init, the first program (a boot task named init: the system's or a test's)? */
int proc_is_init(const struct proc *p);
/* The task's id as Linux programs see it (getpid, wait4). */
static inline int64_t proc_pid(const struct proc *p) { return VM_LINUX_PID(p->badge); }
/* The live tasks one by one: proc_next(0) is the first; NULL after the last. */
struct proc *proc_next(struct proc *p);
/* ... and those ended and not yet waited for too (as /proc lists them). */
struct proc *proc_next_any(struct proc *p);
uint64_t proc_count(void);
/* How many tasks, ended ones not yet reaped included (as Linux counts them), have real
 * user id uid: RLIMIT_NPROC's count. */
uint64_t proc_count_user(uint32_t uid);
/* init, the boot task that adopts orphans (Linux's child reaper); NULL if there is none
 * (it has ended). */
struct proc *proc_reaper(void);
/* Is process group pgid of session sid orphaned: has no live member a parent, other
 * than init, in another group of the same session (a shell that would continue it)? */
int proc_pgrp_orphaned(int64_t pgid, int64_t sid);
/* parent's children one by one, those that ended and wait to be waited for too:
 * proc_next_child(parent, 0) is the first; NULL after the last. */
struct proc *proc_next_child(const struct proc *parent, struct proc *c);
/* p must end with `end` (a fault it cannot survive): proc_end_doomed ends it before the
 * VM server serves another message. */
void proc_doom(struct proc *p, const struct vm_wait_rep *end);
/* A task proc_doom marked, its mark taken off; NULL if there is none. */
struct proc *proc_take_doomed(void);
/* How many tasks are marked; proc_any_doomed() is the test, inline because it follows
 * every page-in answer and nearly always says no. */
extern unsigned proc_ndoomed;
static inline int proc_any_doomed(void)
{
	return proc_ndoomed != 0;
}
#endif
