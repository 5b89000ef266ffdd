/* syscall.h - system call dispatch. */
#ifndef SYSCALL_H
#define SYSCALL_H
#include "object.h"
void syscall_dispatch(struct thread *th);
#endif
