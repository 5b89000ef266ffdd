/* fuzz.c - a fuzz test of the Linux personality (lib/linux): a static glibc program that
 * makes many raw system calls through syscall(2), with random numbers (0..600, half of
 * them drawn from the calls the personality implements) and random arguments drawn from
 * interesting values: 0, -1, small numbers, valid and invalid descriptors, pointers into
 * a scratch buffer and near its end, NULL, (void *)1, a kernel address, huge lengths,
 * flags all ones. Run by tests/disk/linux_fuzz.sh, on the read-only root and on an ext2
 * root, under our init (`make PROG=tests/linuxfuzz/fuzz.c ARGS="SEED CALLS" prog-image`).
 *
 *   fuzz [SEED [CALLS [v|- [PROCS]]]]   seed (default 1) and number of calls (default
 *                             20000); "v" prints every call before it is made (to find the
 *                             one that kills something); PROCS (default 1) processes fuzz
 *                             at once: this one forks PROCS - 1 children, process k with
 *                             seed SEED + k, each making CALLS calls and its own checks,
 *                             and fails if any of them does (tests/qemu/syscall_fuzz.c).
 *
 * Every call must come back, and with an answer Linux could give: a result, or an errno
 * in 1..133; ENOSYS for every number the personality does not implement, never for one
 * it does (but rseq, which is ENOSYS by design). Afterwards the program checks that it
 * still works (malloc, a file written and read back, getpid, a pipe round trip, mmap,
 * a signal) and prints "ok - ..." / "not ok - ..." lines and a summary line; it exits 0
 * only if all passed.
 *
 * Left out or confined, because they would rightly end, stall or wreck the program
 * itself (on Linux too): exit, exit_group, reboot, rt_sigreturn, clone, execve, the
 * waits without a time limit (futex, rt_sigsuspend, rt_sigtimedwait, pselect6, epoll,
 * message queues), timers that would send SIGALRM, ptrace, seccomp, mlockall (as root
 * it would bring in all that is mapped). Signals sent to
 * itself are 0, invalid numbers, or ones with a harmless handler or ignored by default
 * (with PROCS > 1 the stop signals are ignored too: a process may make a group of its
 * own, which is not orphaned, where they would stop it).
 * Memory calls (munmap, mprotect, madvise, mlock, msync, mincore, MAP_FIXED mmap, mremap
 * with its old range and a MREMAP_FIXED target) take addresses inside a fuzz arena that
 * the program mmaps first, or plainly invalid ones
 * (the personality's pages among them: a hole, as on Linux, where nothing changes; a
 * huge length from the arena reaches them too, but not for madvise, which as on Linux
 * would go on past holes to the stack); other mmaps, and mremaps that moved out of the
 * arena, are unmapped again at once; brk
 * never shrinks below glibc's break. Output pointers go only into the scratch buffer or
 * the arena, each between unmapped guard pages, so a huge length faults (EFAULT or a
 * short count) instead of overwriting the program. Names that are created, written or removed lie under a scratch directory
 * (/fz) or, if the root is read-only, are refused anyway; the console is never a target
 * for writes (random bytes would garble the report), reads or ioctls. State the calls may change that
 * would break the program (dispositions of signals, the blocked mask, the limits, the
 * current directory, O_NONBLOCK of its pipes, descriptors 0-2) is put back after each
 * call, and every 64 calls every descriptor above 2 is closed and the pool reopened. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL
#define ARENA_PAGES 64
#define SCRATCH_PAGES 4
#define NR_MAX 600
#define KERNEL_ADDR 0xffffffc000000000UL
#define USER_TOP 0x4000000000UL       /* Sv39: user addresses lie below */
#define SCRATCH_DIR "/fz"
#define LX_BASE 0x3ff8000000UL        /* the personality's pages (lib/linux/lx.h): Linux has nothing there */

/* ---- the generator: xorshift64*, reproducible from the seed ---- */
static uint64_t state;
static uint64_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dULL;
}
static uint64_t pick(uint64_t n) { return rnd() % n; }
#define ONE_OF(a) ((a)[pick(sizeof(a) / sizeof((a)[0]))])

/* ---- memory: [hole][arena][hole][scratch][hole], from one mapping ---- */
static char *arena, *scratch;
#define ARENA_LEN (ARENA_PAGES * PAGE)
#define SCRATCH_LEN (SCRATCH_PAGES * PAGE)
/* The scratch buffer's first half is random bytes (never '.' or '/', so a path read from
 * it is one relative name), refilled before each call; the second half is laid out by
 * the call's arguments (iovecs, pollfds, structures to read) but for its last bytes. */
#define RANDOM_LEN (SCRATCH_LEN / 2)
#define TAIL_LEN 64   /* ... and its last bytes are random too, without a NUL */
static char *layout;          /* scratch + RANDOM_LEN */
static size_t layout_used;

/* ---- descriptors: the pool, reopened every 64 calls ---- */
enum { P_FILE, P_RO, P_DIR, P_SUBDIR, P_NULL, P_PIPE_R, P_PIPE_W, P_COUNT };
static int pool[P_COUNT];
static int rw_root;           /* the scratch directory could be made: the root is writable */
static int max_fd;            /* no descriptor above this is open (but the pool's) */
static long my_pid;

/* Paths for the calls that create, write or remove: under the scratch directory only
 * (or relative, with the current directory kept at it and dirfds from the pool). */
static const char *const write_paths[] = {
	SCRATCH_DIR "/f", SCRATCH_DIR "/g", SCRATCH_DIR "/d", SCRATCH_DIR "/d/e", SCRATCH_DIR "/d/e/f",
	SCRATCH_DIR "/ro", SCRATCH_DIR "/f/", SCRATCH_DIR "/d/", SCRATCH_DIR "/d/.", SCRATCH_DIR "/d/..",
	SCRATCH_DIR "/d/../g", SCRATCH_DIR "//d//e", SCRATCH_DIR "/nothere/x", SCRATCH_DIR "/f/x",
	SCRATCH_DIR "/" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", /* > 255 */
	"f", "g", "d", "d/e", ".", "", "x/", "d/../f", "ro", "/dev/null",   /* not "..": that is "/" */
};
/* ... and for the calls that only look: anywhere. */
static const char *const look_paths[] = {
	"/", "/etc", "/etc/init.args", "/bin", "/bin/fuzz", "/dev/null", "/dev/console", "/dev/tty",
	"/proc/self/exe", "/proc/self/cwd", "/proc/self/fd/0", "/proc/self/fd/3", "/proc/self/fd/99999999999",
	"/proc/self/fd/", "/proc", "/nothere", "/etc/init.args/x", "/etc/../etc/./init.args", "..", "../..",
	"", ".", "f", "d/e", "/etc/init.args/", "//", "/dev", "/dev/", "/bin/.", "/bin/..",
};
static char long_path[5000];  /* "a/a/a/...": longer than PATH_MAX */
static char long_name[300];   /* one name longer than NAME_MAX */

