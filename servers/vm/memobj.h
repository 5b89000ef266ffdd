/* memobj.h - what a shared or file VMA maps (its vm_area.file): a memory object. Two
 * kinds, each a small table of functions (as MINIX's VM has memory types):
 *   shared anonymous memory, whose pages live in anoncache.c;
 *   a file of the FS server, whose pages live in the FS server's page cache and come in
 *   through FS_PAGE_IN (filemap.c).
 * Objects are counted: each VMA using one holds a reference. */
#ifndef VM_MEMOBJ_H
#define VM_MEMOBJ_H
#include <stdint.h>
#include "vm/vm.h"

struct memobj;
struct memobj_type {
	const char *name;
	unsigned (*mode)(struct memobj *o);          /* VM_FMODE_* */
	void (*release)(struct memobj *o);           /* the last reference is gone */
};

struct memobj {
	const struct memobj_type *type;   /* NULL: a free slot */
	uint32_t refs;
	uint64_t pages, flags;            /* shared anonymous: size and VM_NORESERVE */
	uint64_t file, key;               /* a file: the FS server's identity and its key
	                                     (the same for every open of one file) */
	unsigned mode;                    /* a file: VM_FMODE_* the FS server granted */
};

extern const struct memobj_type memobj_shmem, memobj_file;

static inline struct memobj *memobj_of(struct vm_file *f) { return (struct memobj *)f; }
static inline int memobj_is_file(struct vm_file *f)
{
	return f && memobj_of(f)->type == &memobj_file;
}

/* A new shared anonymous object of `pages` pages (one reference), or NULL. */
struct memobj *memobj_shmem_new(uint64_t pages, uint64_t flags);
/* The object for the FS server's file identity `file`, with one more reference: made
 * with the FS server's reference if new, else that extra reference is given back to the
 * FS server. NULL if the table is full (the FS reference is given back too). */
struct memobj *memobj_file_get(uint64_t file, uint64_t key, unsigned mode);
void memobj_get(struct memobj *o);
void memobj_put(struct memobj *o);
#endif
