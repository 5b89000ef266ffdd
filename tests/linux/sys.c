/* sys.c - the process, identity and time calls of a static glibc program, for the
 * differential test (scripts/linux-diff.sh): getpid, gettid, getppid, the uids and gids,
 * set_tid_address, uname, sysinfo, getrlimit/setrlimit/prlimit64 and their errors,
 * sched_yield, sched_getaffinity, umask, the clocks (clock_gettime, clock_getres,
 * gettimeofday, time), nanosleep and clock_nanosleep, getrandom, readlink of
 * /proc/self/exe, the auxiliary vector (getauxval), the environment init gives, reboot's
 * magic, atexit handlers; and, as an ordinary glibc program would, stdio, malloc of small
 * and mmap-sized blocks, qsort, floating point and localtime in UTC. It must be started
 * by an absolute path (argv[0]) as init does. One line per check, the results only (pids
 * as relations, times as sanity relations, no addresses); exits 0 only if every check
 * passed, which the last atexit handler decides. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "diffcheck.h"

/* A check whose answer on the Linux baseline, a tinyconfig kernel without
 * CONFIG_POSIX_TIMERS, is alt where a usual kernel's is want: either passes, and sys.diffok
 * leaves the line out of the comparison. */
static void result_or(const char *what, const char *got, const char *want, const char *alt)
{
	result(what, got, strcmp(got, alt) ? want : alt);
}

/* A value to show as it is on both systems. */
static void show(const char *what, const char *got) { result(what, got, got); }

/* ---- identity ---- */
static void identity(void)
{
	pid_t pid = getpid();
	truth("getpid > 0", pid > 0);
	truth("gettid == getpid (one thread)", gettid() == pid);
	truth("getppid > 0", getppid() > 0);
	truth("getpid is stable", getpid() == pid);
	num_is("getuid", getuid(), 0);
	num_is("geteuid", geteuid(), 0);
	num_is("getgid", getgid(), 0);
	num_is("getegid", getegid(), 0);
	static int tid_word;
	truth("set_tid_address returns the tid", syscall(SYS_set_tid_address, &tid_word) == pid);
	num_is("sched_yield", sched_yield(), 0);
}

static void uname_check(void)
{
	struct utsname u;
	char buf[64];
	err_is("uname", uname(&u), "0");
	show("uname sysname", u.sysname);
	show("uname machine", u.machine);
	int major = 0, minor = 0, n = 0;
	truth("uname release is N.N...", sscanf(u.release, "%d.%d%n", &major, &minor, &n) == 2 && n > 2);
	snprintf(buf, sizeof buf, "%d.%d", major, minor);
	show("uname release: major.minor", buf);
	truth("uname nodename is a string", memchr(u.nodename, 0, sizeof u.nodename) && u.nodename[0]);
	truth("uname version is a string", memchr(u.version, 0, sizeof u.version) && u.version[0]);
	show("uname domainname", u.domainname);
	err_is("uname into (void *)1", syscall(SYS_uname, bad_pointer), "EFAULT");
	err_is("uname into NULL", syscall(SYS_uname, 0), "EFAULT");
}

static void sysinfo_check(void)
{
	struct sysinfo si;
	char buf[32];
	err_is("sysinfo", sysinfo(&si), "0");
	truth("sysinfo uptime >= 0", si.uptime >= 0);
	truth("sysinfo totalram > freeram > 0", si.totalram > si.freeram && si.freeram > 0);
	truth("sysinfo totalram in (1 MiB, 256 MiB]",
	      (uint64_t)si.totalram * si.mem_unit > (1u << 20) && (uint64_t)si.totalram * si.mem_unit <= 256u << 20);
	snprintf(buf, sizeof buf, "%u", si.mem_unit);
	show("sysinfo mem_unit", buf);
	truth("sysinfo procs >= 1", si.procs >= 1);
	truth("sysinfo no swap", si.totalswap == 0 && si.freeswap == 0);
	truth("sysinfo no high memory", si.totalhigh == 0 && si.freehigh == 0);
	err_is("sysinfo into (void *)1", syscall(SYS_sysinfo, bad_pointer), "EFAULT");
}

/* ---- limits ---- */
static const char *lim_str(rlim_t v, char *buf, size_t n)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, n, "inf");
	else
		snprintf(buf, n, "%llu", (unsigned long long)v);
	return buf;
}

