/* badcalls.c - bad input to the system calls of a static glibc program, for the
 * differential test (scripts/linux-diff.sh): unknown system call numbers (ENOSYS), calls
 * Linux 6.1 has but the baseline's tinyconfig leaves out (ENOSYS on both), bad pointers
 * ((void *)1, a kernel address, NULL: EFAULT, never a crash), huge lengths, bad
 * descriptors (EBADF), bad flags (EINVAL), the console's ioctls and ENOTTY on a file. The
 * program must come through all of it and end normally.
 *
 * Not here, because ours does not have them yet (ENOSYS) where Linux's baseline answers:
 * mknodat, symlinkat, linkat, umount2, mount, pivot_root, truncate,
 * fallocate, fchmod, fchmodat, fchownat, fchown, vhangup, vmsplice,
 * splice, tee, sync_file_range, utimensat, personality, unshare,
 * syslog, ptrace, the sched_* calls but sched_yield and sched_getaffinity, restart_syscall,
 * setpriority, getpriority, times, setdomainname, getrusage,
 * prctl, getcpu, settimeofday, adjtimex, readahead, fadvise64,
 * remap_file_pages, setns, memfd_create, execveat, copy_file_range, preadv2,
 * pwritev2, pidfd_send_signal, open_tree, fsopen, pidfd_open, clone3, close_range,
 * openat2, pidfd_getfd, process_madvise, mount_setattr, process_mrelease and
 * riscv_flush_icache. (The POSIX timer calls are left out: the baseline's kernel logs a
 * line on the console for the first of them.)
 * (The process calls, execve, wait4, waitid, the process groups and pselect6, have tests
 * of their own: fork.c, exec.c, kill.c, pipes.c.)
 * One line per check, the results only; exits 0 only if every check passed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "diffcheck.h"

/* ---- system call numbers ---- */
static void unknown_numbers(void)
{
	static const long nrs[] = {38 /* renameat: not on riscv64 */, 244, 258, 300, 403, 450, 451, 500, 511, 512, 1000, -1, -2,
	                           (1l << 32) + 172 /* getpid's, in the low half */, 0x7fffffffffffffff};
	char what[64];
	for (size_t i = 0; i < sizeof nrs / sizeof nrs[0]; i++) {
		snprintf(what, sizeof what, "system call %ld", nrs[i]);
		err_is(what, syscall(nrs[i], 0, 0, 0, 0, 0, 0), "ENOSYS");
	}
}

/* Calls of Linux 6.1 that its baseline (tinyconfig) leaves out, as we do for now; the
 * arguments are harmless on a kernel that has them. */
static void left_out(void)
{
	static char buf[256];
	static const struct { long nr; const char *name; long a[6]; } calls[] = {
		{SYS_io_setup, "io_setup", {0, 0}},
		{SYS_eventfd2, "eventfd2", {0, 0}},
		{SYS_epoll_create1, "epoll_create1", {0}},
		{SYS_inotify_init1, "inotify_init1", {0}},
		{SYS_flock, "flock", {-1, 0}},
		{SYS_quotactl, "quotactl", {0}},
		{SYS_signalfd4, "signalfd4", {1000000, (long)buf, 8, 0}},
		{SYS_timerfd_create, "timerfd_create", {99, 0}},
		{SYS_acct, "acct", {0}},
		{SYS_init_module, "init_module", {0, 0, 0}},
		{SYS_mq_open, "mq_open", {(long)"x", 0, 0, 0}},
		{SYS_msgget, "msgget", {0, 0}},
		{SYS_semget, "semget", {0, 0, 0}},
		{SYS_shmget, "shmget", {0, 0, 0}},
		{SYS_socket, "socket", {2 /* AF_INET */, 1 /* SOCK_STREAM */, 0}},
		{SYS_socketpair, "socketpair", {1 /* AF_UNIX */, 1, 0, (long)buf}},
		{SYS_add_key, "add_key", {0}},
		{SYS_swapon, "swapon", {0, 0}},
		{SYS_mbind, "mbind", {0}},
		{SYS_get_mempolicy, "get_mempolicy", {0}},
		{SYS_perf_event_open, "perf_event_open", {0}},
		{SYS_fanotify_init, "fanotify_init", {0, 0}},
		{SYS_name_to_handle_at, "name_to_handle_at", {AT_FDCWD, (long)"/", 0, 0, 0}},
		{SYS_process_vm_readv, "process_vm_readv", {99999, 0, 0, 0, 0, 0}},
		{SYS_kcmp, "kcmp", {0}},
		{SYS_seccomp, "seccomp", {99, 0, 0}},
		{SYS_bpf, "bpf", {0}},
		{SYS_userfaultfd, "userfaultfd", {0}},
		{SYS_membarrier, "membarrier", {0, 0, 0}},
		{SYS_pkey_alloc, "pkey_alloc", {0, 0}},
		{SYS_io_uring_setup, "io_uring_setup", {0, 0}},
		{SYS_landlock_create_ruleset, "landlock_create_ruleset", {0, 0, 1}},
		{SYS_set_mempolicy_home_node, "set_mempolicy_home_node", {0}},
	};
	char what[80];
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		const long *a = calls[i].a;
		long r = syscall(calls[i].nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (r > 2 && (calls[i].nr == SYS_eventfd2 || calls[i].nr == SYS_epoll_create1 ||
		              calls[i].nr == SYS_inotify_init1 || calls[i].nr == SYS_userfaultfd))
			close((int)r);   /* a kernel that has it made a descriptor */
		snprintf(what, sizeof what, "%s (%ld), left out of Linux's tinyconfig", calls[i].name, calls[i].nr);
		err_is(what, r, "ENOSYS");
	}
}

