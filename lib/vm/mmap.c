/* mmap.c - mmap (Linux's do_mmap and mmap_region), munmap, brk, placement and rlimits.
 *
 * mmap_region runs as phases over one struct mmap_state, as current Linux does, but with
 * every check, charge, allocation and the file's hook before the point of no return:
 *
 *   gather   what [addr, end) overlaps: pages, accounted/locked pages, which VMAs, whether
 *            one VMA must split in three (the VMA limit is checked here)   (seed step 2)
 *   limits   may_expand_vm with only the net growth counted                (seed step 1)
 *            accountable_mapping + the overcommit check on the net charge (seed step 3)
 *   nodes    the node for a three-way split
 *   file     the file's mmap hook on a descriptor (may refuse or adjust flags), or the
 *            shared anonymous object with its commit charge               (seed step 5)
 *   merge    decide prev/next/both/none on the neighbours as they will be  (seed step 4)
 *            and take the node for a new VMA if no merge
 *   ---- point of no return: nothing below can fail ----
 *   commit   unmap the overlap, merge or link                              (seed step 6)
 *            statistics, locked_vm, soft-dirty                             (seed step 7)
 *
 * A failure before commit undoes exactly what was done (charge, nodes, object), so the
 * address space, every counter and sys->committed are as before. docs/vm.md compares
 * this with Linux, which gathers (and splits) first and leaves a gap when a hook or an
 * allocation fails after it has cleared the old range.
 */
#include "vm_internal.h"
#include "base/mem.h"

void vm_mm_init(struct vm_mm *mm, struct vm_sys *sys, const struct vm_env *env,
                uint64_t task_size)
{
	memset(mm, 0, sizeof *mm);
	mm->sys = sys;
	mm->env = env;
	mm->task_size = task_size;
	mm->max_map_count = 65530;
	mm->stack_guard_gap = 256ull << VM_PAGE_SHIFT;
	mm->mmap_min_addr = VM_PAGE_SIZE;
	mm->mmap_base = task_size - (128ull << 20) - mm->stack_guard_gap;
	mm->thp_align = true;
	for (int i = 0; i < VM_RLIMIT_NR; i++)
		mm->rlim[i] = (struct vm_rlimit){VM_RLIM_INFINITY, VM_RLIM_INFINITY};
	mm->rlim[VM_RLIMIT_STACK].cur = 8ull << 20;
	mm->rlim[VM_RLIMIT_MEMLOCK] = (struct vm_rlimit){8ull << 20, 8ull << 20};
}

void vm_mm_destroy(struct vm_mm *mm)
{
	struct vm_area *v;
	while ((v = vt_first(mm))) {
		struct vm_unmap u;
		vm_unmap_gather(mm, v->start, v->end, &u);
		vm_unmap_commit(mm, &u, 0, true);
	}
}

/* ---- lookups ---- */

struct vm_area *vm_find_vma(struct vm_mm *mm, uint64_t addr) { return vt_find(mm, addr); }
struct vm_area *vm_first(struct vm_mm *mm) { return vt_first(mm); }
struct vm_area *vm_next(struct vm_mm *mm, struct vm_area *v) { return vt_next(mm, v); }
struct vm_area *vm_prev(struct vm_mm *mm, struct vm_area *v) { return vt_prev(mm, v); }

struct vm_area *vm_find_vma_prev(struct vm_mm *mm, uint64_t addr, struct vm_area **prev)
{
	struct vm_area *v = vt_find(mm, addr);
	*prev = v ? vt_prev(mm, v) : vt_last(mm);
	return v;
}

struct vm_area *vm_find_intersection(struct vm_mm *mm, uint64_t start, uint64_t end)
{
	struct vm_area *v = vt_find(mm, start);
	return v && v->start < end ? v : 0;
}

/* ---- rlimits ---- */

int vm_getrlimit(struct vm_mm *mm, unsigned res, struct vm_rlimit *out)
{
	if (res >= VM_RLIMIT_NR)
		return -VM_EINVAL;
	*out = mm->rlim[res];
	return 0;
}

int vm_setrlimit(struct vm_mm *mm, unsigned res, struct vm_rlimit lim)
{
	if (res >= VM_RLIMIT_NR || lim.cur > lim.max)
		return -VM_EINVAL;
	if (lim.max > mm->rlim[res].max && !mm->cap_sys_resource)
		return -VM_EPERM;
	mm->rlim[res] = lim;
	return 0;
}

/* ---- placement ---- */