/* "cur/max" of a limit, or the error. */
static const char *rl_str(const struct rlimit *r, int e, char *buf, size_t n)
{
	char a[24], b[24];
	if (e)
		snprintf(buf, n, "%s", ename(e));
	else
		snprintf(buf, n, "%s/%s", lim_str(r->rlim_cur, a, sizeof a), lim_str(r->rlim_max, b, sizeof b));
	return buf;
}

static void rlimit_is(const char *what, int res, const char *want)
{
	struct rlimit r;
	char got[64];
	int e = getrlimit(res, &r) ? errno : 0;
	result(what, rl_str(&r, e, got, sizeof got), want);
}

static void limits(void)
{
	static const struct { int res; const char *name; } shown[] = {
		{RLIMIT_CPU, "RLIMIT_CPU"}, {RLIMIT_FSIZE, "RLIMIT_FSIZE"}, {RLIMIT_DATA, "RLIMIT_DATA"},
		{RLIMIT_STACK, "RLIMIT_STACK"}, {RLIMIT_CORE, "RLIMIT_CORE"}, {RLIMIT_RSS, "RLIMIT_RSS"},
		{RLIMIT_NOFILE, "RLIMIT_NOFILE"}, {RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK"}, {RLIMIT_AS, "RLIMIT_AS"},
		{RLIMIT_LOCKS, "RLIMIT_LOCKS"}, {RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE"}, {RLIMIT_NICE, "RLIMIT_NICE"},
		{RLIMIT_RTPRIO, "RLIMIT_RTPRIO"}, {RLIMIT_RTTIME, "RLIMIT_RTTIME"},
	};
	char what[64], got[64];
	struct rlimit r, r2;
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		int e = getrlimit(shown[i].res, &r) ? errno : 0;
		snprintf(what, sizeof what, "getrlimit %s", shown[i].name);
		show(what, rl_str(&r, e, got, sizeof got));
	}
	/* These depend on the memory size on Linux (max_threads / 2). */
	truth("getrlimit RLIMIT_NPROC: cur <= max", getrlimit(RLIMIT_NPROC, &r) == 0 && r.rlim_cur <= r.rlim_max);
	truth("getrlimit RLIMIT_SIGPENDING: cur <= max",
	      getrlimit(RLIMIT_SIGPENDING, &r) == 0 && r.rlim_cur <= r.rlim_max);

	/* Lowering soft limits, kept by the VM server (STACK, AS, DATA, MEMLOCK) or not. */
	static const struct { int res; const char *name; rlim_t soft; } low[] = {
		{RLIMIT_STACK, "RLIMIT_STACK", 4 << 20}, {RLIMIT_AS, "RLIMIT_AS", 1ul << 40},
		{RLIMIT_DATA, "RLIMIT_DATA", 1ul << 36}, {RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK", 1 << 20},
		{RLIMIT_NOFILE, "RLIMIT_NOFILE", 512}, {RLIMIT_CORE, "RLIMIT_CORE", 0},
		{RLIMIT_FSIZE, "RLIMIT_FSIZE", 1ul << 30}, {RLIMIT_CPU, "RLIMIT_CPU", 3600},
	};
	for (size_t i = 0; i < sizeof low / sizeof low[0]; i++) {
		char want[64];
		getrlimit(low[i].res, &r);
		r2 = (struct rlimit){low[i].soft, r.rlim_max};
		snprintf(what, sizeof what, "setrlimit %s soft lowered", low[i].name);
		err_is(what, setrlimit(low[i].res, &r2), "0");
		snprintf(what, sizeof what, "... getrlimit %s", low[i].name);
		rlimit_is(what, low[i].res, rl_str(&r2, 0, want, sizeof want));
		r2.rlim_cur = r.rlim_max == RLIM_INFINITY ? r.rlim_max : r.rlim_max + 1;
		r2.rlim_max = r.rlim_max == RLIM_INFINITY ? r.rlim_max - 1 : r.rlim_max;
		snprintf(what, sizeof what, "setrlimit %s soft above hard", low[i].name);
		err_is(what, setrlimit(low[i].res, &r2), "EINVAL");
		snprintf(what, sizeof what, "setrlimit %s back", low[i].name);
		err_is(what, setrlimit(low[i].res, &r), "0");
	}
	getrlimit(RLIMIT_NOFILE, &r);
	r2 = (struct rlimit){r.rlim_cur, r.rlim_max / 2};
	err_is("setrlimit RLIMIT_NOFILE hard lowered (as root)", setrlimit(RLIMIT_NOFILE, &r2), "0");
	rlimit_is("... getrlimit RLIMIT_NOFILE", RLIMIT_NOFILE, "1024/2048");
	err_is("setrlimit RLIMIT_NOFILE hard raised again (as root)", setrlimit(RLIMIT_NOFILE, &r), "0");
	rlimit_is("... getrlimit RLIMIT_NOFILE", RLIMIT_NOFILE, "1024/4096");
	getrlimit(RLIMIT_AS, &r);
	r2 = (struct rlimit){1ul << 40, 1ul << 40};
	err_is("setrlimit RLIMIT_AS hard lowered", setrlimit(RLIMIT_AS, &r2), "0");
	err_is("setrlimit RLIMIT_AS hard raised again (as root)", setrlimit(RLIMIT_AS, &r), "0");
	rlimit_is("... getrlimit RLIMIT_AS", RLIMIT_AS, "inf/inf");
	r2 = (struct rlimit){1024, 2 << 20};
	err_is("setrlimit RLIMIT_NOFILE hard above nr_open", setrlimit(RLIMIT_NOFILE, &r2), "EPERM");

	err_is("getrlimit resource 16", getrlimit(16, &r), "EINVAL");
	err_is("setrlimit resource 16", setrlimit(16, &r), "EINVAL");
	err_is("getrlimit resource -1", getrlimit(-1, &r), "EINVAL");
	err_is("getrlimit into (void *)1", getrlimit(RLIMIT_STACK, bad_pointer), "EFAULT");
	err_is("setrlimit from (void *)1", setrlimit(RLIMIT_STACK, bad_pointer), "EFAULT");
	err_is("raw getrlimit RLIMIT_NOFILE", syscall(SYS_getrlimit, RLIMIT_NOFILE, &r), "0");
	result("... its value", rl_str(&r, 0, got, sizeof got), "1024/4096");
	err_is("raw setrlimit RLIMIT_NOFILE", syscall(SYS_setrlimit, RLIMIT_NOFILE, &r), "0");
	err_is("raw getrlimit resource 16 into (void *)1", syscall(SYS_getrlimit, 16, bad_pointer), "EINVAL");
	err_is("raw setrlimit resource 16 from (void *)1", syscall(SYS_setrlimit, 16, bad_pointer), "EFAULT");
	err_is("raw getrlimit resource 2^32 + 7 (an unsigned int)", syscall(SYS_getrlimit, (1l << 32) + 7, &r), "0");
	result("... RLIMIT_NOFILE's value", rl_str(&r, 0, got, sizeof got), "1024/4096");

	struct rlimit old;
	err_is("prlimit64 pid 0 get", prlimit(0, RLIMIT_NOFILE, 0, &old), "0");
	result("... its value", rl_str(&old, 0, got, sizeof got), "1024/4096");
	err_is("prlimit64 own pid get", prlimit(getpid(), RLIMIT_NOFILE, 0, &old), "0");
	result("... its value", rl_str(&old, 0, got, sizeof got), "1024/4096");
	r2 = (struct rlimit){256, 4096};
	err_is("prlimit64 own pid set and get", prlimit(getpid(), RLIMIT_NOFILE, &r2, &old), "0");
	result("... the old value", rl_str(&old, 0, got, sizeof got), "1024/4096");
	rlimit_is("... the new value", RLIMIT_NOFILE, "256/4096");
	err_is("prlimit64 set into an old (void *)1", prlimit(0, RLIMIT_NOFILE, &old, bad_pointer), "EFAULT");
	rlimit_is("... the new value was set", RLIMIT_NOFILE, "1024/4096");
	err_is("prlimit64 nothing", prlimit(0, RLIMIT_NOFILE, 0, 0), "0");
	err_is("prlimit64 pid 99999", prlimit(99999, RLIMIT_NOFILE, 0, &old), "ESRCH");
	err_is("prlimit64 pid 99999, new from (void *)1", prlimit(99999, RLIMIT_NOFILE, bad_pointer, 0), "EFAULT");
	err_is("prlimit64 resource 16, new from (void *)1", prlimit(0, 16, bad_pointer, 0), "EFAULT");
	err_is("prlimit64 resource 16", prlimit(0, 16, 0, &old), "EINVAL");
	err_is("prlimit64 pid 99999, resource 16", prlimit(99999, 16, 0, &old), "ESRCH");
}

static void affinity(void)
{
	uint64_t set[16];
	memset(set, 0, sizeof set);
	num_is("sched_getaffinity 128 bytes: the mask's size", syscall(SYS_sched_getaffinity, 0, sizeof set, set), 8);
	truth("... CPU 0 is in it", set[0] & 1);
	num_is("sched_getaffinity own pid, 8 bytes", syscall(SYS_sched_getaffinity, getpid(), 8, set), 8);
	err_is("sched_getaffinity 4 bytes", syscall(SYS_sched_getaffinity, 0, 4, set), "EINVAL");
	err_is("sched_getaffinity 0 bytes", syscall(SYS_sched_getaffinity, 0, 0, set), "EINVAL");
	err_is("sched_getaffinity 12 bytes", syscall(SYS_sched_getaffinity, 0, 12, set), "EINVAL");
	err_is("sched_getaffinity into (void *)1", syscall(SYS_sched_getaffinity, 0, 8, bad_pointer), "EFAULT");
	err_is("sched_getaffinity pid 99999", syscall(SYS_sched_getaffinity, 99999, 8, set), "ESRCH");
	err_is("sched_getaffinity pid 99999, 4 bytes", syscall(SYS_sched_getaffinity, 99999, 4, set), "EINVAL");
	cpu_set_t cs;
	err_is("glibc sched_getaffinity", sched_getaffinity(0, sizeof cs, &cs), "0");
	num_is("... CPU_COUNT", CPU_COUNT(&cs), 1);
}

static void umask_check(void)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%03o", umask(027));
	result("umask: the initial mask", buf, "022");
	snprintf(buf, sizeof buf, "%03o", umask(022));
	result("umask: the mask set before", buf, "027");
	umask(027);
	int fd = open("/sys-umask-test", O_CREAT | O_EXCL | O_WRONLY, 0666);
	if (fd < 0 && errno == EROFS) {
		show("umask 027 on a new file's mode 0666", "skipped (EROFS: the root is read-only)");
	} else {
		struct stat st;
		int ok = fd >= 0 && fstat(fd, &st) == 0;
		snprintf(buf, sizeof buf, "%04o", ok ? (unsigned)st.st_mode & 07777 : 0);
		result("umask 027 on a new file's mode 0666", ok ? buf : ename(errno), "0640");
		close(fd);
		unlink("/sys-umask-test");
	}
	umask(022);
}

/* ---- time ---- */
static int64_t ns_of(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }

static int64_t mono_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return ns_of(&t);
}

