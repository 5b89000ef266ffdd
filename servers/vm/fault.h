/* fault.h - resolving a task's page faults and exceptions. */
#ifndef VM_FAULT_H
#define VM_FAULT_H
#include "proc.h"
#include "kcall.h"
/* Handle the fault message m from p. Returns 1 to resume the thread (reply), 0 when
 * the task was ended instead (no reply is owed: the faulting thread is gone). */
int fault_handle(struct proc *p, const struct msg *m);
#endif
