/* device.c - the VM server hands out device registers and interrupts of the devices the
 * platform lists (the kernel gives it a memory handle per device). Which task may drive
 * which device is policy; for now any task may, the FS server being the intended user. */
#include "device.h"
#include "kcall.h"
#include "mm.h"
#include "frames.h"
#include "base/mem.h"

static const struct bootinfo *boot;

void device_init(const struct bootinfo *bi)
{
	boot = bi;
}

/* Device registers become a VMA of their own (shared, never merged), so mmap and munmap
 * know about them; the pagemap marks the pages as not ours to free. */
long device_map(struct proc *p, uint64_t pa, uint64_t npages)
{
	long mem;
	uint64_t off;
	if ((pa & (PAGE_SIZE - 1)) || npages == 0 || npages > 256 || frames_device_handle(pa, &mem, &off) < 0 ||
	    frames_device_handle(pa + npages * PAGE_SIZE - 1, &mem, &off) < 0)
		return -KE_NOENT;
	uint64_t va = DEVICE_VA_BASE + pa, len = npages * PAGE_SIZE;
	int64_t r = vm_mmap(&p->mm, va, len, VM_PROT_READ | VM_PROT_WRITE,
	                    VM_MAP_SHARED | VM_MAP_ANONYMOUS | VM_MAP_FIXED_NOREPLACE | VM_MAP_NORESERVE, 0, 0);
	if (r < 0)
		return r;
	vm_find_vma(&p->mm, va)->priv = MM_DEVICE_VMA;
	for (uint64_t i = 0; i < npages; i++) {
		if (mm_install(p, va + i * PAGE_SIZE, (pa + i * PAGE_SIZE) | PM_DEVICE, PERM_R | PERM_W) < 0) {
			vm_munmap(&p->mm, va, len);
			return -KE_NOMEM;
		}
	}
	return (long)va;
}

/* Is irq the interrupt of a device the platform lists for drivers? */
static int driver_irq(uint64_t irq)
{
	const struct dt_platform *pl = &boot->plat;
	if (pl->rtc.base && pl->rtc.irq == irq)
		return 1;
	if (pl->uart.kind != DT_UART_NONE && pl->uart.irq && pl->uart.irq == irq)
		return 1;
	for (uint32_t i = 0; i < pl->nvirtio; i++)
		if (pl->virtio[i].irq == irq)
			return 1;
	return 0;
}

long device_irq_bind(struct proc *p, const struct vm_irq_bind_req *req)
{
	if (!driver_irq(req->irq) || req->bit >= 63)   /* bit 63 is not a notification's */
		return -KE_INVAL;
	long slot = k_handle_copy(p->task, req->notification, HANDLE_SELF, -1, RIGHT_SEND, 0);
	if (slot < 0)
		return slot;
	long r = k_irq_bind(VMH_IRQCTL, req->irq, slot, req->bit);
	k_handle_close(slot);   /* the binding keeps the notification alive */
	return r;
}

long device_info(uint64_t kind, uint64_t index, struct vm_device_info_rep *r)
{
	const struct dt_platform *pl = &boot->plat;
	const struct dt_device *d = 0;
	if (kind == VM_DEVICE_VIRTIO && index < pl->nvirtio)
		d = &pl->virtio[index];
	else if (kind == VM_DEVICE_RTC && index == 0 && pl->rtc.base)
		d = &pl->rtc;
	if (kind == VM_DEVICE_UART && index == 0 && pl->uart.kind != DT_UART_NONE && pl->uart.size) {
		*r = (struct vm_device_info_rep){pl->uart.base, pl->uart.size, pl->uart.irq,
		                                 pl->uart.kind | pl->uart.reg_shift << 8 | pl->uart.reg_io_width << 16};
		return 0;
	}
	if (!d)
		return -KE_NOENT;
	*r = (struct vm_device_info_rep){d->base, d->size, d->irq, 0};
	return 0;
}

long device_dma_alloc(struct proc *p, struct vm_dma_alloc_rep *r)
{
	int64_t va = vm_mmap(&p->mm, 0, PAGE_SIZE, VM_PROT_READ | VM_PROT_WRITE,
	                     VM_MAP_SHARED | VM_MAP_ANONYMOUS | VM_MAP_LOCKED | VM_MAP_POPULATE, 0, 0);
	if (va < 0)
		return va;
	uint64_t pa = pm_get(&p->pm, (uint64_t)va);
	if (!pa) {
		vm_munmap(&p->mm, (uint64_t)va, PAGE_SIZE);
		return -KE_NOMEM;
	}
	r->va = (uint64_t)va;
	r->pa = PM_ADDR(pa);
	return 0;
}

long device_map_module(struct proc *p, const char *name, struct vm_map_module_rep *r)
{
	const struct bootinfo_module *m = 0;
	for (uint32_t i = 0; i < boot->nmod && !m; i++)
		if (!strcmp(boot->mod[i].name, name))
			m = &boot->mod[i];
	if (!m)
		return -KE_NOENT;
	uint64_t len = (m->size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	int64_t va = vm_mmap(&p->mm, 0, len, VM_PROT_READ, VM_MAP_SHARED | VM_MAP_ANONYMOUS | VM_MAP_NORESERVE, 0, 0);
	if (va < 0)
		return va;
	vm_find_vma(&p->mm, (uint64_t)va)->priv = MM_DEVICE_VMA;   /* not memory to zero-fill */
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		if (mm_install(p, (uint64_t)va + off, (m->pa + off) | PM_DEVICE, PERM_R) < 0) {
			vm_munmap(&p->mm, (uint64_t)va, len);
			return -KE_NOMEM;
		}
	}
	r->va = (uint64_t)va;
	r->size = m->size;
	return 0;
}
