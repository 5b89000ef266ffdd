/* fault.h - resolving a task's page faults and exceptions. */
#ifndef VM_FAULT_H
#define VM_FAULT_H
#include "proc.h"
#include "kcall.h"
/* Handle the fault message *m from p, leaving the reply in *m. Returns 1 to send it
 * (resume, or redirect to a signal handler), 0 when the task was ended instead. */
int fault_handle(struct proc *p, struct msg *m);
#endif
