/* device.h - device registers and interrupts for user-level drivers. */
#ifndef VM_DEVICE_H
#define VM_DEVICE_H
#include "proc.h"
void device_init(const struct bootinfo *bi);
/* Map npages of device registers at pa into p; returns the address or -errno. */
long device_map(struct proc *p, uint64_t pa, uint64_t npages);
/* Route interrupt irq to p's notification slot; 0 or -errno. */
long device_irq_bind(struct proc *p, const struct vm_irq_bind_req *req);
#endif