/* ---- bad pointers ---- */
static int motd = -1, dir = -1;

/* The calls that take a pointer, each given p where the pointer goes. */
static void pointer_calls(const char *pname, void *p)
{
	char what[96], buf[64];
#define BADP(call, want) (snprintf(what, sizeof what, "%s: %s", #call, pname), err_is(what, call, want))
	struct stat st;
	struct timespec ts = {0, 0};
	BADP(syscall(SYS_write, 1, p, 10), "EFAULT");
	BADP(syscall(SYS_read, motd, p, 10), "EFAULT");
	BADP(syscall(SYS_pread64, motd, p, 10, 0), "EFAULT");
	BADP(syscall(SYS_readv, motd, p, 1), "EFAULT");
	BADP(syscall(SYS_writev, 1, p, 1), "EFAULT");
	struct iovec iov = {p, 10};
	BADP(syscall(SYS_readv, motd, &iov, 1), "EFAULT");
	BADP(syscall(SYS_writev, 1, &iov, 1), "EFAULT");
	BADP(syscall(SYS_openat, AT_FDCWD, p, O_RDONLY), "EFAULT");
	BADP(syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0), "EFAULT");
	BADP(syscall(SYS_newfstatat, AT_FDCWD, "/", p, 0), "EFAULT");
	BADP(syscall(SYS_fstat, 1, p), "EFAULT");
	BADP(syscall(SYS_statx, AT_FDCWD, "/", 0, 0x7ff, p), "EFAULT");
	BADP(syscall(SYS_faccessat, AT_FDCWD, p, 0), "EFAULT");
	BADP(syscall(SYS_mkdirat, AT_FDCWD, p, 0755), "EFAULT");
	BADP(syscall(SYS_unlinkat, AT_FDCWD, p, 0), "EFAULT");
	BADP(syscall(SYS_renameat2, AT_FDCWD, p, AT_FDCWD, "/x", 0), "EFAULT");
	BADP(syscall(SYS_chdir, p), "EFAULT");
	BADP(syscall(SYS_readlinkat, AT_FDCWD, p, buf, sizeof buf), "EFAULT");
	BADP(syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", p, sizeof buf), "EFAULT");
	BADP(syscall(SYS_getcwd, p, 100), "EFAULT");
	BADP(syscall(SYS_getdents64, dir, p, 4096), "EFAULT");
	BADP(syscall(SYS_ioctl, 1, TCGETS, p), "EFAULT");
	BADP(syscall(SYS_ioctl, 1, TIOCGWINSZ, p), "EFAULT");
	BADP(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p), "EFAULT");
	if (p)   /* NULL is allowed: sys.c */
		BADP(syscall(SYS_clock_getres, CLOCK_MONOTONIC, p), "EFAULT");
	BADP(syscall(SYS_nanosleep, p, 0), "EFAULT");
	BADP(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, p, 0), "EFAULT");
	BADP(syscall(SYS_nanosleep, &ts, p), "0");   /* rem is written only if interrupted */
	BADP(syscall(SYS_uname, p), "EFAULT");
	BADP(syscall(SYS_sysinfo, p), "EFAULT");
	BADP(syscall(SYS_gettimeofday, p, 0), p ? "EFAULT" : "0");
	BADP(syscall(SYS_getrandom, p, 16, 0), "EFAULT");
	BADP(syscall(SYS_sched_getaffinity, 0, 8, p), "EFAULT");
	BADP(syscall(SYS_prlimit64, 0, 7, 0, p), p ? "EFAULT" : "0");   /* NULL: no old limit */
	BADP(syscall(SYS_prlimit64, 0, 7, p, 0), p ? "EFAULT" : "0");   /* NULL: no new one */
	BADP(syscall(SYS_mincore, (long)buf & -4096l, 4096, p), "EFAULT");
