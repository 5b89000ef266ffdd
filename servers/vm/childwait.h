/* childwait.h - what a parent learns of its children: their ends, stops and continues
 * (wait4, waitid), and a vfork's end of waiting. */
#ifndef VM_CHILDWAIT_H
#define VM_CHILDWAIT_H
#include "proctab.h"

/* VM_WAIT from parent on child id: 0 with *rep filled if it has ended, 1 if the reply
 * was saved for later, or -errno. */
long proc_wait(struct proc *parent, int64_t child, struct vm_wait_rep *rep);
/* VM_WAIT4 (options VM_WAIT4_*): 0 with *rep filled (pid 0: WNOHANG and none has ended
 * yet), 1 if the reply was saved until a child ends, or -errno (ECHILD: no such child). */
long proc_wait4(struct proc *parent, int64_t pid, uint64_t options, struct vm_wait4_rep *rep);
/* Child c has ended, stopped or continued: if its parent waits for that (VM_WAIT4), it
 * is answered now: 1; else 0. */
int proc_wait4_offer(struct proc *c);
/* parent's children that a VM_WAIT4 of its may report have gone without a report (its
 * SIGCHLD ignored): if none is left for it, it is answered ECHILD, as Linux's do_wait. */
void proc_wait4_recheck(struct proc *parent);
/* A vfork's child c has run execve or ended: its parent, waiting in VM_FORK, is
 * answered with c's id. Nothing if c is no vfork's child, or has done so already. */
void proc_vfork_done(struct proc *c);
/* SIGCONT's own effect on t, whatever its disposition: stop signals pending for it are
 * dropped and, if it is stopped, it goes on: its VM_STOP is answered, and its parent
 * learns it (a VM_WAIT4 with WCONTINUED, or SIGCHLD with CLD_CONTINUED). */
void proc_continue(struct proc *t);
#endif
