/* mremap.c - Linux 6.18's mremap: resize a mapping in place or move it elsewhere, its
 * frames moved (never copied) by vm_env.move_pages.
 *
 * The checks come in Linux's order (check_mremap_params, the VMA lookup, check_prep_vma),
 * then one of:
 *   same size       nothing
 *   shrink          munmap the tail (which may cross VMAs)
 *   grow in place   the range ends its VMA and the space above is free: extend the VMA,
 *                   merging it with the next one when Linux would
 *   move            MAYMOVE without room, FIXED, DONTUNMAP, or old_len 0 on a shared
 *                   mapping; a FIXED move of the same size walks every VMA of the range
 *                   (Linux 6.17's multi-VMA move), keeping the holes between them
 * A move runs in phases over one struct move_state, everything that can fail first:
 *   gather   the FIXED target and a shrink's tail to unmap (and their VMA-limit checks)
 *   limits   as Linux, with the counters those unmaps will leave: DONTUNMAP's RLIMIT_AS,
 *            the new place, the VMA limit, the commit charge of the growth
 *   nodes    every node the commit may need: the new VMA, the splits of the target, of
 *            the tail and of the old range (the unused ones are freed at the end)
 *   ---- point of no return ----
 *   commit   unmap the target and the tail, link the new VMA (or merge it with its new
 *            neighbours), move the frames, unmap the old range (its charge and lock go to
 *            the new VMA) or, for DONTUNMAP, keep it mapped, empty and unlocked
 *   populate what a locked mapping grew by (errors ignored, as Linux)
 * Linux unmaps the FIXED target and the tail before some of its checks and leaves them
 * unmapped when those fail; here a failure changes nothing (docs/vm.md).
 */
#include "vm_internal.h"

#define MREMAP_KNOWN (VM_MREMAP_MAYMOVE | VM_MREMAP_FIXED | VM_MREMAP_DONTUNMAP)

struct move_state {
	struct vm_mm *mm;
	uint64_t addr, old_len, new_len, flags, new_addr;
	uint64_t vflags;              /* the flags of the VMA holding addr */
	uint64_t pgoff;               /* the file page (or anon page number) of addr */
	struct vm_file *file;
	struct vm_unmap tgt, tail;    /* FIXED's target; a shrink's tail */
	uint64_t charged;             /* pages charged to sys->committed here */
	struct vm_area *pool[4];      /* nodes for the commit */
	int npool;
};

static bool implies_new_addr(uint64_t flags)
{
	return flags & (VM_MREMAP_FIXED | VM_MREMAP_DONTUNMAP);
}

/* Linux's check_prep_vma: may [addr, addr + old_len) of vma become new_len bytes (in
 * place or elsewhere)? 0 or the errno, nothing changed. */
static int check_vma(struct vm_mm *mm, struct vm_area *vma, uint64_t addr, uint64_t old_len,
                     uint64_t new_len, uint64_t flags)
{
	if (new_len <= old_len && !implies_new_addr(flags))
		return 0;                          /* shrink or nothing, in place */
	if (!old_len && !(vma->flags & (VM_SHARED | VM_MAYSHARE)))
		return -VM_EINVAL;                 /* a "duplicate" of private memory */
	if ((flags & VM_MREMAP_DONTUNMAP) && (vma->flags & (VM_DONTEXPAND | VM_PFNMAP)))
		return -VM_EINVAL;
	if (vm_min(old_len, new_len) > vma->end - addr)
		return -VM_EFAULT;                 /* only a shrink's tail may cross VMAs */
	if (new_len <= old_len)
		return 0;
	uint64_t pgoff = vma->pgoff + PAGES(addr - vma->start);
	if (pgoff + PAGES(new_len) < pgoff)
		return -VM_EINVAL;
	if (vma->flags & (VM_DONTEXPAND | VM_PFNMAP))
		return -VM_EFAULT;
	if (!vm_mlock_future_ok(mm, vma->flags, new_len - old_len))
		return -VM_EAGAIN;
	if (!vm_may_expand(mm, vma->flags, PAGES(new_len - old_len)))
		return -VM_ENOMEM;
	return 0;
}

