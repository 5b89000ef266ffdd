/* mm.h - each task's address space: the VMA library (lib/vm) wired to frames, the
 * pagemap and the kernel's page tables. */
#ifndef VM_MM_H
#define VM_MM_H
#include "proctab.h"
#include "abi/syscall.h"

/* The system-wide accounting (overcommit policy, committed pages). */
extern struct vm_sys mm_sys;
void mm_init(uint64_t ram_pages);
/* Set up p's address space (empty). */
void mm_proc_init(struct proc *p);
/* Kernel page permissions (PERM_*) for VMA flags; 0 when no access is allowed. */
static inline uint64_t mm_perms(uint64_t vm_flags)
{
	uint64_t p = 0;
	if (vm_flags & VM_READ)
		p |= PERM_R;
	if (vm_flags & VM_WRITE)
		p |= PERM_W | PERM_R;   /* Sv39 has no write-only pages */
	if (vm_flags & VM_EXEC)
		p |= PERM_X;
	return p;
}
/* Kernel permissions for a page of VMA flags vm_flags whose pagemap entry is e: the FS
 * server's cache frames (PM_FILE) are read-only in private mappings, and so are frames
 * a fork shares copy-on-write (PM_COW). */
static inline uint64_t mm_page_perms(uint64_t vm_flags, uint64_t e)
{
	uint64_t perms = mm_perms(vm_flags);
	if (((e & PM_FILE) && !(vm_flags & VM_SHARED)) || (e & PM_COW))
		perms &= ~PERM_W;
	return perms;
}
/* Marks the VMAs of device registers (vm_area.priv): their pages are not memory. */
#define MM_DEVICE_VMA ((void *)1)
/* A frame to back page va of VMA v in p, with one reference for p: shared memory
 * objects share theirs through the page cache, private pages get a zeroed frame. 0, or
 * -VM_EFAULT for a page past the end of its shared object (mremap grew the mapping
 * beyond it: SIGBUS, as Linux's shmem says), -VM_ENOMEM. */
int mm_new_page(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t *pa);
/* Back page va of p with frame pa in the page tables (if perms) and the pagemap. On
 * failure neither holds pa, so the caller still owns the frame. */
int mm_install(struct proc *p, uint64_t va, uint64_t pa, uint64_t perms);
/* mm_install of a fault's new page (nothing mapped at va), by its reply: pa recorded at
 * va in the pagemap and *reply made the FAULT_REPLY_MAP (abi/fault.h) by which the kernel
 * maps it as it resumes the thread, unless an unmap, protect or move of the address
 * space came after the fault (the thread faults again and finds pa recorded). Saves the
 * SYS_MAP. 0, or -VM_ENOMEM with nothing recorded (the caller still owns pa) and *reply
 * as it was. Only the tag and the 3 words are written. */
int mm_install_by_reply(struct proc *p, uint64_t va, uint64_t pa, uint64_t perms, struct msg *reply);

/* Map again the page p has at va of VMA v (pagemap entry e), for an access that faulted
 * (write: a write). A private write to a frame that is not p's alone (the FS server's
 * cache page, PM_FILE, or one a fork shared, PM_COW, still held by another task) gets a
 * copy in a fresh frame; a PM_COW frame nobody else holds any more is taken back
 * writable as it is. 0, or -VM_ENOMEM (nothing changed). */
int mm_remap(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t e, int write);

/* A fork of p failed and its child is gone: p's private frames the fork made
 * copy-on-write and nobody else holds any more are p's alone again, mapped writable where
 * their VMA is, so p's page tables are as before the fork (mm_remap would do the same at
 * each page's next write). */
void mm_fork_undone(struct proc *p);

/* Drop p's pages in [start, end) from its page tables and pagemap (nothing written back). */
void mm_drop_pages(struct proc *p, uint64_t start, uint64_t end);
#endif