/* Linux's __get_unmapped_area with the generic top-down allocator (and its bottom-up
 * fallback), the THP alignment of anonymous maps whose length is a multiple of 2 MiB
 * (the start lands at pgoff's offset modulo 2 MiB: mremap passes the moved pages'),
 * and the final checks. */
int64_t vm_get_unmapped_area(struct vm_mm *mm, struct vm_file *file, uint64_t addr,
                             uint64_t len, uint64_t pgoff, uint64_t flags)
{
	if (len > mm->task_size || len > mm->task_size - mm->mmap_min_addr)
		return -VM_ENOMEM;
	if (!(flags & VM_MAP_FIXED)) {
		int64_t found = -VM_ENOMEM;
		if (addr) {
			addr = PAGE_ALIGN_UP(addr);
			struct vm_area *prev, *v = vm_find_vma_prev(mm, addr, &prev);
			if (addr && mm->task_size - len >= addr && addr >= mm->mmap_min_addr &&
			    (!v || addr + len <= vt_start_gap(mm, v)) && (!prev || addr >= prev->end))
				return (int64_t)addr;
		} else if (mm->thp_align && !file && !(flags & VM_MAP_SHARED) &&
		           !(len & (VM_PMD_SIZE - 1))) {
			/* Search for len + 2 MiB, then take the highest aligned start in it. */
			int64_t r = vt_unmapped_area(mm, len + VM_PMD_SIZE, VM_PAGE_SIZE, mm->mmap_base,
			                             0, 0, true);
			if (r >= 0) {
				uint64_t a = (uint64_t)r;
				uint64_t sub = ((pgoff << VM_PAGE_SHIFT) - a) & (VM_PMD_SIZE - 1);
				found = (int64_t)(sub ? a + sub : a + VM_PMD_SIZE);
			}
		}
		if (found < 0)
			found = vt_unmapped_area(mm, len, VM_PAGE_SIZE, mm->mmap_base, 0, 0, true);
		if (found < 0)
			found = vt_unmapped_area(mm, len, PAGE_ALIGN_UP(mm->task_size / 3),
			                         mm->task_size, 0, 0, false);
		if (found < 0)
			return found;
		addr = (uint64_t)found;
	}
	if (addr > mm->task_size - len)
		return -VM_ENOMEM;
	if (addr & ~VM_PAGE_MASK)
		return -VM_EINVAL;
	if (addr < mm->mmap_min_addr)
		return -VM_EPERM;
	return (int64_t)addr;
}

/* ---- mmap_region ---- */

enum { MERGE_NONE, MERGE_PREV, MERGE_NEXT, MERGE_BOTH };

struct mmap_state {
	struct vm_mm *mm;
	uint64_t addr, end, pglen, pgoff, flags;
	struct vm_file *file;        /* the caller's file, or the shared anonymous object */
	bool own_file;               /* made here: ours to give to the VMA or to drop */
	struct vm_unmap vms;         /* what [addr, end) overlaps */
	struct vma_desc prev, next;  /* the neighbours once the overlap is gone */
	bool have_prev, have_next;
	struct vm_area *pv, *nv;     /* the VMAs either side of addr when nothing overlaps */
	uint64_t charged;            /* pages charged to sys->committed here */
	uint64_t shmem_charged;      /* the shared anonymous object's charge */
	struct vm_area *spare;       /* node for the three-way split */
	struct vm_area *vma;         /* node for the new VMA */
	int merge;
};

/* Phase gather: the overlapped VMAs, and the neighbours as they will be after them. */
static int mmap_gather(struct mmap_state *st)
{
	struct vm_mm *mm = st->mm;
	vm_unmap_gather(mm, st->addr, st->end, &st->vms);
	if (st->vms.split3 && mm->map_count >= mm->max_map_count)
		return -VM_ENOMEM;
	struct vm_area *f = st->vms.first, *l = st->vms.last, *p, *n;
	if (f) {
		p = f->start < st->addr ? f : vt_prev(mm, f);
		n = l->end > st->end ? l : vt_next(mm, l);
	} else {
		n = st->vms.above;
		p = n ? vt_prev(mm, n) : vt_last(mm);
		st->pv = p, st->nv = n;
	}
	if (p && (p->end >= st->addr)) {
		st->prev = vma_describe(p);
		st->prev.end = st->addr;               /* the part below addr, if p overlaps */
		st->have_prev = st->prev.start < st->prev.end;
	}
	if (n && n->start <= st->end) {
		st->next = vma_describe(n);
		if (n->start < st->end) {              /* the part above end */
			st->next.pgoff += PAGES(st->end - n->start);
			st->next.start = st->end;
		}
		st->have_next = st->next.start < st->next.end;
	}
	return 0;
}

