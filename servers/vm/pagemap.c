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

/* pm_slot's walk, inlined into pm_set (every page of a fork goes through it). */
static inline __attribute__((always_inline)) uint64_t *slot_of(struct pagemap *pm, uint64_t va, int make)
{
	if (!pm->root && (!make || !(pm->root = frame_alloc(pm->owner))))
		return 0;
	uint64_t *n = node(pm->root);
	for (int level = 2; level > 0; level--) {
		uint64_t *e = &n[IDX(va, level)];
		if (!*e && (!make || !(*e = frame_alloc(pm->owner))))
			return 0;
		n = node(*e);
	}
	return &n[IDX(va, 0)];
}

uint64_t *pm_slot(struct pagemap *pm, uint64_t va, int make)
{
	return slot_of(pm, va, make);
}

int pm_set(struct pagemap *pm, uint64_t va, uint64_t pa)
{
	uint64_t *e = slot_of(pm, va, 1);
	if (!e)
		return -1;
	*e = pa;
	return 0;
}

uint64_t *pm_leaf(const struct pagemap *pm, uint64_t va, uint64_t *next)
{
	const uint64_t span2 = 1UL << 30, span1 = 1UL << 21;
	uint64_t e2 = pm->root ? node(pm->root)[IDX(va, 2)] : 0;
	if (!e2) {
		*next = (va | (span2 - 1)) + 1;
		return 0;
	}
	uint64_t e1 = node(e2)[IDX(va, 1)];
	*next = (va | (span1 - 1)) + 1;
	return e1 ? &node(e1)[IDX(va, 0)] : 0;
}
