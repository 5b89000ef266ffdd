/* proc.h - the life cycle of the tasks the VM server pages for: creation from ELF, end,
 * and waiting. The table of tasks itself is proctab.h. */
#ifndef VM_PROC_H
#define VM_PROC_H
#include "abi/bootinfo.h"
#include "proctab.h"

/* Adopt the boot tasks; -1 if their images cannot be read. */
int proc_init(const struct bootinfo *bi);
/* The endpoint (our handle slot) to which the threads of the tasks we start send their
 * faults; the boot tasks' come to VMH_ENDPOINT, as the kernel set them. */
long proc_fault_endpoint(void);
/* A new task named name, child of parent, with an empty address space but for its stack
 * (and, with inherit, the parent's shared memory at the same addresses, as after fork);
 * NULL with *err = errno. */
struct proc *proc_create(struct proc *parent, const char *name, uint64_t prio, int inherit, long *err);
/* Start p's first thread at entry with stack pointer sp and a0 = arg, with the handles
 * every task gets and the parent's slots give[] (may be NULL). 0 or an errno. */
long proc_start(struct proc *p, uint64_t entry, const int64_t give[VM_SPAWN_PASS], uint64_t prio, uint64_t sp,
                uint64_t arg);
/* VM_THREAD_NEW: a new thread of the Linux-ABI task p at pc with sp and a0 = arg, at
 * p's priority, recorded (threads.c) under a new id, *tid, which is the badge of its
 * faults. 0, or KE_INVAL (not a Linux task, pc or sp not a user address) or KE_AGAIN (no
 * record left, or the kernel would start no more threads: the record is freed again). */
long proc_thread_new(struct proc *p, uint64_t pc, uint64_t sp, uint64_t arg, uint64_t *tid);
/* Linux's de_thread, at the point of no return of an execve by p's thread tid, whose
 * reply is saved as token: every other thread of p ends (SYS_TASK_THREADS_END), their
 * records and the signals sent to them alone go, and the caller becomes the main thread
 * (its tid the pid from now on, its own pending signals kept). */
void proc_de_thread(struct proc *p, long token, int64_t tid);
/* Map the ELF image of boot module `name` into p in fresh frames (the break is left
 * alone): its entry, with [*lo, *hi) its executable segment and *end where the image
 * ends; 0 if malformed or out of memory. */
uint64_t proc_load_module(struct proc *p, const char *name, uint64_t *lo, uint64_t *hi, uint64_t *end);
/* A new stack for p (an execve's): 0, or -1 if it cannot be mapped. */
int proc_new_stack(struct proc *p);
/* A fork of parent (VM_FORK): a new task with a copy of its address space (lib/vm's
 * dup_mmap; private pages copy-on-write), its fault trampolines and its personality;
 * its thread is not started. NULL with *err = errno; the parent is then unchanged. */
struct proc *proc_fork(struct proc *parent, long *err);
/* Undo proc_fork: the child c goes (proc_abort) and the pages of parent (NULL or ended:
 * none) are as before the fork (mm_fork_undone). */
void proc_fork_abort(struct proc *c, struct proc *parent);
/* Undo proc_create (and whatever was mapped since): the task never ran. */
void proc_abort(struct proc *p);
/* Start module `name` as a child of parent (NULL: no parent). Returns the proc or NULL
 * with *err = errno. */
struct proc *proc_spawn(struct proc *parent, const char *name, const int64_t give[VM_SPAWN_PASS],
                        uint64_t prio, long *err);
/* End p: destroy its task, return its frames, record `end`, wake a waiting parent. When
 * p is init, the system powers off with its status (shutdown.c). */
void proc_end(struct proc *p, const struct vm_wait_rep *end);
/* End every task proc_doom marked, each with the end it was given. */
void proc_end_doomed(void);
#endif
