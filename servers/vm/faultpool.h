/* faultpool.h - the VM server's fault workers and the full path of a fault. */
#ifndef VM_FAULTPOOL_H
#define VM_FAULTPOOL_H
#include "kcall.h"

/* Start one fault worker per hart the kernel runs, each receiving on proc.c's fault
 * endpoint. 0, or the kernel's error if not even one could start. */
long faultpool_start(void);
/* The full path of the fault message *m that came with badge: the task and thread it
 * names, pager.c's fault_handle, and the end of any task that must end. The caller holds
 * vm_big exclusively. 1 to send the reply left in *m, 0 for none (the task is unknown
 * or gone, or the reply was saved for later). */
int fault_serve(long badge, struct msg *m);
#endif