static void die(const char *what)
{
	printf("not ok - linux_fuzz: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ---- signals: faults of the program itself are caught and counted (there should be
 * none); SIGUSR1/2, which the fuzz may send itself, are counted ---- */
static sigjmp_buf fault_jmp;
static volatile sig_atomic_t faults, usr_signals;
static volatile int in_call;
static int procs = 1;
static const char *self_path;   /* argv[0]: this program's file */
static struct sigaction saved_act[65];
static sigset_t saved_mask;
static struct rlimit saved_rlim[16];

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	faults++;
	if (faults < 5) {   /* async-signal-safe enough for a report: we longjmp away */
		char m[96];
		int n = snprintf(m, sizeof m, "# fault: signal %d at %p\n", sig, si->si_addr);
		write(2, m, (size_t)n);
	}
	if (in_call)
		siglongjmp(fault_jmp, 1);
	_exit(3);
}
static void on_usr(int sig) { (void)sig; usr_signals++; }

static void set_handlers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	for (int s = 1; s <= 64; s++) {
		if (s == SIGKILL || s == SIGSTOP)
			continue;
		struct sigaction a;
		memset(&a, 0, sizeof a);
		if (s == SIGSEGV || s == SIGBUS || s == SIGILL || s == SIGFPE || s == SIGTRAP)
			a = sa;
		else if (s == SIGUSR1 || s == SIGUSR2)
			a.sa_handler = on_usr;
		else if (s == SIGPIPE || s == SIGALRM || s == SIGHUP || s == SIGINT || s == SIGTERM || s == SIGQUIT ||
		         s == SIGXFSZ || s == SIGXCPU || s == SIGVTALRM || s == SIGPROF || s == SIGIO ||
		         s == SIGSYS || s == SIGABRT || s == SIGSTKFLT || s == SIGPWR || s >= 32 ||
		         (procs > 1 && (s == SIGTSTP || s == SIGTTIN || s == SIGTTOU)))
			a.sa_handler = SIG_IGN;
		else
			a.sa_handler = SIG_DFL;
		sigaction(s, &a, 0);
	}
	for (int s = 1; s <= 64; s++)   /* the kernel's view, to put back with the raw call */
		syscall(SYS_rt_sigaction, s, 0, &saved_act[s], 8);
	sigemptyset(&saved_mask);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &saved_mask, 0, 8);
}

/* ---- the pool of descriptors ---- */
static int open_pool_one(int i)
{
	switch (i) {
	case P_FILE: return rw_root ? open(SCRATCH_DIR "/f", O_RDWR | O_CREAT, 0644) : open("/etc/passwd", O_RDONLY);
	case P_RO:
		if (rw_root) {
			int fd = open(SCRATCH_DIR "/ro", O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd >= 0) {
				write(fd, "read-only\n", 10);
				close(fd);
			}
			return open(SCRATCH_DIR "/ro", O_RDONLY);
		}
		return open(self_path, O_RDONLY);
	case P_DIR: return open(rw_root ? SCRATCH_DIR : "/etc", O_RDONLY | O_DIRECTORY);
	case P_SUBDIR:
		if (rw_root) {
			mkdir(SCRATCH_DIR "/d", 0755);
			return open(SCRATCH_DIR "/d", O_RDONLY | O_DIRECTORY);
		}
		return open("/bin", O_RDONLY | O_DIRECTORY);
	case P_NULL: return open("/dev/null", O_RDWR);
	}
	return -1;
}

/* Close every descriptor above 2 (up to max_fd) and open the pool again. */
static void reset_fds(void)
{
	for (int fd = 3; fd <= max_fd; fd++)
		syscall(SYS_close, fd);
	for (int i = 0; i < P_PIPE_R; i++)
		pool[i] = open_pool_one(i);
	int p[2] = {-1, -1};
	if (pipe2(p, O_NONBLOCK) == 0)   /* blocking reads of an empty pipe would stall */
		write(p[1], "pipe data", 9);
	pool[P_PIPE_R] = p[0], pool[P_PIPE_W] = p[1];
	max_fd = 2;
	for (int i = 0; i < P_COUNT; i++)
		if (pool[i] > max_fd)
			max_fd = pool[i];
}

/* Is descriptor fd (its low 32 bits, as the kernel takes it) on the console? */
static int is_console(long fd)
{
	struct stat st;
	if (syscall(SYS_fstat, (int)fd, &st) != 0)
		return 0;
	return S_ISCHR(st.st_mode) && major(st.st_rdev) == 5;
}

