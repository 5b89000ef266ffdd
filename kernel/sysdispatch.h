/* sysdispatch.h - system call dispatch. */
#ifndef SYSDISPATCH_H
#define SYSDISPATCH_H
#include "object.h"
#define NORET (-__LONG_MAX__ - 1)  /* never a real result: the IPC code set a0 itself */
/* The system call of th (current), its a7: the value for its a0, or NORET when a0 is
 * set already (or th is gone). The caller stores it, unless th was freed (T_FREE). */
long syscall_dispatch(struct thread *th);
/* A Linux-ABI thread's ecall: continue at its task's personality entry. */
void syscall_redirect(struct thread *th);
#endif
