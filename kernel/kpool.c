/* kpool.c - a free list of 4 KiB pages for kernel use (page tables only). */
#include "kpool.h"
#include "memlayout.h"
#include "base/mem.h"

struct free_page { struct free_page *next; };
static struct free_page *free_list;
static uint64_t nfree;

void kpool_init(uint64_t base_pa, uint64_t npages)
{
	for (uint64_t i = npages; i-- > 0;) {
		struct free_page *p = pa2kva(base_pa + i * PGSIZE);
		p->next = free_list;
		free_list = p;
	}
	nfree = npages;
}

void *kpool_alloc(void)
{
	struct free_page *p = free_list;
	if (!p)
		return 0;
	free_list = p->next;
	nfree--;
	memset(p, 0, PGSIZE);
	return p;
}

void kpool_free(void *page)
{
	struct free_page *p = page;
	p->next = free_list;
	free_list = p;
	nfree++;
}

uint64_t kpool_free_count(void) { return nfree; }
