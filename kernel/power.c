/* power.c - power-off and panic, above the console and the trace (which they print).
 *
 * Power-off uses QEMU's test finisher when present (it carries an exit status), else
 * SBI SRST, else legacy SBI.
 */
#include "power.h"
#include "console.h"
#include "trace.h"
#include "sbi.h"
#include "memlayout.h"
#include "fdt/dt_platform.h"

static uint64_t finisher_pa;

void power_init(const struct dt_platform *plat)
{
	finisher_pa = plat->test_finisher.base;
}

_Noreturn void poweroff(int status)
{
	trace_dump();
	kprintf("kernel: powering off (status %d)\n", status);
	if (finisher_pa && status != 0)   /* QEMU: exits with `status` */
		*(volatile uint32_t *)pa2kva(finisher_pa) = 0x3333 | ((uint32_t)(status & 0xffff) << 16);
	if (sbi_has(SBI_EXT_SRST))
		sbi_call(SBI_EXT_SRST, 0, 0, status ? 1 : 0, 0);
	if (finisher_pa)
		*(volatile uint32_t *)pa2kva(finisher_pa) = 0x5555;
	if (sbi_has(SBI_LEGACY_SHUTDOWN))
		sbi_call(SBI_LEGACY_SHUTDOWN, 0, 0, 0, 0);
	kprintf("kernel: no way to power off here: halted\n");
	for (;;)
		__asm__ volatile("wfi");
}

_Noreturn void panic(const char *msg)
{
	kprintf("\nkernel panic: %s\n", msg);
	poweroff(99);
}