/* ---- grow in place ---- */

/* Linux's vma_expandable: nothing mapped in the delta bytes above vma, and the whole
 * would be a valid MAP_FIXED placement. */
static bool expandable(struct vm_mm *mm, struct vm_area *vma, uint64_t delta)
{
	uint64_t end = vma->end + delta;
	if (end < vma->end || vm_find_intersection(mm, vma->end, end))
		return false;
	return vm_get_unmapped_area(mm, 0, vma->start, end - vma->start, 0, VM_MAP_FIXED) >= 0;
}

/* Extend vma by delta bytes (Linux's vma_merge_extend), merging with the next VMA if it
 * then touches it and could merge. Needs no node. */
static int64_t expand_in_place(struct vm_mm *mm, struct vm_area *vma, uint64_t addr,
                               uint64_t delta)
{
	uint64_t pages = PAGES(delta), end = vma->end + delta;
	if ((vma->flags & VM_ACCOUNT) && vm_acct(mm, pages) < 0)
		return -VM_ENOMEM;
	if (vma->flags & VM_SPECIAL) {         /* never merged: Linux's merge fails */
		if (vma->flags & VM_ACCOUNT)
			vm_unacct(mm, pages);
		return -VM_ENOMEM;
	}
	struct vm_area *next = vt_next(mm, vma);
	struct vma_desc lo = vma_describe(vma), hi;
	lo.end = end;
	if (next && next->start == end && (hi = vma_describe(next), vma_can_merge(&lo, &hi))) {
		if (!vma->anon)
			vma->anon = next->anon;
		end = next->end;
		vt_erase(mm, next);
		vm_vma_destroy(mm, next);
	}
	vma->end = end;
	vt_update(mm, vma);
	vm_stat_account(mm, vma->flags, (int64_t)pages);
	if (vma->flags & VM_LOCKED) {
		mm->locked_vm += pages;
		vm_populate_range(mm, lo.end - delta, lo.end, true);
	}
	return (int64_t)addr;
}

/* ---- move ---- */

/* How the VMA count changes when u is unmapped. */
static int64_t count_delta(const struct vm_unmap *u)
{
	if (!u->first)
		return 0;
	if (u->split3)
		return 1;
	int64_t gone = (int64_t)u->nr_vmas;
	gone -= u->first->start < u->start;
	gone -= u->last->end > u->end;
	return -gone;
}

/* Phase gather: what the FIXED target and a shrink's tail hold; the VMA-limit checks of
 * Linux's mremap_to and of each do_munmap. */
static int move_gather(struct move_state *st)
{
	struct vm_mm *mm = st->mm;
	if (implies_new_addr(st->flags) && mm->map_count + 5 >= mm->max_map_count)
		return -VM_ENOMEM;                 /* Linux: map_count + 2 >= max - 3 */
	/* old_len 0 with a target over the VMA itself: Linux unmaps the target, then finds
	 * no VMA at addr. */
	if ((st->flags & VM_MREMAP_FIXED) && !st->old_len && st->addr >= st->new_addr &&
	    st->addr < st->new_addr + st->new_len)
		return -VM_EFAULT;
	if (st->flags & VM_MREMAP_FIXED) {
		vm_unmap_gather(mm, st->new_addr, st->new_addr + st->new_len, &st->tgt);
		if (st->tgt.split3 && mm->map_count >= mm->max_map_count)
			return -VM_ENOMEM;
	}
	if (st->new_len < st->old_len) {
		uint64_t start = st->addr + st->new_len, len = st->old_len - st->new_len;
		if (start > mm->task_size || len > mm->task_size - start)
			return -VM_EINVAL;             /* do_munmap's check of the tail */
		vm_unmap_gather(mm, start, start + len, &st->tail);
		if (st->tail.split3 && mm->map_count + (uint64_t)count_delta(&st->tgt) >= mm->max_map_count)
			return -VM_ENOMEM;
		st->old_len = st->new_len;         /* what moves */
	}
	return 0;
}