static int is_pipe(long fd)
{
	struct stat st;
	return syscall(SYS_fstat, (int)fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* ---- interesting values ---- */
static long any_int(void)
{
	static const long v[] = {0, 1, 2, 3, 7, 8, 16, 63, 64, 255, 256, 1023, 1024, 4095, 4096, 4097, 65536,
	                         -1, -2, -100, 0x7fffffff, -0x80000000L, 0xffffffffL, 0x100000000L,
	                         0x7fffffffffffffffL, (long)0x8000000000000000UL, (long)KERNEL_ADDR};
	switch (pick(4)) {
	case 0: return ONE_OF(v);
	case 1: return (long)pick(32);
	case 2: return (long)rnd();
	default: return (long)(1UL << pick(64));
	}
}

static long any_flags(void)
{
	switch (pick(5)) {
	case 0: return -1;                         /* all ones */
	case 1: return 0;
	case 2: return (long)(1UL << pick(32));
	case 3: return (long)(rnd() & rnd() & 0xffffffff);
	default: return any_int();
	}
}

static long any_len(void)
{
	static const long v[] = {0, 1, 2, 8, 16, 24, 64, 128, 255, 256, 512, 4095, 4096, 4097, 8192, 65536,
	                         0x7ffff000, 0x7fffffff, 0xffffffff, -1, -4096, 0x7fffffffffffffffL,
	                         (long)0x8000000000000000UL, 1L << 40};
	return pick(3) ? ONE_OF(v) : (long)pick(20000);
}

static long any_offset(void)
{
	static const long v[] = {0, 1, 4095, 4096, 65536, 1L << 31, 1L << 32, 1L << 40, 0x7fffffffffffffffL, -1, -4096};
	return pick(2) ? ONE_OF(v) : (long)pick(100000);
}

/* A pointer the call may write to: into the scratch buffer, near its end, into the arena,
 * or invalid. */
static long any_ptr(void)
{
	switch (pick(10)) {
	case 0: case 1: case 2: return (long)(scratch + pick(RANDOM_LEN));
	case 3: return (long)(scratch + SCRATCH_LEN - 1 - pick(32));    /* near the end */
	case 4: return (long)(scratch + SCRATCH_LEN - 8 * pick(2));       /* at the guard */
	case 5: case 6: return (long)(arena + pick(ARENA_LEN));
	case 7: return 0;
	case 8: return 1;
	default: {
		static const long bad[] = {(long)KERNEL_ADDR, -1, -4096, (long)USER_TOP, 4095, 0x7fffffffffffffffL,
		                           (long)0x8000000000000000UL, (long)LX_BASE, (long)LX_BASE + 0x26000};
		return ONE_OF(bad);
	}
	}
}

/* A pointer to n bytes the call reads: data laid out in the scratch buffer, or any_ptr(). */
static void *lay(const void *data, size_t n)
{
	if (layout_used + n > SCRATCH_LEN - RANDOM_LEN - TAIL_LEN)
		layout_used = 0;
	void *p = layout + layout_used;
	memcpy(p, data, n);
	layout_used = (layout_used + n + 15) & ~15UL;
	return p;
}

static long any_fd(void)
{
	static const long bad[] = {-1, -100 /* AT_FDCWD */, 1000, 1023, 1024, 65536, 0x7fffffff, -0x80000000L,
	                           0x100000000L};
	switch (pick(6)) {
	case 0: case 1: case 2: return pool[pick(P_COUNT)];
	case 3: return (long)pick(12);
	case 4: return pool[pick(P_COUNT)] + 0x100000000L;   /* only the low 32 bits count */
	default: return ONE_OF(bad);
	}
}

/* A descriptor that a write may go to: never the console. */
static long write_fd(void)
{
	long fd = any_fd();
	return is_console(fd) ? pool[P_NULL] : fd;
}

/* A descriptor to read or to ioctl: never the console either (a read would wait for
 * typing that never comes; random termios would garble the report). */
static long read_fd(void)
{
	return write_fd();
}

/* A descriptor to close, or to duplicate over: never 0, 1 or 2 (the program's report). */
static long victim_fd(void)
{
	long fd = any_fd();
	return (uint32_t)fd <= 2 ? pool[pick(P_COUNT)] : fd;
}

/* A dirfd for the calls that create or remove: the pool's (the scratch directory and its
 * subdirectory, files, devices), the current directory (kept at the scratch directory),
 * or invalid. */
static long write_dirfd(void)
{
	switch (pick(4)) {
	case 0: return -100;
	case 1: return pool[P_DIR];
	case 2: return pool[P_SUBDIR];
	default: return any_fd();
	}
}

/* A path from memory that holds no '/' nor '.' (so a relative name, under the scratch
 * directory), or a bad pointer. Not any_ptr(): the arena and the laid-out half of the
 * scratch buffer hold what calls wrote, "/" of getcwd say. */
static long path_common(void)
{
	static const long bad[] = {0, 1, (long)KERNEL_ADDR, -1, (long)LX_BASE, (long)USER_TOP};
	switch (pick(6)) {
	case 0: return (long)long_path;
	case 1: return (long)long_name;
	case 2: case 3: return (long)(scratch + pick(RANDOM_LEN));      /* a random name */
	case 4: return (long)(scratch + SCRATCH_LEN - 1 - pick(TAIL_LEN));   /* runs into the guard */
	default: return ONE_OF(bad);
	}
}

static long write_path(void)
{
	return pick(3) ? (long)ONE_OF(write_paths) : path_common();
}

static long look_path(void)
{
	switch (pick(5)) {
	case 0: case 1: return (long)ONE_OF(look_paths);
	case 2: return (long)ONE_OF(write_paths);
	case 3: return any_ptr();
	default: return path_common();
	}
}

/* An address for the memory calls: inside the arena, or one no call may accept; *room is
 * how many bytes from it to the arena's end may be named (0 for the invalid ones). */
static long mem_addr(uint64_t *room)
{
	static const long bad[] = {1, 4095, (long)KERNEL_ADDR, -4096, (long)0x8000000000000000UL, (long)USER_TOP};
	if (pick(6)) {
		uint64_t off = pick(ARENA_PAGES) * PAGE + (pick(8) ? 0 : pick(PAGE));
		*room = ARENA_LEN - off;
		return (long)(arena + off);
	}
	*room = 0;
	switch (pick(4)) {
	case 0: *room = PAGE; return 0;   /* 0: only with lengths that cannot reach the program */
	case 1: *room = 0x20000; return (long)(LX_BASE + pick(0x20) * PAGE);   /* the personality's pages */
	default: return ONE_OF(bad);
	}
}

/* A length for the memory calls at an address with room bytes to the arena's end: within
 * it, or (if huge) one too large for any address space. Not for madvise: as on Linux, it
 * goes on past holes, and would discard the program's stack. */
static long mem_len(uint64_t room, int huge_ok)
{
	if (!huge_ok) {
		static const long small[] = {0, 1, 4096};
		return room && pick(5) ? (long)pick(room + 1) : ONE_OF(small);
	}
	static const long huge[] = {-1, -4096, (long)0x8000000000000000UL, 1L << 40, 0x7ffffffff000L, 0x7fffffffffffffffL};
	if (room && pick(5)) {
		switch (pick(4)) {
		case 0: return (long)room;
		case 1: return (long)(pick(room / PAGE + 1) * PAGE);
		case 2: return (long)pick(room + 1);
		default: return (long)(room < PAGE ? room : PAGE);
		}
	}
	return pick(4) ? ONE_OF(huge) : 0;
}

/* A time that ends soon: {0, < 1 ms}, or invalid ones, or a bad pointer (never NULL,
 * which is "for ever" for ppoll). */
static long short_time(void)
{
	static const long bad[] = {1, (long)KERNEL_ADDR, -1};
	long ts[2] = {0, (long)pick(1000000)};
	switch (pick(6)) {
	case 0: ts[1] = 1000000000; break;          /* EINVAL */
	case 1: ts[0] = -1; break;
	case 2: ts[1] = -1; break;
	case 3: return pick(2) ? ONE_OF(bad) : (long)(scratch + SCRATCH_LEN - 8);
	}
	return (long)lay(ts, sizeof ts);
}

static long any_signal(void)
{
	static const long v[] = {0, -1, 65, 1000, SIGUSR1, SIGUSR2, SIGCHLD, SIGURG, SIGWINCH, SIGPIPE, SIGCONT,
	                         SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM, 0x100000000L + SIGUSR1, 40, 64};
	return ONE_OF(v);
}

/* A signal for process pid: to init (1) only 0, a check: SIGUSR1, SIGUSR2 and SIGTERM
 * ask it to power the system off, as busybox's init. */
static long signal_to(long pid)
{
	return pid == 1 ? 0 : any_signal();
}

static long any_pid(void)
{
	static const long v[] = {0, -1, 1, 2, 1000, 0x7fffffff, -0x80000000L};
	long p[] = {my_pid, -my_pid, my_pid + 1, my_pid + 0x100000000L};
	return pick(2) ? ONE_OF(p) : ONE_OF(v);
}

/* A pointer to something the call reads that is mostly well-formed: n bytes of random
 * values from any_int, or any_ptr(). */
static long some_struct(size_t n)
{
	if (pick(4) == 0)
		return any_ptr();
	long v[64];
	for (size_t i = 0; i < n / sizeof(long) + 1 && i < 64; i++)
		v[i] = any_int();
	return (long)lay(v, n);
}

/* An iovec array (count *n): entries from any_ptr/any_len, or a bad pointer. */
static long any_iov(long *n)
{
	long v[2 * 8];
	int cnt = (int)pick(9);
	for (int i = 0; i < cnt; i++)
		v[2 * i] = any_ptr(), v[2 * i + 1] = pick(3) ? (long)pick(5000) : any_len();
	static const long counts[] = {0, 1, 2, 1024, 1025, -1, 0x100000000L};
	*n = pick(4) ? cnt : ONE_OF(counts);
	return pick(8) ? (long)lay(v, sizeof v) : any_ptr();
}

/* A file mode for chmod: mostly permission bits, sometimes anything. */
static long any_mode(void)
{
	return pick(2) ? (long)pick(010000) : any_int();
}

/* A uid or gid for chown: 0, 1, -1 (leave it) or anything. */
static long any_id(void)
{
	return pick(2) ? (long)pick(3) - 1 : any_int();
}

/* ---- the calls ---- */
/* The numbers the personality serves (lx_*_calls[] in lib/linux). */
static const int implemented[] = {
	17, 23, 24, 25, 29, 34, 35, 46, 48, 49, 50, 56, 57, 59, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 73,
	78, 79, 80, 81, 82, 83, 267, 276, 291, 439, 43, 44, 71,                        /* files, pipes */
	52, 53, 54, 55, 88,                                                            /* attributes */
	214, 215, 216, 222, 226, 227, 228, 229, 231, 232, 233, 284,                    /* memory */
	96, 99, 100, 101, 113, 114, 115, 122, 123, 124, 168, 160, 163, 164, 166, 169, 172, 173, 174,
	175, 176, 177, 178, 179, 261, 278, 293, 154, 155, 156, 157, 148, 150, 158, 167, /* process */
	129, 130, 131, 132, 134, 135, 136, 138, 240,                                   /* signals */
};
/* Left out: they end, stall or replace the program, or arm a timer. */
static const int excluded[] = {
	93, 94, 142, 139,                       /* exit, exit_group, reboot, rt_sigreturn */
	143, 144, 145, 146, 147, 149, 151, 152, 159,   /* set*id, setgroups: the run would go on as another user */
	220, 435, 221, 281,                     /* clone, clone3, execve, execveat */
	98, 133, 137, 72, 22, 441, 4, 416,      /* futex, rt_sigsuspend, rt_sigtimedwait, pselect6, epoll_pwait(2), io_getevents */
	182, 183, 188, 189, 192, 193,           /* mq_timedsend/receive, msgrcv, msgsnd, semtimedop, semop */
	202, 242, 207, 212, 243,                /* accept, accept4, recvfrom, recvmsg, recvmmsg */
	103, 107, 110, 85, 86,                  /* setitimer, timer_create, timer_settime, timerfd_* */
	117, 277, 167, 270, 271, 104, 294,      /* ptrace, seccomp, prctl, process_vm_*, kexec_* */
	234, 196,                               /* remap_file_pages, shmat: memory calls not confined */
	230,                                    /* mlockall: root holds CAP_IPC_LOCK, so MCL_CURRENT
	                                           fills everything mapped, a huge break too */
	260, 95,                                /* wait4, waitid: no children now, a wait once there are */
};

static int in_list(const int *l, size_t n, long nr)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == nr)
			return 1;
	return 0;
}
#define IN(l, nr) in_list(l, sizeof(l) / sizeof(l[0]), nr)

