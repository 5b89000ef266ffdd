/* pmem.h - physical memory at boot: what is RAM, what the kernel keeps, what is left. */
#ifndef PMEM_H
#define PMEM_H
#include <stdint.h>
#include "fdt/dt_platform.h"

#define PMEM_MAX 16
struct pmem_range { uint64_t base, size, used; };

extern struct pmem_range pmem[PMEM_MAX];
extern uint32_t npmem;

/* RAM minus reserved-memory, the kernel image and the FDT, page aligned. */
void pmem_init(const struct dt_platform *plat, uint64_t kbase, uint64_t ksize,
               uint64_t fdt, uint64_t fdt_size);
/* Remove `npages` contiguous pages from the top of the largest range; 0 if impossible. */
uint64_t pmem_carve(uint64_t npages);
/* npages contiguous zeroed frames for the boot tasks, counted as used; panics when no
 * range has room. */
uint64_t pmem_boot_frames(uint64_t npages);
#endif
