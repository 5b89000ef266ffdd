/* memcalls.h - the memory requests of proto/vm.def (mmap, munmap, mprotect, the mlock
 * family, msync, madvise, mremap, mincore, brk, rlimits, maps, overcommit). */
#ifndef VM_MEMCALLS_H
#define VM_MEMCALLS_H
#include "proctab.h"

#define MEMCALL(name) long do_##name(struct proc *p, const struct name##_req *q, struct name##_rep *r);
MEMCALL(vm_mmap)
MEMCALL(vm_munmap)
MEMCALL(vm_mprotect)
MEMCALL(vm_mlock)
MEMCALL(vm_munlock)
MEMCALL(vm_mlockall)
MEMCALL(vm_munlockall)
MEMCALL(vm_msync)
MEMCALL(vm_madvise)
MEMCALL(vm_mremap)
MEMCALL(vm_mincore)
MEMCALL(vm_brk)
MEMCALL(vm_getrlimit)
MEMCALL(vm_setrlimit)
MEMCALL(vm_maps)
MEMCALL(vm_overcommit)
#undef MEMCALL
#endif