#undef BADP
}

/* A page followed by an unmapped one: its end is where copies fault. */
static char *page_before_hole(void)
{
	char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	munmap(p + 4096, 4096);
	memset(p, 'x', 4096);
	return p;
}

static void lengths(void)
{
	static char big[65536];
	char small[16];
	struct stat st;
	fstat(motd, &st);
	lseek(motd, 0, SEEK_SET);
	err_is("read 2^62 bytes into 16 (past the user range)", syscall(SYS_read, motd, small, 1l << 62), "EFAULT");
	err_is("write 2^62 bytes from 16", syscall(SYS_write, 1, small, 1l << 62), "EFAULT");
	err_is("pread64 2^62 bytes into 16", syscall(SYS_pread64, motd, small, 1l << 62, 0), "EFAULT");
	num_is("read 2^31 bytes into 64 KiB from a small file: its size", syscall(SYS_read, motd, big, 1ul << 31), st.st_size);
	num_is("... the offset is at the end", lseek(motd, 0, SEEK_CUR), st.st_size);
	char *p = page_before_hole();
	lseek(motd, 0, SEEK_SET);
	num_is("read 100 bytes into the last 10 of a page", read(motd, p + 4086, 100), 10);
	num_is("... the offset moved by what was read", lseek(motd, 0, SEEK_CUR), 10);
	num_is("pread64 100 bytes into the last 10 of a page", pread(motd, p + 4086, 100, 0), 10);
	struct iovec iov[2] = {{p + 4086, 10}, {p + 4096, 10}};
	num_is("readv into the last 10 of a page and the hole", readv(motd, iov, 2), 10);
	err_is("write 100 bytes from the last 10 of a page to the console", write(1, p + 4086, 100), "EFAULT");
	err_is("readv of 2 x 2^62 bytes into 64 KiB",
	       syscall(SYS_readv, motd, (struct iovec[]){{big, 1ul << 62}, {big, 1ul << 62}}, 2), "EFAULT");
	munmap(p, 4096);
}

/* ---- bad descriptors ---- */
static void bad_fd(const char *fname, long fd)
{
	char what[96], buf[16];
	struct stat st;
	struct termios t;
#define BADF(call, want) (snprintf(what, sizeof what, "%s: %s", #call, fname), err_is(what, call, want))
	BADF(syscall(SYS_read, fd, buf, 1), "EBADF");
	BADF(syscall(SYS_write, fd, "x", 1), "EBADF");
	BADF(syscall(SYS_pread64, fd, buf, 1, 0), "EBADF");
	BADF(syscall(SYS_fstat, fd, &st), "EBADF");
	BADF(syscall(SYS_lseek, fd, 0, SEEK_SET), "EBADF");
	BADF(syscall(SYS_dup, fd), "EBADF");
	BADF(syscall(SYS_dup3, fd, 10, 0), "EBADF");
	BADF(syscall(SYS_fcntl, fd, F_GETFL), "EBADF");
	BADF(syscall(SYS_fcntl, fd, F_DUPFD, 0), "EBADF");
	BADF(syscall(SYS_ioctl, fd, TCGETS, &t), "EBADF");
	BADF(syscall(SYS_fsync, fd), "EBADF");
	BADF(syscall(SYS_ftruncate, fd, 0), "EBADF");
	BADF(syscall(SYS_getdents64, fd, buf, sizeof buf), "EBADF");
	BADF(syscall(SYS_fchdir, fd), "EBADF");
	BADF(syscall(SYS_openat, fd, "etc/motd", O_RDONLY), "EBADF");
	BADF(syscall(SYS_newfstatat, fd, "etc", &st, 0), "EBADF");
	BADF(syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 0), "EBADF");
	BADF(syscall(SYS_close, fd), "EBADF");