static void clocks(void)
{
	static const struct { clockid_t id; const char *name; } ids[] = {
		{CLOCK_REALTIME, "CLOCK_REALTIME"}, {CLOCK_MONOTONIC, "CLOCK_MONOTONIC"},
		{CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID"},
		{CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID"}, {CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW"},
		{CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE"}, {CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE"},
		{CLOCK_BOOTTIME, "CLOCK_BOOTTIME"}, {CLOCK_TAI, "CLOCK_TAI"},
	};
	char what[80];
	struct timespec t, t2;
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		/* Without POSIX timers, Linux has no CPU clocks. */
		int cpu = ids[i].id == CLOCK_PROCESS_CPUTIME_ID || ids[i].id == CLOCK_THREAD_CPUTIME_ID;
		const char *alt = cpu ? "EINVAL" : "yes";
		int e = clock_gettime(ids[i].id, &t) ? errno : 0;
		snprintf(what, sizeof what, "clock_gettime %s: a time (sec >= 0, nsec < 1e9)", ids[i].name);
		result_or(what, e ? ename(e) : t.tv_sec >= 0 && t.tv_nsec >= 0 && t.tv_nsec < 1000000000 ? "yes" : "no",
		          "yes", alt);
		e = clock_getres(ids[i].id, &t) ? errno : 0;
		snprintf(what, sizeof what, "clock_getres %s: in (0, 1 s)", ids[i].name);
		result_or(what, e ? ename(e) : t.tv_sec == 0 && t.tv_nsec > 0 ? "yes" : "no", "yes", alt);
	}
	struct timespec cpu0, cpu1;
	int e = clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0) ? errno : 0;
	clock_gettime(CLOCK_MONOTONIC, &t);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
	result_or("CLOCK_PROCESS_CPUTIME_ID: not past CLOCK_MONOTONIC, never back",
	          e ? ename(e) : ns_of(&cpu0) <= ns_of(&t) && ns_of(&cpu1) >= ns_of(&cpu0) ? "yes" : "no", "yes",
	          "EINVAL");
	int64_t prev = mono_ns(), back = 0;
	for (int i = 0; i < 1000; i++) {
		int64_t now = mono_ns();
		back += now < prev;
		prev = now;
	}
	truth("CLOCK_MONOTONIC never goes back (1000 reads)", back == 0);
	clock_gettime(CLOCK_MONOTONIC, &t);
	clock_gettime(CLOCK_BOOTTIME, &t2);
	truth("CLOCK_BOOTTIME >= CLOCK_MONOTONIC", ns_of(&t2) >= ns_of(&t));
	clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	truth("CLOCK_MONOTONIC_COARSE <= CLOCK_MONOTONIC read after", ns_of(&t) <= ns_of(&t2));

	struct timeval tv0;
	clock_gettime(CLOCK_MONOTONIC, &t);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t2);
	gettimeofday(&tv0, 0);
	truth("clock_gettime through glibc (the vDSO), then the system call: not back, within 1 s",
	      ns_of(&t2) >= ns_of(&t) && ns_of(&t2) - ns_of(&t) < 1000000000);
	truth("gettimeofday through glibc: a time (usec < 1e6)", tv0.tv_sec >= 0 && tv0.tv_usec >= 0 && tv0.tv_usec < 1000000);
	err_is("clock_gettime clock 10 (none)", syscall(SYS_clock_gettime, 10, &t), "EINVAL");
	err_is("clock_gettime clock 16 (MAX_CLOCKS)", syscall(SYS_clock_gettime, 16, &t), "EINVAL");
	err_is("clock_gettime clock 99", syscall(SYS_clock_gettime, 99, &t), "EINVAL");
	err_is("clock_gettime clock -1", syscall(SYS_clock_gettime, -1, &t), "EINVAL");
	err_is("clock_gettime into (void *)1", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad_pointer), "EFAULT");
	err_is("clock_gettime into NULL", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, 0), "EFAULT");
	err_is("clock_getres clock 99", syscall(SYS_clock_getres, 99, &t), "EINVAL");
	long r = syscall(SYS_clock_getres, CLOCK_MONOTONIC, 0);
	result_or("clock_getres into NULL", r ? ename(errno) : "0", "0", "EFAULT");
	err_is("clock_getres into (void *)1", syscall(SYS_clock_getres, CLOCK_MONOTONIC, bad_pointer), "EFAULT");

	struct timeval tv;
	clock_gettime(CLOCK_REALTIME, &t);
	err_is("gettimeofday", gettimeofday(&tv, 0), "0");
	truth("... usec < 1e6", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	truth("... within 2 s of CLOCK_REALTIME", tv.tv_sec >= t.tv_sec && tv.tv_sec - t.tv_sec <= 2);
	err_is("gettimeofday of nothing", syscall(SYS_gettimeofday, 0, 0), "0");
	err_is("gettimeofday into (void *)1", syscall(SYS_gettimeofday, bad_pointer, 0), "EFAULT");
	time_t now = time(0);
	truth("time() within 2 s of CLOCK_REALTIME", now >= t.tv_sec && now - t.tv_sec <= 2);
	struct tm tm;
	truth("gmtime_r of time(): a year >= 1970", gmtime_r(&now, &tm) && tm.tm_year >= 70);
}

