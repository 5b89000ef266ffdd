/* pagemap.h - the VM server's own record of which frame backs each page of a task: a
 * three-level radix tree shaped like Sv39, in frames charged to the task. The kernel's
 * page tables say what is mapped; this says which frames the task owns, including pages
 * kept while unmapped (PROT_NONE), so ranges can be freed or re-protected quickly. */
#ifndef VM_PAGEMAP_H
#define VM_PAGEMAP_H
#include <stdint.h>
#include "abi/syscall.h"   /* PAGE_SIZE */

/* An entry is a page-aligned physical address; PM_DEVICE marks pages that are mapped
 * like the task's frames but are not its to free: device registers, boot modules. */
#define PM_DEVICE 1UL
/* PM_FILE marks a frame of the FS server's page cache: shared with the file, so a private
 * mapping maps it read-only and copies it on the first write. */
#define PM_FILE 2UL
/* PM_COW marks a private page whose frame a fork shared between tasks: it is mapped
 * read-only, and the first write copies it, or takes it back writable when no other
 * task holds the frame any more (mm_remap). */
#define PM_COW 4UL
#define PM_ADDR(e) ((e) & ~(uint64_t)0xfff)

struct pagemap {
	uint64_t root;       /* physical address of the top node, 0 if empty */
	uint16_t owner;      /* frames for nodes are charged to this owner */
};

/* The frame at user page va, or 0. */
uint64_t pm_get(const struct pagemap *pm, uint64_t va);
/* Record frame pa at va (replacing any). 0, or -1 if a node frame could not be had. */
int pm_set(struct pagemap *pm, uint64_t va, uint64_t pa);
/* The entry for user page va (its frame, or 0), to read or to set; NULL if the node
 * that would hold it is missing and make is 0, or could not be had. The entries of one
 * 2 MiB (512 pages, 512-aligned) lie one after the other. */
uint64_t *pm_slot(struct pagemap *pm, uint64_t va, int make);
/* The entry of va in its leaf node, the entries of the following pages of the same
 * 2 MiB after it, or NULL when none of them is recorded; *next = the end of the span
 * that answer covers (that 2 MiB, or the 1 GiB without a node). For loops over a range
 * without a call per page. */
uint64_t *pm_leaf(const struct pagemap *pm, uint64_t va, uint64_t *next);
/* Move the entries of [old, old + len) to the same offsets from new, where none is
 * recorded (mremap: the new range was emptied first); the old ones are gone afterwards.
 * Where both are 2 MiB-aligned, a whole leaf node moves (the empty one it replaces, if
 * any, takes its place). An entry with no node to go to (no frame for one) goes to
 * lost(arg, entry) instead. */
void pm_move(struct pagemap *pm, uint64_t old, uint64_t new, uint64_t len,
             void (*lost)(void *arg, uint64_t e), void *arg);
/* Free the nodes (the pages they record are the caller's: dropped before), leaving pm
 * empty. */
void pm_free(struct pagemap *pm);
/* For every recorded page in [start, end), in address order: fn(arg, va, pa). With
 * `clear`, the entries are removed as they are visited. Inline, so that a caller's fn
 * is inlined too: a walk over a page or a few (munmap, mprotect) is a loop, not calls. */
static inline void pm_walk(struct pagemap *pm, uint64_t start, uint64_t end, int clear,
                           void (*fn)(void *arg, uint64_t va, uint64_t pa), void *arg)
{
	uint64_t va = start, next;
	while (va < end) {
		uint64_t *e = pm_leaf(pm, va, &next);
		if (next > end)
			next = end;
		while (e && va < next) {
			uint64_t page = *e;
			if (!page) {   /* a run of 8 empty entries goes at once (a stack madvised away) */
				int empty8 = next - va >= 8 * PAGE_SIZE && !(e[1] | e[2] | e[3] | e[4] | e[5] | e[6] | e[7]);
				va += empty8 ? 8 * PAGE_SIZE : PAGE_SIZE, e += empty8 ? 8 : 1;
				continue;
			}
			if (clear)
				*e = 0;
			fn(arg, va, page);
			va += PAGE_SIZE, e++;
		}
		va = next;
	}
}
#endif