/* Linux checks the rest after it has unmapped the target and the tail: shift the
 * counters those checks read by what the unmaps take away (sign -1), and back (+1). */
static void shift_counters(struct move_state *st, int64_t sign)
{
	const struct vm_unmap *u[2] = {&st->tgt, &st->tail};
	for (int i = 0; i < 2; i++) {
		st->mm->total_vm += (uint64_t)(sign * (int64_t)u[i]->nr_pages);
		st->mm->data_vm += (uint64_t)(sign * (int64_t)u[i]->nr_data);
		st->mm->map_count += (uint64_t)(-sign * count_delta(u[i]));
	}
}

/* Phase limits (Linux's DONTUNMAP check in mremap_to, vrm_set_new_addr and the start of
 * move_vma), on the counters as the unmaps will leave them. */
static int move_limits(struct move_state *st)
{
	struct vm_mm *mm = st->mm;
	int r = 0;
	shift_counters(st, -1);
	if ((st->flags & VM_MREMAP_DONTUNMAP) && !vm_may_expand(mm, st->vflags, PAGES(st->old_len)))
		r = -VM_ENOMEM;                    /* the old range stays: the new one is more */
	if (!r) {
		uint64_t mf = (st->flags & VM_MREMAP_FIXED ? VM_MAP_FIXED : 0) |
		              (st->vflags & VM_MAYSHARE ? VM_MAP_SHARED : 0);
		int64_t a = vm_get_unmapped_area(mm, st->file,
		                                 implies_new_addr(st->flags) ? st->new_addr : 0,
		                                 st->new_len, st->pgoff, mf);
		if (a < 0)
			r = (int)a;
		else
			st->new_addr = (uint64_t)a;
	}
	if (!r && mm->map_count + 3 >= mm->max_map_count)
		r = -VM_ENOMEM;
	if (!r && (st->vflags & VM_ACCOUNT)) {
		uint64_t charge = PAGES(st->new_len);
		if (!(st->flags & VM_MREMAP_DONTUNMAP))
			charge -= PAGES(st->old_len);  /* the moved pages keep their charge */
		if (charge && vm_acct(mm, charge) < 0)
			r = -VM_ENOMEM;
		else
			st->charged = charge;
	}
	shift_counters(st, 1);
	return r;
}

/* Phase nodes: the new VMA's node, and one per split the commit may make. */
static int move_nodes(struct move_state *st)
{
	struct vm_mm *mm = st->mm;
	int splits = st->tgt.split3 + st->tail.split3 +
	             (st->old_len && !(st->flags & VM_MREMAP_DONTUNMAP));
	if (!(st->pool[st->npool] = vm_node_alloc(mm, VM_INJ_NEWVMA)))
		return -VM_ENOMEM;
	st->npool++;
	while (splits--) {
		if (!(st->pool[st->npool] = vm_node_alloc(mm, VM_INJ_SPLIT)))
			return -VM_ENOMEM;
		st->npool++;
	}
	return 0;
}

static void move_unwind(struct move_state *st)
{
	while (st->npool)
		vm_node_free(st->mm, st->pool[--st->npool]);
	if (st->charged)
		vm_unacct(st->mm, st->charged);
}

/* Unmap [start, end) with a node from the pool if it splits a VMA in three. */
static void unmap_range(struct move_state *st, uint64_t start, uint64_t end, bool unaccount)
{
	struct vm_unmap u;
	vm_unmap_gather(st->mm, start, end, &u);
	vm_unmap_commit(st->mm, &u, u.split3 ? st->pool[--st->npool] : 0, unaccount);
}

/* Link the new VMA at new_addr as a copy of src's attributes (Linux's copy_vma): merged
 * with the VMAs around it when Linux would, else the pool's first node. An anonymous
 * private VMA that never had a page gets the page number of its new place as pgoff, so
 * that it merges there; any other keeps its pages' offset. */
