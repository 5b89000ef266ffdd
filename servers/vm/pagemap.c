/* pagemap.c - the radix tree of pagemap.h. A node is one frame of 512 entries; an entry
 * is the physical address of the next node or of the page's frame, 0 when absent. */
#include "pagemap.h"
#include "frames.h"

#define IDX(va, level) (((va) >> (12 + 9 * (level))) & 0x1ff)

static uint64_t *node(uint64_t pa) { return frame_ptr(pa); }

uint64_t pm_get(const struct pagemap *pm, uint64_t va)
{
	uint64_t pa = pm->root;
	for (int level = 2; level >= 0 && pa; level--)
		pa = node(pa)[IDX(va, level)];
	return pa;
}

int pm_set(struct pagemap *pm, uint64_t va, uint64_t pa)
{
	if (!pm->root && !(pm->root = frame_alloc(pm->owner)))
		return -1;
	uint64_t *n = node(pm->root);
	for (int level = 2; level > 0; level--) {
		uint64_t *e = &n[IDX(va, level)];
		if (!*e && !(*e = frame_alloc(pm->owner)))
			return -1;
		n = node(*e);
	}
	n[IDX(va, 0)] = pa;
	return 0;
}

/* One loop, no recursion: a range of a page or a few (munmap, mprotect) costs a descent,
 * not three calls. An absent entry of an upper level skips the span it covers. */
void pm_walk(struct pagemap *pm, uint64_t start, uint64_t end, int clear,
             void (*fn)(void *arg, uint64_t va, uint64_t pa), void *arg)
{
	const uint64_t span2 = 1UL << 30, span1 = 1UL << 21;
	uint64_t va = start;
	if (!pm->root)
		return;
	while (va < end) {
		uint64_t e2 = node(pm->root)[IDX(va, 2)];
		if (!e2) {
			va = (va | (span2 - 1)) + 1;
			continue;
		}
		uint64_t e1 = node(e2)[IDX(va, 1)];
		if (!e1) {
			va = (va | (span1 - 1)) + 1;
			continue;
		}
		uint64_t *leaf = node(e1);
		uint64_t stop = (va | (span1 - 1)) + 1;   /* the end of this leaf's span */
		if (stop > end)
			stop = end;
		for (; va < stop; va += PAGE_SIZE) {
			uint64_t *e = &leaf[IDX(va, 0)], page = *e;
			if (!page)
				continue;
			if (clear)
				*e = 0;
			fn(arg, va, page);
		}
	}
}
