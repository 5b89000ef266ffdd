/* sv39.c - Sv39 page tables.
 *
 * A virtual address splits as  | VPN[2] 9 | VPN[1] 9 | VPN[0] 9 | offset 12 |.
 * Every address space shares the kernel's upper half (root entries 256..511): the
 * physmap and the kernel image, neither with PTE_U, so user mode cannot touch them.
 * The lower half belongs to one task and only holds 4 KiB user leaves.
 */
#include "sv39.h"
#include "hart.h"
#include "memlayout.h"
#include "kpool.h"
#include "base/mem.h"
#include "riscv.h"
#include "power.h"
#include "abi/syscall.h"
#include "fdt/dt_platform.h"

static uint64_t *kernel_root;
static uint64_t kernel_satp;   /* the kernel's own map: loaded with no task's */

/* Add the 1 GiB physmap pages covering [base, base+size) to the kernel root. */
static void physmap_add(uint64_t base, uint64_t size)
{
	const uint64_t rw = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G;
	if (size == 0)
		return;
	for (uint64_t g = base / GIGAPAGE; g <= (base + size - 1) / GIGAPAGE && g < PHYSMAP_GIGS; g++)
		kernel_root[VPN(PHYSMAP_BASE, 2) + g] = PA_TO_PTE(g * GIGAPAGE) | rw;
}

extern char _image_start[], _text_end[], _data_start[], _image_end[];
extern uint64_t kernel_load_pa;

/* The kernel image in 4 KiB pages with the rights of each part: text read+execute,
 * read-only data read-only, data and bss read+write. (Its physmap alias stays writable:
 * the physmap is built from 1 GiB pages.) */
static void map_image(void)
{
	const uint64_t base = PTE_V | PTE_A | PTE_D | PTE_G;
	uint64_t *l1 = kpool_alloc();
	if (!l1)
		panic("no page for the kernel image map");
	for (uint64_t va = (uint64_t)_image_start; va < (uint64_t)_image_end; va += PGSIZE) {
		uint64_t *l1e = &l1[VPN(va, 1)];
		if (!*l1e) {
			uint64_t *l0 = kpool_alloc();
			if (!l0)
				panic("no page for the kernel image map");
			*l1e = PA_TO_PTE(kva2pa_physmap(l0)) | PTE_V;
		}
		uint64_t *l0 = pa2kva(PTE_TO_PA(*l1e));
		uint64_t perms = va < (uint64_t)_text_end ? PTE_R | PTE_X
		               : va < (uint64_t)_data_start ? PTE_R : PTE_R | PTE_W;
		l0[VPN(va, 0)] = PA_TO_PTE(kernel_load_pa + (va - (uint64_t)_image_start)) | perms | base;
	}
	kernel_root[VPN(KERNEL_VBASE, 2)] = PA_TO_PTE(kva2pa_physmap(l1)) | PTE_V;
}

/* Build the final kernel map: the image with per-section rights, and a physmap of only
 * the RAM and the devices the kernel drives (no identity map, no unused holes). */
void vm_kernel_init(const struct dt_platform *plat)
{
	kernel_root = kpool_alloc();
	map_image();
	for (uint32_t i = 0; i < plat->nmem; i++)
		physmap_add(plat->mem[i].base, plat->mem[i].size);
	physmap_add(plat->uart.base, plat->uart.size);
	physmap_add(plat->plic.base, plat->plic.size);
	physmap_add(plat->test_finisher.base, plat->test_finisher.size);
	kernel_satp = SATP_MODE_SV39 | (kva2pa_physmap(kernel_root) >> PAGE_SHIFT);
	vm_load_kernel();
	sfence_vma_all();   /* the boot map's identity entries, also ASID 0, go */
}

/* ASID 0 is the kernel map's alone, and its entries never change: no fence needed. */
void vm_load_kernel(void)
{
	this_hart->kernel_satp = kernel_satp;   /* (for biglock.S) */
	csr_write(satp, kernel_satp);
	this_hart->vm_loaded = 0;
}

/* Flush as's ASID on every hart that may hold its translations, this one included;
 * when this returns, none holds a translation older than the call. Afterwards only
 * the harts that have it loaded may hold any. */
static void shootdown(struct aspace *as)
{
	uint32_t self = 1u << this_hart->cpu, others = as->cpus & ~self;
	if (as->cpus & self)
		sfence_vma_asid(as->asid);
	if (others)
		hart_fence(others, as->asid);
	uint32_t loaded = 0;
	for (uint32_t i = 0; i < nharts_online; i++)
		if (harts[i].vm_loaded == as)
			loaded |= 1u << i;
	as->cpus = loaded;
}

