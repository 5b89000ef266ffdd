/* vma.c - the pieces every operation is built from: accounting (Linux's vm_stat_account,
 * may_expand_vm, the overcommit check), VMA nodes and file references (the merge rules
 * are inline in vm_internal.h), splitting, unmapping a range in two halves (gather:
 * look, count, decide; commit: do, cannot fail), modifying a range's flags with
 * merge-or-split, anon identities and populate. */
#include "vm_internal.h"
#include "base/mem.h"

/* ---- accounting ---- */

void vm_stat_account(struct vm_mm *mm, uint64_t flags, int64_t pages)
{
	if (pages < 0)
		vm_update_hiwater(mm);
	mm->total_vm += (uint64_t)pages;
	if (vm_is_exec(flags))
		mm->exec_vm += (uint64_t)pages;
	else if (vm_is_stack(flags))
		mm->stack_vm += (uint64_t)pages;
	else if (vm_is_data(flags))
		mm->data_vm += (uint64_t)pages;
}

void vm_sys_init(struct vm_sys *sys, uint64_t ram_pages, uint64_t swap_pages)
{
	memset(sys, 0, sizeof *sys);
	sys->overcommit = VM_OVERCOMMIT_GUESS;
	sys->overcommit_ratio = 50;
	sys->total_ram_pages = ram_pages;
	sys->total_swap_pages = swap_pages;
	sys->admin_reserve_pages = PAGES(8ull << 20);
	sys->user_reserve_pages = PAGES(128ull << 20);
}

uint64_t vm_commit_limit(const struct vm_sys *sys)
{
	uint64_t allowed;
	if (sys->overcommit_kbytes)
		allowed = sys->overcommit_kbytes >> (VM_PAGE_SHIFT - 10);
	else
		allowed = sys->total_ram_pages * sys->overcommit_ratio / 100;
	return allowed + sys->total_swap_pages;
}

/* Linux's __vm_enough_memory: charge first, then see whether the policy allows it. */
int vm_sys_acct(struct vm_sys *sys, struct vm_mm *mm, int64_t pages)
{
	sys->committed += pages;
	if (sys->overcommit == VM_OVERCOMMIT_ALWAYS)
		return 0;
	if (sys->overcommit == VM_OVERCOMMIT_GUESS) {
		if ((uint64_t)pages <= sys->total_ram_pages + sys->total_swap_pages)
			return 0;
	} else {
		int64_t allowed = (int64_t)vm_commit_limit(sys);
		if (!mm || !mm->cap_sys_admin)
			allowed -= (int64_t)sys->admin_reserve_pages;
		if (mm) {
			uint64_t r = mm->total_vm / 32;
			allowed -= (int64_t)(r < sys->user_reserve_pages ? r : sys->user_reserve_pages);
		}
		if ((sys->committed > 0 ? sys->committed : 0) < allowed)
			return 0;
	}
	sys->committed -= pages;
	return -VM_ENOMEM;
}

void vm_sys_unacct(struct vm_sys *sys, int64_t pages) { sys->committed -= pages; }

int vm_acct(struct vm_mm *mm, uint64_t pages)
{
	if (vm_injected(mm, VM_INJ_ACCOUNT))
		return -VM_ENOMEM;
	return vm_sys_acct(mm->sys, mm, (int64_t)pages);
}

void vm_unacct(struct vm_mm *mm, uint64_t pages) { vm_sys_unacct(mm->sys, (int64_t)pages); }

bool vm_can_do_mlock(struct vm_mm *mm)
{
	return mm->rlim[VM_RLIMIT_MEMLOCK].cur != 0 || mm->cap_ipc_lock;
}

/* Would locking bytes more stay within RLIMIT_MEMLOCK (Linux's mlock_future_ok)? */
bool vm_mlock_future_ok(struct vm_mm *mm, uint64_t flags, uint64_t bytes)
{
	if (!(flags & VM_LOCKED) || mm->cap_ipc_lock)
		return true;
	return PAGES(bytes) + mm->locked_vm <= PAGES(mm->rlim[VM_RLIMIT_MEMLOCK].cur);
}

/* ---- split ---- */

void vma_split(struct vm_mm *mm, struct vm_area *v, uint64_t addr, struct vm_area *spare)
{
	spare->start = addr;
	spare->end = v->end;
	spare->flags = v->flags;
	spare->pgoff = v->pgoff + PAGES(addr - v->start);
	spare->file = v->file;
	spare->anon = v->anon;
	spare->anon_forked = v->anon_forked;
	spare->priv = v->priv;
	vm_file_get(mm, v->file);
	v->end = addr;
	vt_insert_after(mm, v, spare);            /* sets spare's gap (0) and the one above it */
}

/* ---- unmapping a range ---- */