static void sleeps(void)
{
	struct timespec ts = {0, 20000000}, bad = {0, 1000000000}, neg = {-1, 0}, rem;
	int64_t t0 = mono_ns();
	err_is("nanosleep 20 ms", syscall(SYS_nanosleep, &ts, &rem), "0");
	truth("... took >= 20 ms by CLOCK_MONOTONIC", mono_ns() - t0 >= 20000000);
	truth("... and < 10 s", mono_ns() - t0 < 10000000000);
	err_is("nanosleep nsec 1e9", syscall(SYS_nanosleep, &bad, 0), "EINVAL");
	err_is("nanosleep sec -1", syscall(SYS_nanosleep, &neg, 0), "EINVAL");
	struct timespec negns = {0, -1};
	err_is("nanosleep nsec -1", syscall(SYS_nanosleep, &negns, 0), "EINVAL");
	err_is("nanosleep from (void *)1", syscall(SYS_nanosleep, bad_pointer, 0), "EFAULT");
	struct timespec zero = {0, 0};
	err_is("nanosleep 0", syscall(SYS_nanosleep, &zero, 0), "0");

	t0 = mono_ns();
	result("clock_nanosleep CLOCK_MONOTONIC 20 ms", ename(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, 0)), "0");
	truth("... took >= 20 ms", mono_ns() - t0 >= 20000000);
	t0 = mono_ns();
	result("clock_nanosleep CLOCK_REALTIME 20 ms", ename(clock_nanosleep(CLOCK_REALTIME, 0, &ts, 0)), "0");
	truth("... took >= 20 ms by CLOCK_MONOTONIC", mono_ns() - t0 >= 20000000);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += 20000000;
	if (until.tv_nsec >= 1000000000)
		until.tv_sec++, until.tv_nsec -= 1000000000;
	result("clock_nanosleep TIMER_ABSTIME now + 20 ms",
	       ename(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0)), "0");
	truth("... CLOCK_MONOTONIC has reached it", mono_ns() >= ns_of(&until));
	t0 = mono_ns();
	result("clock_nanosleep TIMER_ABSTIME 1 s after boot (past)",
	       ename(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &(struct timespec){1, 0}, 0)), "0");
	truth("... at once (< 1 s)", mono_ns() - t0 < 1000000000);
	result("clock_nanosleep nsec 1e9", ename(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, 0)), "EINVAL");
	result("clock_nanosleep sec -1", ename(clock_nanosleep(CLOCK_MONOTONIC, 0, &neg, 0)), "EINVAL");
	result("clock_nanosleep clock 99", ename(clock_nanosleep(99, 0, &ts, 0)), "EINVAL");
	err_is("clock_nanosleep CLOCK_THREAD_CPUTIME_ID",
	       syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &ts, 0), "EINVAL");
	err_is("clock_nanosleep from (void *)1", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, bad_pointer, 0), "EFAULT");
}

