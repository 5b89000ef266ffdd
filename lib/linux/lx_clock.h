/* lx_clock.h - the Linux clocks as the personality keeps them, shared by its system calls
 * (lx_proc.c) and the vDSO (vdso/vdso.c), which must answer alike: every clock counts
 * from boot on the timebase counter (rdtime); no wall clock source yet. */
#ifndef LX_CLOCK_H
#define LX_CLOCK_H
#include <stdint.h>

/* What the personality tells the vDSO: the page right below the vDSO's ELF header
 * (linux.ld), written by the personality as it starts, read-only to the vDSO. */
struct lx_vdso_data {
	uint64_t timebase;   /* rdtime ticks a second (AT_RVMK_TIMEBASE) */
};

/* The clock ids clock_gettime and clock_getres take (Linux's 0-11 but 8-10, which need
 * an alarm timer or are unused). */
static inline int lx_clock_ok(long id)
{
	return id >= 0 && id <= 11 && id != 10 && id != 8 && id != 9;
}

/* The time since boot in ns of counter value t at timebase tb, without overflow. */
static inline uint64_t lx_ticks_ns(uint64_t t, uint64_t tb)
{
	return t / tb * 1000000000ull + t % tb * 1000000000ull / tb;
}

static inline uint64_t lx_rdtime(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}
#endif
