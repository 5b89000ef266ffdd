/* early.c - the first C code, run with the MMU off at the physical load address.
 *
 * Compiled with -mcmodel=medany, every global access here is PC-relative, so it works
 * before the kernel runs at its linked address. It must not use absolute addresses
 * (no pointers stored in data, no function pointers). It builds the boot page table:
 *   - the kernel image at KERNEL_VBASE, 2 MiB pages, wherever it was loaded;
 *   - the physmap (PHYSMAP_BASE + pa) for the first PHYSMAP_GIGS GiB, 1 GiB pages;
 *   - an identity map of the 1 GiB around the kernel, only so that the instruction
 *     after `csrw satp` can be fetched; vm_kernel_init() drops it.
 */
#include <stdint.h>
#include "memlayout.h"
#include "sv39.h"

__attribute__((aligned(4096))) uint64_t boot_root[512];
__attribute__((aligned(4096))) uint64_t boot_kimage_l1[512];
uint64_t kernel_load_pa;   /* P: physical address of _start */

#define KIMAGE_MEGAPAGES 16 /* 32 MiB, checked in kernel.ld */

uint64_t early_setup(uint64_t load_pa, uint64_t fdt_pa)
{
	(void)fdt_pa;
	const uint64_t rwx = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G;
	kernel_load_pa = load_pa;

	for (uint64_t i = 0; i < KIMAGE_MEGAPAGES; i++)
		boot_kimage_l1[i] = PA_TO_PTE(load_pa + i * MEGAPAGE) | rwx;
	boot_root[VPN(KERNEL_VBASE, 2)] = PA_TO_PTE((uint64_t)boot_kimage_l1) | PTE_V;

	for (uint64_t g = 0; g < PHYSMAP_GIGS; g++)
		boot_root[VPN(PHYSMAP_BASE, 2) + g] = PA_TO_PTE(g * GIGAPAGE) | rwx;

	uint64_t id = load_pa >> 30;
	boot_root[id] = PA_TO_PTE(id * GIGAPAGE) | rwx;

	return SATP_MODE_SV39 | ((uint64_t)boot_root >> PAGE_SHIFT);
}
