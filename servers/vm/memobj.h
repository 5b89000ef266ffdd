/* memobj.h - what a shared or file VMA maps (its vm_area.file): a memory object, counted
 * (each VMA using one holds a reference), of a type that is a table of functions, as
 * MINIX 3's VM has memory types. The address spaces (mm.c) and the pager reach an
 * object's pages only through its type, so they need not know the types above them:
 *   shared anonymous memory (here), whose pages live in anoncache.c;
 *   a file of the FS server (filemap.c), whose pages live in the FS server's page cache
 *   and come in through FS_PAGE_IN.
 * Private anonymous memory has no object (vm_area.file is NULL): its pages are the
 * task's own frames (mm.c). */
#ifndef VM_MEMOBJ_H
#define VM_MEMOBJ_H
#include <stdint.h>
#include "vm/vm.h"
#include "kcall.h"

struct memobj;
struct proc;
struct memobj_type {
	const char *name;
	unsigned (*mode)(struct memobj *o);          /* VM_FMODE_* */
	void (*release)(struct memobj *o);           /* the last reference is gone */
	/* The rest may be NULL: the object's pages are then frames of anoncache.c, made on
	 * the first touch (mm_new_page), and nothing is written anywhere. */
	/* A fault at page va of p in VMA v of the object by p's thread with this badge (a
	 * tid, or p's own for its main thread), m the fault message (and the reply to fill),
	 * the page not accessible as asked. 1: *m is the reply; 0: the reply was saved and
	 * comes later, or p is to end (proc_doom). */
	int (*fault)(struct proc *p, uint64_t badge, struct vm_area *v, uint64_t va, struct msg *m);
	/* The same fault tried first by a fault worker holding vm_big only shared (pager.c's
	 * fault_fast), which may change p's pages under p->fault_lock and nothing else of the
	 * server's but frames: 1 served (the caller answers), 0 the full path (`fault`) must. */
	int (*fault_fast)(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t access);
	/* The library populates [start, end) of p, pages p has no frame for: the request
	 * being served waits for them (populate.c). */
	void (*populate)(struct proc *p, uint64_t start, uint64_t end);
	/* Ask for page va of VMA v of p ahead of any fault; its answer is reported to
	 * populate.c under cookie. 0, or -1 if it could not be asked now. */
	int (*prefetch)(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t cookie);
	/* Pages [start, end) of p in VMA v are being unmapped (their dirty pages go home). */
	void (*unmapping)(struct proc *p, const struct vm_area *v, uint64_t start, uint64_t end);
	/* msync's write-back of bytes [off, off + len) of the object: 0 or -VM_E*. */
	int (*writeback)(struct memobj *o, uint64_t off, uint64_t len);
};

struct memobj {
	const struct memobj_type *type;   /* NULL: a free slot */
	uint32_t refs;
	uint64_t pages, flags;            /* shared anonymous: size and VM_NORESERVE */
	struct vm_sys *sys;               /* shared anonymous: where its charge goes back */
	uint64_t file, key;               /* a file: the FS server's identity and its key
	                                     (the same for every open of one file) */
	unsigned mode;                    /* a file: VM_FMODE_* the FS server granted */
};

extern const struct memobj_type memobj_shmem;

static inline struct memobj *memobj_of(struct vm_file *f) { return (struct memobj *)f; }
static inline int memobj_is_shmem(struct vm_file *f)
{
	return f && memobj_of(f)->type == &memobj_shmem;
}

/* A new object of this type with one reference, the rest zero; NULL if the table is full. */
struct memobj *memobj_new(const struct memobj_type *type);
/* The object of this type whose `file` is file, or NULL. */
struct memobj *memobj_find(const struct memobj_type *type, uint64_t file);
/* A new shared anonymous object of `pages` pages (one reference) whose charge (made by
 * the library unless flags has VM_NORESERVE) goes back to sys when it dies; NULL if the
 * table is full. */
struct memobj *memobj_shmem_new(uint64_t pages, uint64_t flags, struct vm_sys *sys);
/* An object of this type whose `key` is key (a file's, whichever open), or NULL. */
struct memobj *memobj_find_key(const struct memobj_type *type, uint64_t key);
void memobj_get(struct memobj *o);
void memobj_put(struct memobj *o);
#endif
