/* threads.h - the records of a Linux process's threads other than its main one: each
 * thread of a task has its own id (tid), the badge its faults come to us with, its own
 * fault registers and its own pending standard signals (struct thread_state). The main
 * thread's id is its task's badge (the pid) and its state is struct proc's `main`; the
 * others are started by VM_THREAD_NEW (proc.c) and recorded here until VM_THREAD_EXIT,
 * their process's end or its execve (proc_de_thread). */
#ifndef VM_THREADS_H
#define VM_THREADS_H
#include "proctab.h"

#define MAX_THREADS 256   /* records for all tasks (the kernel's bound on threads too) */

/* A record for a new thread of p with a new id (proc_new_id) in *tid; NULL when every
 * record is in use. */
struct thread_state *thread_new(struct proc *p, uint64_t *tid);
/* The state of p's thread tid (a Linux tid, VM_LINUX_PID of the id): 0 or p's pid is
 * the main thread; NULL if p has no such thread. */
struct thread_state *thread_of(struct proc *p, int64_t tid);
/* The record of p's thread tid (not the main one's) is freed, its pending signals with
 * it: 0, or -KE_INVAL if p has no such record. */
long thread_free(struct proc *p, int64_t tid);
/* Every record of p is freed (its end). */
void thread_free_all(struct proc *p);
/* Every record of p is freed but that of a thread that became the main one (an execve:
 * the other threads are gone). */
void thread_free_others(struct proc *p);
/* p's thread t (a record, or the main thread: nothing to do) is the main thread from now
 * on, as Linux's de_thread gives an execve's caller the pid: its record stays only for
 * the badge its faults come with, which proc_by_fault_badge maps to p->main, and the
 * task's own badge, the old main thread's, maps to nothing from now on (a fault of it a
 * fault worker received before the execve is dropped); thread_of, thread_next and
 * thread_count pass it over. The caller moves its state to p->main. */
void thread_become_main(struct proc *p, struct thread_state *t);
/* p's threads one by one, the main one first: thread_next(p, 0) is it; NULL after the
 * last. */
struct thread_state *thread_next(struct proc *p, struct thread_state *t);
/* How many threads p has: its main one and those recorded. */
unsigned thread_count(const struct proc *p);
/* The task a fault message with this badge comes from, and in *t the faulting thread's
 * state: the badge is the task's (its main thread) or the id of one of its records.
 * NULL if it is neither. */
struct proc *proc_by_fault_badge(uint64_t badge, struct thread_state **t);
#endif
