/* mincore.c - Linux's mincore: which pages of a range are resident, VMA by VMA (the
 * environment says page by page; see vm_env.resident). */
#include "vm_internal.h"

int64_t vm_mincore(struct vm_mm *mm, uint64_t start, uint64_t len, uint8_t *vec, uint64_t max)
{
	if (start & ~VM_PAGE_MASK)
		return -VM_EINVAL;
	if (len > mm->task_size || start > mm->task_size - len)   /* Linux's access_ok */
		return -VM_ENOMEM;
	uint64_t pages = vm_min(PAGES(len) + ((len & ~VM_PAGE_MASK) != 0), max);
	if (!pages)
		return 0;
	struct vm_area *v = vt_find(mm, start);
	if (!v || v->start > start)
		return -VM_ENOMEM;
	uint64_t n = PAGES(vm_min(v->end, start + pages * VM_PAGE_SIZE) - start);
	for (uint64_t i = 0; i < n; i++)
		vec[i] = mm->env->resident && mm->env->resident(mm->env->ctx, mm, v, start + i * VM_PAGE_SIZE);
	return (int64_t)n;
}
