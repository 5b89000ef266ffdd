/* pager.h - resolving a task's page faults and exceptions. */
#ifndef VM_PAGER_H
#define VM_PAGER_H
#include "proc.h"
#include "kcall.h"
/* Handle the fault message *m from p, leaving the reply in *m. Returns 1 to send it
 * (resume, or redirect to a signal handler), 0 when the task was ended instead or the
 * reply was saved until the FS server brings the page (filemap.c). */
int fault_handle(struct proc *p, struct msg *m);
/* Deliver signal sig (si_code code) for the fault message m to p: to its handler (*reply
 * redirects the thread: returns 1), or by ending the task with a message (returns 0). */
int fault_signal(struct proc *p, const struct msg *m, int sig, int code, const char *why,
                 struct msg *reply);
/* VM_FAULT_REGS: the registers of p's fault that fault_signal redirected. */
long do_vm_fault_regs(struct proc *p, const struct vm_fault_regs_req *q, struct vm_fault_regs_rep *r);
/* No memory to resolve fault m: end p (returns 0). */
int fault_oom(struct proc *p, const struct msg *m);
#endif
