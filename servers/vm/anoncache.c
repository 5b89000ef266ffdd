/* anoncache.c - a chained hash table of (object, index) -> frame, entries from a pool. */
#include "anoncache.h"
#include "frames.h"

#define PC_BUCKETS 4096
#define PC_ENTRIES 16384

struct pc_entry {
	const void *obj;
	uint64_t idx, pa;
	struct pc_entry *next;
};

static struct pc_entry *buckets[PC_BUCKETS];
static struct pc_entry pool[PC_ENTRIES];
static struct pc_entry *free_entries;
static int pool_ready;

static unsigned hash(const void *obj, uint64_t idx)
{
	uint64_t h = ((uint64_t)obj >> 4) * 0x9e3779b97f4a7c15UL ^ idx * 0xc2b2ae3d27d4eb4fUL;
	return (unsigned)(h >> 52) % PC_BUCKETS;
}

uint64_t pc_lookup(const void *obj, uint64_t idx)
{
	for (struct pc_entry *e = buckets[hash(obj, idx)]; e; e = e->next)
		if (e->obj == obj && e->idx == idx)
			return e->pa;
	return 0;
}

int pc_insert(const void *obj, uint64_t idx, uint64_t pa)
{
	if (!pool_ready) {
		for (int i = 0; i < PC_ENTRIES; i++) {
			pool[i].next = free_entries;
			free_entries = &pool[i];
		}
		pool_ready = 1;
	}
	struct pc_entry *e = free_entries;
	if (!e)
		return -1;
	free_entries = e->next;
	unsigned b = hash(obj, idx);
	*e = (struct pc_entry){obj, idx, pa, buckets[b]};
	buckets[b] = e;
	return 0;
}

void pc_remove(const void *obj, uint64_t idx)
{
	for (struct pc_entry **pp = &buckets[hash(obj, idx)]; *pp; pp = &(*pp)->next) {
		struct pc_entry *e = *pp;
		if (e->obj == obj && e->idx == idx) {
			*pp = e->next;
			frame_put(e->pa);
			e->next = free_entries;
			free_entries = e;
			return;
		}
	}
}

void pc_drop_object(const void *obj)
{
	for (unsigned b = 0; b < PC_BUCKETS; b++) {
		struct pc_entry **pp = &buckets[b];
		while (*pp) {
			struct pc_entry *e = *pp;
			if (e->obj != obj) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			frame_put(e->pa);
			e->next = free_entries;
			free_entries = e;
		}
	}
}
