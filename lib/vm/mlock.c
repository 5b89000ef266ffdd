/* mlock.c - Linux's mlock, mlock2, munlock, mlockall and munlockall: VM_LOCKED (and
 * VM_LOCKONFAULT) per range with merge or split, locked_vm, RLIMIT_MEMLOCK (not enforced
 * with cap_ipc_lock), then populate, whose errors mlock reports. */
#include "vm_internal.h"

/* Linux's mlock_fixup. */
static int mlock_fixup(struct vm_mm *mm, struct vm_area *vma, struct vm_area **prev,
                       uint64_t start, uint64_t end, uint64_t newflags)
{
	uint64_t old = vma->flags;
	if (newflags == old || (old & VM_SPECIAL)) {
		*prev = vma;                       /* nothing to do, and special VMAs never lock */
		return 0;
	}
	int r = vma_modify(mm, *prev, vma, start, end, newflags, &vma);
	if (r < 0) {
		*prev = vma;
		return r;
	}
	int64_t pages = (int64_t)PAGES(end - start);
	if (!(newflags & VM_LOCKED))
		pages = -pages;
	else if (old & VM_LOCKED)
		pages = 0;
	mm->locked_vm += (uint64_t)pages;
	vma->flags = newflags;
	*prev = vma;
	return 0;
}

/* Linux's apply_vma_lock_flags: every VMA of [start, end) gets flags (0 to unlock). */
static int apply_lock_flags(struct vm_mm *mm, uint64_t start, uint64_t len, uint64_t flags)
{
	uint64_t end = start + len;
	if (end < start)
		return -VM_EINVAL;
	if (end == start)
		return 0;
	struct vm_area *vma = vt_find(mm, start);
	if (!vma || vma->start > start)        /* start must be mapped */
		return -VM_ENOMEM;
	struct vm_area *prev = start > vma->start ? vma : vt_prev(mm, vma);
	uint64_t at = start, tmp = vma->start;
	while (vma && vma->start < end) {
		if (vma->start != tmp)
			return -VM_ENOMEM;
		uint64_t newflags = (vma->flags & ~VM_LOCKED_MASK) | flags;
		tmp = vm_min(vma->end, end);
		int r = mlock_fixup(mm, vma, &prev, at, tmp, newflags);
		if (r < 0)
			return r;
		tmp = prev->end;
		at = tmp;
		vma = vt_find(mm, tmp);
	}
	return tmp < end ? -VM_ENOMEM : 0;
}

/* Pages of [start, start + len) already locked. */
static uint64_t locked_pages_in(struct vm_mm *mm, uint64_t start, uint64_t len)
{
	uint64_t end = start + len, n = 0;
	for (struct vm_area *v = vt_find(mm, start); v && v->start < end; v = vt_next(mm, v))
		if (v->flags & VM_LOCKED)
			n += PAGES(vm_min(v->end, end) - vm_max(v->start, start));
	return n;
}

int vm_mlock(struct vm_mm *mm, uint64_t start, uint64_t len, unsigned flags)
{
	if (flags & ~(unsigned)VM_MLOCK_ONFAULT)
		return -VM_EINVAL;
	uint64_t vmf = VM_LOCKED | (flags & VM_MLOCK_ONFAULT ? VM_LOCKONFAULT : 0);
	if (!vm_can_do_mlock(mm))
		return -VM_EPERM;
	len = PAGE_ALIGN_UP(len + (start & ~VM_PAGE_MASK));
	start &= VM_PAGE_MASK;
	uint64_t limit = PAGES(mm->rlim[VM_RLIMIT_MEMLOCK].cur);
	uint64_t locked = PAGES(len) + mm->locked_vm;
	if (locked > limit && !mm->cap_ipc_lock)
		locked -= locked_pages_in(mm, start, len);   /* already locked pages count once */
	if (locked > limit && !mm->cap_ipc_lock)
		return -VM_ENOMEM;
	int r = apply_lock_flags(mm, start, len, vmf);
	if (r < 0)
		return r;
	r = vm_populate_range(mm, start, start + len, false);
	if (r == -VM_EFAULT)
		return -VM_ENOMEM;
	if (r == -VM_ENOMEM)
		return -VM_EAGAIN;
	return r < 0 ? r : 0;
}

int vm_munlock(struct vm_mm *mm, uint64_t start, uint64_t len)
{
	len = PAGE_ALIGN_UP(len + (start & ~VM_PAGE_MASK));
	start &= VM_PAGE_MASK;
	return apply_lock_flags(mm, start, len, 0);
}

/* Every VMA of the mm gets to_add in place of its lock flags; errors are ignored. */
static void lock_all(struct vm_mm *mm, uint64_t to_add)
{
	struct vm_area *prev = 0, *vma = vt_first(mm);
	while (vma) {
		uint64_t newflags = (vma->flags & ~VM_LOCKED_MASK) | to_add;
		uint64_t end = vma->end;
		if (mlock_fixup(mm, vma, &prev, vma->start, end, newflags) < 0)
			prev = vma;
		vma = vt_find(mm, prev->end > end ? prev->end : end);
	}
}

int vm_mlockall(struct vm_mm *mm, unsigned flags)
{
	if (!flags || (flags & ~(unsigned)(VM_MCL_CURRENT | VM_MCL_FUTURE | VM_MCL_ONFAULT)) ||
	    flags == VM_MCL_ONFAULT)
		return -VM_EINVAL;
	if (!vm_can_do_mlock(mm))
		return -VM_EPERM;
	if ((flags & VM_MCL_CURRENT) && !mm->cap_ipc_lock &&
	    mm->total_vm > PAGES(mm->rlim[VM_RLIMIT_MEMLOCK].cur))
		return -VM_ENOMEM;
	mm->def_flags &= ~VM_LOCKED_MASK;
	if (flags & VM_MCL_FUTURE) {
		mm->def_flags |= VM_LOCKED;
		if (flags & VM_MCL_ONFAULT)
			mm->def_flags |= VM_LOCKONFAULT;
	}
	if (flags & VM_MCL_CURRENT) {
		lock_all(mm, VM_LOCKED | (flags & VM_MCL_ONFAULT ? VM_LOCKONFAULT : 0));
		vm_populate_range(mm, 0, mm->task_size, true);
	}
	return 0;
}

int vm_munlockall(struct vm_mm *mm)
{
	mm->def_flags &= ~VM_LOCKED_MASK;
	lock_all(mm, 0);
	return 0;
}
