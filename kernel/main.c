/* main.c - kmain: from the device tree to the first user thread, on the boot hart; and
 * hart_main, the same for every other hart. */
#include "console.h"
#include "power.h"
#include "sbi.h"
#include "sv39.h"
#include "kpool.h"
#include "pmem.h"
#include "trap.h"
#include "fpu.h"
#include "irq.h"
#include "sched.h"
#include "bootstrap.h"
#include "ipc.h"
#include "memlayout.h"
#include "hart.h"
#include "riscv.h"
#include "fdt/dt_platform.h"

extern uint64_t kernel_load_pa;
extern char _image_start[], _image_end[];
static struct dt_platform plat;
static uint8_t hart_stacks[MAX_HARTS][KSTACK_SIZE] __attribute__((aligned(16)));

/* Does the boot argument string contain the word `w`? */
static int has_bootarg(const char *args, const char *w)
{
	for (const char *p = args; *p; p++) {
		if (p != args && p[-1] != ' ')
			continue;
		size_t i = 0;
		while (w[i] && p[i] == w[i])
			i++;
		if (!w[i] && (p[i] == ' ' || !p[i]))
			return 1;
	}
	return 0;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether the device tree says hart `hartid` has F and D (misa is M-mode only). */
static int hart_has_fd(uint64_t hartid)
{
	for (uint32_t i = 0; i < plat.nharts; i++)
		if (plat.harts[i].hartid == hartid)
			return plat.harts[i].has_fd;
	return 0;
}

static void print_memory_map(uint64_t ksize, uint64_t kpool_pa)
{
	for (uint32_t i = 0; i < plat.nmem; i++)
		kprintf("  ram      %016lx-%016lx\n", plat.mem[i].base, plat.mem[i].base + plat.mem[i].size);
	for (uint32_t i = 0; i < plat.nresv; i++)
		kprintf("  reserved %016lx-%016lx\n", plat.resv[i].base, plat.resv[i].base + plat.resv[i].size);
	kprintf("  kernel   %016lx-%016lx\n", kernel_load_pa, kernel_load_pa + ksize);
	kprintf("  kpool    %016lx-%016lx (%lu pages)\n", kpool_pa, kpool_pa + KPOOL_PAGES * PGSIZE,
	        (uint64_t)KPOOL_PAGES);
	for (uint32_t i = 0; i < npmem; i++)
		kprintf("  user     %016lx-%016lx\n", pmem[i].base, pmem[i].base + pmem[i].size);
}

/* Give harts[cpu] its identity and stack. */
static void hart_setup(uint32_t cpu, uint64_t hartid, int has_fd)
{
	struct hart *h = &harts[cpu];
	h->cpu = cpu;
	h->hartid = hartid;
	h->fp_present = (uint8_t)has_fd;   /* what fpu_init() is told on that hart */
	h->stack_top = (uint64_t)hart_stacks[cpu + 1];
	h->trap_from = &h->spare;
}

/* Wait in wfi for ticks (or an interrupt) rather than spin: QEMU runs harts on host
 * threads, under -icount all on one, where a spinning hart keeps the one it waits for
 * from running (it did not come up within the second). */
static void nap(uint64_t ticks)
{
	sbi_set_timer(rdtime() + ticks);
	csr_set(sie, SIE_STIE);
	wfi();
	csr_clear(sie, SIE_STIE);
}

/* Start hartid at physical start_pa with opaque through SBI HSM; 0 or the SBI error. A
 * hart that entered the kernel at boot too and lost the lottery (boot.S) is on its way
 * back to stopped: tried again for up to `wait` ticks. */
static long start_hart(uint64_t hartid, uint64_t start_pa, uint64_t opaque, uint64_t wait)
{
	long err = sbi_hart_start(hartid, start_pa, opaque);
	for (uint64_t t0 = rdtime(); err == SBI_ERR_ALREADY_AVAILABLE && rdtime() - t0 < wait;)
		err = sbi_hart_start(hartid, start_pa, opaque);
	return err;
}

/* Start every other usable hart (device tree: status okay, an MMU with Sv39) through
 * SBI HSM, as CPUs 1, 2, ... in device-tree order, waiting up to 5 seconds for each to
 * come up (a real hart takes microseconds; a hart of QEMU, a host thread, may stand still
 * for over a second on a busy host: it did, with two 2-hart boots on 2 cores). A hart
 * that will not start is reported and left out; one that does not come up in time ends
 * the starting (its struct hart stays its own: it parks if it comes up
 * later). Harts past MAX_HARTS are started at park (boot.S's hart_park), to stay there.
 * Needs HSM and IPI. */
static void hart_start_all(uint64_t boot_hartid, const char *entry, const char *park)
{
	if (!sbi_has(SBI_EXT_HSM) || !sbi_has(SBI_EXT_IPI)) {
		kprintf("kernel: SBI lacks HSM or IPI: only hart %lu runs\n", boot_hartid);
		return;
	}
	uint64_t entry_pa = kernel_load_pa + (uint64_t)(entry - _image_start), wait = 5 * plat.timebase_hz;
	uint64_t park_pa = kernel_load_pa + (uint64_t)(park - _image_start);
	uint32_t parked = 0;
	for (uint32_t i = 0; i < plat.nharts; i++) {
		const struct dt_hart *d = &plat.harts[i];
		if (d->hartid == boot_hartid || !d->usable)
			continue;
		if (nharts_online == MAX_HARTS) {
			parked += start_hart(d->hartid, park_pa, 0, wait) == 0;
			continue;
		}
		struct hart *h = &harts[nharts_online];
		hart_setup(nharts_online, d->hartid, d->has_fd);
		long err = start_hart(d->hartid, entry_pa, (uint64_t)h, wait);
		if (err) {
			kprintf("kernel: hart %u would not start (SBI error %ld)\n", d->hartid, err);
			continue;
		}
		uint32_t up = 0;
		for (uint64_t t0 = rdtime(); !(up = __atomic_load_n(&h->online, __ATOMIC_ACQUIRE)) &&
		                             rdtime() - t0 < wait;)
			nap(plat.timebase_hz / 1000);
		if (!up && __atomic_compare_exchange_n(&h->online, &up, 2, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			kprintf("kernel: hart %u did not come up within 5 seconds: going on without it\n",
			        d->hartid);
			return;
		}
		nharts_online++;
	}
	if (parked)
		kprintf("kernel: %u more harts parked (the kernel runs at most %u)\n", parked, MAX_HARTS);
}

/* Called by boot.S on every hart but the boot one, tp = its struct hart, on its stack:
 * it says it is up (or parks, if hart_start_all gave up on it), then the kernel's map,
 * traps, FP, timer; then it waits for work under the lock. */
void hart_main(uint64_t hartid)
{
	(void)hartid;
	uint32_t none = 0;
	if (!__atomic_compare_exchange_n(&this_hart->online, &none, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		for (;;)
			wfi();
	vm_load_kernel();
	sfence_vma_all();   /* the boot map's entries, also ASID 0 */
	trap_init(trap_entry);
	fpu_init(this_hart->fp_present);
	kernel_lock();
	sched_start_hart();
	trap_enter_first();
}

/* Called by boot.S on the boot hart, MMU on: entry is where the other harts enter
 * (secondary_start), park where the ones past MAX_HARTS wait (hart_park). */
void kmain(uint64_t hartid, uint64_t fdt_pa, const char *entry, const char *park)
{
	hart_setup(0, hartid, 0);
	sbi_init();
	const uint8_t *fdt = pa2kva(fdt_pa);
	uint64_t fdt_size = be32(fdt + 4);
	int err = dt_platform_parse(fdt, fdt_size < (1u << 20) ? fdt_size : (1u << 20), hartid, &plat);
	console_init(&plat);   /* with a zeroed plat on error: SBI console only */
	power_init(&plat);
	if (err) {
		kprintf("kernel: device tree at %lx unusable: %s\n", fdt_pa, dt_strerror(err));
		poweroff(98);
	}
	uint64_t ksize = (uint64_t)(_image_end - _image_start);
	if (has_bootarg(plat.bootargs, "console=uart") && console_use_uart() < 0)
		kprintf("kernel: console=uart, but no UART is known: staying with %s\n", console_kind());
	if (has_bootarg(plat.bootargs, "ipc=slow")) {
		ipc_fastpath_enabled = 0;
		kprintf("kernel: IPC fast paths off (ipc=slow)\n");
	}
	kprintf("\nkernel: rv64 Sv39 microkernel, hart %lu, loaded at %lx, FDT at %lx\n",
	        hartid, kernel_load_pa, fdt_pa);
	kprintf("kernel: SBI %lu.%lu, console %s, timebase %lu Hz\n",
	        (uint64_t)(sbi_spec_version() >> 24) & 0x7f, (uint64_t)sbi_spec_version() & 0xffffff,
	        console_kind(), plat.timebase_hz);
	pmem_init(&plat, kernel_load_pa, ksize, fdt_pa, fdt_size);
	uint64_t kpool_pa = pmem_carve(KPOOL_PAGES);
	if (!kpool_pa)
		panic("not enough memory for the kernel page pool");
	kpool_init(kpool_pa, KPOOL_PAGES);
	kprintf("kernel: memory map\n");
	print_memory_map(ksize, kpool_pa);
	vm_kernel_init(&plat);
	trap_init(trap_entry);
	fpu_init(hart_has_fd(hartid));
	irq_init(&plat, hartid);
	sched_init(plat.timebase_hz);
	kernel_lock();
	hart_start_all(hartid, entry, park);
	kprintf("kernel: %u hart%s running\n", nharts_online, nharts_online == 1 ? "" : "s");
	bootstrap(&plat, hartid);
	sched_start_hart();
	trap_enter_first();
}
