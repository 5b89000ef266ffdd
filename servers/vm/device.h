/* device.h - device registers and interrupts for user-level drivers. */
#ifndef VM_DEVICE_H
#define VM_DEVICE_H
#include "abi/bootinfo.h"
#include "proctab.h"
void device_init(const struct bootinfo *bi);
/* Map npages of device registers at pa into p; returns the address or -errno. */
long device_map(struct proc *p, uint64_t pa, uint64_t npages);
/* Route interrupt irq to p's notification slot; 0 or -errno. */
long device_irq_bind(struct proc *p, const struct vm_irq_bind_req *req);
/* VM_DEVICE_INFO: the index-th listed device of a kind. */
long device_info(uint64_t kind, uint64_t index, struct vm_device_info_rep *r);
/* VM_DMA_ALLOC: one locked, populated page; its address and physical address. */
long device_dma_alloc(struct proc *p, struct vm_dma_alloc_rep *r);
/* VM_MAP_MODULE: a boot module's frames, read-only, not the caller's to free. */
long device_map_module(struct proc *p, const char *name, struct vm_map_module_rep *r);
#endif