static void random_check(void)
{
	unsigned char a[300], b[300];
	num_is("getrandom 16 bytes", getrandom(a, 16, 0), 16);
	num_is("getrandom 300 bytes", getrandom(a, sizeof a, 0), 300);
	num_is("getrandom 300 more", getrandom(b, sizeof b, 0), 300);
	truth("... two calls differ", memcmp(a, b, sizeof a) != 0);
	num_is("getrandom 0 bytes", getrandom(a, 0, 0), 0);
	num_is("getrandom GRND_NONBLOCK", getrandom(a, 64, GRND_NONBLOCK), 64);
	num_is("getrandom GRND_RANDOM", getrandom(a, 64, GRND_RANDOM), 64);
	num_is("getrandom GRND_INSECURE", getrandom(a, 64, GRND_INSECURE), 64);
	num_is("getrandom GRND_RANDOM | GRND_NONBLOCK", getrandom(a, 64, GRND_RANDOM | GRND_NONBLOCK), 64);
	err_is("getrandom GRND_RANDOM | GRND_INSECURE", getrandom(a, 64, GRND_RANDOM | GRND_INSECURE), "EINVAL");
	err_is("getrandom flags 8", getrandom(a, 64, 8), "EINVAL");
	err_is("getrandom into (void *)1", getrandom(bad_pointer, 16, 0), "EFAULT");
	err_is("getrandom into NULL", syscall(SYS_getrandom, 0, 16, 0), "EFAULT");
	unsigned char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	num_is("getrandom 1 MiB into a page before a hole: the page", getrandom(p, 1 << 20, 0), 4096);
	err_is("getrandom 2^62 bytes (cut to 2 GiB, past the user range)", getrandom(p, 1ul << 62, 0), "EFAULT");
	num_is("getrandom 100 bytes across the page's end", getrandom(p + 4050, 100, 0), 46);
	munmap(p, 4096);
}

