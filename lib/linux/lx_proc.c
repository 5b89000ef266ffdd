/* lx_proc.c - the process's identity, limits, clocks and end: Linux's calls for them.
 * The VM server knows the task's id (VM_STAT) and its limits; the clocks come from
 * rdtime at the timebase the VM server passed in the auxv. */
#include "linux/lx.h"
#include "kcall.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "proto/vm.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

extern uint64_t lx_timebase;
#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U

static long pid;

/* The task's id, asked once. */
static long my_pid(void)
{
	if (!pid) {
		struct vm_stat_req q;
		struct vm_stat_rep r;
		pid = vm_stat_call(TH_VM_EP, &q, 0, 0, &r) < 0 ? 1 : (long)(r.pid & 0x3fffffff);
	}
	return pid;
}

static long lx_getpid(ARGS) { return my_pid(); }
static long lx_getppid(ARGS) { return 1; }
static long lx_getid(ARGS) { return 0; }   /* uid, euid, gid, egid: root */
static long lx_set_tid_address(ARGS) { return my_pid(); }
static long lx_set_robust_list(ARGS) { return a1 == 24 ? 0 : -LX_EINVAL; }
static long lx_rseq(ARGS) { return -LX_ENOSYS; }   /* as a kernel built without rseq */
static long lx_sched_yield(ARGS) { k_yield(); return 0; }
static long lx_exit_group(ARGS) { lx_exit((int)(a0 & 0xff)); }

static int mask = 022;            /* Linux's initial umask */
int lx_umask_get(void) { return mask; }
static long lx_umask(ARGS)
{
	int old = mask;
	mask = (int)(a0 & 0777);
	return old;
}

/* sched_getaffinity(pid, size, mask): one hart, CPU 0. */
static long lx_sched_getaffinity(ARGS)
{
	if (a0 && a0 != my_pid())
		return -LX_ESRCH;
	if (a1 < 8 || (a1 & 7))
		return -LX_EINVAL;
	uint64_t set = 1;
	return lx_copy_out((uint64_t)a2, &set, 8) ?: 8;
}

/* struct new_utsname: six fields of 65 bytes. */
static long lx_uname(ARGS)
{
	static const char *const f[6] = {"Linux", "rvmk", "6.1.0-rvmk", "#1 SMP rvmk", "riscv64", "(none)"};
	char u[6 * 65];
	memset(u, 0, sizeof u);
	for (int i = 0; i < 6; i++)
		memcpy(u + 65 * i, f[i], strlen(f[i]));
	return lx_copy_out((uint64_t)a0, u, sizeof u);
}

/* prlimit64(pid, resource, new, old) and the older getrlimit/setrlimit. The VM server
 * keeps the memory limits; the others answer as Linux's defaults. */
#define RLIM_INF (~0ul)
#define MiB (1ul << 20)
/* Linux 6.1's defaults for the limits the VM server does not keep. */
static const uint64_t rlim_default[16][2] = {
	{RLIM_INF, RLIM_INF}, {RLIM_INF, RLIM_INF}, {RLIM_INF, RLIM_INF}, {8 * MiB, RLIM_INF},
	{0, RLIM_INF}, {RLIM_INF, RLIM_INF}, {64, 64}, {1024, 4096}, {8 * MiB, 8 * MiB},
	{RLIM_INF, RLIM_INF}, {RLIM_INF, RLIM_INF}, {64, 64}, {819200, 819200}, {0, 0}, {0, 0},
	{RLIM_INF, RLIM_INF},
};

static long rlimit_get(long res, uint64_t lim[2])
{
	if (res < 0 || res >= 16)
		return -LX_EINVAL;
	struct vm_getrlimit_req q = {(uint64_t)res};
	struct vm_getrlimit_rep r;
	if (vm_getrlimit_call(TH_VM_EP, &q, 0, 0, &r) == 0)
		lim[0] = r.cur, lim[1] = r.max;
	else
		lim[0] = rlim_default[res][0], lim[1] = rlim_default[res][1];
	return 0;
}

