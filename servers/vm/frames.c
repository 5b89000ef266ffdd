/* frames.c - a free list of frames threaded through the frames themselves, and a table
 * with each frame's owner and reference count (one uint32_t per frame, itself stored in
 * the first frames of RAM), so frames can be shared (shared mappings, the page cache)
 * and a task's own frames can all be returned when it ends. Device registers are memory
 * the kernel lists too, but no frames: only their handles are looked up here. */
#include "frames.h"
#include "vmlock.h"
#include "base/mem.h"

struct region {
	uint64_t base, npages;
	long handle;
	uint32_t *meta;            /* frame base + i * PAGE_SIZE: owner | references << 16 */
};

static struct region regions[BOOTINFO_MAX_MEM];
static uint32_t nregions;
static uint64_t free_head;     /* physical address of the first free frame, 0 if none */
static uint64_t nfree, ntotal;
static uint32_t owned[COUNTED_OWNERS];   /* frames charged to each owner below COUNTED_OWNERS */
static const struct bootinfo *boot;   /* its device regions: frames_device_handle */
static struct sl_mutex lock;    /* the free list, the counts and the references, where
                                  fault workers may meet (take, frame_put_from,
                                  frame_refs: vmlock.h); the rest runs under vm_big held
                                  exclusively */

/* Take the lock unless the caller holds vm_big exclusively (no fault worker can be here
 * then): whether it was taken, for frames_unlock. */
static inline int frames_lock(void)
{
	if (vm_big_exclusive())
		return 0;
	sl_lock(&lock);
	return 1;
}

static inline void frames_unlock(int taken)
{
	if (taken)
		sl_unlock(&lock);
}

static struct region *region_of(uint64_t pa)
{
	for (uint32_t i = 0; i < nregions; i++)
		if (pa >= regions[i].base && pa < regions[i].base + regions[i].npages * PAGE_SIZE)
			return &regions[i];
	return 0;
}

static void push_free(uint64_t pa)
{
	*(uint64_t *)frame_ptr(pa) = free_head;
	free_head = pa;
	nfree++;
}

