/* clone.h - Linux's fork for a task: a copy of its address space (proc_fork), then its
 * descriptors from the FS server (FS_FORK), then the child's thread. */
#ifndef VM_CLONE_H
#define VM_CLONE_H
#include "proc.h"

/* VM_FORK from p: the child's thread will start at entry with sp (vfork: p is answered
 * only once the child has run execve or ended). PROTO_NO_REPLY (p is
 * answered with the child's id once the FS server has given it p's descriptors), or
 * -errno with nothing left of the child. */
long clone_fork(struct proc *p, uint64_t entry, uint64_t sp, int vfork);
#endif