/* Every field is stored one by one (a memset of the struct cost more than the rest of
 * a gather that finds nothing). */
void vm_unmap_gather(struct vm_mm *mm, uint64_t start, uint64_t end, struct vm_unmap *u)
{
	u->start = start;
	u->end = end;
	u->first = u->last = 0;
	u->split3 = false;
	u->nr_vmas = u->nr_pages = u->nr_accounted = u->nr_locked = 0;
	u->nr_exec = u->nr_stack = u->nr_data = 0;
	struct vm_area *v = vt_find(mm, start);
	u->above = v;
	if (!v || v->start >= end)
		return;
	u->first = v;
	for (; v && v->start < end; v = vt_next(mm, v)) {
		uint64_t n = PAGES(vm_min(v->end, end) - vm_max(v->start, start));
		u->nr_vmas++;
		u->nr_pages += n;
		if (v->flags & VM_LOCKED)
			u->nr_locked += n;
		if (v->flags & VM_ACCOUNT)
			u->nr_accounted += n;
		if (vm_is_exec(v->flags))
			u->nr_exec += n;
		else if (vm_is_stack(v->flags))
			u->nr_stack += n;
		else if (vm_is_data(v->flags))
			u->nr_data += n;
		u->last = v;
	}
	u->split3 = u->first == u->last && u->first->start < start && u->first->end > end;
}

static void unmap_pages(struct vm_mm *mm, const struct vm_area *v, uint64_t start, uint64_t end)
{
	if (mm->env->unmap_pages)
		mm->env->unmap_pages(mm->env->ctx, mm, v, start, end);
}

void vm_unmap_commit(struct vm_mm *mm, struct vm_unmap *u, struct vm_area *spare,
                     bool unaccount)
{
	struct vm_area *v = u->first;
	if (!v)
		return;
	if (u->split3) {
		vma_split(mm, v, u->end, spare);     /* v = [v->start, end), spare = [end, ...) */
		unmap_pages(mm, v, u->start, u->end);
		v->end = u->start;
		vt_update_end(mm, v);
	} else {
		if (v->start < u->start) {            /* keep the part below start */
			unmap_pages(mm, v, u->start, v->end);
			v->end = u->start;
			vt_update_end(mm, v);
			v = vt_next(mm, v);
		}
		while (v && v->start < u->end) {
			struct vm_area *next = vt_next(mm, v);
			if (v->end > u->end) {            /* keep the part above end */
				unmap_pages(mm, v, v->start, u->end);
				v->pgoff += PAGES(u->end - v->start);
				v->start = u->end;
				vt_update_start(mm, v);
				break;
			}
			unmap_pages(mm, v, v->start, v->end);
			vt_erase(mm, v);
			vm_vma_destroy(mm, v);
			v = next;
		}
	}
	vm_update_hiwater(mm);
	mm->total_vm -= u->nr_pages;
	mm->locked_vm -= u->nr_locked;
	mm->exec_vm -= u->nr_exec;
	mm->stack_vm -= u->nr_stack;
	mm->data_vm -= u->nr_data;
	if (unaccount)
		vm_unacct(mm, u->nr_accounted);
	u->first = u->last = 0;
}

/* ---- modifying a range: merge with a neighbour, or split ---- */

/* Linux's vma_merge_existing_range: [start, end) of mid gets newflags; merge it into
 * prev and/or next if it touches them and everything else matches. Cannot fail. */
static struct vm_area *merge_existing(struct vm_mm *mm, struct vm_area *prev,
                                      struct vm_area *mid, uint64_t start, uint64_t end,
                                      uint64_t newflags)
{
	bool left_side = start == mid->start, right_side = end == mid->end;
	if ((newflags & VM_SPECIAL) || (!left_side && !right_side))
		return 0;
	struct vma_desc r = {start, end, newflags, mid->pgoff + PAGES(start - mid->start),
	                     mid->anon, mid->file, mid->anon_forked};
	struct vm_area *next = right_side ? vt_next(mm, mid) : 0;
	struct vma_desc pd, nd;
	bool left = false, right = false;
	if (left_side && prev) {
		pd = vma_describe(prev);
		left = vma_can_merge(&pd, &r);
	}
	if (next) {
		nd = vma_describe(next);
		right = vma_can_merge(&r, &nd);
		if (right && left && !vma_anon_compatible(&pd, &nd))
			right = false;
	}
	if (!left && !right)
		return 0;
	if (left) {
		if (!prev->anon)
			prev->anon = mid->anon;
		if (right) {                       /* prev + mid + next */
			if (!prev->anon)
				prev->anon = next->anon;
			prev->end = next->end;         /* (each vt_erase sets the gap above from it) */
			vt_erase(mm, mid);
			vm_vma_destroy(mm, mid);
			vt_erase(mm, next);
			vm_vma_destroy(mm, next);
		} else if (right_side) {           /* prev + all of mid */
			prev->end = end;
			vt_erase(mm, mid);
			vm_vma_destroy(mm, mid);
		} else {                           /* prev + the start of mid */
			mid->pgoff += PAGES(end - mid->start);
			mid->start = end;
			prev->end = end;
			vt_update_end(mm, prev);       /* mid's gap: 0 */
		}
		return prev;
	}
	if (!next->anon)
		next->anon = mid->anon;
	next->start = start;
	next->pgoff = r.pgoff;
	if (left_side) {                       /* all of mid + next */
		vt_erase(mm, mid);                 /* sets next's gap */
		vm_vma_destroy(mm, mid);
	} else {                               /* the end of mid + next */
		mid->end = start;
		vt_update_end(mm, mid);            /* next's gap: 0 */
	}
	return next;
}