/* ---- the program's own view: /proc/self/exe, the auxv, the environment ---- */
extern char _start[];

static void self_check(const char *argv0)
{
	char buf[256], abs[300];
	if (argv0[0] == '/')
		snprintf(abs, sizeof abs, "%s", argv0);
	else if (getcwd(buf, sizeof buf))
		snprintf(abs, sizeof abs, "%s/%s", strcmp(buf, "/") ? buf : "", argv0);
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	result("readlink /proc/self/exe: argv[0] made absolute", buf, abs);
	show("... the path", buf);
	num_is("readlink /proc/self/exe into 4 bytes", readlink("/proc/self/exe", buf, 4), 4);
	truth("... its start", !memcmp(buf, abs, 4));

	char hex[32];
	num_is("AT_PAGESZ", (long)getauxval(AT_PAGESZ), 4096);
	num_is("AT_PHENT", (long)getauxval(AT_PHENT), 56);
	truth("AT_PHNUM > 0", getauxval(AT_PHNUM) > 0);
	truth("AT_PHDR is set", getauxval(AT_PHDR) != 0);
	num_is("AT_BASE (no interpreter)", (long)getauxval(AT_BASE), 0);
	num_is("AT_FLAGS", (long)getauxval(AT_FLAGS), 0);
	truth("AT_ENTRY is _start", getauxval(AT_ENTRY) == (unsigned long)_start);
	num_is("AT_UID", (long)getauxval(AT_UID), 0);
	num_is("AT_EUID", (long)getauxval(AT_EUID), 0);
	num_is("AT_GID", (long)getauxval(AT_GID), 0);
	num_is("AT_EGID", (long)getauxval(AT_EGID), 0);
	num_is("AT_SECURE", (long)getauxval(AT_SECURE), 0);
	num_is("AT_CLKTCK", (long)getauxval(AT_CLKTCK), 100);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;
	for (int i = 0; rnd && i < 16; i++)
		nonzero |= rnd[i];
	truth("AT_RANDOM points to 16 bytes, not all zero", rnd && nonzero);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	result("AT_EXECFN is argv[0]", execfn ? execfn : "(none)", argv0);
	const unsigned char *vdso = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
	truth("AT_SYSINFO_EHDR: the vDSO, a shared object's ELF header",
	      vdso && !memcmp(vdso, "\177ELF", 4) && vdso[16] == 3 /* ET_DYN */);
	unsigned long hw = getauxval(AT_HWCAP);
	unsigned long imafdc = 1ul << ('i' - 'a') | 1ul << ('m' - 'a') | 1ul << ('a' - 'a') |
	                       1ul << ('f' - 'a') | 1ul << ('d' - 'a') | 1ul << ('c' - 'a');
	truth("AT_HWCAP has I, M, A, F, D, C", (hw & imafdc) == imafdc);
	snprintf(hex, sizeof hex, "%#lx", hw);
	show("AT_HWCAP", hex);
	num_is("AT_HWCAP2", (long)getauxval(AT_HWCAP2), 0);
	errno = 0;
	getauxval(12345);
	result("getauxval of an absent type", ename(errno), "ENOENT");

	static const char *const vars[] = {"PATH", "HOME", "TERM"};
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		snprintf(buf, sizeof buf, "getenv %s", vars[i]);
		show(buf, v ? v : "(unset)");
	}
	extern char **environ;
	int nenv = 0;
	while (environ[nenv])
		nenv++;
	num_is("the environment's size", nenv, 3);
}