/* A private writable mapping that is not MAP_NORESERVE is charged (accountable_mapping). */
static bool accountable(uint64_t flags)
{
	return (flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/* Phase limits: RLIMIT_AS on the net growth, then the commit charge (net of the
 * accounted pages being replaced, which the new VMA takes over). */
static int mmap_limits(struct mmap_state *st)
{
	struct vm_mm *mm = st->mm;
	if (!vm_may_expand(mm, st->flags, st->pglen - st->vms.nr_pages))
		return -VM_ENOMEM;
	if (accountable(st->flags)) {
		uint64_t charge = st->pglen - st->vms.nr_accounted;
		if (charge && vm_acct(mm, charge) < 0)
			return -VM_ENOMEM;
		st->charged = charge;
		st->flags |= VM_ACCOUNT;
	}
	return 0;
}

/* What the file's hook may change in the flags. */
#define HOOK_MAY_CLEAR (VM_MAYWRITE | VM_MAYEXEC | VM_MAYSHARE)
#define HOOK_MAY_SET   (VM_DONTEXPAND | VM_IO | VM_PFNMAP | VM_MIXEDMAP | VM_DONTCOPY | \
                        VM_NOHUGEPAGE | VM_SEQ_READ | VM_RAND_READ)

/* Phase file: ask the file's hook, or make the shared anonymous object. */
static int mmap_file(struct mmap_state *st)
{
	struct vm_mm *mm = st->mm;
	const struct vm_env *env = mm->env;
	if (st->file) {
		struct vm_mmap_desc d = {mm, st->addr, st->end, st->pgoff, st->flags, st->file};
		if (vm_injected(mm, VM_INJ_FILEHOOK))
			return -VM_ENODEV;
		if (env->file_mmap) {
			int r = env->file_mmap(env->ctx, &d);
			if (r < 0)
				return r;
			uint64_t cleared = st->flags & ~d.flags & HOOK_MAY_CLEAR &
			                   ~((st->flags & VM_ACCESS_FLAGS) << 4);
			uint64_t set = d.flags & ~st->flags & HOOK_MAY_SET;
			st->flags = (st->flags & ~cleared) | set;
		}
		return 0;
	}
	if (!(st->flags & VM_SHARED))
		return 0;
	/* MAP_SHARED|MAP_ANONYMOUS: a new object charged for its whole size (Linux's
	 * shmem_zero_setup with shmem_acct_size). */
	if (!(st->flags & VM_NORESERVE)) {
		if (vm_acct(mm, st->pglen) < 0)
			return -VM_ENOMEM;
		st->shmem_charged = st->pglen;
	}
	int r = -VM_ENOMEM;
	if (!vm_injected(mm, VM_INJ_SHMEM) && env->shmem_create)
		r = env->shmem_create(env->ctx, mm, st->end - st->addr, st->flags, &st->file);
	if (r < 0) {
		st->file = 0;
		return r;
	}
	st->own_file = true;
	st->shmem_charged = 0;             /* the object owns its charge now */
	st->pgoff = 0;
	return 0;
}

/* Phase merge: Linux's vma_merge_new_range on the neighbours-to-be. */
static int mmap_decide(struct mmap_state *st)
{
	struct vma_desc r = {st->addr, st->end, st->flags, st->pgoff, 0, st->file, false};
	bool left = st->have_prev && vma_can_merge(&st->prev, &r);
	bool right = st->have_next && vma_can_merge(&r, &st->next);
	if ((st->flags & VM_SPECIAL) || st->own_file)
		left = right = false;
	if (left && right && !vma_anon_compatible(&st->prev, &st->next))
		right = false;
	st->merge = left && right ? MERGE_BOTH : left ? MERGE_PREV : right ? MERGE_NEXT : MERGE_NONE;
	if (st->merge == MERGE_NONE && !(st->vma = vm_node_alloc(st->mm, VM_INJ_NEWVMA)))
		return -VM_ENOMEM;
	return 0;
}

/* Undo what the phases before the point of no return did. */
static void mmap_unwind(struct mmap_state *st)
{
	struct vm_mm *mm = st->mm;
	vm_node_free(mm, st->vma);
	vm_node_free(mm, st->spare);
	if (st->own_file)
		vm_file_put(mm, st->file);         /* the object's death gives its charge back */
	if (st->shmem_charged)
		vm_unacct(mm, st->shmem_charged);
	if (st->charged)
		vm_unacct(mm, st->charged);
}

/* Phase commit: cannot fail. */
static struct vm_area *mmap_commit(struct mmap_state *st)
{
	struct vm_mm *mm = st->mm;
	struct vm_area *next = st->nv, *prev = st->pv, *vma;
	if (st->vms.first) {                   /* else the tree is as mmap_gather saw it */
		vm_unmap_commit(mm, &st->vms, st->spare, !(st->flags & VM_ACCOUNT));
		next = vt_find(mm, st->addr);
		prev = next ? vt_prev(mm, next) : vt_last(mm);
	}
	switch (st->merge) {
	case MERGE_BOTH:
		if (!prev->anon)
			prev->anon = next->anon;
		prev->end = next->end;
		vt_erase(mm, next);                /* sets the gap above from prev's new end */
		vm_vma_destroy(mm, next);
		vma = prev;
		break;
	case MERGE_PREV:
		prev->end = st->end;
		vt_update_end(mm, prev);
		vma = prev;
		break;
	case MERGE_NEXT:
		next->start = st->addr;
		next->pgoff = st->pgoff;
		vt_update_start(mm, next);
		vma = next;
		break;
	default:
		vma = st->vma;
		vma->start = st->addr;
		vma->end = st->end;
		vma->flags = st->flags;
		vma->pgoff = st->pgoff;
		vma->file = st->file;
		if (st->file && !st->own_file)
			vm_file_get(mm, st->file);
		vt_insert(mm, vma);
		break;
	}
	vm_stat_account(mm, vma->flags, (int64_t)st->pglen);
	if (vma->flags & VM_LOCKED) {
		if (vma->flags & VM_SPECIAL)
			vma->flags &= ~VM_LOCKED_MASK;
		else
			mm->locked_vm += st->pglen;
	}
	vma->flags |= VM_SOFTDIRTY;            /* new or grown: soft-dirty (seed step 7) */
	return vma;
}

static int64_t mmap_region(struct vm_mm *mm, struct vm_file *file, uint64_t addr,
                           uint64_t len, uint64_t flags, uint64_t pgoff)
{
	/* Field by field: vms, prev, next, pv and nv are mmap_gather's to fill (prev and next
	 * read only when have_prev and have_next, pv and nv only when nothing overlaps). */
	struct mmap_state st;
	st.mm = mm, st.addr = addr, st.end = addr + len, st.pglen = PAGES(len);
	st.pgoff = pgoff, st.flags = flags, st.file = file, st.own_file = false;
	st.have_prev = st.have_next = false;
	st.charged = st.shmem_charged = 0;
	st.spare = st.vma = 0;
	st.merge = MERGE_NONE;
	int r = mmap_gather(&st);
	if (!r)
		r = mmap_limits(&st);
	if (!r && st.vms.split3 && !(st.spare = vm_node_alloc(mm, VM_INJ_SPLIT)))
		r = -VM_ENOMEM;
	if (!r)
		r = mmap_file(&st);
	if (!r)
		r = mmap_decide(&st);
	if (r) {
		mmap_unwind(&st);
		return r;
	}
	/* ---- point of no return ---- */
	mmap_commit(&st);
	return (int64_t)addr;
}

/* ---- mmap ---- */

static uint64_t prot_to_flags(uint64_t prot)
{
	return (prot & VM_PROT_READ ? VM_READ : 0) | (prot & VM_PROT_WRITE ? VM_WRITE : 0) |
	       (prot & VM_PROT_EXEC ? VM_EXEC : 0);
}

/* The checks of Linux's mmap system call, ksys_mmap_pgoff and do_mmap, in their order. */
int64_t vm_mmap(struct vm_mm *mm, uint64_t addr, uint64_t len, uint64_t prot,
                uint64_t flags, struct vm_file *file, uint64_t off)
{
	if (off & ~VM_PAGE_MASK)
		return -VM_EINVAL;
	uint64_t pgoff = PAGES(off);
	if (flags & VM_MAP_ANONYMOUS)
		file = 0;
	else if (!file)
		return -VM_EBADF;
	if (flags & VM_MAP_HUGETLB)            /* no huge pages here (docs/vm.md) */
		return -VM_EINVAL;
	if (!len)
		return -VM_EINVAL;
	if (flags & VM_MAP_FIXED_NOREPLACE)
		flags |= VM_MAP_FIXED;
	uint64_t hint = addr;
	if (!(flags & VM_MAP_FIXED)) {         /* round_hint_to_min */
		hint &= VM_PAGE_MASK;
		if (hint && hint < mm->mmap_min_addr)
			hint = PAGE_ALIGN_UP(mm->mmap_min_addr);
	}
	len = PAGE_ALIGN_UP(len);
	if (!len)
		return -VM_ENOMEM;
	if (pgoff + PAGES(len) < pgoff)
		return -VM_EOVERFLOW;
	if (mm->map_count > mm->max_map_count)
		return -VM_ENOMEM;

	uint64_t vmf = prot_to_flags(prot) | mm->def_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (flags & VM_MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	if (flags & VM_MAP_LOCKED)
		vmf |= VM_LOCKED;
	if (flags & VM_MAP_STACK)
		vmf |= VM_NOHUGEPAGE;
	if (flags & VM_MAP_SYNC)               /* even where it means nothing, as Linux */
		vmf |= VM_SYNC;

	int64_t a = vm_get_unmapped_area(mm, file, hint, len, pgoff, flags);
	if (a < 0)
		return a;
	addr = (uint64_t)a;
	if ((flags & VM_MAP_FIXED_NOREPLACE) && vm_find_intersection(mm, addr, addr + len))
		return -VM_EEXIST;
	if ((flags & VM_MAP_LOCKED) && !vm_can_do_mlock(mm))
		return -VM_EPERM;
	if (!vm_mlock_future_ok(mm, vmf, len))
		return -VM_EAGAIN;

	if (file) {
		unsigned mode = mm->env->file_mode ? mm->env->file_mode(mm->env->ctx, file) : 0;
		const uint64_t maxsize = UINT64_MAX >> 1;   /* MAX_LFS_FILESIZE */
		if (len > maxsize || pgoff > (maxsize - len) >> VM_PAGE_SHIFT)
			return -VM_EOVERFLOW;
		switch (flags & VM_MAP_TYPE) {
		case VM_MAP_SHARED:
			flags &= VM_MAP_LEGACY_MASK;   /* unknown flags silently ignored */
			/* fall through */
		case VM_MAP_SHARED_VALIDATE:
			if (flags & ~(VM_MAP_LEGACY_MASK | (mode & VM_FMODE_MMAP_SYNC ? VM_MAP_SYNC : 0)))
				return -VM_EOPNOTSUPP;
			if ((prot & VM_PROT_WRITE) && !(mode & VM_FMODE_WRITE))
				return -VM_EACCES;
			if ((mode & VM_FMODE_APPEND) && (mode & VM_FMODE_WRITE))
				return -VM_EACCES;
			vmf |= VM_SHARED | VM_MAYSHARE;
			if (!(mode & VM_FMODE_WRITE))
				vmf &= ~(VM_MAYWRITE | VM_SHARED);
			/* fall through */
		case VM_MAP_PRIVATE:
			if (!(mode & VM_FMODE_READ))
				return -VM_EACCES;
			if (mode & VM_FMODE_NOEXEC) {
				if (vmf & VM_EXEC)
					return -VM_EPERM;
				vmf &= ~VM_MAYEXEC;
			}
			if (mode & VM_FMODE_NOMMAP)
				return -VM_ENODEV;
			if (vmf & VM_GROWSDOWN)
				return -VM_EINVAL;
			break;
		default:
			return -VM_EINVAL;
		}
	} else {
		switch (flags & VM_MAP_TYPE) {
		case VM_MAP_SHARED:
			if (vmf & VM_GROWSDOWN)
				return -VM_EINVAL;
			pgoff = 0;
			vmf |= VM_SHARED | VM_MAYSHARE;
			break;
		case VM_MAP_PRIVATE:
			pgoff = PAGES(addr);           /* the anon page number at creation */
			break;
		default:
			return -VM_EINVAL;
		}
	}
	if ((flags & VM_MAP_NORESERVE) && mm->sys->overcommit != VM_OVERCOMMIT_NEVER)
		vmf |= VM_NORESERVE;

	a = mmap_region(mm, file, addr, len, vmf, pgoff);
	if (a >= 0 && ((vmf & VM_LOCKED) ||
	               (flags & (VM_MAP_POPULATE | VM_MAP_NONBLOCK)) == VM_MAP_POPULATE))
		vm_populate_range(mm, addr, addr + len, true);   /* errors ignored, as Linux */
	return a;
}

/* ---- munmap ---- */

static int do_munmap(struct vm_mm *mm, uint64_t start, uint64_t end)
{
	struct vm_unmap u;
	struct vm_area *spare = 0;
	vm_unmap_gather(mm, start, end, &u);
	if (!u.first)
		return 0;
	if (u.split3) {
		if (mm->map_count >= mm->max_map_count)
			return -VM_ENOMEM;
		if (!(spare = vm_node_alloc(mm, VM_INJ_SPLIT)))
			return -VM_ENOMEM;
	}
	vm_unmap_commit(mm, &u, spare, true);
	return 0;
}

int vm_munmap(struct vm_mm *mm, uint64_t addr, uint64_t len)
{
	if ((addr & ~VM_PAGE_MASK) || addr > mm->task_size || len > mm->task_size - addr)
		return -VM_EINVAL;
	len = PAGE_ALIGN_UP(len);
	if (!len)
		return -VM_EINVAL;
	return do_munmap(mm, addr, addr + len);
}

/* ---- brk ---- */

/* Linux's do_brk_flags: grow the heap by [addr, addr + len), merging with the heap VMA. */
static int do_brk(struct vm_mm *mm, struct vm_area *brkvma, uint64_t addr, uint64_t len)
{
	uint64_t flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT |
	                 mm->def_flags;
	uint64_t pages = PAGES(len);
	if (!vm_may_expand(mm, flags, pages))
		return -VM_ENOMEM;
	if (mm->map_count > mm->max_map_count)
		return -VM_ENOMEM;
	if (vm_acct(mm, pages) < 0)
		return -VM_ENOMEM;
	struct vma_desc r = {addr, addr + len, flags, PAGES(addr), 0, 0, false};
	struct vm_area *vma = 0;
	if (brkvma && brkvma->end == addr) {
		struct vma_desc p = vma_describe(brkvma);
		if (vma_can_merge(&p, &r)) {
			brkvma->end = addr + len;
			vt_update_end(mm, brkvma);
			vma = brkvma;
		}
	}
	if (!vma) {
		if (!(vma = vm_node_alloc(mm, VM_INJ_NEWVMA))) {
			vm_unacct(mm, pages);
			return -VM_ENOMEM;
		}
		vma->start = addr;
		vma->end = addr + len;
		vma->flags = flags;
		vma->pgoff = PAGES(addr);
		vt_insert(mm, vma);
	}
	mm->total_vm += pages;
	mm->data_vm += pages;
	if (flags & VM_LOCKED)
		mm->locked_vm += pages;
	vma->flags |= VM_SOFTDIRTY;
	return 0;
}

uint64_t vm_brk(struct vm_mm *mm, uint64_t brk)
{
	uint64_t old = mm->brk;
	if (brk < mm->start_brk)
		return old;
	const struct vm_rlimit *d = &mm->rlim[VM_RLIMIT_DATA];
	if (d->cur != VM_RLIM_INFINITY &&
	    (brk - mm->start_brk) + (mm->end_data - mm->start_data) > d->cur)
		return old;
	uint64_t newbrk = PAGE_ALIGN_UP(brk), oldbrk = PAGE_ALIGN_UP(mm->brk);
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {                      /* shrinking is always allowed */
		struct vm_area *v = vm_find_intersection(mm, newbrk, oldbrk);
		if (!v || v->start >= oldbrk)
			return old;
		if (do_munmap(mm, newbrk, oldbrk) < 0)
			return old;
		mm->brk = brk;
		return brk;
	}
	if (vm_get_unmapped_area(mm, 0, oldbrk, newbrk - oldbrk, 0, VM_MAP_FIXED) < 0 ||
	    !vm_mlock_future_ok(mm, mm->def_flags, newbrk - oldbrk))
		return old;
	/* Keep a page and the stack guard below the next VMA. */
	struct vm_area *next = vt_find(mm, oldbrk);
	if (next && next->start < newbrk + VM_PAGE_SIZE + mm->stack_guard_gap &&
	    newbrk + VM_PAGE_SIZE > vt_start_gap(mm, next))
		return old;
	struct vm_area *brkvma = next ? vt_prev(mm, next) : vt_last(mm);
	if (brkvma && brkvma->end <= mm->start_brk)
		brkvma = 0;
	if (do_brk(mm, brkvma, oldbrk, newbrk - oldbrk) < 0)
		return old;
	mm->brk = brk;
	if (mm->def_flags & VM_LOCKED)
		vm_populate_range(mm, oldbrk, newbrk, true);
	return brk;
}