int aspace_init(struct aspace *as, uint16_t asid)
{
	uint64_t *root = kpool_alloc();
	if (!root)
		return -KE_NOMEM;
	memcpy(root + 256, kernel_root + 256, 256 * sizeof(uint64_t));
	as->root = root;
	as->asid = asid;
	as->satp = SATP_MODE_SV39 | ((uint64_t)asid << SATP_ASID_SHIFT) |
	           (kva2pa_physmap(root) >> PAGE_SHIFT);
	as->pt_pages = 1;
	as->cpus = 0;            /* (aspace_destroy flushed the ASID everywhere) */
	return 0;
}

static void free_table(uint64_t *table, int level)
{
	for (int i = 0; i < 512; i++) {
		uint64_t pte = table[i];
		if ((pte & PTE_V) && !(pte & PTE_PERMS) && level > 0)
			free_table(pa2kva(PTE_TO_PA(pte)), level - 1);
	}
	kpool_free(table);
}

void aspace_destroy(struct aspace *as)
{
	if (this_hart->vm_loaded == as)
		vm_load_kernel();
	if (!as->root)
		return;
	for (int i = 0; i < 256; i++) {
		uint64_t pte = as->root[i];
		if ((pte & PTE_V) && !(pte & PTE_PERMS))
			free_table(pa2kva(PTE_TO_PA(pte)), 1);
	}
	kpool_free(as->root);
	shootdown(as);           /* its ASID may be given to a new task now */
	as->root = 0;
	as->pt_pages = 0;
}

/* The slot of user va's entry in its table of level `stop` (0: the leaf PTE; 1: the
 * entry for its 2 MiB) if the tables down to it exist, else NULL (also under a superpage:
 * only the VM window, never split). A leaf function, inlined: the lookups of SYS_PROTECT,
 * SYS_UNMAP and fault checks save no registers for walk's allocation. */
static inline __attribute__((always_inline)) uint64_t *lookup_at(const struct aspace *as, uint64_t va, int stop)
{
	const uint64_t *table = as->root;
	for (int level = 2; level > stop; level--) {
		uint64_t pte = table[VPN(va, level)];
		if (!(pte & PTE_V) || (pte & PTE_PERMS))
			return 0;
		table = pa2kva(PTE_TO_PA(pte));
	}
	return (uint64_t *)&table[VPN(va, stop)];
}

static inline uint64_t *lookup(const struct aspace *as, uint64_t va) { return lookup_at(as, va, 0); }

/* walk_at's slow half: the tables above the slot allocated where missing. Out of line,
 * so that walk_at, which nearly always finds them, saves no registers for the calls. */
static __attribute__((noinline)) uint64_t *walk_alloc(struct aspace *as, uint64_t va, int stop)
{
	uint64_t *table = as->root;
	for (int level = 2; level > stop; level--) {
		uint64_t *pte = &table[VPN(va, level)];
		if (*pte & PTE_V) {
			if (*pte & PTE_PERMS)
				return 0;   /* a superpage: only the VM window, never split */
			table = pa2kva(PTE_TO_PA(*pte));
			continue;
		}
		if (as->pt_pages >= PT_PAGES_PER_TASK)
			return 0;
		uint64_t *next = kpool_alloc();
		if (!next)
			return 0;
		as->pt_pages++;
		*pte = PA_TO_PTE(kva2pa_physmap(next)) | PTE_V;
		table = next;
	}
	return &table[VPN(va, stop)];
}

/* lookup_at's slot, allocating the tables above it. NULL under a superpage or when
 * allocation hit the quota / pool limit. */
static inline __attribute__((always_inline)) uint64_t *walk_at(struct aspace *as, uint64_t va, int stop)
{
	uint64_t *slot = lookup_at(as, va, stop);
	return slot ? slot : walk_alloc(as, va, stop);
}

static inline __attribute__((always_inline)) uint64_t *walk(struct aspace *as, uint64_t va) { return walk_at(as, va, 0); }

/* Does replacing pte `old` by `new` take anything away (a frame, a right) that a TLB
 * may still hold? Filling an empty entry or adding rights does not: a hart that still
 * has the old entry faults, and the fault is retried (vm_fault_is_stale). */
static int takes_away(uint64_t old, uint64_t new)
{
	if (!(old & PTE_V))
		return 0;
	return !(new & PTE_V) || PTE_TO_PA(old) != PTE_TO_PA(new) || (old & PTE_PERMS & ~new);
}

/* Make the leaf entry at pte map pa with perms (user, accessed, dirty): as vm_map. */
static inline int set_leaf(uint64_t *pte, uint64_t pa, uint64_t perms)
{
	uint64_t old = *pte;
	*pte = PA_TO_PTE(pa) | (perms & PTE_PERMS) | PTE_V | PTE_U | PTE_A | PTE_D;
	return takes_away(old, *pte);
}

