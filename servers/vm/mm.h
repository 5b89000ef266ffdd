/* mm.h - each task's address space: the VMA library (lib/vm) wired to frames, the
 * pagemap and the kernel's page tables, and the memory requests of proto/vm.def. */
#ifndef VM_MM_H
#define VM_MM_H
#include "proc.h"

/* The system-wide accounting (overcommit policy, committed pages). */
extern struct vm_sys mm_sys;
void mm_init(uint64_t ram_pages);
/* Set up p's address space (empty). */
void mm_proc_init(struct proc *p);
/* Kernel page permissions (PERM_*) for VMA flags; 0 when no access is allowed. */
uint64_t mm_perms(uint64_t vm_flags);
/* Marks the VMAs of device registers (vm_area.priv): their pages are not memory. */
#define MM_DEVICE_VMA ((void *)1)
/* A frame to back page va of VMA v in p, with one reference for p: shared memory
 * objects share theirs through the page cache, private pages get a zeroed frame. */
int mm_new_page(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t *pa);
/* Back page va of p with frame pa in the page tables (if perms) and the pagemap. On
 * failure neither holds pa, so the caller still owns the frame. */
int mm_install(struct proc *p, uint64_t va, uint64_t pa, uint64_t perms);

/* Drop p's pages in [start, end) from its page tables and pagemap (nothing written back). */
void mm_drop_pages(struct proc *p, uint64_t start, uint64_t end);

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
MM_HANDLER(vm_mincore)
MM_HANDLER(vm_brk)
MM_HANDLER(vm_getrlimit)
MM_HANDLER(vm_setrlimit)
MM_HANDLER(vm_sigaction)
MM_HANDLER(vm_maps)
MM_HANDLER(vm_overcommit)
#undef MM_HANDLER
#endif
