/* exec.h - starting a program stored in a file: its segments become MAP_PRIVATE file
 * mappings (through vm_mmap, as Linux's loader does) and are paged in from the FS server
 * on demand; the FS server's answers come back to exec.c through its wait record. */
#ifndef VM_EXEC_H
#define VM_EXEC_H
#include "fslink.h"
#include "proc.h"

/* VM_SPAWN_FD: asks the FS server for the descriptor (FS_MAP_FD), answered later. */
long exec_spawn_fd(struct proc *p, const struct vm_spawn_fd_req *q, const char *buf);
/* VM_EXECVE: the same steps, but the program replaces p's own image (all but its
 * personality's pages) once its headers are known to be good. */
long exec_execve(struct proc *p, const struct vm_execve_req *q, const char *buf);
#endif