int vm_map(struct aspace *as, uint64_t va, uint64_t pa, uint64_t perms)
{
	uint64_t *pte = walk(as, va);
	return pte ? set_leaf(pte, pa, perms) : -KE_NOMEM;
}

int vm_map_present(struct aspace *as, uint64_t va, uint64_t pa, uint64_t perms)
{
	uint64_t *pte = lookup(as, va);
	return pte ? set_leaf(pte, pa, perms) : -KE_NOENT;
}

int vm_map_empty(struct aspace *as, uint64_t va, uint64_t pa, uint64_t perms)
{
	uint64_t *pte = walk(as, va);
	if (!pte || (*pte & PTE_V))
		return 0;
	set_leaf(pte, pa, perms);
	return 1;
}

int vm_unmap(struct aspace *as, uint64_t va)
{
	uint64_t *pte = lookup(as, va);
	if (!pte)
		return 0;
	uint64_t old = *pte;
	*pte = 0;
	return takes_away(old, 0);
}

/* The 2 MiB at `from` (both aligned) goes to `to` whole: its leaf table, if any, is
 * hung at to's entry and from's entry emptied; a table that was at `to` is freed with
 * its mappings. 1 if an entry changed (a hart's walk cache may hold the old ones), 0 if
 * neither had a table. */
static int move_table(struct aspace *as, uint64_t from, uint64_t to)
{
	uint64_t *src = lookup_at(as, from, 1), moved = src ? *src : 0;
	uint64_t *dst = moved ? walk_at(as, to, 1) : lookup_at(as, to, 1), old = dst ? *dst : 0;
	if (!moved && !old)
		return 0;
	if (!dst)
		panic("vm_move: no level-1 table after its quota check");
	*dst = moved;
	if (src)
		*src = 0;
	if (old) {
		kpool_free(pa2kva(PTE_TO_PA(old)));
		as->pt_pages--;
	}
	return 1;
}

/* n pages at `from` go to `to`, each run within one leaf table at both: entry by entry,
 * from's leaf table and to's looked up once. 1 if something a TLB may hold went away. */
static int move_entries(struct aspace *as, uint64_t from, uint64_t to, uint64_t n)
{
	uint64_t *src = lookup(as, from), *dst;
	int away = 0;
	if (!src) {   /* nothing mapped at from: to's entries are emptied */
		if (!(dst = lookup(as, to)))
			return 0;
		for (uint64_t i = 0; i < n; i++)
			away |= takes_away(dst[i], 0), dst[i] = 0;
		return away;
	}
	if (!(dst = walk(as, to)))
		panic("vm_move: no leaf table after its quota check");
	for (uint64_t i = 0; i < n; i++) {
		uint64_t pte = src[i], old = dst[i];
		dst[i] = pte ? PA_TO_PTE(PTE_TO_PA(pte)) | (pte & PTE_PERMS) | PTE_V | PTE_U | PTE_A | PTE_D : 0;
		src[i] = 0;
		away |= takes_away(old, dst[i]) | takes_away(pte, 0);
	}
	return away;
}

int vm_move(struct aspace *as, uint64_t from, uint64_t to, uint64_t npages)
{
	const uint64_t per_table = MEGAPAGE / PGSIZE;
	int away = 0;
	while (npages) {
		uint64_t n = per_table - VPN(from, 0);
		if (per_table - VPN(to, 0) < n)
			n = per_table - VPN(to, 0);
		if (npages < n)
			n = npages;
		if (n == per_table)
			away |= move_table(as, from, to);   /* both aligned: the whole table */
		else
			away |= move_entries(as, from, to, n);
		from += n * PGSIZE, to += n * PGSIZE, npages -= n;
	}
	return away;
}

int vm_protect(struct aspace *as, uint64_t va, uint64_t npages, uint64_t perms)
{
	for (uint64_t i = 0; i < npages; i++) {
		const uint64_t *pte = lookup(as, va + i * PGSIZE);
		if (!pte || !(*pte & PTE_V))
			return -KE_NOENT;
	}
	int away = 0;
	for (uint64_t i = 0; i < npages; i++) {
		uint64_t *pte = lookup(as, va + i * PGSIZE), old = *pte;
		*pte = (old & ~PTE_PERMS) | (perms & PTE_PERMS);
		away |= takes_away(old, *pte);
	}
	return away;
}

int vm_fault_is_stale(const struct aspace *as, uint64_t va, uint64_t need)
{
	uint64_t *pte = va < USER_TOP ? lookup(as, va) : 0;
	if (!pte || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U) || (*pte & need) != need)
		return 0;
	__asm__ volatile("sfence.vma %0, %1" :: "r"(va), "r"((uint64_t)as->asid) : "memory");
	return 1;
}

