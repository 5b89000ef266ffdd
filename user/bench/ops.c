/* ops.c - the measured operations, written once for every system. The same file is built
 * as init of our system (make bench) and, with riscv64-linux-gnu-gcc -static, as /init of
 * the Linux baseline (scripts/linux-baseline/run.sh); bench_sys.h picks the small
 * per-system layer. Counts are instructions retired (rdinstret) under QEMU -icount shift=0,
 * which are the same on every run. Each operation runs once untimed (warm-up), then ROUNDS
 * times; each line gives the per-operation average. Lines "bench: <what> <count>" are
 * collected by scripts/bench.sh; instead of a count, "n/a" means the system lacks the
 * interface so far and "-" that the operation does not apply to it. */
#include <stdint.h>
#include <stdio.h>
#include "bench_sys.h"

#define ROUNDS 1000
#define PAGE   4096UL
#define FAILED UINT64_MAX

static inline uint64_t instret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static void report(const char *what, uint64_t total)
{
	if (total == FAILED)
		printf("bench: %-52s failed\n", what);
	else
		printf("bench: %-52s %lu\n", what, (unsigned long)(total / ROUNDS));
}

static void report_none(const char *what, const char *why) { printf("bench: %-52s %s\n", what, why); }

static uint64_t op_null(void)
{
	sys_null();
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		sys_null();
	return instret() - t0;
}

#if SYS_HAS_MMAN
#define RW (PROT_READ | PROT_WRITE)
static void *map_anon(size_t len) { return mmap(NULL, len, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); }

static uint64_t op_mmap_munmap(void)
{
	int bad = 0;
	for (int i = 0; i <= ROUNDS; i++) {
		uint64_t t0 = instret();
		if (i == 1)
			t0 = instret();
		void *p = map_anon(PAGE);
		bad |= p == MAP_FAILED || munmap(p, PAGE) != 0;
		(void)t0;
	}
	return bad ? FAILED : 0;
}
#endif
