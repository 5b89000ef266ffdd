/* lx_proc.c - the process's identity, limits, clocks and end: Linux's calls for them.
 * The VM server knows the task's id (VM_STAT) and its limits; the clocks come from
 * rdtime at the timebase the VM server passed in the auxv. */
#include "linux/lx_thread.h"
#include "linux/lx_clock.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U

static long pid;

long lx_pid(void)
{
	if (!pid) {
		struct vm_stat_req q;
		struct vm_stat_rep r;
		pid = vm_stat_call(TH_VM_EP, &q, 0, 0, &r) < 0 ? 1 : (long)VM_LINUX_PID(r.pid);
	}
	return pid;
}

void lx_proc_forked(void) { pid = 0; }   /* a fork's child has another */
static long lx_getpid(ARGS) { return lx_pid(); }
static long lx_rseq(ARGS) { return -LX_ENOSYS; }   /* as a kernel built without rseq */
static long lx_sched_yield(ARGS)
{
	lx_unlock();
	k_yield();
	lx_lock();
	return 0;
}
static long lx_exit_group(ARGS) { lx_exit((int)(a0 & 0xff)); }

static int mask = 022;            /* Linux's initial umask */
int lx_umask_get(void) { return mask; }
static long lx_umask(ARGS)
{
	int old = mask;
	mask = (int)(a0 & 0777);
	return old;
}

unsigned lx_ncpus(void)
{
	static uint64_t n;
	if (!n)
		k_cpu(&n);
	return (unsigned)n;
}

/* Every CPU that runs. */
static uint64_t all_cpus(void)
{
	return (1UL << lx_ncpus()) - 1;
}

void lx_apply_cpus(struct lx_thread *t)
{
	if (t->cpus != t->cpus_set) {
		k_thread_affinity(t->cpus ? t->cpus : all_cpus());
		t->cpus_set = t->cpus;
	}
}

/* The CPUs the kernel lets this thread use as a new program starts (execve keeps them). */
void lx_cpus_start(void)
{
	uint64_t m = (uint64_t)k_thread_affinity(0) & all_cpus();
	lx_self()->cpus = lx_self()->cpus_set = m == all_cpus() ? 0 : m;
}

/* sched_getaffinity(pid, size, mask): the mask of the caller (pid 0) or of a thread of
 * this process; ESRCH for any other. As Linux, the size (an unsigned int: whole longs,
 * enough for the CPUs) is checked before the pid; the answer is the size of Linux's mask
 * (8 bytes while NR_CPUS <= 64). */
static long lx_sched_getaffinity(ARGS)
{
	uint32_t size = (uint32_t)a1;
	if (size < 8 || (size & 7))
		return -LX_EINVAL;
	struct lx_thread *t = lx_thread_by_tid((int)a0);
	if (!t)
		return -LX_ESRCH;
	uint64_t set = t->cpus ? t->cpus : all_cpus();
	return lx_copy_out((uint64_t)a2, &set, 8) ?: 8;
}

/* sched_setaffinity(pid, size, mask): the caller's mask, or another thread's of this
 * process (it moves at its next system call); the CPUs that do not run are left out,
 * EINVAL if none is left. Bytes past the first 8 are CPUs that cannot exist. */
static long lx_sched_setaffinity(ARGS)
{
	uint64_t set = 0;
	if (lx_copy_in(&set, (uint64_t)a2, (uint32_t)a1 < 8 ? (uint32_t)a1 : 8))
		return -LX_EFAULT;
	struct lx_thread *t = lx_thread_by_tid((int)a0);
	if (!t)
		return -LX_ESRCH;
	set &= all_cpus();
	if (!set)
		return -LX_EINVAL;
	t->cpus = set == all_cpus() ? 0 : set;
	if (t == lx_self())
		lx_apply_cpus(t);
	return 0;
}

