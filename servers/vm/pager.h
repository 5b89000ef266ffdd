/* pager.h - resolving a task's page faults and exceptions, and where their signals go. */
#ifndef VM_PAGER_H
#define VM_PAGER_H
#include "proctab.h"
#include "kcall.h"
/* Handle the fault message *m from p's thread t, which came with this badge
 * (proc_by_fault_badge's), leaving the reply in *m. Returns 1 to send it (resume, or
 * redirect to a signal handler), 0 when the reply was saved until the FS server brings
 * the page (filemap.c) or p is to end (proc_doom: proc_end_doomed ends it). */
int fault_handle(struct proc *p, struct thread_state *t, uint64_t badge, struct msg *m);
/* The fast path of fault_handle, for a fault worker holding vm_big shared (vmlock.h):
 * private anonymous memory whose VMA needs no change: a first touch (a zeroed frame), a
 * page kept unmapped, or a copy-on-write; and what a memory object's type serves so (its
 * fault_fast: a file's page the FS server lent before). 1 and the resume in *m; or 0, *m and the task as
 * they were, when anything else is to be done (a stack to grow, an anon identity to give,
 * a file, a signal, no frame): the caller then takes vm_big exclusively and calls
 * fault_handle. */
int fault_fast(struct proc *p, struct thread_state *t, struct msg *m);
/* Deliver signal sig (si_code code) for the fault message m to p's thread t: to p's
 * handler (*reply redirects the thread, whose registers VM_FAULT_REGS then gives once:
 * returns 1), or by marking the task to end with 128 + sig, with a message (proc_doom;
 * returns 0). */
int fault_signal(struct proc *p, struct thread_state *t, const struct msg *m, int sig, int code,
                 const char *why, struct msg *reply);
/* No memory to resolve p's fault m: a task is marked to end with 128 + SIGKILL
 * (proc_doom), the one charged with the most frames, as Linux's OOM killer chooses:
 * another (then 1: the faulting thread is to be resumed, to fault again once that one
 * has ended and its frames are back), or p itself (0). Boot tasks (the servers, init)
 * are never chosen for another; a boot task ends only when no other task has a frame. */
int fault_oom(struct proc *p, const struct msg *m);
/* VM_SIGACTION: where a fault signal goes instead of ending the task. */
long do_vm_sigaction(struct proc *p, const struct vm_sigaction_req *q, struct vm_sigaction_rep *r);
/* VM_FAULT_REGS: the registers of the fault of p's thread q->tid that fault_signal
 * redirected. */
long do_vm_fault_regs(struct proc *p, const struct vm_fault_regs_req *q, struct vm_fault_regs_rep *r);
#endif