/* The arguments of call nr into a[6]. */
static void make_args(long nr, long a[6])
{
	uint64_t room;
	long n;
	for (int i = 0; i < 6; i++)
		a[i] = pick(2) ? any_int() : any_ptr();
	switch (nr) {
	case 17: a[0] = any_ptr(), a[1] = any_len(); break;                       /* getcwd */
	case 23: a[0] = any_fd(); break;                                           /* dup */
	case 24: a[0] = any_fd(), a[1] = victim_fd(), a[2] = pick(2) ? O_CLOEXEC : any_flags(); break;
	case 25: {                                                                 /* fcntl */
		static const long cmds[] = {F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD_CLOEXEC, F_GETLK,
		                            F_SETLK, F_GETOWN, F_SETPIPE_SZ, F_GETPIPE_SZ, 99, -1};
		a[0] = any_fd(), a[1] = pick(4) ? ONE_OF(cmds) : any_int();
		a[2] = pick(2) ? (long)pick(40) : pick(2) ? any_flags() : any_ptr();
		break;
	}
	case 29: {                                                                 /* ioctl */
		static const long cmds[] = {0x5401, 0x5402, 0x5403, 0x5404, 0x5413, 0x5414, 0x5421, 0x5450, 0x5451,
		                            0x541b /* FIONREAD */, 0x80086601, 0};
		a[0] = read_fd(), a[1] = pick(4) ? ONE_OF(cmds) : any_int(), a[2] = pick(2) ? some_struct(40) : any_ptr();
		break;
	}
	case 34: a[0] = write_dirfd(), a[1] = write_path(), a[2] = any_flags(); break;      /* mkdirat */
	case 35: a[0] = write_dirfd(), a[1] = write_path(), a[2] = pick(2) ? AT_REMOVEDIR * (long)pick(2) : any_flags(); break;
	case 46: a[0] = any_fd(), a[1] = pick(2) ? (long)pick(20000) : any_offset(); break;  /* ftruncate */
	case 52: a[0] = any_fd(), a[1] = any_mode(); break;                        /* fchmod */
	case 53: a[0] = write_dirfd(), a[1] = write_path(), a[2] = any_mode(); break;    /* fchmodat */
	case 54:                                                                   /* fchownat */
		a[0] = write_dirfd(), a[1] = write_path(), a[2] = any_id(), a[3] = any_id();
		a[4] = pick(2) ? (AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) * (long)pick(2) : any_flags();
		break;
	case 55: a[0] = any_fd(), a[1] = any_id(), a[2] = any_id(); break;         /* fchown */
	case 88: {                                                                 /* utimensat */
		static const long nsec[] = {0, 999999999, 1000000000, -1, (1l << 30) - 1, (1l << 30) - 2};
		long ts[4] = {any_int(), pick(2) ? ONE_OF(nsec) : any_int(),
		              any_int(), pick(2) ? ONE_OF(nsec) : any_int()};
		a[0] = write_dirfd(), a[1] = pick(4) ? write_path() : 0;
		a[2] = pick(4) ? (long)lay(ts, sizeof ts) : pick(2) ? 0 : any_ptr();
		a[3] = pick(2) ? (AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) * (long)pick(2) : any_flags();
		break;
	}
	case 48: case 439:                                                          /* faccessat(2) */
		a[0] = pick(2) ? -100 : any_fd(), a[1] = look_path(), a[2] = pick(2) ? (long)pick(8) : any_flags();
		a[3] = pick(2) ? AT_EMPTY_PATH * (long)pick(2) : any_flags();
		break;
	case 43: a[0] = look_path(), a[1] = any_ptr(); break;                      /* statfs */
	case 44: a[0] = any_fd(), a[1] = any_ptr(); break;                         /* fstatfs */
	case 49: a[0] = look_path(); break;                                        /* chdir */
	case 50: a[0] = any_fd(); break;                                           /* fchdir */
	case 56: {                                                                 /* openat */
		static const long fl[] = {O_RDONLY, O_WRONLY, O_RDWR, O_RDWR | O_CREAT, O_WRONLY | O_CREAT | O_TRUNC,
		                          O_CREAT | O_EXCL | O_RDWR, O_DIRECTORY, O_RDONLY | O_NONBLOCK, O_APPEND | O_WRONLY,
		                          O_TMPFILE | O_RDWR, O_PATH, O_CLOEXEC, 3};
		a[0] = write_dirfd(), a[1] = write_path(), a[2] = pick(3) ? ONE_OF(fl) : any_flags();
		a[3] = pick(2) ? 0644 : any_flags();
		break;
	}
	case 57: a[0] = victim_fd(); break;                                        /* close */
	case 59: a[0] = pick(4) ? (long)(scratch + 8 * pick(RANDOM_LEN / 8)) : ONE_OF(((long[]){0, 1, (long)KERNEL_ADDR}));
		a[1] = pick(2) ? (long)(O_NONBLOCK | (pick(2) ? O_CLOEXEC : 0)) : any_flags();
		break;
	case 61: a[0] = any_fd(), a[1] = any_ptr(), a[2] = any_len(); break;       /* getdents64 */
	case 62: a[0] = any_fd(), a[1] = any_offset(), a[2] = pick(2) ? (long)pick(6) : any_int(); break;
	case 63: case 67: a[0] = read_fd(), a[1] = any_ptr(), a[2] = any_len(), a[3] = any_offset(); break;
	case 64: case 68: a[0] = write_fd(), a[1] = any_ptr(), a[2] = any_len(), a[3] = any_offset(); break;
	case 65: case 69: a[0] = read_fd(), a[1] = any_iov(&n), a[2] = n, a[3] = any_offset(); break;
	case 66: case 70: a[0] = write_fd(), a[1] = any_iov(&n), a[2] = n, a[3] = any_offset(); break;
	case 73: {                                                                 /* ppoll */
		struct { int fd; short ev, rev; } p[8];
		int cnt = (int)pick(9);
		for (int i = 0; i < cnt; i++) {
			p[i].fd = (int)any_fd();
			p[i].ev = (short)(pick(2) ? (long)(POLLIN | POLLOUT) : any_int());
			p[i].rev = 0;
		}
		static const long counts[] = {0, 1, 1024, 1025, -1, 100000};
		a[0] = pick(8) ? (long)lay(p, sizeof p) : any_ptr(), a[1] = pick(4) ? cnt : ONE_OF(counts);
		a[2] = short_time();
		a[3] = pick(2) ? 0 : some_struct(8), a[4] = pick(4) ? 8 : any_int();
		break;
	}
	case 78: a[0] = pick(2) ? -100 : any_fd(), a[1] = look_path(), a[2] = any_ptr(), a[3] = any_len(); break;
	case 79: a[0] = pick(2) ? -100 : any_fd(), a[1] = look_path(), a[2] = any_ptr();   /* newfstatat */
		a[3] = pick(2) ? AT_EMPTY_PATH * (long)pick(2) : any_flags();
		break;
	case 80: case 82: case 83: case 267: a[0] = any_fd(), a[1] = any_ptr(); break;
	case 276:                                                                 /* renameat2 */
		a[0] = write_dirfd(), a[1] = write_path(), a[2] = write_dirfd(), a[3] = write_path();
		a[4] = pick(3) ? 0 : any_flags();
		break;
	case 291:                                                                 /* statx */
		a[0] = pick(2) ? -100 : any_fd(), a[1] = look_path(), a[2] = pick(2) ? AT_EMPTY_PATH * (long)pick(2) : any_flags();
		a[3] = pick(2) ? 0x7ff : any_flags(), a[4] = any_ptr();
		break;
	case 101: a[0] = short_time(), a[1] = any_ptr(); break;                    /* nanosleep */
	case 115: a[0] = pick(2) ? (long)pick(12) : any_int(), a[1] = (long)pick(2), a[2] = short_time(), a[3] = any_ptr(); break;
	case 113: case 114: a[0] = pick(2) ? (long)pick(12) : any_int(), a[1] = any_ptr(); break;
	case 122: case 123: a[0] = any_pid(), a[1] = any_len(), a[2] = any_ptr(); break;   /* sched_[sg]etaffinity */
	case 168: a[0] = any_ptr(), a[1] = any_ptr(); break;                       /* getcpu */
	case 129: case 130: a[0] = any_pid(), a[1] = signal_to(a[0]); break;      /* kill, tkill */
	case 131: a[0] = any_pid(), a[1] = any_pid(), a[2] = signal_to(a[0]); break;   /* tgkill */
	case 138: a[0] = any_pid(), a[1] = signal_to(a[0]), a[2] = some_struct(128); break;   /* rt_sigqueueinfo */
	case 240:                                                                  /* rt_tgsigqueueinfo */
		a[0] = any_pid(), a[1] = any_pid(), a[2] = signal_to(a[0]), a[3] = some_struct(128);
		break;
	case 132: {                                                                /* sigaltstack */
		long ss[3] = {any_ptr(), pick(2) ? (long)pick(3) : any_flags(), any_len()};
		a[0] = pick(4) ? (long)lay(ss, sizeof ss) : any_ptr(), a[1] = any_ptr();
		break;
	}
	case 134: {                                                                /* rt_sigaction */
		long act[3] = {pick(3) ? (long)pick(2) : any_int(), any_flags(), any_int()};
		a[0] = pick(4) ? (long)pick(66) : any_int(), a[1] = pick(4) ? (long)lay(act, sizeof act) : any_ptr();
		a[2] = any_ptr(), a[3] = pick(4) ? 8 : any_int();
		break;
	}
	case 135: {                                                                /* rt_sigprocmask */
		long set = pick(2) ? -1 : any_int();
		a[0] = pick(4) ? (long)pick(3) : any_int(), a[1] = pick(4) ? (long)lay(&set, 8) : any_ptr();
		a[2] = any_ptr(), a[3] = pick(4) ? 8 : any_int();
		break;
	}
	case 136: a[0] = any_ptr(), a[1] = pick(2) ? 8 : any_int(); break;
	case 163: case 164: a[0] = pick(2) ? (long)pick(17) : any_int(), a[1] = pick(2) ? some_struct(16) : any_ptr(); break;
	case 261: a[0] = any_pid(), a[1] = pick(2) ? (long)pick(17) : any_int();     /* prlimit64 */
		a[2] = pick(2) ? 0 : some_struct(16), a[3] = any_ptr();
		break;
	case 278: a[0] = any_ptr(), a[1] = any_len(), a[2] = pick(2) ? (long)pick(8) : any_flags(); break;
	case 214: {                                                                /* brk */
		long cur = syscall(SYS_brk, 0);
		static const long bad[] = {1, 4096, (long)KERNEL_ADDR, -1, (long)USER_TOP, 0x3ff8000000L};
		switch (pick(4)) {
		case 0: a[0] = 0; break;
		case 1: a[0] = cur + (long)(pick(16) * PAGE + pick(2) * pick(PAGE)); break;
		case 2: a[0] = cur + (long)(1UL << (20 + pick(19))); break;     /* far up: into other mappings */
		default: a[0] = ONE_OF(bad); break;
		}
		break;
	}
	case 215: case 228: case 229:                                              /* munmap, mlock, munlock */
		a[0] = mem_addr(&room), a[1] = mem_len(room, 1);
		break;
	case 226: case 227: case 284:                                              /* mprotect, msync, mlock2 */
		a[0] = mem_addr(&room), a[1] = mem_len(room, 1), a[2] = pick(2) ? (long)pick(8) : any_flags();
		break;
	case 233: {                                                                /* madvise */
		static const long harmless[] = {MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DOFORK,
		                                MADV_KEEPONFORK, 99, -1};
		a[2] = pick(4) == 0 ? 100 + (long)pick(4) /* MADV_HWPOISON, ... */ : pick(2) ? (long)pick(30) : any_flags();
		int huge_ok = pick(3) == 0;   /* advice that changes nothing may cover everything */
		if (huge_ok)
			a[2] = ONE_OF(harmless);
		a[0] = mem_addr(&room), a[1] = mem_len(room, huge_ok);
		break;
	}
	case 232: a[0] = mem_addr(&room), a[1] = mem_len(room, 1), a[2] = any_ptr(); break;   /* mincore */
	case 216: {                                                                /* mremap */
		static const long fl[] = {0, MREMAP_MAYMOVE, MREMAP_MAYMOVE | MREMAP_FIXED,
		                          MREMAP_MAYMOVE | MREMAP_DONTUNMAP,
		                          MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, MREMAP_FIXED};
		uint64_t to_room;
		a[3] = pick(4) ? ONE_OF(fl) : any_flags();
		a[0] = mem_addr(&room), a[1] = mem_len(room, 0);   /* a tail it unmaps stays in the arena */
		a[4] = mem_addr(&to_room);
		/* a FIXED target must stay in the arena too; else the new length may be anything */
		a[2] = (a[3] & MREMAP_FIXED) ? mem_len(to_room, 0) : pick(3) ? mem_len(room, 1) : a[1];
		if ((a[3] & MREMAP_DONTUNMAP) && pick(4))   /* the same length, in both rooms */
			a[1] = a[2] = (unsigned long)a[1] < (unsigned long)a[2] ? a[1] : a[2];
		break;
	}
	case 222: {                                                                /* mmap */
		static const long fl[] = {MAP_PRIVATE | MAP_ANONYMOUS, MAP_SHARED | MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED,
		                          MAP_PRIVATE | MAP_FIXED, MAP_SHARED | MAP_FIXED, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		                          MAP_SHARED_VALIDATE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN,
		                          MAP_SHARED | MAP_POPULATE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, 0};
		long flags = pick(3) ? ONE_OF(fl) : any_flags();
		if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
			a[0] = mem_addr(&room), a[1] = mem_len(room, 1);
		} else {   /* a hint anywhere; a length the machine can hold, or one no space can */
			static const long lens[] = {0, 1, 4096, 8192, 65536, 1 << 20, -1, 1L << 40, 0x7ffffffff000L};
			a[0] = pick(2) ? 0 : any_ptr(), a[1] = pick(2) ? (long)(pick(64) * PAGE + pick(2)) : ONE_OF(lens);
		}
		a[2] = pick(3) ? (long)pick(8) : any_flags(), a[3] = flags, a[4] = any_fd();
		a[5] = pick(2) ? (long)(pick(8) * PAGE) : any_offset();
		break;
	}
	case 293: a[0] = any_ptr(), a[1] = pick(2) ? 32 : any_len(), a[2] = any_flags(), a[3] = any_int(); break;
	case 96: case 99: case 160: case 169: case 179: a[0] = any_ptr(), a[1] = pick(2) ? 24 : any_ptr(); break;
	}
}

