/* fault.c - what the pager asks on a page fault: is there a VMA (after growing a stack
 * down to the address if need be), does it allow the access (RISC-V's rules: a write
 * implies a read), and, for a write to a private mapping, its anon identity. */
#include "vm_internal.h"

/* The access rule (RISC-V's: a write implies a read): may vma take this access? */
static bool access_ok(const struct vm_area *vma, unsigned access)
{
	if (access & VM_FAULT_EXEC)
		return vma->flags & VM_EXEC;
	if (access & VM_FAULT_WRITE)
		return vma->flags & VM_WRITE;
	return vma->flags & (VM_READ | VM_WRITE);
}

/* Linux's expand_downwards with acct_stack_growth. */
int vm_expand_stack(struct vm_mm *mm, struct vm_area *vma, uint64_t addr)
{
	if (!(vma->flags & VM_GROWSDOWN))
		return -VM_EFAULT;
	addr &= VM_PAGE_MASK;
	if (addr < mm->mmap_min_addr)
		return -VM_EPERM;
	if (addr >= vma->start)
		return 0;
	struct vm_area *prev = vt_prev(mm, vma);
	if (prev) {
		if (prev->end > addr)
			return -VM_ENOMEM;
		/* the guard gap is kept from any accessible mapping but another stack */
		if (!(prev->flags & VM_GROWSDOWN) && (prev->flags & VM_ACCESS_FLAGS) &&
		    addr - prev->end < mm->stack_guard_gap)
			return -VM_ENOMEM;
	}
	vma_anon_prepare(mm, vma);             /* first, as Linux: it stays if growth fails */
	uint64_t grow = PAGES(vma->start - addr), size = vma->end - addr;
	if (grow > vma->pgoff)
		return -VM_ENOMEM;
	if (!vm_may_expand(mm, vma->flags, grow))
		return -VM_ENOMEM;
	if (size > mm->rlim[VM_RLIMIT_STACK].cur)
		return -VM_ENOMEM;
	if (!vm_mlock_future_ok(mm, vma->flags, grow << VM_PAGE_SHIFT))
		return -VM_ENOMEM;
	/* Linux charges the growth whatever the VMA; we charge what munmap will give back
	 * (docs/vm.md). */
	if ((vma->flags & VM_ACCOUNT) && vm_acct(mm, grow) < 0)
		return -VM_ENOMEM;
	if (vma->flags & VM_LOCKED)
		mm->locked_vm += grow;
	vm_stat_account(mm, vma->flags, (int64_t)grow);
	vma->start = addr;
	vma->pgoff -= grow;
	vt_update(mm, vma);
	return 0;
}

int vm_fault_check(struct vm_mm *mm, uint64_t addr, unsigned access, struct vm_area **out)
{
	struct vm_area *vma = vt_find(mm, addr);
	*out = 0;
	if (!vma)
		return VM_SEGV_MAPERR;
	if (vma->start > addr && vm_expand_stack(mm, vma, addr) < 0)
		return VM_SEGV_MAPERR;
	if (!access_ok(vma, access))
		return VM_SEGV_ACCERR;
	if ((access & VM_FAULT_WRITE) && !(vma->flags & VM_SHARED))
		vma_anon_prepare(mm, vma);
	*out = vma;
	return 0;
}

const struct vm_area *vm_fault_ready(const struct vm_mm *mm, uint64_t addr, unsigned access)
{
	uint64_t steps = 0;   /* not counted: mm is not ours to change here */
	const struct vm_area *best = vt_walk(mm->root, addr, &steps);
	if (!best || best->start > addr || !access_ok(best, access))
		return 0;
	if ((access & VM_FAULT_WRITE) && !(best->flags & VM_SHARED) && !best->anon)
		return 0;
	return best;
}
