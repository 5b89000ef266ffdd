/* filemap.h - file mappings: faults that page in from the FS server, copy-on-write of
 * private file pages, mmap of a descriptor, msync write-back, and truncation. Every
 * exchange with the FS server is posted through fslink.c and finished when its answer
 * arrives, so the VM server keeps serving everyone else meanwhile. */
#ifndef VM_FILEMAP_H
#define VM_FILEMAP_H
#include "proc.h"
#include "proto/vm_msgs.h"
#include "kcall.h"

/* A fault at page va of p in VMA v of a file, m the fault message (and the reply to
 * fill). 1: *m is the reply; 0: the reply was saved and comes later, or p was ended. */
int filemap_fault(struct proc *p, struct vm_area *v, uint64_t va, struct msg *m);
/* Ask for page va of file VMA v of p ahead of any fault (MAP_POPULATE, mlock); its
 * answer is reported to populate.c under the cookie parent. 0, or -1 if it could not be
 * asked now (no record free, or the queue is full). */
int filemap_post_prefetch(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t parent);
/* VM_MMAP of a descriptor: asks the FS server (FS_MAP_FD), answers later. */
long filemap_mmap(struct proc *p, const struct vm_mmap_req *q);
/* msync(MS_SYNC) of [addr, addr + len): runs the library's msync, whose write-backs are
 * posted; answers now (a return other than PROTO_NO_REPLY) or when the last is done. */
long filemap_msync(struct proc *p, const struct vm_msync_req *q);
/* The library's write-back hook: post FS_WRITEBACK (for the msync being served, if any). */
int filemap_writeback(struct vm_file *f, uint64_t off, uint64_t len);
/* Pages [start, end) of p are being unmapped: post write-back of any shared writable
 * file pages among them. */
void filemap_unmapping(struct proc *p, uint64_t start, uint64_t end);
/* Give p a private copy of the frame src at va with permissions perms, bytes from
 * `zero` on zeroed (PAGE_SIZE: none): 0, or -1 out of memory. */
int filemap_private_copy(struct proc *p, uint64_t va, uint64_t src, uint64_t perms, uint64_t zero);
/* Drop the mappings of pages [first, last) of the file with this key in every task:
 * with cows, private copies too (truncation: 0); else only the cache's frames, and not
 * in mlocked VMAs (-EBUSY if such a mapping is left). */
int filemap_unmap(uint64_t key, uint64_t first, uint64_t last, int cows);
/* Page-ins asked of the FS server so far, and the most that were in flight at once. */
void filemap_stats(uint64_t *asked, uint64_t *max_inflight);
/* Kernel permissions for a page of VMA flags `vm_flags` whose pagemap entry is e: the
 * page cache's frames are read-only in private mappings. */
uint64_t filemap_perms(uint64_t vm_flags, uint64_t e);
#endif