static void reboot_check(void)
{
	err_is("reboot with magic1 0x1234", syscall(SYS_reboot, 0x1234, 672274793, 0x4321fedc, 0), "EINVAL");
	err_is("reboot with magic2 0x1234", syscall(SYS_reboot, 0xfee1dead, 0x1234, 0x4321fedc, 0), "EINVAL");
}

/* ---- an ordinary glibc program ---- */
static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Fill n bytes from malloc with a pattern, check it, free it: 1 if all is well. */
static int malloc_check(size_t n)
{
	unsigned char *p = malloc(n);
	if (!p)
		return 0;
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + n);
	int ok = 1;
	for (size_t i = 0; i < n; i++)
		ok &= p[i] == (unsigned char)(i * 7 + n);
	free(p);
	return ok;
}

static void ordinary(void)
{
	char buf[128];
	truth("malloc 16 bytes", malloc_check(16));
	truth("malloc 100000 bytes (the heap)", malloc_check(100000));
	truth("malloc 4 MiB (mmap)", malloc_check(4 << 20));
	char *g = 0;
	int grew = 1;
	for (size_t n = 1; n <= 1 << 20 && grew; n *= 4) {
		char *q = realloc(g, n);
		grew = q && (n == 1 || q[n / 4 - 1] == 'r');
		if (q)
			memset(q, 'r', n), g = q;
	}
	free(g);
	truth("realloc from 1 byte to 1 MiB keeps the data", grew);
	int *z = calloc(50000, sizeof *z), zero = z != 0;
	for (int i = 0; z && i < 50000; i++)
		zero &= z[i] == 0;
	free(z);
	truth("calloc 200000 bytes: zeroes", zero);

	int v[1000];
	unsigned s = 12345;
	for (int i = 0; i < 1000; i++)
		s = s * 1103515245 + 12345, v[i] = (int)(s >> 8) % 10000;
	qsort(v, 1000, sizeof v[0], cmp_int);
	int sorted = 1;
	for (int i = 1; i < 1000; i++)
		sorted &= v[i - 1] <= v[i];
	truth("qsort of 1000 ints", sorted);
	snprintf(buf, sizeof buf, "%d %d %d", v[0], v[500], v[999]);
	show("... smallest, middle, largest", buf);

	double sum = 0, x = 1;
	for (int n = 1; n <= 1000; n++)
		sum += 1.0 / ((double)n * n);
	for (int i = 0; i < 20; i++)
		x = (x + 2 / x) / 2;   /* Newton's square root of 2 */
	snprintf(buf, sizeof buf, "%.12f %.15f %e %g %a", sum, x, 6.02214076e23, 1.0 / 3, 0.1);
	show("printf of doubles (sum 1/n^2, sqrt 2, ...)", buf);
	snprintf(buf, sizeof buf, "%.17g %.3Lf", strtod("2.718281828459045", 0), (long double)1 / 8);
	show("strtod, long double", buf);
	volatile double zero_d = 0;
	snprintf(buf, sizeof buf, "%f %f %f", 1 / zero_d, -1 / zero_d, zero_d / zero_d);
	show("inf, -inf, nan", buf);
	volatile float f = 16777216.0f;
	snprintf(buf, sizeof buf, "%.1f %d", (double)(f + 1.0f), (int)(-7.9));
	show("float rounding, truncation", buf);

	time_t fixed = 1700000000;
	struct tm tm;
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %Z", localtime_r(&fixed, &tm));
	show("localtime of 1700000000 (UTC: no TZ, no /etc/localtime)", buf);
	strftime(buf, sizeof buf, "%j %U %s", gmtime_r(&fixed, &tm));
	show("gmtime: day of the year, week, seconds", buf);
	snprintf(buf, sizeof buf, "%ld", (long)mktime(&tm));
	show("mktime back", buf);
	snprintf(buf, sizeof buf, "%s|%-5s|%05d|%x|%lld", "str", "ab", 42, 255u, -1234567890123ll);
	show("printf of strings and integers", buf);
}

/* ---- atexit: the handlers run in reverse order; the last one decides the status ---- */
static char order[8];
static void at_second(void) { strcat(order, "2"); }
static void at_third(void) { strcat(order, "3"); }
static void at_last(void)
{
	result("atexit handlers in reverse order", order, "32");
	if (summary())
		_exit(1);
}

int main(int argc, char **argv)
{
	(void)argc;
	atexit(at_last);
	atexit(at_second);
	atexit(at_third);
	identity();
	uname_check();
	sysinfo_check();
	limits();
	affinity();
	umask_check();
	clocks();
	sleeps();
	random_check();
	self_check(argv[0]);
	reboot_check();
	ordinary();
	exit(0);
}
