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

/* Visit [start, end) below the node at `pa` of `level` covering addresses from base. */
static void walk(uint64_t pa, int level, uint64_t base, uint64_t start, uint64_t end, int clear,
                 void (*fn)(void *, uint64_t, uint64_t), void *arg)
{
	uint64_t span = 1UL << (12 + 9 * level);
	uint64_t *n = node(pa);
	uint64_t first = start > base ? (start - base) / span : 0;
	for (uint64_t i = first; i < 512; i++) {
		uint64_t lo = base + i * span;
		if (lo >= end)
			break;
		if (!n[i])
			continue;
		if (level == 0) {
			uint64_t page = n[i];
			if (clear)
				n[i] = 0;
			fn(arg, lo, page);
		} else {
			walk(n[i], level - 1, lo, start, end, clear, fn, arg);
		}
	}
}

void pm_walk(struct pagemap *pm, uint64_t start, uint64_t end, int clear,
             void (*fn)(void *arg, uint64_t va, uint64_t pa), void *arg)
{
	if (pm->root && start < end)
		walk(pm->root, 2, 0, start, end, clear, fn, arg);
}
