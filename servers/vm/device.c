/* device.c - the VM server hands out device registers and interrupts of the devices the
 * platform lists (the kernel gives it a memory handle per device). Which task may drive
 * which device is policy; for now any task may, the FS server being the intended user. */
#include "device.h"
#include "kcall.h"

static const struct bootinfo *boot;

void device_init(const struct bootinfo *bi)
{
	boot = bi;
}

long device_map(struct proc *p, uint64_t pa, uint64_t npages)
{
	if ((pa & (PAGE_SIZE - 1)) || npages == 0 || npages > 256)
		return -KE_INVAL;
	for (uint32_t i = 0; i < boot->nmem; i++) {
		const struct bootinfo_mem *m = &boot->mem[i];
		if (!m->device || pa < m->base || pa >= m->base + m->size ||
		    npages > (m->base + m->size - pa) / PAGE_SIZE)
			continue;
		uint64_t va = DEVICE_VA_BASE + pa;
		long r = k_map(p->task, va, m->handle, pa - m->base, npages, PERM_R | PERM_W);
		return r < 0 ? r : (long)va;
	}
	return -KE_NOENT;
}

/* Is irq the interrupt of a device the platform lists for drivers? */
static int driver_irq(uint64_t irq)
{
	const struct dt_platform *pl = &boot->plat;
	if (pl->rtc.base && pl->rtc.irq == irq)
		return 1;
	for (uint32_t i = 0; i < pl->nvirtio; i++)
		if (pl->virtio[i].irq == irq)
			return 1;
	return 0;
}

long device_irq_bind(struct proc *p, const struct vm_irq_bind_req *req)
{
	if (!driver_irq(req->irq) || req->bit >= 64)
		return -KE_INVAL;
	long slot = k_handle_copy(p->task, req->notification, HANDLE_SELF, -1, RIGHT_SEND, 0);
	if (slot < 0)
		return slot;
	long r = k_irq_bind(VMH_IRQCTL, req->irq, slot, req->bit);
	k_handle_close(slot);   /* the binding keeps the notification alive */
	return r;
}
