/* fcindex.c - the FS server's cached pages we may map without asking (see fcindex.h): a
 * hash of chains over a fixed pool, as many entries as the FS server's cache has pages. */
#include "fcindex.h"
#include "fcache/fcache.h"

#define ENTRIES FC_MAX_PAGES
#define BUCKETS 512
#define NONE 0xffff

struct entry {
	uint64_t key, idx, e;
	uint16_t next;                /* chain, or the free list */
};

static struct entry pool[ENTRIES];
static uint16_t bucket[BUCKETS], free_head = NONE;
static int ready;

static unsigned hash(uint64_t key, uint64_t idx)
{
	return (unsigned)((key * 0x9e3779b97f4a7c15UL + idx) * 0xc2b2ae3d27d4eb4fUL >> 55) % BUCKETS;
}

static void init(void)
{
	for (unsigned i = 0; i < BUCKETS; i++)
		bucket[i] = NONE;
	for (unsigned i = 0; i < ENTRIES; i++)
		pool[i].next = i + 1 < ENTRIES ? (uint16_t)(i + 1) : NONE;
	free_head = 0;
	ready = 1;
}

/* The link that points at the entry for (key, idx), or at the chain's end (NONE). */
static uint16_t *link_of(uint64_t key, uint64_t idx)
{
	uint16_t *l = &bucket[hash(key, idx)];
	while (*l != NONE && (pool[*l].key != key || pool[*l].idx != idx))
		l = &pool[*l].next;
	return l;
}

void fcindex_add(uint64_t key, uint64_t idx, uint64_t e)
{
	if (!ready)
		init();
	uint16_t *l = link_of(key, idx);
	if (*l != NONE) {
		pool[*l].e = e;
		return;
	}
	if (free_head == NONE)
		return;
	uint16_t i = free_head;
	free_head = pool[i].next;
	pool[i] = (struct entry){key, idx, e, NONE};
	*l = i;
}

uint64_t fcindex_get(uint64_t key, uint64_t idx)
{
	if (!ready)
		return 0;
	uint16_t i = *link_of(key, idx);
	return i == NONE ? 0 : pool[i].e;
}

/* Unlink the entry *l points at and free it. */
static void drop(uint16_t *l)
{
	uint16_t i = *l;
	*l = pool[i].next;
	pool[i].next = free_head;
	free_head = i;
}

void fcindex_forget(uint64_t key, uint64_t first, uint64_t last)
{
	if (!ready)
		return;
	if (last > first && last - first <= 16) {   /* a few pages: look each up */
		for (uint64_t idx = first; idx < last; idx++) {
			uint16_t *l = link_of(key, idx);
			if (*l != NONE)
				drop(l);
		}
		return;
	}
	for (unsigned b = 0; b < BUCKETS; b++)
		for (uint16_t *l = &bucket[b]; *l != NONE;)
			if (pool[*l].key == key && pool[*l].idx >= first && pool[*l].idx < last)
				drop(l);
			else
				l = &pool[*l].next;
}
