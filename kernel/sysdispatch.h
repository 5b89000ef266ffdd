/* syscall.h - system call dispatch. */
#ifndef SYSCALL_H
#define SYSCALL_H
#include "object.h"
void syscall_dispatch(struct thread *th);
/* A Linux-ABI thread's ecall: continue at its task's personality entry. */
void syscall_redirect(struct thread *th);
#endif
