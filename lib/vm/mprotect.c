/* mprotect.c - Linux's mprotect: per VMA of the range, new access bits, merge or split,
 * and the commit charge when a private mapping becomes writable (and its return when an
 * untouched anonymous one stops being writable, since Linux 6.7). As in Linux, VMAs
 * before a hole or an error in the range stay changed. */
#include "vm_internal.h"

static uint64_t prot_bits(uint64_t prot)
{
	return (prot & VM_PROT_READ ? VM_READ : 0) | (prot & VM_PROT_WRITE ? VM_WRITE : 0) |
	       (prot & VM_PROT_EXEC ? VM_EXEC : 0);
}

/* Linux's mprotect_fixup for [start, end) inside vma; *prev follows the walk. */
static int mprotect_fixup(struct vm_mm *mm, struct vm_area *vma, struct vm_area **prev,
                          uint64_t start, uint64_t end, uint64_t newflags)
{
	uint64_t old = vma->flags, pages = PAGES(end - start), charged = 0;
	if (newflags == old) {
		*prev = vma;
		return 0;
	}
	if (newflags & VM_WRITE) {
		/* RLIMIT_DATA, if the range becomes data */
		if (!vm_may_expand(mm, newflags, pages) && vm_may_expand(mm, old, pages))
			return -VM_ENOMEM;
		if (!(old & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE))) {
			if (vm_acct(mm, pages) < 0)
				return -VM_ENOMEM;
			charged = pages;
			newflags |= VM_ACCOUNT;
		}
	} else if ((old & VM_ACCOUNT) && !vma->file && !vma->anon) {
		newflags &= ~VM_ACCOUNT;           /* no anonymous page yet: nothing to reserve */
	}
	int r = vma_modify(mm, *prev, vma, start, end, newflags, &vma);
	if (r < 0) {
		if (charged)
			vm_unacct(mm, charged);
		return r;
	}
	*prev = vma;
	vma->flags = newflags;
	if (mm->env->protect_pages)
		mm->env->protect_pages(mm->env->ctx, mm, start, end, newflags);
	if ((old & VM_ACCOUNT) && !(newflags & VM_ACCOUNT))
		vm_unacct(mm, pages);
	/* A locked private mapping becoming writable: break COW now, as Linux does. */
	if ((old & (VM_WRITE | VM_SHARED | VM_LOCKED)) == VM_LOCKED && (newflags & VM_WRITE))
		vma_populate(mm, vma, start, end);
	vm_stat_change(mm, old, newflags, pages);
	return 0;
}

int vm_mprotect(struct vm_mm *mm, uint64_t start, uint64_t len, uint64_t prot)
{
	uint64_t grows = prot & (VM_PROT_GROWSDOWN | VM_PROT_GROWSUP);
	prot &= ~grows;
	if (grows == (VM_PROT_GROWSDOWN | VM_PROT_GROWSUP))
		return -VM_EINVAL;
	if (start & ~VM_PAGE_MASK)
		return -VM_EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN_UP(len);
	uint64_t end = start + len;
	if (end <= start)
		return -VM_ENOMEM;
	if (prot & ~(uint64_t)(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC | VM_PROT_SEM))
		return -VM_EINVAL;

	struct vm_area *vma = vt_find(mm, start);   /* the first VMA ending above start */
	if (!vma || vma->start >= end)
		return -VM_ENOMEM;
	if (grows & VM_PROT_GROWSDOWN) {
		start = vma->start;                /* down to the start of the stack VMA */
		if (!(vma->flags & VM_GROWSDOWN))
			return -VM_EINVAL;
	} else {
		if (vma->start > start)
			return -VM_ENOMEM;
		if (grows & VM_PROT_GROWSUP)       /* no VM_GROWSUP on this architecture */
			return -VM_EINVAL;
	}
	struct vm_area *prev = start > vma->start ? vma : vt_prev(mm, vma);
	uint64_t at = start, tmp = vma->start;
	int err = 0;
	while (vma && vma->start < end) {
		if (vma->start != tmp) {           /* a hole */
			err = -VM_ENOMEM;
			break;
		}
		uint64_t newflags = prot_bits(prot) | (vma->flags & ~VM_ACCESS_FLAGS);
		/* each VM_x needs its VM_MAYx (== VM_x << 4) */
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS) {
			err = -VM_EACCES;
			break;
		}
		tmp = vm_min(vma->end, end);
		err = mprotect_fixup(mm, vma, &prev, at, tmp, newflags);
		if (err)
			break;
		tmp = prev->end;
		at = tmp;
		vma = vt_next(mm, prev);           /* the first VMA ending above tmp */
	}
	if (!err && tmp < end)
		err = -VM_ENOMEM;
	return err;
}