int frames_init(const struct bootinfo *bi)
{
	uint64_t used[BOOTINFO_MAX_MEM];
	boot = bi;
	for (uint32_t i = 0; i < bi->nmem; i++) {
		const struct bootinfo_mem *m = &bi->mem[i];
		if (m->device)
			continue;
		used[nregions] = m->used;
		regions[nregions++] = (struct region){m->base, m->size / PAGE_SIZE, m->handle, 0};
	}
	/* The owner tables are carved from the free start of the regions. */
	for (uint32_t i = 0; i < nregions; i++) {
		uint64_t bytes = (regions[i].npages * sizeof(uint32_t) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		uint32_t s = 0;
		while (s < nregions && regions[s].npages * PAGE_SIZE - used[s] < bytes)
			s++;
		if (s == nregions)
			return -1;
		regions[i].meta = frame_ptr(regions[s].base + used[s]);
		used[s] += bytes;
		for (uint64_t f = 0; f < regions[i].npages; f++)
			regions[i].meta[f] = OWNER_FREE;
	}
	for (uint32_t i = 0; i < nregions; i++) {
		ntotal += regions[i].npages;
		for (uint64_t p = regions[i].npages; p-- > 0;) {
			if (p < used[i] / PAGE_SIZE)
				regions[i].meta[p] = OWNER_BOOT | 1u << 16;
			else
				push_free(regions[i].base + p * PAGE_SIZE);
		}
	}
	return 0;
}

/* Charge to or take from owner's count (an owner above the counted ones has none). */
static inline void count_owner(uint32_t owner, int32_t d)
{
	if (owner < COUNTED_OWNERS)
		owned[owner] += (uint32_t)d;
}

static uint32_t *meta_of(uint64_t pa)
{
	struct region *r = region_of(pa);
	return &r->meta[(pa - r->base) / PAGE_SIZE];
}

/* A free frame, charged to owner with one reference, its bytes as they were; or 0. */
static inline uint64_t take(uint16_t owner)
{
	int taken = frames_lock();
	uint64_t pa = free_head;
	if (pa) {
		free_head = *(uint64_t *)frame_ptr(pa);
		nfree--;
		*meta_of(pa) = owner | 1u << 16;
		count_owner(owner, 1);
	}
	frames_unlock(taken);
	return pa;
}

uint64_t frame_alloc(uint16_t owner)
{
	uint64_t pa = take(owner);
	if (pa)
		memset(frame_ptr(pa), 0, PAGE_SIZE);
	return pa;
}

uint64_t frame_alloc_copy(uint16_t owner, uint64_t src, size_t n)
{
	uint64_t pa = take(owner);
	if (pa) {
		memcpy(frame_ptr(pa), frame_ptr(src), n);
		memset((char *)frame_ptr(pa) + n, 0, PAGE_SIZE - n);
	}
	return pa;
}

/* One more reference on the frame whose meta word is m: 0, or -1 if it has the most. */
static inline int ref(uint32_t *m)
{
	if ((*m >> 16) == 0xffff)
		return -1;
	*m += 1u << 16;
	return 0;
}

int frame_get(uint64_t pa)
{
	return ref(meta_of(pa));
}

uint32_t frame_refs(uint64_t pa)
{
	uint32_t *m = meta_of(pa);
	int taken = frames_lock();   /* (another fault worker may let the frame go meanwhile) */
	uint32_t refs = *m >> 16;
	frames_unlock(taken);
	return refs;
}

void frame_put_from(uint64_t pa, uint16_t holder)
{
	uint32_t *m = meta_of(pa);
	int taken = frames_lock();
	*m -= 1u << 16;
	if ((*m >> 16) == 0) {
		count_owner(*m & 0xffff, -1);
		*m = OWNER_FREE;
		push_free(pa);
	} else if ((*m & 0xffff) == holder) {
		count_owner(holder, -1);
		*m = (*m & 0xffff0000u) | OWNER_SHARED;   /* only others hold it now */
	}
	frames_unlock(taken);
}

void frame_put(uint64_t pa)
{
	frame_put_from(pa, *meta_of(pa) & 0xffff);
}

uint64_t frames_release_owner(uint16_t owner)
{
	uint64_t n = 0;
	if (owner < COUNTED_OWNERS && !owned[owner])
		return 0;   /* (the common case: a task ends with nothing charged to it left) */
	for (uint32_t i = 0; i < nregions; i++)
		for (uint64_t p = 0; p < regions[i].npages; p++)
			if ((regions[i].meta[p] & 0xffff) == owner) {
				regions[i].meta[p] = OWNER_FREE;
				push_free(regions[i].base + p * PAGE_SIZE);
				n++;
			}
	count_owner(owner, -(int32_t)n);
	return n;
}

void frames_count_owners(uint32_t *count, uint16_t n)
{
	if (n <= COUNTED_OWNERS) {
		memcpy(count, owned, n * sizeof *count);
		return;
	}
	memset(count, 0, n * sizeof *count);
	for (uint32_t i = 0; i < nregions; i++)
		for (uint64_t p = 0; p < regions[i].npages; p++)
			if ((regions[i].meta[p] & 0xffff) < n)
				count[regions[i].meta[p] & 0xffff]++;
}

uint64_t frames_owned_by(uint16_t owner)
{
	if (owner < COUNTED_OWNERS)
		return owned[owner];
	uint64_t n = 0;
	for (uint32_t i = 0; i < nregions; i++)
		for (uint64_t p = 0; p < regions[i].npages; p++)
			n += (regions[i].meta[p] & 0xffff) == owner;
	return n;
}

uint64_t frames_free_count(void) { return nfree; }
uint64_t frames_total(void) { return ntotal; }

int frame_handle(uint64_t pa, long *mem_handle, uint64_t *offset)
{
	struct region *r = region_of(pa);
	if (!r)
		return -1;
	*mem_handle = r->handle;
	*offset = pa - r->base;
	return 0;
}

int frame_get_handle(uint64_t pa, long *mem_handle, uint64_t *offset)
{
	struct region *r = region_of(pa);
	if (!r || ref(&r->meta[(pa - r->base) / PAGE_SIZE]) < 0)
		return -1;
	*mem_handle = r->handle;
	*offset = pa - r->base;
	return 0;
}

int frames_device_handle(uint64_t pa, long *mem_handle, uint64_t *offset)
{
	for (uint32_t i = 0; i < boot->nmem; i++) {
		const struct bootinfo_mem *m = &boot->mem[i];
		if (m->device && pa >= m->base && pa < m->base + m->size) {
			*mem_handle = m->handle;
			*offset = pa - m->base;
			return 0;
		}
	}
	return -1;
}