#undef BADF
}

static void descriptors(void)
{
	char buf[16];
	bad_fd("-1", -1);
	bad_fd("1000000", 1000000);
	bad_fd("1023 (not open)", 1023);
	bad_fd("1024 (RLIMIT_NOFILE)", 1024);
	int fd = open("/etc/motd", O_RDONLY);
	close(fd);
	bad_fd("a closed one", fd);

	/* A descriptor is an int (an unsigned int to most calls): the upper half is ignored. */
	fflush(stdout);
	num_is("write to (1 << 32) + 1: descriptor 1 (the line before)", syscall(SYS_write, (1l << 32) + 1, "\n", 1), 1);
	num_is("fcntl F_GETFD of (1 << 32) + 1", syscall(SYS_fcntl, (1l << 32) + 1, F_GETFD), 0);
	fd = (int)syscall(SYS_openat, (1l << 32) + AT_FDCWD, "etc/motd", O_RDONLY);
	err_is("openat (1 << 32) + AT_FDCWD, \"etc/motd\": AT_FDCWD (/)", fd < 0 ? -1 : 0, "0");
	err_is("close (1 << 32) + that descriptor", syscall(SYS_close, (1l << 32) + fd), "0");
	err_is("... it is closed", fcntl(fd, F_GETFD), "EBADF");

	err_is("dup3 with O_NONBLOCK", dup3(1, 10, O_NONBLOCK), "EINVAL");
	err_is("dup3 with flags 1", syscall(SYS_dup3, 1, 10, 1), "EINVAL");
	err_is("dup3 of 1 onto itself", dup3(1, 1, 0), "EINVAL");
	err_is("dup3 of 1 onto itself, O_CLOEXEC", dup3(1, 1, O_CLOEXEC), "EINVAL");
	err_is("dup3 of -1 onto itself", syscall(SYS_dup3, -1, -1, 0), "EINVAL");
	err_is("dup3 of -1 with O_NONBLOCK", syscall(SYS_dup3, -1, 10, O_NONBLOCK), "EINVAL");
	err_is("dup3 onto 1024 (RLIMIT_NOFILE)", dup3(1, 1024, 0), "EBADF");
	err_is("dup3 onto -1", syscall(SYS_dup3, 1, -1, 0), "EBADF");
	num_is("dup3 onto 1023", dup3(1, 1023, 0), 1023);
	num_is("... close it", close(1023), 0);
	err_is("fcntl F_DUPFD from 1024", fcntl(1, F_DUPFD, 1024), "EINVAL");
	err_is("fcntl F_DUPFD from -1", fcntl(1, F_DUPFD, -1), "EINVAL");
	err_is("fcntl command 9999", fcntl(1, 9999), "EINVAL");
	err_is("read 0 bytes from -1", syscall(SYS_read, -1, buf, 0), "EBADF");
	err_is("lseek on the console", lseek(1, 0, SEEK_SET), "ESPIPE");
	err_is("lseek whence 5", lseek(motd, 0, 5), "EINVAL");
}