static void link_new(struct move_state *st, struct vm_area *src)
{
	struct vm_mm *mm = st->mm;
	uint64_t start = st->new_addr, end = start + st->new_len;
	uint64_t pgoff = !src->file && !src->anon ? PAGES(start) : st->pgoff;
	struct vma_desc r = {start, end, src->flags, pgoff, src->anon, src->file, src->anon_forked};
	struct vm_area *next = vt_find(mm, start), *prev = next ? vt_prev(mm, next) : vt_last(mm);
	struct vma_desc pd, nd;
	bool left = prev && prev->end == start && (pd = vma_describe(prev), vma_can_merge(&pd, &r));
	bool right = next && next->start == end && (nd = vma_describe(next), vma_can_merge(&r, &nd));
	if (left && right && !vma_anon_compatible(&pd, &nd))
		right = false;
	if (left) {
		if (!prev->anon)
			prev->anon = src->anon ? src->anon : right ? next->anon : 0;
		prev->end = end;
		if (right) {
			prev->end = next->end;
			vt_erase(mm, next);
			vm_vma_destroy(mm, next);
		}
		vt_update(mm, prev);
	} else if (right) {
		if (!next->anon)
			next->anon = src->anon;
		next->start = start;
		next->pgoff = pgoff;
		vt_update(mm, next);
	} else {
		struct vm_area *v = st->pool[0];
		st->pool[0] = st->pool[--st->npool];
		*v = (struct vm_area){.start = start, .end = end, .flags = src->flags, .pgoff = pgoff,
		                      .file = src->file, .anon = src->anon,
		                      .anon_forked = src->anon_forked, .priv = src->priv};
		vm_file_get(mm, v->file);
		vt_insert(mm, v);
	}
	vm_stat_account(mm, src->flags, (int64_t)PAGES(st->new_len));
	if (src->flags & VM_LOCKED)
		mm->locked_vm += PAGES(st->new_len);
}

/* Phase commit: cannot fail. */
static int64_t move_commit(struct move_state *st)
{
	struct vm_mm *mm = st->mm;
	const struct vm_env *env = mm->env;
	uint64_t moved = st->old_len;
	if (st->tgt.first)
		vm_unmap_commit(mm, &st->tgt, st->tgt.split3 ? st->pool[--st->npool] : 0, true);
	if (st->tail.first)
		unmap_range(st, st->tail.start, st->tail.end, true);
	struct vm_area *src = vt_find(mm, st->addr);   /* the unmaps may have split it */
	link_new(st, src);
	if (moved && env->move_pages)
		env->move_pages(env->ctx, mm, st->addr, st->new_addr, moved);
	if (st->flags & VM_MREMAP_DONTUNMAP) {
		/* The old range stays, empty. Linux unlocks its whole VMA, and a VMA that was
		 * all moved gives its anon identity to the new one. */
		src = vt_find(mm, st->addr);
		if (src->flags & VM_LOCKED)
			mm->locked_vm -= vma_pages(src);
		src->flags &= ~VM_LOCKED_MASK;
		if (src->start == st->addr && src->end == st->addr + moved) {
			src->anon = 0;
			src->anon_forked = false;
		}
	} else if (moved) {
		unmap_range(st, st->addr, st->addr + moved, false);
	}
	while (st->npool)
		vm_node_free(mm, st->pool[--st->npool]);
	if ((st->vflags & VM_LOCKED) && st->new_len > moved)
		vm_populate_range(mm, st->new_addr + moved, st->new_addr + st->new_len, true);
	return (int64_t)st->new_addr;
}

/* Move [addr, addr + old_len) of vma to new_addr (the place if FIXED, a hint for
 * DONTUNMAP, found if neither) as new_len bytes; a FIXED move unmaps what is there, a
 * shrink unmaps the tail first. */
