/* sysdispatch.h - system call dispatch. */
#ifndef SYSDISPATCH_H
#define SYSDISPATCH_H
#include "object.h"
void syscall_dispatch(struct thread *th);
/* A Linux-ABI thread's ecall: continue at its task's personality entry. */
void syscall_redirect(struct thread *th);
#endif