int vma_modify(struct vm_mm *mm, struct vm_area *prev, struct vm_area *vma, uint64_t start,
               uint64_t end, uint64_t newflags, struct vm_area **out)
{
	struct vm_area *m = merge_existing(mm, prev, vma, start, end, newflags);
	if (m) {
		*out = m;
		return 0;
	}
	/* Split. Linux checks the VMA limit before each of the (up to) two splits and may
	 * leave the first done when the second fails; we check and allocate for both first,
	 * so a failure changes nothing (docs/vm.md). */
	bool lo = vma->start < start, hi = vma->end > end;
	uint64_t need = (uint64_t)lo + (uint64_t)hi;
	struct vm_area *s1 = 0, *s2 = 0;
	if (need && mm->map_count + need > mm->max_map_count)
		return -VM_ENOMEM;
	if ((lo && !(s1 = vm_node_alloc(mm, VM_INJ_SPLIT))) ||
	    (hi && !(s2 = vm_node_alloc(mm, VM_INJ_SPLIT)))) {
		vm_node_free(mm, s1);
		return -VM_ENOMEM;
	}
	if (lo) {
		vma_split(mm, vma, start, s1);
		vma = s1;
	}
	if (hi)
		vma_split(mm, vma, end, s2);
	*out = vma;
	return 0;
}

/* ---- anon identities and populate ---- */

/* Linux's anon_vma_compatible: a directly below b, same file, same flags apart from the
 * access bits (and soft-dirty), contiguous pages. The identity lent must not be a
 * fork's (Linux's reusable_anon_vma wants a singular anon_vma_chain). */
static bool anon_reusable(const struct vm_area *a, const struct vm_area *b)
{
	return a->end == b->start && a->file == b->file &&
	       !((a->flags ^ b->flags) & ~(VM_ACCESS_FLAGS | VM_SOFTDIRTY)) &&
	       b->pgoff == a->pgoff + vma_pages(a);
}

void vma_anon_prepare(struct vm_mm *mm, struct vm_area *vma)
{
	if (vma->anon)
		return;
	struct vm_area *n = vt_next(mm, vma), *p;
	if (n && n->anon && !n->anon_forked && anon_reusable(vma, n)) {
		vma->anon = n->anon;
		return;
	}
	p = vt_prev(mm, vma);
	if (p && p->anon && !p->anon_forked && anon_reusable(p, vma)) {
		vma->anon = p->anon;
		return;
	}
	vma->anon = ++mm->next_anon;
}

int vma_populate(struct vm_mm *mm, struct vm_area *vma, uint64_t start, uint64_t end)
{
	if (vma->flags & VM_LOCKONFAULT)          /* mlock2(MLOCK_ONFAULT): nothing now */
		return 0;
	if (!(vma->flags & VM_ACCESS_FLAGS))      /* PROT_NONE: get_user_pages says EFAULT */
		return -VM_EFAULT;
	bool write = (vma->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
	if (write)                                /* the first write fault makes the anon_vma */
		vma_anon_prepare(mm, vma);
	if (vm_injected(mm, VM_INJ_POPULATE))
		return -VM_ENOMEM;
	if (!mm->env->populate)
		return 0;
	return mm->env->populate(mm->env->ctx, mm, start, end, write);
}

int vm_populate_range(struct vm_mm *mm, uint64_t start, uint64_t end, bool ignore_errors)
{
	uint64_t at = start;
	while (at < end) {
		struct vm_area *v = vt_find(mm, at);
		if (!v || v->start >= end)
			break;
		uint64_t s = vm_max(at, v->start), e = vm_min(end, v->end);
		at = e;
		if (v->flags & (VM_IO | VM_PFNMAP))
			continue;
		int r = vma_populate(mm, v, s, e);
		if (r < 0 && !ignore_errors)
			return r;
	}
	return 0;
}