static int64_t move(struct vm_mm *mm, struct vm_area *vma, uint64_t addr, uint64_t old_len,
                    uint64_t new_len, uint64_t flags, uint64_t new_addr)
{
	struct move_state st = {.mm = mm, .addr = addr, .old_len = old_len, .new_len = new_len,
	                        .flags = flags, .new_addr = new_addr, .vflags = vma->flags,
	                        .pgoff = vma->pgoff + PAGES(addr - vma->start), .file = vma->file};
	int r = move_gather(&st);
	if (!r)
		r = move_limits(&st);
	if (!r)
		r = move_nodes(&st);
	if (r) {
		move_unwind(&st);
		return r;
	}
	/* ---- point of no return ---- */
	return move_commit(&st);
}

/* A FIXED move without resize: each VMA of [addr, addr + len) in turn goes to the same
 * offset from new_addr (Linux 6.17's remap_move). The range must start in a VMA; holes
 * stay holes (what the target has there stays). A failure stops the walk with the VMAs
 * before it moved, as in Linux. */
static int64_t move_range(struct vm_mm *mm, uint64_t addr, uint64_t len, uint64_t flags,
                          uint64_t new_addr)
{
	uint64_t end = addr + len, at = addr;
	int64_t res = -VM_EFAULT;
	struct vm_area *v = vt_find(mm, addr);
	if (!v || v->start > addr)
		return -VM_EFAULT;
	for (; at < end && v && v->start < end; v = vt_find(mm, at)) {
		uint64_t s = vm_max(v->start, at), e = vm_min(v->end, end);
		int64_t r = check_vma(mm, v, s, e - s, e - s, flags);
		if (!r)
			r = move(mm, v, s, e - s, e - s, flags, new_addr + (s - addr));
		if (r < 0)
			return r;
		if (at == addr)
			res = r;
		at = e;
	}
	return res;
}

int64_t vm_mremap(struct vm_mm *mm, uint64_t addr, uint64_t old_len, uint64_t new_len,
                  uint64_t flags, uint64_t new_addr)
{
	if ((flags & ~(uint64_t)MREMAP_KNOWN) ||
	    ((flags & VM_MREMAP_FIXED) && !(flags & VM_MREMAP_MAYMOVE)))
		return -VM_EINVAL;
	if ((flags & VM_MREMAP_DONTUNMAP) && (!(flags & VM_MREMAP_MAYMOVE) || old_len != new_len))
		return -VM_EINVAL;
	if (addr & ~VM_PAGE_MASK)
		return -VM_EINVAL;
	old_len = PAGE_ALIGN_UP(old_len);
	new_len = PAGE_ALIGN_UP(new_len);
	if (!new_len)
		return -VM_EINVAL;
	if (implies_new_addr(flags)) {
		if ((new_addr & ~VM_PAGE_MASK) || new_len > mm->task_size ||
		    new_addr > mm->task_size - new_len)
			return -VM_EINVAL;
		if (addr + old_len > new_addr && new_addr + new_len > addr)
			return -VM_EINVAL;             /* old and new overlap */
	}
	if ((flags & VM_MREMAP_FIXED) && old_len == new_len)
		return move_range(mm, addr, old_len, flags, new_addr);
	struct vm_area *vma = vt_find(mm, addr);
	if (!vma || vma->start > addr)
		return -VM_EFAULT;
	int r = check_vma(mm, vma, addr, old_len, new_len, flags);
	if (r)
		return r;
	if (implies_new_addr(flags))
		return move(mm, vma, addr, old_len, new_len, flags, new_addr);
	if (new_len == old_len)
		return (int64_t)addr;
	if (new_len < old_len) {
		r = vm_munmap(mm, addr + new_len, old_len - new_len);
		return r < 0 ? r : (int64_t)addr;
	}
	if (old_len == vma->end - addr && expandable(mm, vma, new_len - old_len))
		return expand_in_place(mm, vma, addr, new_len - old_len);
	if (!(flags & VM_MREMAP_MAYMOVE))
		return -VM_ENOMEM;
	return move(mm, vma, addr, old_len, new_len, flags, 0);
}
