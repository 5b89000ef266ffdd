/* sv39.h - Sv39 page tables: the kernel's own map and one table tree per address space. */
#ifndef SV39_H
#define SV39_H

#include <stdint.h>
#include <stddef.h>

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PERMS (PTE_R | PTE_W | PTE_X)
#define PA_TO_PTE(pa) (((uint64_t)(pa) >> 12) << 10)
#define PTE_TO_PA(pte) (((uint64_t)(pte) >> 10) << 12)
#define VPN(va, level) (((uint64_t)(va) >> (12 + 9 * (level))) & 0x1ff)
#define SATP_MODE_SV39 (8UL << 60)

struct dt_platform;

struct aspace {
	uint64_t *root;      /* kernel (physmap) address of the root table; NULL if unused */
	uint64_t satp;       /* what loads it (vm_load): Sv39, its ASID, its root */
	uint16_t asid;
	uint32_t pt_pages;   /* page-table pages in use, root included (quota PT_PAGES_PER_TASK) */
	uint32_t cpus;       /* harts that may hold its translations (bit n: harts[n]): those
	                        that loaded it since its last shootdown */
	uint64_t gen;        /* counts SYS_UNMAP, SYS_PROTECT and SYS_MOVE of it over the
	                        task's life (a fault's FAULT_REPLY_MAP maps only if it has not
	                        moved since the fault: both are in the life of one thread) */
};

/* Rights a user mapping may have: some of R, W, X, and never W without R (Sv39 reserves
 * it). */
static inline int vm_perms_valid(uint64_t perms)
{
	return perms && !(perms & ~(uint64_t)(PTE_R | PTE_W | PTE_X)) && !((perms & PTE_W) && !(perms & PTE_R));
}

void vm_kernel_init(const struct dt_platform *plat);

/* Each hart's loaded address space is its struct hart's vm_loaded (hart.h); NULL
 * while it has the kernel's own map loaded. */
/* Load as's satp on this hart, whose index in harts[] is cpu and whose vm_loaded is
 * *loaded. Inline: it is on the path of every IPC between address spaces. */
static inline void vm_load(struct aspace *as, uint32_t cpu, const struct aspace **loaded)
{
	__asm__ volatile("csrw satp, %0" : : "r"(as->satp) : "memory");
	*loaded = as;
	as->cpus |= 1u << cpu;
}
void vm_load_kernel(void);         /* load the kernel's map on this hart */

int  aspace_init(struct aspace *as, uint16_t asid);
/* Free as's page tables and flush its ASID on every hart. If this hart has it loaded,
 * it loads the kernel's map; no other hart may have it loaded (task.c sees to it). */
void aspace_destroy(struct aspace *as);

/* vm_map, vm_unmap and vm_protect return 1 when they took something away that a TLB
 * may hold (a mapping, a frame, a right): the caller must vm_flush() before it returns
 * to anyone. 0 when they only filled or widened an entry: a hart that still has the old
 * one takes a fault that vm_fault_is_stale() recognises, so no other hart is bothered.
 *
 * Map the 4 KiB frame at physical `pa` at user address `va` with PTE_R/W/X `perms`,
 * replacing any mapping there. Returns 0, 1 or -KE_NOMEM (page-table quota or pool). */
int  vm_map(struct aspace *as, uint64_t va, uint64_t pa, uint64_t perms);
/* vm_map where va's leaf table exists already (so no superpage covers va either), without
 * allocating: 0 or 1 as vm_map; else -KE_NOENT, and nothing changed. */
int  vm_map_present(struct aspace *as, uint64_t va, uint64_t pa, uint64_t perms);
/* vm_map only where nothing is mapped at va (a fill: no TLB can hold anything to take
 * away), else nothing; 1 if it mapped, 0 if not (also for a superpage, or no page for a
 * table within the quota: the tables it did get stay, counted in pt_pages). */
int  vm_map_empty(struct aspace *as, uint64_t va, uint64_t pa, uint64_t perms);
/* Remove the mapping at va, if any: 0 or 1. */
int  vm_unmap(struct aspace *as, uint64_t va);
/* Move the npages mappings from `from` to `to` (same permissions; a page not mapped at
 * from is not mapped at to afterwards), a whole leaf table for each 2 MiB where both are
 * aligned. The caller checked both ranges (valid, apart, no superpage) and the quota
 * (vm_tables_needed of to): nothing fails. Returns 0 or 1 as vm_map. */
int  vm_move(struct aspace *as, uint64_t from, uint64_t to, uint64_t npages);
/* Change the permissions of the npages mappings from va: 0, 1, or -KE_NOENT (nothing
 * changed) if one of them is not mapped. */
int  vm_protect(struct aspace *as, uint64_t va, uint64_t npages, uint64_t perms);
/* A page fault at va needing PTE_R/W/X `need`: if the page table allows it, this hart
 * held an entry older than the table; it is flushed and 1 returned (retry the access). */
int  vm_fault_is_stale(const struct aspace *as, uint64_t va, uint64_t need);
/* The leaf PTE for user address va, or 0 if unmapped. */
uint64_t vm_query(const struct aspace *as, uint64_t va);
/* After changes: flush this address space's TLB entries on every hart that may hold
 * them (hart_fence for the others), finished when this returns. */
void vm_flush(struct aspace *as);

/* Copy from user memory of `as` into the kernel, checking every page is mapped with U
 * and readable. Returns 0 or -KE_FAULT. (Results go back in registers; IPC buffers and
 * lent windows are written through user_page(), so there is no copy_to_user.) */
int copy_from_user(const struct aspace *as, void *dst, uint64_t uva, size_t len);
/* Kernel address of the user page at uva if mapped with U and `need` perms, else NULL. */
void *user_page(const struct aspace *as, uint64_t uva, uint64_t need);

uint32_t vm_tables_needed(const struct aspace *as, uint64_t va, uint64_t npages);
int vm_range_has_superpage(const struct aspace *as, uint64_t va, uint64_t npages);

int vm_map_window(struct aspace *as, uint64_t va, uint64_t pa, uint64_t size);

#endif