/* Put back what call nr may have changed that the program needs (see the header). */
static void restore_after(long nr, const long a[6], long r)
{
	switch (nr) {
	case 134: {
		int s = (int)a[0];   /* an EFAULT for the old action comes after the change */
		if (s >= 1 && s <= 64 && s != SIGKILL && s != SIGSTOP)
			syscall(SYS_rt_sigaction, s, &saved_act[s], 0, 8);
		break;
	}
	case 135: syscall(SYS_rt_sigprocmask, SIG_SETMASK, &saved_mask, 0, 8); break;
	case 164: case 261:
		for (int i = 0; i < 16; i++)
			syscall(SYS_prlimit64, 0, i, &saved_rlim[i], 0);
		break;
	case 49: case 50: syscall(SYS_chdir, rw_root ? SCRATCH_DIR : "/"); break;
	case 25: case 29:   /* O_NONBLOCK of a pipe, which every descriptor of it shares */
		if (is_pipe(a[0]))
			syscall(SYS_fcntl, (int)a[0], F_SETFL, O_NONBLOCK);
		break;
	case 59:
		if (r == 0) {   /* the new pipe's ends must not block either */
			int *p = (int *)a[0];
			syscall(SYS_fcntl, p[0], F_SETFL, O_NONBLOCK);
			syscall(SYS_fcntl, p[1], F_SETFL, O_NONBLOCK);
			max_fd += 2;
		}
		break;
	case 216:   /* moved out of the arena: exactly the new mapping goes again */
		if (r != -1 && (r < (long)arena || (uint64_t)a[2] > ARENA_LEN || r + a[2] > (long)(arena + ARENA_LEN)))
			syscall(SYS_munmap, r, a[2]);
		break;
	case 222:
		/* kept only if all of it lies in the arena (not over a guard hole next to a hole in
		 * it, say) */
		if (r != -1 && (r < (long)arena || (uint64_t)a[1] > ARENA_LEN || r + a[1] > (long)(arena + ARENA_LEN)))
			syscall(SYS_munmap, r, a[1]);
		break;
	}
	if ((nr == 56 || nr == 23 || nr == 24 || nr == 25) && r > max_fd && r < 1024)
		max_fd = (int)r;
}