/* getcpu(cpu, node, cache): the CPU the caller runs on now; one NUMA node. */
static long lx_getcpu(ARGS)
{
	uint64_t n;
	uint32_t cpu = (uint32_t)k_cpu(&n), node = 0;
	if ((a0 && lx_copy_out((uint64_t)a0, &cpu, sizeof cpu)) ||
	    (a1 && lx_copy_out((uint64_t)a1, &node, sizeof node)))
		return -LX_EFAULT;
	return 0;
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
 * keeps the memory limits (RLIMIT_DATA, _STACK, _MEMLOCK, _AS), RLIMIT_NPROC and
 * RLIMIT_SIGPENDING (its signal queue's, servers/vm/sigqueue.c); the others are kept
 * here (a fork's child and an execve keep them with this memory), from Linux 6.1's
 * defaults, and not enforced. */
#define RLIM_INF (~0ul)
#define MiB (1ul << 20)
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS 16
#define NR_OPEN 1048576   /* the default of Linux's fs.nr_open: RLIMIT_NOFILE's ceiling */
static uint64_t rlim[RLIM_NLIMITS][2] = {
	{RLIM_INF, RLIM_INF}, {RLIM_INF, RLIM_INF}, {RLIM_INF, RLIM_INF}, {8 * MiB, RLIM_INF},
	{0, RLIM_INF}, {RLIM_INF, RLIM_INF}, {64, 64}, {1024, 4096}, {8 * MiB, 8 * MiB},
	{RLIM_INF, RLIM_INF}, {RLIM_INF, RLIM_INF}, {64, 64}, {819200, 819200}, {0, 0}, {0, 0},
	{RLIM_INF, RLIM_INF},
};

/* The limit res (< RLIM_NLIMITS) into lim: the VM server's if it keeps it. */
static void rlimit_get(uint32_t res, uint64_t lim[2])
{
	struct vm_getrlimit_req q = {res};
	struct vm_getrlimit_rep r;
	if (vm_getrlimit_call(TH_VM_EP, &q, 0, 0, &r) == 0)
		lim[0] = r.cur, lim[1] = r.max;
	else
		lim[0] = rlim[res][0], lim[1] = rlim[res][1];
}

/* Linux's order: the new limit is read (EFAULT) before the pid is looked up (ESRCH) and
 * the resource checked (EINVAL); the new limit is set before the old one is written out,
 * so an EFAULT there leaves it set. The caller is root: it may raise hard limits. */
static long lx_prlimit64(ARGS)
{
	uint32_t res = (uint32_t)a1;
	uint64_t old[2], want[2];
	if (a2 && lx_copy_in(want, (uint64_t)a2, sizeof want))
		return -LX_EFAULT;
	if ((int)a0 && (int)a0 != lx_pid())
		return -LX_ESRCH;
	if (res >= RLIM_NLIMITS)
		return -LX_EINVAL;
	rlimit_get(res, old);
	if (a2) {
		if (want[0] > want[1])
			return -LX_EINVAL;
		if (res == RLIMIT_NOFILE && want[1] > NR_OPEN)
			return -LX_EPERM;
		struct vm_setrlimit_req q = {res, want[0], want[1]};
		struct vm_setrlimit_rep r;
		long e = vm_setrlimit_call(TH_VM_EP, &q, 0, 0, &r);
		if (e == -LX_EINVAL)   /* not one the VM server keeps (cur <= max was checked) */
			rlim[res][0] = want[0], rlim[res][1] = want[1];
		else if (e < 0)
			return e;
	}
	return a3 ? lx_copy_out((uint64_t)a3, old, sizeof old) : 0;
}
static long lx_getrlimit(ARGS) { return lx_prlimit64(0, a0, 0, a1, 0, 0); }
static long lx_setrlimit(ARGS) { return lx_prlimit64(0, a0, a1, 0, 0, 0); }

/* prctl(option, ...): the options a process asks about itself that it can keep here: its
 * name (PR_SET_NAME, PR_GET_NAME: 16 bytes, at first the last part of the program's
 * path, as Linux's comm), dumpable (PR_GET/SET_DUMPABLE: 0 or 1) and no_new_privs (set
 * once, never cleared). Any other option is EINVAL, as Linux says for one it lacks. */
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
static char comm[16];
static int named, dumpable = 1, no_new_privs;   /* named: comm was set (PR_SET_NAME) */

void lx_proc_exec(void)
{
	named = 0;      /* the new program's name, when asked */
	dumpable = 1;   /* (no_new_privs stays, as Linux's) */
}

static long lx_prctl(ARGS)
{
	switch ((int)a0) {
	case PR_SET_NAME: {
		char name[16];
		long n = lx_copy_str(name, (uint64_t)a1, sizeof name);
		if (n == -LX_ENAMETOOLONG) {   /* longer names are cut, as Linux's */
			if (lx_copy_in(name, (uint64_t)a1, sizeof name - 1))
				return -LX_EFAULT;
			name[sizeof name - 1] = 0;
		} else if (n < 0) {
			return n;
		}
		memcpy(comm, name, sizeof comm);
		named = 1;
		return 0;
	}
	case PR_GET_NAME:
		if (!named) {   /* the program's name */
			const char *b = lx_execfn;
			memset(comm, 0, sizeof comm);
			for (const char *c = lx_execfn; *c; c++)
				if (*c == '/')
					b = c + 1;
			for (size_t i = 0; i < sizeof comm - 1 && b[i]; i++)
				comm[i] = b[i];
		}
		return lx_copy_out((uint64_t)a1, comm, sizeof comm);
	case PR_GET_DUMPABLE:
		return dumpable;
	case PR_SET_DUMPABLE:
		if ((uint64_t)a1 > 1)
			return -LX_EINVAL;
		dumpable = (int)a1;
		return 0;
	case PR_SET_NO_NEW_PRIVS:
		if (a1 != 1 || a2 || a3 || a4)
			return -LX_EINVAL;
		no_new_privs = 1;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		return a1 || a2 || a3 || a4 ? -LX_EINVAL : no_new_privs;
	default:
		return -LX_EINVAL;
	}
}

/* Clocks (lx_clock.h): every clock counts from boot; the vDSO answers alike. */
uint64_t lx_now_ns(void)
{
	return lx_ticks_ns(lx_rdtime(), lx_timebase);
}

static long lx_clock_gettime(ARGS)
{
	if (!lx_clock_ok(a0))
		return -LX_EINVAL;
	uint64_t ns = lx_now_ns(), ts[2] = {ns / 1000000000, ns % 1000000000};
	return lx_copy_out((uint64_t)a1, ts, sizeof ts);
}

static long lx_clock_getres(ARGS)
{
	if (!lx_clock_ok(a0))
		return -LX_EINVAL;
	uint64_t ts[2] = {0, 1000000000 / lx_timebase ?: 1};
	return a1 ? lx_copy_out((uint64_t)a1, ts, sizeof ts) : 0;
}

static long lx_gettimeofday(ARGS)
{
	uint64_t ns = lx_now_ns(), tv[2] = {ns / 1000000000, ns % 1000000000 / 1000};
	return a0 ? lx_copy_out((uint64_t)a0, tv, sizeof tv) : 0;
}

uint64_t lx_ticks_at(uint64_t end)
{
	uint64_t sec = end / 1000000000, tb = lx_timebase;
	return end == UINT64_MAX || sec >= UINT64_MAX / tb - 1
	       ? UINT64_MAX : sec * tb + (end % 1000000000 * tb + 999999999) / 1000000000;
}

/* Sleep until the clock reaches end (ns): a timed wait on the thread's notification
 * (without one, out of kernel objects, yield), the personality lock let go of. A futex
 * wake that comes meanwhile only makes it look at the clock again. */
long lx_sleep_until(uint64_t end)
{
	uint64_t at = lx_ticks_at(end);
	long r = 0;
	while (lx_now_ns() < end) {
		long h = lx_thread_notif(), w;
		lx_unlock();
		w = h < 0 ? k_yield() : k_notify_wait_until(h, at == UINT64_MAX ? 0 : at);
		lx_lock();
		if (w == -KE_INTR && lx_signal_fetch()) {
			r = -LX_EINTR;
			break;
		}
	}
	return r;
}

/* The clock ns from now, at most UINT64_MAX (a sleep of centuries ends never). */
static uint64_t from_now(uint64_t ns)
{
	uint64_t now = lx_now_ns();
	return ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
}

static long read_timespec(uint64_t uva, uint64_t *ns)
{
	int64_t ts[2];
	if (lx_copy_in(ts, uva, sizeof ts))
		return -LX_EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -LX_EINVAL;
	*ns = ts[0] >= 18000000000 ? UINT64_MAX : (uint64_t)ts[0] * 1000000000ull + (uint64_t)ts[1];
	return 0;
}

/* Sleep until end; cut short by a signal, EINTR with the time left written to rem (if
 * not 0), as Linux's. */
static long sleep_rem(uint64_t end, uint64_t rem)
{
	if (lx_sleep_until(end) == 0)
		return 0;
	uint64_t now = lx_now_ns(), left = now < end ? end - now : 0;
	int64_t ts[2] = {(int64_t)(left / 1000000000), (int64_t)(left % 1000000000)};
	if (rem && lx_copy_out(rem, ts, sizeof ts))
		return -LX_EFAULT;
	return -LX_EINTR;
}

static long lx_nanosleep(ARGS)
{
	uint64_t ns;
	long e = read_timespec((uint64_t)a0, &ns);
	if (e)
		return e;
	return sleep_rem(from_now(ns), (uint64_t)a1);
}

/* clock_nanosleep(clock, flags, req, rem): TIMER_ABSTIME is flag 1. As Linux: the
 * thread's CPU clock cannot be slept on (EINVAL), nor can the clocks without timers, the
 * raw and coarse ones and, as without an RTC, the alarm ones (EOPNOTSUPP). */
static long lx_clock_nanosleep(ARGS)
{
	if (a0 == 8 || a0 == 9 || (a0 >= 4 && a0 <= 6))
		return -LX_EOPNOTSUPP;
	if (!lx_clock_ok(a0) || a0 == 3)
		return -LX_EINVAL;
	uint64_t ns;
	long e = read_timespec((uint64_t)a2, &ns);
	if (e)
		return e;
	return a1 & 1 ? lx_sleep_until(ns) : sleep_rem(from_now(ns), (uint64_t)a3);
}

void lx_random(uint8_t *b, size_t n)
{
	static uint64_t s;
	if (!s)
		s = lx_now_ns() | 1;
	for (size_t i = 0; i < n; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		b[i] = (uint8_t)(s >> 24);
	}
}

/* getrandom(buf, len, flags): bytes of lx_random. Flags GRND_NONBLOCK (1),
 * GRND_RANDOM (2), GRND_INSECURE (4), not RANDOM with INSECURE. As Linux, len is cut to
 * LX_RW_MAX and the range must lie below USER_TOP (access_ok); a fault ends the call at
 * the page it hit: the count so far, or EFAULT if none. */
static long lx_getrandom(ARGS)
{
	uint32_t flags = (uint32_t)a2;
	uint64_t buf = (uint64_t)a0, len = (uint64_t)a1 < LX_RW_MAX ? (uint64_t)a1 : LX_RW_MAX;
	if ((flags & ~7u) || (flags & 6) == 6)
		return -LX_EINVAL;
	if (len > USER_TOP || buf > USER_TOP - len)
		return -LX_EFAULT;
	uint8_t chunk[256];
	for (uint64_t done = 0; done < len;) {
		uint64_t n = len - done < sizeof chunk ? len - done : sizeof chunk;
		lx_random(chunk, n);
		uint64_t put = lx_copy_out_part(buf + done, chunk, n);
		done += put;
		if (put < n)
			return done ? (long)done : -LX_EFAULT;
	}
	return (long)len;
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
	si[0] = lx_now_ns() / 1000000000;                    /* uptime */
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
	{94, lx_exit_group},
	{101, lx_nanosleep}, {113, lx_clock_gettime}, {114, lx_clock_getres}, {115, lx_clock_nanosleep},
	{122, lx_sched_setaffinity}, {123, lx_sched_getaffinity}, {124, lx_sched_yield}, {168, lx_getcpu}, {142, lx_reboot}, {160, lx_uname},
	{163, lx_getrlimit}, {164, lx_setrlimit}, {166, lx_umask}, {169, lx_gettimeofday},
	{172, lx_getpid}, {179, lx_sysinfo}, {261, lx_prlimit64}, {278, lx_getrandom},
	{293, lx_rseq}, {167, lx_prctl},
};
const size_t lx_proc_ncalls = sizeof lx_proc_calls / sizeof lx_proc_calls[0];