uint64_t vm_query(const struct aspace *as, uint64_t va)
{
	uint64_t *pte = lookup(as, va);
	return (pte && (*pte & PTE_V)) ? *pte : 0;
}

void vm_flush(struct aspace *as)
{
	shootdown(as);
}

/* Find the page for uva with the VM window's megapages handled too. */
void *user_page(const struct aspace *as, uint64_t uva, uint64_t need)
{
	if (uva >= USER_TOP)
		return 0;
	const uint64_t *table = as->root;
	for (int level = 2; level >= 0; level--) {
		uint64_t pte = table[VPN(uva, level)];
		if (!(pte & PTE_V))
			return 0;
		if (pte & PTE_PERMS) {
			if (!(pte & PTE_U) || (pte & need) != need)
				return 0;
			uint64_t span = 1UL << (12 + 9 * level);
			uint64_t pa = PTE_TO_PA(pte) + ((uva & (span - 1)) & ~(PGSIZE - 1));
			return pa2kva(pa);
		}
		if (level == 0)
			return 0;
		table = pa2kva(PTE_TO_PA(pte));
	}
	return 0;
}

/* Copy len bytes from user address uva of as into the kernel, checking every page is
 * mapped readable with U; -KE_FAULT otherwise. */
int copy_from_user(const struct aspace *as, void *dst, uint64_t uva, size_t len)
{
	char *d = dst;
	while (len) {
		const char *page = user_page(as, uva, PTE_R);
		if (!page)
			return -KE_FAULT;
		size_t off = uva & (PGSIZE - 1), n = PGSIZE - off;
		if (n > len)
			n = len;
		memcpy(d, page + off, n);
		d += n, uva += n, len -= n;
	}
	return 0;
}

/* How many page-table pages mapping [va, va + npages pages) would add. */
uint32_t vm_tables_needed(const struct aspace *as, uint64_t va, uint64_t npages)
{
	uint32_t need = 0;
	uint64_t end = va + npages * PGSIZE;
	uint64_t last_l1 = ~0UL;
	for (uint64_t chunk = va & ~(MEGAPAGE - 1); chunk < end; chunk += MEGAPAGE) {
		uint64_t l2e = as->root[VPN(chunk, 2)];
		if (!(l2e & PTE_V)) {
			if ((chunk >> 30) != last_l1)
				need++;          /* a level-1 table for this GiB */
			last_l1 = chunk >> 30;
			need++;              /* and a leaf table for this 2 MiB */
			continue;
		}
		if (l2e & PTE_PERMS)
			continue;
		const uint64_t *l1 = pa2kva(PTE_TO_PA(l2e));
		if (!(l1[VPN(chunk, 1)] & PTE_V))
			need++;
	}
	return need;
}

/* Is any page of the range covered by a superpage (the VM server's window)? */
int vm_range_has_superpage(const struct aspace *as, uint64_t va, uint64_t npages)
{
	uint64_t end = va + npages * PGSIZE;
	for (uint64_t chunk = va & ~(MEGAPAGE - 1); chunk < end; chunk += MEGAPAGE) {
		uint64_t l2e = as->root[VPN(chunk, 2)];
		if (!(l2e & PTE_V))
			continue;
		if (l2e & PTE_PERMS)
			return 1;
		const uint64_t *l1 = pa2kva(PTE_TO_PA(l2e));
		uint64_t l1e = l1[VPN(chunk, 1)];
		if ((l1e & PTE_V) && (l1e & PTE_PERMS))
			return 1;
	}
	return 0;
}

/* Map [pa, pa+size) at va with 2 MiB pages where both are aligned, else 4 KiB pages.
 * Used once at boot for the VM server's window onto the memory it owns. */
int vm_map_window(struct aspace *as, uint64_t va, uint64_t pa, uint64_t size)
{
	const uint64_t leaf = PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D;
	while (size) {
		if ((va & (MEGAPAGE - 1)) == 0 && (pa & (MEGAPAGE - 1)) == 0 && size >= MEGAPAGE) {
			uint64_t *l2e = &as->root[VPN(va, 2)];
			if (!(*l2e & PTE_V)) {
				uint64_t *t = kpool_alloc();
				if (!t)
					return -KE_NOMEM;
				as->pt_pages++;
				*l2e = PA_TO_PTE(kva2pa_physmap(t)) | PTE_V;
			}
			uint64_t *l1 = pa2kva(PTE_TO_PA(*l2e));
			l1[VPN(va, 1)] = PA_TO_PTE(pa) | leaf;
			va += MEGAPAGE, pa += MEGAPAGE, size -= MEGAPAGE;
			continue;
		}
		int err = vm_map(as, va, pa, PTE_R | PTE_W);
		if (err < 0)
			return err;
		va += PGSIZE, pa += PGSIZE, size -= PGSIZE;
	}
	return 0;
}