/* Make call nr: its result, with *e its errno (0 if none) and *fault whether the program
 * itself faulted meanwhile (caught by on_fault, which jumps back here). */
static __attribute__((noinline)) long fuzz_call(long nr, const long a[6], int *e, int *fault)
{
	volatile long r = -1;
	*e = -1, *fault = 1;
	in_call = 1;
	if (sigsetjmp(fault_jmp, 1) == 0) {
		errno = 0;
		r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		*e = r == -1 ? errno : 0;
		*fault = 0;
	} else {
		syscall(SYS_rt_sigprocmask, SIG_SETMASK, &saved_mask, 0, 8);
	}
	in_call = 0;
	return r;
}

/* ---- the checks after the fuzz ---- */
static int failures;
static void check(const char *what, int ok, const char *detail)
{
	printf("%s - linux_fuzz: %s%s%s\n", ok ? "ok" : "not ok", what, detail ? ": " : "", detail ? detail : "");
	failures += !ok;
	fflush(stdout);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], 0, 0) : 1;
	long calls = argc > 2 ? strtol(argv[2], 0, 0) : 20000;
	int verbose = argc > 3 && argv[3][0] == 'v';
	procs = argc > 4 ? atoi(argv[4]) : 1;
	self_path = argv[0];
	setvbuf(stdout, 0, _IOLBF, 0);
	int k = 0;   /* which process this is: the first (0) forks the others */
	for (int i = 1; i < procs && k == 0; i++) {
		pid_t c = fork();
		if (c < 0)
			die("fork");
		if (c == 0)
			k = i;
	}
	seed += (uint64_t)k;
	state = seed * 0x9e3779b97f4a7c15ULL + 1;
	printf("linux_fuzz: seed %llu, %ld calls\n", (unsigned long long)seed, calls);
	my_pid = getpid();

	size_t total = (1 + ARENA_PAGES + 1 + SCRATCH_PAGES + 1) * PAGE;
	char *m = mmap(0, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		die("mmap of the arena");
	arena = m + PAGE;
	scratch = arena + ARENA_LEN + PAGE;
	layout = scratch + RANDOM_LEN;
	/* The guards are holes: as on Linux, mprotect, madvise and mlock with a huge length
	 * act on every mapping up to the first hole. */
	if (munmap(m, PAGE) || munmap(arena + ARENA_LEN, PAGE) || munmap(scratch + SCRATCH_LEN, PAGE) ||
	    mprotect(arena, ARENA_LEN, PROT_READ | PROT_WRITE) || mprotect(scratch, SCRATCH_LEN, PROT_READ | PROT_WRITE))
		die("mmap of the arena");
	for (size_t i = 0; i + 2 < sizeof long_path; i += 2)
		long_path[i] = 'a', long_path[i + 1] = '/';
	memset(long_name, 'n', sizeof long_name - 1);

	for (int i = 0; i < 16; i++)
		syscall(SYS_prlimit64, 0, i, 0, &saved_rlim[i]);
	rw_root = mkdir(SCRATCH_DIR, 0755) == 0 || errno == EEXIST;
	printf("linux_fuzz: root is %s\n", rw_root ? "writable: scratch directory " SCRATCH_DIR : "read-only");
	if (rw_root && chdir(SCRATCH_DIR))
		die("chdir to the scratch directory");
	set_handlers();
	reset_fds();

	long made = 0, unknown = 0, bad_errno = 0, bad_nosys = 0, known_nosys = 0, errors = 0, faulted = 0;
	unsigned long per_nr_ok[NR_MAX + 1] = {0};
	for (long i = 0; i < calls; i++) {
		long nr = pick(2) ? ONE_OF(implemented) : (long)pick(NR_MAX + 1);
		if (IN(excluded, nr))
			continue;
		if (i % 64 == 0)
			reset_fds();
		for (size_t k = 0; k < RANDOM_LEN; k += 8) {   /* random names: no '.' nor '/' */
			uint64_t v = rnd();
			for (int b = 0; b < 8; b++, v >>= 8) {
				char c = (char)(v & 0xff);
				scratch[k + (size_t)b] = c == '.' || c == '/' ? 'x' : (v & 0x700) == 0 ? 0 : c;
			}
		}
		for (size_t k = SCRATCH_LEN - TAIL_LEN; k < SCRATCH_LEN; k++)
			scratch[k] = (char)('A' + pick(26));
		long a[6];
		make_args(nr, a);
		if (verbose)
			printf("call %ld: %ld(%lx, %lx, %lx, %lx, %lx, %lx)\n", i, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		int e, fault;
		long r = fuzz_call(nr, a, &e, &fault);
		if (fault) {
			faulted++;
			printf("# call %ld: %ld(%lx, %lx, %lx, %lx, %lx, %lx): the program faulted\n", i, nr, a[0], a[1], a[2],
			       a[3], a[4], a[5]);
		}
		made++;
		restore_after(nr, a, r);
		if (e > 0)
			errors++;
		int impl = IN(implemented, nr);
		if (e > 0 && (e > 133)) {
			bad_errno++;
			printf("# call %ld: %ld(%lx, %lx, %lx, %lx, %lx, %lx): errno %d\n", i, nr, a[0], a[1], a[2], a[3], a[4], a[5], e);
		} else if (!impl && e != ENOSYS) {
			bad_nosys++;
			printf("# call %ld: %ld, not implemented, returned %ld errno %d\n", i, nr, r, e);
		} else if (impl && e == ENOSYS && nr != 293) {
			bad_nosys++;
			printf("# call %ld: %ld, implemented, returned ENOSYS\n", i, nr);
		}
		unknown += !impl;
		known_nosys += impl && e == ENOSYS;
		if (e == 0)
			per_nr_ok[nr]++;
	}
	reset_fds();
	for (int fd = 3; fd <= max_fd; fd++)
		close(fd);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &saved_mask, 0, 8);
	for (int i = 0; i < 16; i++)
		syscall(SYS_prlimit64, 0, i, &saved_rlim[i], 0);
	int kinds = 0;
	for (int i = 0; i <= NR_MAX; i++)
		kinds += per_nr_ok[i] != 0;
	printf("# implemented calls that never succeeded:");
	for (size_t i = 0; i < sizeof implemented / sizeof implemented[0]; i++)
		if (!per_nr_ok[implemented[i]])
			printf(" %d", implemented[i]);
	printf("\n");

	char d[160];
	snprintf(d, sizeof d, "%ld calls, %ld to unimplemented numbers, %ld errors, %d numbers succeeded at least once",
	         made, unknown, errors, kinds);
	check("calls_answered", made > calls / 2 && unknown > 0 && kinds > 40, d);
	snprintf(d, sizeof d, "%ld", bad_errno);
	check("errno_in_range", bad_errno == 0, d);
	snprintf(d, sizeof d, "%ld wrong", bad_nosys);
	check("enosys_exactly_for_unimplemented", bad_nosys == 0, d);
	snprintf(d, sizeof d, "%ld", faulted);
	check("no_fault_of_the_program", faulted == 0 && faults == 0, d);

	/* Does it still work? */
	char *p = malloc(1 << 20), *q = malloc(100);
	int ok = p && q;
	if (ok) {
		memset(p, 0x5a, 1 << 20);
		strcpy(q, "still here");
		ok = p[12345] == 0x5a && !strcmp(q, "still here");
	}
	free(p), free(q);
	check("malloc", ok, 0);
	check("getpid", getpid() == my_pid && my_pid > 0, 0);

	char buf[256];
	int fd = open(argv[0], O_RDONLY);   /* this program's file, in any root */
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	check("file_read", n > 4 && !memcmp(buf, "\177ELF", 4), 0);
	if (rw_root) {
		static const char text[] = "written after the fuzz\n";
		fd = open(SCRATCH_DIR "/after", O_RDWR | O_CREAT | O_TRUNC, 0644);
		ok = fd >= 0 && write(fd, text, sizeof text) == (ssize_t)sizeof text && lseek(fd, 0, SEEK_SET) == 0 &&
		     read(fd, buf, sizeof buf) == (ssize_t)sizeof text && !memcmp(buf, text, sizeof text);
		if (fd >= 0)
			close(fd);
		check("file_write_read", ok && unlink(SCRATCH_DIR "/after") == 0, 0);
	}

	int pp[2];
	ok = pipe(pp) == 0 && write(pp[1], "ping", 4) == 4 && read(pp[0], buf, sizeof buf) == 4 && !memcmp(buf, "ping", 4);
	check("pipe_round_trip", ok && close(pp[0]) == 0 && close(pp[1]) == 0, 0);

	char *mm = mmap(0, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok = mm != MAP_FAILED;
	if (ok) {
		mm[0] = 1, mm[2 * PAGE] = 2;
		ok = mm[0] + mm[2 * PAGE] == 3 && munmap(mm, 3 * PAGE) == 0;
	}
	check("mmap", ok, 0);
	int before = usr_signals;
	raise(SIGUSR1);
	check("signal", usr_signals == before + 1, 0);
	before = usr_signals;   /* pid_t and int arguments: the registers' high halves do not count */
	ok = syscall(SYS_kill, my_pid + (1L << 32), SIGUSR1 + (1L << 32)) == 0 && usr_signals == before + 1;
	check("signal_int_arguments", ok, 0);

	/* The personality's pages are a hole, as Linux has nothing there. */
	fd = open(argv[0], O_RDONLY);
	ok = fd >= 0 && read(fd, (void *)(LX_BASE + 0x26000), 16) == -1 && errno == EFAULT;
	if (fd >= 0)
		close(fd);
	ok = ok && pipe(pp) == 0 && syscall(SYS_write, pp[1], LX_BASE, 16) == -1 && errno == EFAULT;
	close(pp[0]), close(pp[1]);
	ok = ok && munmap((void *)LX_BASE, 2 * PAGE) == 0 && mprotect((void *)LX_BASE, PAGE, PROT_NONE) == -1 &&
	     errno == ENOMEM && madvise((void *)LX_BASE, PAGE, MADV_DONTNEED) == -1 && errno == ENOMEM &&
	     getpid() == my_pid;
	check("personality_pages_a_hole", ok, 0);

	if (k == 0 && procs > 1) {   /* the others' checks are theirs; here only how they ended */
		int st, bad = 0, n = 0;
		while (wait(&st) > 0)
			n++, bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
		char d[64];
		snprintf(d, sizeof d, "%d of %d failed", bad, n);
		check("other_processes", bad == 0, d);   /* (one that ended while a call had SIGCHLD
		                                             ignored was reaped at once, unseen) */
	}
	printf("linux_fuzz: done: seed %llu, %ld calls (%ld unimplemented), %ld errors, %d failures\n",
	       (unsigned long long)seed, made, unknown, errors, failures);
	return failures ? 1 : 0;
}
