/* vdso.c - the vDSO of Linux-ABI tasks: clock_gettime, gettimeofday and clock_getres in
 * user mode, as Linux's vDSO answers them, so that glibc's (which looks them up through
 * AT_SYSINFO_EHDR) make no system call. Built as a shared object of its own
 * (vdso.lds) and carried in the personality's image (lx_vdso.S, linux.ld); the values
 * are the personality's system calls' (lx_clock.h). What it cannot answer (another
 * clock id, gettimeofday's timezone) it passes on as the system call, which the kernel
 * sends to the personality like any of the program's. */
#include "linux/lx_clock.h"

/* This image's ELF header, where AT_SYSINFO_EHDR points; the personality's data for it
 * is the page below. */
extern const char __ehdr_start[] __attribute__((visibility("hidden")));

static inline const struct lx_vdso_data *data(void)
{
	return (const struct lx_vdso_data *)((uintptr_t)__ehdr_start - 4096);
}

struct lx_timespec { int64_t sec, nsec; };
struct lx_timeval { int64_t sec, usec; };

/* The system call nr(a0, a1): the result or -errno. */
static long syscall2(long nr, long a0, long a1)
{
	register long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r7 __asm__("a7") = nr;
	__asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r7) : "memory");
	return r0;
}

int __vdso_clock_gettime(long id, struct lx_timespec *ts);
int __vdso_clock_gettime(long id, struct lx_timespec *ts)
{
	uint64_t tb = data()->timebase;
	if (!lx_clock_ok(id) || !tb)
		return (int)syscall2(113, id, (long)ts);
	uint64_t ns = lx_ticks_ns(lx_rdtime(), tb);
	ts->sec = (int64_t)(ns / 1000000000), ts->nsec = (int64_t)(ns % 1000000000);
	return 0;
}

int __vdso_gettimeofday(struct lx_timeval *tv, void *tz);
int __vdso_gettimeofday(struct lx_timeval *tv, void *tz)
{
	uint64_t tb = data()->timebase;
	if (tz || !tb)
		return (int)syscall2(169, (long)tv, (long)tz);
	if (tv) {
		uint64_t ns = lx_ticks_ns(lx_rdtime(), tb);
		tv->sec = (int64_t)(ns / 1000000000), tv->usec = (int64_t)(ns % 1000000000 / 1000);
	}
	return 0;
}

int __vdso_clock_getres(long id, struct lx_timespec *res);
int __vdso_clock_getres(long id, struct lx_timespec *res)
{
	uint64_t tb = data()->timebase;
	if (!lx_clock_ok(id) || !tb)
		return (int)syscall2(114, id, (long)res);
	if (res)
		res->sec = 0, res->nsec = (int64_t)(1000000000 / tb ?: 1);
	return 0;
}
