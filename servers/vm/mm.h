/* mm.h - handlers of the memory-management requests (see mm.c). */
#ifndef VM_MM_H
#define VM_MM_H
#include "proc.h"
#define MM_HANDLER(name) long do_##name(struct proc *p, const struct name##_req *q, struct name##_rep *r);
MM_HANDLER(vm_mmap)
MM_HANDLER(vm_munmap)
MM_HANDLER(vm_mprotect)
MM_HANDLER(vm_mlock)
MM_HANDLER(vm_munlock)
MM_HANDLER(vm_mlockall)
MM_HANDLER(vm_munlockall)
MM_HANDLER(vm_msync)
MM_HANDLER(vm_madvise)
MM_HANDLER(vm_brk)
MM_HANDLER(vm_getrlimit)
MM_HANDLER(vm_setrlimit)
MM_HANDLER(vm_sigaction)
MM_HANDLER(vm_maps)
MM_HANDLER(vm_overcommit)
#undef MM_HANDLER
#endif
