/* filemap.h - file mappings: the memory type of files (memobj.h), whose faults page in
 * from the FS server, with copy-on-write of private file pages, and whose populate,
 * unmap and msync write back through it; mmap of a descriptor; truncation. Every
 * exchange with the FS server is posted through fslink.c and finished when its answer
 * arrives, so the VM server keeps serving everyone else meanwhile. */
#ifndef VM_FILEMAP_H
#define VM_FILEMAP_H
#include "proctab.h"
#include "memobj.h"
#include "proto/vm_msgs.h"
#include "kcall.h"

extern const struct memobj_type memobj_file;
static inline int memobj_is_file(struct vm_file *f)
{
	return f && memobj_of(f)->type == &memobj_file;
}
/* The object for the FS server's file identity `file`, with one more reference: made
 * with the FS server's reference if new, else that extra reference is given back to the
 * FS server. NULL if the table is full (the FS reference is given back too). */
struct memobj *memobj_file_get(uint64_t file, uint64_t key, unsigned mode);

/* VM_MMAP of a descriptor: asks the FS server (FS_MAP_FD), answers later. */
long filemap_mmap(struct proc *p, const struct vm_mmap_req *q);
/* msync(MS_SYNC) of [addr, addr + len): runs the library's msync, whose write-backs are
 * posted; answers now (a return other than PROTO_NO_REPLY) or when the last is done.
 * -KE_AGAIN when the link to the FS server has no record or no room for them now (what
 * was posted finishes unwatched): the caller asks again. */
long filemap_msync(struct proc *p, const struct vm_msync_req *q);
/* Give p a private copy of the frame src at va with permissions perms, bytes from
 * `zero` on zeroed (PAGE_SIZE: none): 0, or -1 out of memory. */
int filemap_private_copy(struct proc *p, uint64_t va, uint64_t src, uint64_t perms, uint64_t zero);
/* Drop the mappings of pages [first, last) of the file with this key in every task:
 * with cows, private copies too (truncation: 0); else only the cache's frames, and not
 * in mlocked VMAs (-EBUSY if such a mapping is left). */
int filemap_unmap(uint64_t key, uint64_t first, uint64_t last, int cows);
/* Page-ins asked of the FS server so far, and the most that were in flight at once. */
void filemap_stats(uint64_t *asked, uint64_t *max_inflight);
/* VM_FILE_STAT's counters. */
void filemap_parallel_stats(uint64_t *together_max, uint64_t *fast_faults);
#endif