static long lx_prlimit64(ARGS)
{
	if (a0 && a0 != my_pid())
		return -LX_ESRCH;
	uint64_t cur[2], want[2];
	long e = rlimit_get(a1, cur);
	if (e)
		return e;
	if (a2) {
		if (lx_copy_in(want, (uint64_t)a2, sizeof want))
			return -LX_EFAULT;
		if (want[0] > want[1])
			return -LX_EINVAL;
		struct vm_setrlimit_req q = {(uint64_t)a1, want[0], want[1]};
		struct vm_setrlimit_rep r;
		e = vm_setrlimit_call(TH_VM_EP, &q, 0, 0, &r);
		if (e < 0 && e != -LX_EINVAL)
			return e;
		if (e < 0 && want[1] > cur[1])
			return -LX_EPERM;   /* a limit the VM server does not keep: raising it is refused */
	}
	return a3 ? lx_copy_out((uint64_t)a3, cur, sizeof cur) : 0;
}
static long lx_getrlimit(ARGS) { return lx_prlimit64(0, a0, 0, a1, 0, 0); }
static long lx_setrlimit(ARGS) { return lx_prlimit64(0, a0, a1, 0, 0, 0); }

/* Clocks: every clock counts from boot (no wall clock source yet). */
static uint64_t now_ns(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t / lx_timebase * 1000000000ull + t % lx_timebase * 1000000000ull / lx_timebase;
}

static int clock_ok(long id)
{
	return id >= 0 && id <= 11 && id != 10 && id != 8 && id != 9;
}

static long lx_clock_gettime(ARGS)
{
	if (!clock_ok(a0))
		return -LX_EINVAL;
	uint64_t ns = now_ns(), ts[2] = {ns / 1000000000, ns % 1000000000};
	return lx_copy_out((uint64_t)a1, ts, sizeof ts);
}

static long lx_clock_getres(ARGS)
{
	if (!clock_ok(a0))
		return -LX_EINVAL;
	uint64_t ts[2] = {0, 1000000000 / lx_timebase ?: 1};
	return a1 ? lx_copy_out((uint64_t)a1, ts, sizeof ts) : 0;
}

static long lx_gettimeofday(ARGS)
{
	uint64_t ns = now_ns(), tv[2] = {ns / 1000000000, ns % 1000000000 / 1000};
	return a0 ? lx_copy_out((uint64_t)a0, tv, sizeof tv) : 0;
}

/* Sleep until the clock reaches end (ns), yielding: there is no timer service yet. */
static void sleep_until(uint64_t end)
{
	while (now_ns() < end)
		k_yield();
}

static long read_timespec(uint64_t uva, uint64_t *ns)
{
	int64_t ts[2];
	if (lx_copy_in(ts, uva, sizeof ts))
		return -LX_EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -LX_EINVAL;
	*ns = (uint64_t)ts[0] * 1000000000ull + (uint64_t)ts[1];
	return 0;
}

static long lx_nanosleep(ARGS)
{
	uint64_t ns;
	long e = read_timespec((uint64_t)a0, &ns);
	if (e)
		return e;
	sleep_until(now_ns() + ns);
	return 0;
}

/* clock_nanosleep(clock, flags, req, rem): TIMER_ABSTIME is flag 1. */
static long lx_clock_nanosleep(ARGS)
{
	if (!clock_ok(a0))
		return -LX_EINVAL;
	uint64_t ns;
	long e = read_timespec((uint64_t)a2, &ns);
	if (e)
		return e;
	sleep_until(a1 & 1 ? ns : now_ns() + ns);
	return 0;
}

/* getrandom(buf, len, flags): bytes from a generator seeded with AT_RANDOM's and the
 * clock (xorshift; not for cryptography until there is an entropy source). */
