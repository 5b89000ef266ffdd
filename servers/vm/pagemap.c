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

/* The slot of va's entry in its node of level `stop` (0: the page's; 1: the entry of its
 * 2 MiB's leaf node), making the nodes above it if make; NULL if one is missing (or
 * could not be had). Inlined into pm_set: every page of a fork goes through it. */
static inline __attribute__((always_inline)) uint64_t *slot_at(struct pagemap *pm, uint64_t va, int make, int stop)
{
	if (!pm->root && (!make || !(pm->root = frame_alloc(pm->owner))))
		return 0;
	uint64_t *n = node(pm->root);
	for (int level = 2; level > stop; level--) {
		uint64_t *e = &n[IDX(va, level)];
		if (!*e && (!make || !(*e = frame_alloc(pm->owner))))
			return 0;
		n = node(*e);
	}
	return &n[IDX(va, stop)];
}

static inline __attribute__((always_inline)) uint64_t *slot_of(struct pagemap *pm, uint64_t va, int make)
{
	return slot_at(pm, va, make, 0);
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

void pm_move(struct pagemap *pm, uint64_t old, uint64_t new, uint64_t len,
             void (*lost)(void *arg, uint64_t e), void *arg)
{
	const uint64_t span1 = 1UL << 21, end = old + len;
	for (uint64_t va = old, next; va < end; va = next) {
		uint64_t *e = pm_leaf(pm, va, &next);
		if (next > end)
			next = end;
		if (!e)
			continue;   /* nothing recorded in this span */
		uint64_t to = va - old + new, *dst;
		if (!((va | to) & (span1 - 1)) && next - va == span1 && (dst = slot_at(pm, to, 1, 1))) {
			uint64_t *src = slot_at(pm, va, 0, 1), empty = *dst;
			*dst = *src;    /* the whole leaf node moves; the empty one (or none) */
			*src = empty;   /* that was there takes its place */
			continue;
		}
		while (va < next) {   /* runs within one leaf node at both ends */
			uint64_t n = (next - va) / PAGE_SIZE, room = 512 - IDX(va - old + new, 0);
			if (room < n)
				n = room;
			dst = 0;
			for (uint64_t i = 0, tried = 0; i < n; i++) {
				uint64_t page = e[i];
				if (!page)
					continue;
				e[i] = 0;
				if (!tried++)
					dst = slot_of(pm, va - old + new, 1);
				if (dst)
					dst[i] = page;
				else
					lost(arg, page);
			}
			va += n * PAGE_SIZE, e += n;
		}
	}
}

void pm_free(struct pagemap *pm)
{
	if (!pm->root)
		return;
	uint64_t *top = node(pm->root);
	for (int i = 0; i < 512; i++) {
		if (!top[i])
			continue;
		uint64_t *mid = node(top[i]);
		for (int j = 0; j < 512; j++)
			if (mid[j])
				frame_put(mid[j]);
		frame_put(top[i]);
	}
	frame_put(pm->root);
	pm->root = 0;
}
