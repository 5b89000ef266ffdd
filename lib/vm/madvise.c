/* madvise.c - Linux's madvise (the advice the pager can act on, and what fork inherits)
 * and msync. Both skip holes in the range and report ENOMEM at the end, unlike mprotect
 * and mlock. */
#include "vm_internal.h"

/* One VMA's part [start, end) of madvise. */
static int advise_vma(struct vm_mm *mm, struct vm_area *vma, struct vm_area **prev,
                      uint64_t start, uint64_t end, int advice)
{
	uint64_t newflags = vma->flags;
	switch (advice) {
	case VM_MADV_WILLNEED:                     /* a hint only: nothing to do here */
		*prev = vma;
		return 0;
	case VM_MADV_DONTNEED:
		*prev = vma;
		if (vma->flags & (VM_LOCKED | VM_PFNMAP))
			return -VM_EINVAL;
		if (mm->env->unmap_pages)
			mm->env->unmap_pages(mm->env->ctx, mm, vma, start, end);
		return 0;
	case VM_MADV_FREE:                         /* private anonymous memory only */
		*prev = vma;
		if ((vma->flags & (VM_LOCKED | VM_PFNMAP)) || vma->file)
			return -VM_EINVAL;
		return 0;   /* the pages stay until reclaimed, which the pager does not do yet:
		             * as Linux's without memory pressure, the data reads back */
	case VM_MADV_COLD:
	case VM_MADV_PAGEOUT:                      /* hints for reclaim: none to give them */
		*prev = vma;
		return vma->flags & (VM_LOCKED | VM_PFNMAP) ? -VM_EINVAL : 0;
	case VM_MADV_REMOVE:
		*prev = vma;
		if ((vma->flags & VM_LOCKED) || !vma->file)
			return -VM_EINVAL;
		if ((vma->flags & (VM_SHARED | VM_MAYWRITE)) != (VM_SHARED | VM_MAYWRITE))
			return -VM_EACCES;
		if (!mm->env->punch_hole)
			return -VM_EOPNOTSUPP;
		return mm->env->punch_hole(mm->env->ctx, vma->file, (start - vma->start) + (vma->pgoff << VM_PAGE_SHIFT),
		                           end - start);
	case VM_MADV_NORMAL:
		newflags &= ~(VM_SEQ_READ | VM_RAND_READ);
		break;
	case VM_MADV_RANDOM:
		newflags = (newflags & ~VM_SEQ_READ) | VM_RAND_READ;
		break;
	case VM_MADV_SEQUENTIAL:
		newflags = (newflags & ~VM_RAND_READ) | VM_SEQ_READ;
		break;
	case VM_MADV_DONTFORK:
		newflags |= VM_DONTCOPY;
		break;
	case VM_MADV_DOFORK:
		if (newflags & VM_IO)                  /* a driver's mapping stays out of forks */
			return -VM_EINVAL;
		newflags &= ~VM_DONTCOPY;
		break;
	case VM_MADV_WIPEONFORK:                   /* private anonymous memory only */
		if (vma->file || (newflags & VM_SHARED))
			return -VM_EINVAL;
		newflags |= VM_WIPEONFORK;
		break;
	case VM_MADV_KEEPONFORK:                   /* (Linux refuses VM_DROPPABLE: none here) */
		newflags &= ~VM_WIPEONFORK;
		break;
	}
	if (newflags == vma->flags) {
		*prev = vma;
		return 0;
	}
	int r = vma_modify(mm, *prev, vma, start, end, newflags, &vma);
	*prev = vma;
	if (r < 0)
		return r;
	vma->flags = newflags;
	return 0;
}

static bool advice_known(int advice)
{
	switch (advice) {
	case VM_MADV_NORMAL: case VM_MADV_RANDOM: case VM_MADV_SEQUENTIAL: case VM_MADV_WILLNEED:
	case VM_MADV_DONTNEED: case VM_MADV_DONTFORK: case VM_MADV_DOFORK:
	case VM_MADV_WIPEONFORK: case VM_MADV_KEEPONFORK: case VM_MADV_FREE: case VM_MADV_REMOVE:
	case VM_MADV_COLD: case VM_MADV_PAGEOUT:
		return true;
	}
	return false;
}

int vm_madvise(struct vm_mm *mm, uint64_t start, uint64_t len_in, int advice)
{
	if (!advice_known(advice))
		return -VM_EINVAL;
	if (start & ~VM_PAGE_MASK)
		return -VM_EINVAL;
	uint64_t len = PAGE_ALIGN_UP(len_in);
	if (len_in && !len)
		return -VM_EINVAL;
	uint64_t end = start + len;
	if (end < start)
		return -VM_EINVAL;
	if (end == start)
		return 0;
	int unmapped = 0;
	struct vm_area *prev, *vma = vm_find_vma_prev(mm, start, &prev);
	if (vma && start > vma->start)
		prev = vma;
	for (;;) {
		if (!vma)
			return -VM_ENOMEM;
		if (start < vma->start) {              /* a hole: skip it, report it */
			unmapped = -VM_ENOMEM;
			start = vma->start;
			if (start >= end)
				break;
		}
		uint64_t tmp = vm_min(vma->end, end);
		int r = advise_vma(mm, vma, &prev, start, tmp, advice);
		if (r < 0)
			return r;
		start = tmp;
		if (prev && start < prev->end)
			start = prev->end;
		if (start >= end)
			break;
		vma = vt_find(mm, prev ? prev->end : start);
	}
	return unmapped;
}

int vm_msync(struct vm_mm *mm, uint64_t start, uint64_t len, unsigned flags)
{
	if (flags & ~(unsigned)(VM_MS_ASYNC | VM_MS_INVALIDATE | VM_MS_SYNC))
		return -VM_EINVAL;
	if (start & ~VM_PAGE_MASK)
		return -VM_EINVAL;
	if ((flags & VM_MS_ASYNC) && (flags & VM_MS_SYNC))
		return -VM_EINVAL;
	len = PAGE_ALIGN_UP(len);
	uint64_t end = start + len;
	if (end < start)
		return -VM_ENOMEM;
	if (end == start)
		return 0;
	int unmapped = 0;
	struct vm_area *vma = vt_find(mm, start);
	for (;;) {
		if (!vma)
			return -VM_ENOMEM;
		if (start < vma->start) {
			if (flags == VM_MS_ASYNC)
				return -VM_ENOMEM;
			start = vma->start;
			if (start >= end)
				return -VM_ENOMEM;
			unmapped = -VM_ENOMEM;
		}
		if ((flags & VM_MS_INVALIDATE) && (vma->flags & VM_LOCKED))
			return -VM_EBUSY;
		uint64_t fstart = (start - vma->start) + (vma->pgoff << VM_PAGE_SHIFT);
		uint64_t flen = vm_min(end, vma->end) - start;
		struct vm_file *file = vma->file;
		bool sync = (flags & VM_MS_SYNC) && file && (vma->flags & VM_SHARED);
		start = vma->end;
		if (sync && mm->env->writeback) {
			int r = mm->env->writeback(mm->env->ctx, file, fstart, flen);
			if (r < 0)
				return r;
		}
		if (start >= end)
			return unmapped;
		vma = vt_find(mm, start);
	}
}