static long lx_getrandom(ARGS)
{
	static uint64_t s;
	if (a2 & ~7l)
		return -LX_EINVAL;
	if (!s)
		s = now_ns() | 1;
	uint8_t chunk[256];
	for (long done = 0; done < a1;) {
		long n = a1 - done < (long)sizeof chunk ? a1 - done : (long)sizeof chunk;
		for (long i = 0; i < n; i++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			chunk[i] = (uint8_t)(s >> 24);
		}
		if (lx_copy_out((uint64_t)a0 + (uint64_t)done, chunk, (size_t)n))
			return done ? done : -LX_EFAULT;
		done += n;
	}
	return a1;
}

/* sysinfo(info): uptime and memory from the VM server. */
static long lx_sysinfo(ARGS)
{
	struct vm_stat_req q;
	struct vm_stat_rep r;
	if (vm_stat_call(TH_VM_EP, &q, 0, 0, &r) < 0)
		return -LX_EIO;
	uint64_t si[14];   /* struct sysinfo: 112 bytes on riscv64 */
	memset(si, 0, sizeof si);
	si[0] = now_ns() / 1000000000;                    /* uptime */
	si[4] = r.total_frames * 4096, si[5] = r.free_frames * 4096;   /* totalram, freeram */
	uint16_t procs = (uint16_t)r.tasks;
	uint32_t mem_unit = 1;
	memcpy(&si[10], &procs, sizeof procs);
	memcpy(&si[13], &mem_unit, sizeof mem_unit);
	return lx_copy_out((uint64_t)a0, si, sizeof si);
}

/* reboot(magic1, magic2, cmd, arg): power off (also for HALT: there is nothing to halt
 * to) through the VM server, which has the FS server write everything out first;
 * Ctrl-Alt-Del settings are accepted and mean nothing here. Restart, kexec and suspend
 * are not there: EINVAL, as Linux answers a command it does not know. */
static long lx_reboot(ARGS)
{
	uint32_t magic1 = (uint32_t)a0, magic2 = (uint32_t)a1;   /* ints, as Linux compares them */
	if (magic1 != 0xfee1dead || (magic2 != 672274793 && magic2 != 85072278 && magic2 != 369367448 &&
	                             magic2 != 537993216))
		return -LX_EINVAL;
	switch ((unsigned int)a2) {
	case 0x4321fedc: case 0xcdef0123: {   /* LINUX_REBOOT_CMD_POWER_OFF, _HALT */
		struct vm_poweroff_req q = {0};
		struct vm_poweroff_rep r;
		for (;;)
			vm_poweroff_call(TH_VM_EP, &q, 0, 0, &r);
	}
	case 0x89abcdef: case 0:              /* LINUX_REBOOT_CMD_CAD_ON, _CAD_OFF */
		return 0;
	default:
		return -LX_EINVAL;
	}
}

const struct lx_call lx_proc_calls[] = {
	{93, lx_exit_group}, {94, lx_exit_group}, {96, lx_set_tid_address}, {99, lx_set_robust_list},
	{101, lx_nanosleep}, {113, lx_clock_gettime}, {114, lx_clock_getres}, {115, lx_clock_nanosleep},
	{123, lx_sched_getaffinity}, {124, lx_sched_yield}, {142, lx_reboot}, {160, lx_uname},
	{163, lx_getrlimit}, {164, lx_setrlimit}, {166, lx_umask}, {169, lx_gettimeofday},
	{172, lx_getpid}, {173, lx_getppid}, {174, lx_getid}, {175, lx_getid}, {176, lx_getid},
	{177, lx_getid}, {178, lx_getpid}, {179, lx_sysinfo}, {261, lx_prlimit64}, {278, lx_getrandom},
	{293, lx_rseq},
};
const size_t lx_proc_ncalls = sizeof lx_proc_calls / sizeof lx_proc_calls[0];
