/* fork.c - Linux's dup_mmap: the child's address space as a copy of the parent's.
 *
 * One pass over the parent's VMAs in address order. A VM_DONTCOPY VMA is left out; any
 * other is copied in four steps, each of which may fail:
 *
 *   charge   a VM_ACCOUNT VMA is charged again (the child will have the pages too)
 *   node     the child's VMA, linked at the end of the child's tree
 *   file     one more reference to the file or shared object (cannot fail)
 *   pages    env.dup_pages shares the pages, copy-on-write for private VMAs (not for
 *            VM_WIPEONFORK ones, which come up empty)
 *
 * The child's counters are kept by vm_stat_account as VMAs are linked, so at every step
 * the child is a consistent mm; a failure tears it down with vm_mm_destroy, which gives
 * back every charge, reference and node taken and unmaps the pages dup_pages gave, the
 * way Linux's exit_mmap tears down a half-built child. The parent is only read.
 */
#include "vm_internal.h"

/* What the child takes from the parent besides the VMAs (Linux: dup_mm copies the whole
 * mm_struct, the rlimits and credentials come with the task). The lock counters and
 * mlockall's MCL_FUTURE are not inherited. */
static void copy_config(struct vm_mm *child, const struct vm_mm *parent)
{
	child->max_map_count = parent->max_map_count;
	for (int i = 0; i < VM_RLIMIT_NR; i++)
		child->rlim[i] = parent->rlim[i];
	child->cap_ipc_lock = parent->cap_ipc_lock;
	child->cap_sys_admin = parent->cap_sys_admin;
	child->cap_sys_resource = parent->cap_sys_resource;
	child->task_size = parent->task_size;
	child->mmap_base = parent->mmap_base;
	child->mmap_min_addr = parent->mmap_min_addr;
	child->stack_guard_gap = parent->stack_guard_gap;
	child->thp_align = parent->thp_align;
	child->start_brk = parent->start_brk;
	child->brk = parent->brk;
	child->hiwater_vm = parent->hiwater_vm;   /* Linux's dup_mm copies the mm whole */
	child->start_data = parent->start_data;
	child->end_data = parent->end_data;
	child->def_flags = parent->def_flags & ~VM_LOCKED_MASK;
	child->next_anon = parent->next_anon;
}

/* Copy pv into the child: 0, or a negative VM_E* with nothing of pv's copy left but
 * what vm_mm_destroy(child) undoes. */
static int dup_vma(struct vm_mm *child, struct vm_mm *parent, const struct vm_area *pv)
{
	uint64_t charge = pv->flags & VM_ACCOUNT ? vma_pages(pv) : 0;
	bool wipe = pv->flags & VM_WIPEONFORK;
	/* Linux asks security_vm_enough_memory_mm for the parent's mm (its total_vm decides
	 * the user reserve in mode 2). */
	if (charge && (vm_injected(child, VM_INJ_ACCOUNT) ||
	               vm_sys_acct(child->sys, parent, (int64_t)charge) < 0))
		return -VM_ENOMEM;
	struct vm_area *cv = vm_node_alloc(child, VM_INJ_NEWVMA);
	if (!cv) {
		vm_unacct(child, charge);
		return -VM_ENOMEM;
	}
	cv->start = pv->start;
	cv->end = pv->end;
	cv->flags = pv->flags & ~VM_LOCKED_MASK;
	cv->pgoff = pv->pgoff;
	cv->file = pv->file;
	cv->priv = pv->priv;
	if (pv->anon && !wipe) {               /* anon_vma_fork: a new anon_vma, chained */
		cv->anon = ++child->next_anon;
		cv->anon_forked = true;
	}
	vm_file_get(child, cv->file);
	vt_insert(child, cv);
	vm_stat_account(child, cv->flags, (int64_t)vma_pages(cv));
	if (wipe)
		return 0;
	if (vm_injected(child, VM_INJ_DUPPAGES))
		return -VM_ENOMEM;
	const struct vm_env *env = child->env;
	return env->dup_pages ? env->dup_pages(env->ctx, parent, pv, child, cv) : 0;
}

int vm_dup_mmap(struct vm_mm *child, struct vm_mm *parent)
{
	copy_config(child, parent);
	for (struct vm_area *pv = vt_first(parent); pv; pv = vt_next(parent, pv)) {
		if (pv->flags & VM_DONTCOPY)
			continue;
		int r = dup_vma(child, parent, pv);
		if (r < 0) {
			vm_mm_destroy(child);
			return r;
		}
	}
	return 0;
}