/* ---- bad flags and modes ---- */
static void flags(void)
{
	err_is("openat / O_RDONLY | O_TRUNC", syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_TRUNC), "EISDIR");
	err_is("openat / O_WRONLY", syscall(SYS_openat, AT_FDCWD, "/", O_WRONLY), "EISDIR");
	err_is("openat / O_CREAT", syscall(SYS_openat, AT_FDCWD, "/", O_CREAT | O_RDONLY, 0644), "EISDIR");
	err_is("openat /etc/motd O_DIRECTORY", syscall(SYS_openat, AT_FDCWD, "/etc/motd", O_DIRECTORY), "ENOTDIR");
	err_is("openat /etc/motd/ (a trailing slash)", syscall(SYS_openat, AT_FDCWD, "/etc/motd/", O_RDONLY), "ENOTDIR");
	err_is("openat / O_TMPFILE | O_RDONLY", syscall(SYS_openat, AT_FDCWD, "/", O_TMPFILE | O_RDONLY, 0600), "EINVAL");
	err_is("openat / __O_TMPFILE without O_DIRECTORY",
	       syscall(SYS_openat, AT_FDCWD, "/", (O_TMPFILE & ~O_DIRECTORY) | O_RDWR, 0600), "EINVAL");
	long fd = syscall(SYS_openat, AT_FDCWD, "/etc/motd", O_RDONLY | 0x40000000);
	err_is("openat with an unknown flag (ignored)", fd < 0 ? fd : 0, "0");
	if (fd >= 0)
		close((int)fd);
	err_is("newfstatat with flags 0x1", syscall(SYS_newfstatat, AT_FDCWD, "/", &(struct stat){0}, 1), "EINVAL");
	err_is("unlinkat with flags 0x1", syscall(SYS_unlinkat, AT_FDCWD, "/x", 1), "EINVAL");
	err_is("faccessat mode 8", syscall(SYS_faccessat, AT_FDCWD, "/", 8), "EINVAL");
	err_is("readlinkat into 0 bytes", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", (char[4]){0}, 0), "EINVAL");
	err_is("mmap with neither MAP_PRIVATE nor MAP_SHARED",
	       (long)mmap(0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == -1 ? -1 : 0, "EINVAL");
	err_is("mprotect with PROT_GROWSDOWN | PROT_GROWSUP", mprotect(0, 4096, 0x03000000), "EINVAL");
	err_is("madvise advice 99", madvise((void *)0x10000, 4096, 99), "EINVAL");
	err_is("clock_gettime clock 99", syscall(SYS_clock_gettime, 99, &(struct timespec){0}), "EINVAL");
	err_is("getrandom flags 8", syscall(SYS_getrandom, (char[4]){0}, 4, 8), "EINVAL");
}

/* ---- the console's ioctls ---- */
static void ioctls(void)
{
	struct termios t;
	struct winsize ws;
	char buf[160];
	memset(&t, 0, sizeof t);
	num_is("TCGETS on the console", ioctl(1, TCGETS, &t), 0);
	snprintf(buf, sizeof buf, "iflag %#o oflag %#o cflag %#o lflag %#o line %d", t.c_iflag, t.c_oflag, t.c_cflag,
	         t.c_lflag, t.c_line);
	result("... its flags", buf, buf);
	size_t n = 0;
	for (int i = 0; i < NCCS && i < 19; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d", i ? " " : "", t.c_cc[i]);
	result("... its c_cc", buf, buf);
	memset(&ws, 0xff, sizeof ws);
	num_is("TIOCGWINSZ on the console", ioctl(1, TIOCGWINSZ, &ws), 0);
	snprintf(buf, sizeof buf, "%u rows %u columns", ws.ws_row, ws.ws_col);
	result("... its size", buf, buf);
	num_is("TCGETS on fd 0", ioctl(0, TCGETS, &t), 0);
	num_is("TCGETS on fd 2", ioctl(2, TCGETS, &t), 0);
	err_is("ioctl 0 on the console", ioctl(1, 0, 0), "ENOTTY");
	err_is("TCGETS on a file", ioctl(motd, TCGETS, &t), "ENOTTY");
	err_is("TIOCGWINSZ on a file", ioctl(motd, TIOCGWINSZ, &ws), "ENOTTY");
	err_is("TCGETS on a directory", ioctl(dir, TCGETS, &t), "ENOTTY");
}

int main(void)
{
	motd = open("/etc/motd", O_RDONLY);
	dir = open("/", O_RDONLY | O_DIRECTORY);
	unknown_numbers();
	left_out();
	pointer_calls("(void *)1", (void *)1);
	pointer_calls("a kernel address", (void *)0xffffffc000000000);
	pointer_calls("NULL", 0);
	lengths();
	descriptors();
	flags();
	ioctls();
	printf("still running: the program ends normally\n");
	return summary();
}
