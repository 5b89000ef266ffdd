/* pmem.c - the boot-time map of physical memory. */
#include "pmem.h"
#include "memlayout.h"
#include "base/mem.h"
#include "power.h"

struct pmem_range pmem[PMEM_MAX];
uint32_t npmem;

/* Take [base, base+size) out of every range, splitting where needed. */
static void subtract(uint64_t base, uint64_t size)
{
	uint64_t end = base + size;
	for (uint32_t i = 0; i < npmem; i++) {
		struct pmem_range *r = &pmem[i];
		uint64_t rend = r->base + r->size;
		if (end <= r->base || base >= rend)
			continue;
		if (base > r->base && end < rend && npmem < PMEM_MAX) {   /* split */
			pmem[npmem++] = (struct pmem_range){end, rend - end, 0};
			r->size = base - r->base;
		} else if (base <= r->base && end >= rend) {
			r->size = 0;
		} else if (base <= r->base) {
			r->size = rend - end;
			r->base = end;
		} else {
			r->size = base - r->base;
		}
	}
}

void pmem_init(const struct dt_platform *plat, uint64_t kbase, uint64_t ksize,
               uint64_t fdt, uint64_t fdt_size)
{
	for (uint32_t i = 0; i < plat->nmem && npmem < PMEM_MAX; i++) {
		uint64_t b = (plat->mem[i].base + PGSIZE - 1) & ~(PGSIZE - 1);
		uint64_t e = (plat->mem[i].base + plat->mem[i].size) & ~(PGSIZE - 1);
		if (e > (uint64_t)PHYSMAP_GIGS * GIGAPAGE)
			e = (uint64_t)PHYSMAP_GIGS * GIGAPAGE;
		if (e > b)
			pmem[npmem++] = (struct pmem_range){b, e - b, 0};
	}
	for (uint32_t i = 0; i < plat->nresv; i++)
		subtract(plat->resv[i].base & ~(PGSIZE - 1),
		         ((plat->resv[i].base + plat->resv[i].size + PGSIZE - 1) & ~(PGSIZE - 1)) -
		         (plat->resv[i].base & ~(PGSIZE - 1)));
	subtract(kbase, ksize);
	subtract(fdt & ~(PGSIZE - 1), ((fdt + fdt_size + PGSIZE - 1) & ~(PGSIZE - 1)) - (fdt & ~(PGSIZE - 1)));
	uint32_t j = 0;   /* drop emptied ranges */
	for (uint32_t i = 0; i < npmem; i++)
		if (pmem[i].size)
			pmem[j++] = pmem[i];
	npmem = j;
}

uint64_t pmem_carve(uint64_t npages)
{
	struct pmem_range *best = 0;
	for (uint32_t i = 0; i < npmem; i++)
		if (!best || pmem[i].size > best->size)
			best = &pmem[i];
	if (!best || best->size - best->used < npages * PGSIZE)
		return 0;
	best->size -= npages * PGSIZE;
	return best->base + best->size;
}

uint64_t pmem_boot_frames(uint64_t npages)
{
	for (uint32_t i = 0; i < npmem; i++) {
		if ((pmem[i].size - pmem[i].used) / PGSIZE >= npages) {
			uint64_t pa = pmem[i].base + pmem[i].used;
			pmem[i].used += npages * PGSIZE;
			memset(pa2kva(pa), 0, npages * PGSIZE);
			return pa;
		}
	}
	panic("out of memory while loading the boot tasks");
}
