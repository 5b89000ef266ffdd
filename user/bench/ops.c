/* ops.c - the measured operations, written once for every system. The same file is built
 * as init of our system (make bench) and, with riscv64-linux-gnu-gcc -static, as /init of
 * the Linux baseline (scripts/bench.mk, scripts/linux-baseline/run.sh); bench_sys.h picks
 * the small per-system layer. Counts are instructions retired (rdinstret) under QEMU -icount shift=0,
 * which are the same on every run. Each operation runs once untimed (warm-up), then ROUNDS
 * times; each line gives the per-operation average (the notes say where not). Lines
 * "bench: <what> <count>" are collected by scripts/bench.sh; instead of a count, "n/a"
 * means the system lacks the interface so far (mmap answers ENOSYS) and "-" that the
 * operation does not apply or is measured in another boot (below). Lines
 * "bench-note: <text>" are printed under the table.
 *
 * The file rows read FILE_PATH, a 1 MiB file made by scripts/bench.mk: word i (8 bytes,
 * little-endian) holds (i + 1) * FILE_K, so every read is checked. Our system boots three
 * times: once with the file in the packed cpio root (in memory), for every row but the disk
 * and Linux rows; once with an ext2 disk (virtio-blk) that also holds DISK_MARKER, for the
 * disk row only (disk_main()); once running the Linux build of this file as a Linux
 * program, for the "Linux ..." rows only (Linux system calls through our personality:
 * "Linux system calls" below). Linux boots twice: with the file in the initramfs (always in
 * the page cache), for every row but the disk row; with the same disk, which
 * sys_disk_root() mounts, for the disk row. Disk I/O and -icount do not mix by themselves:
 * see spin.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include "bench.h"
#include "bench_sys.h"
#include "macro.h"
#include "smp.h"

#define ROUNDS 1000
#define FILE_PATH   "/bench-1m.dat"
#define FILE_SIZE   (1024 * 1024UL)
#define FILE_WORDS  (FILE_SIZE / 8)
#define WINDOW      16   /* pages: Linux's fault-around window (64 KiB) */
#define FILE_ROUNDS 16   /* rounds of the whole-file rows (each reads 1 MiB) */
#define DISK_MARKER "/bench-disk"
#define DISK_SAMPLES 256 /* faults timed one by one for the disk row */
#define DISK_WARMUP 64   /* untimed ones before (they also fill QEMU's throttle bucket) */
#define DISK_PAGE   128  /* the page they read */

static void report_none(const char *what, const char *why) { printf("bench: %-76s %s\n", what, why); }

/* The average of `rounds` runs of what took `total` instructions in all. */
static void report_of(const char *what, uint64_t total, unsigned rounds)
{
	if (total == FAILED)
		report_none(what, "failed");
	else
		printf("bench: %-76s %lu\n", what, (unsigned long)(total / rounds));
}

static void report(const char *what, uint64_t total) { report_of(what, total, ROUNDS); }

static uint64_t op_null(void)
{
	sys_null();
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		sys_null();
	return instret() - t0;
}

#define RW (PROT_READ | PROT_WRITE)
char *map_anon(size_t len)
{
	void *p = mmap(NULL, len, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Map one anonymous page (never touched) and unmap it. */
static uint64_t op_mmap_munmap(void)
{
	int bad = 0;
	char *p = map_anon(PAGE);
	bad |= !p || munmap(p, PAGE);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++) {
		p = map_anon(PAGE);
		bad |= !p || munmap(p, PAGE);
	}
	uint64_t t = instret() - t0;
	return bad ? FAILED : t;
}

/* The first write to each page of a fresh anonymous mapping: the fault, allocating and
 * zeroing the page, mapping it. Page 0 is the warm-up. With held (the lock boot), also
 * the instructions retired meanwhile holding the kernel's lock (sys_lock_counts). */
static uint64_t first_writes(uint64_t *held)
{
	size_t len = (ROUNDS + 1) * PAGE;
	volatile char *p = map_anon(len);
	if (!p)
		return FAILED;
	p[0] = 1;
	uint64_t held0 = 0, held1 = 0, holds;
	int bad = held && sys_lock_counts(&held0, &holds);
	uint64_t t0 = instret();
	for (int i = 1; i <= ROUNDS; i++)
		p[i * PAGE] = 1;
	uint64_t t = instret() - t0;
	bad |= held && sys_lock_counts(&held1, &holds);
	if (held)
		*held = held1 - held0;   /* (and the first count's own take: ~0.1 a fault) */
	return munmap((void *)p, len) || bad ? FAILED : t;
}

static uint64_t op_first_write(void) { return first_writes(0); }

/* A 3-page mapping, all pages written: mprotect the middle page read-only (splitting the
 * mapping in three) and back to read-write (merging it again). One round is the pair. */
static uint64_t op_mprotect_pair(void)
{
	volatile char *p = map_anon(3 * PAGE);
	if (!p)
		return FAILED;
	p[0] = p[PAGE] = p[2 * PAGE] = 1;
	char *mid = (char *)p + PAGE;
	int bad = mprotect(mid, PAGE, PROT_READ) | mprotect(mid, PAGE, RW);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		bad |= mprotect(mid, PAGE, PROT_READ) | mprotect(mid, PAGE, RW);
	uint64_t t = instret() - t0;
	return bad || munmap((void *)p, 3 * PAGE) ? FAILED : t;
}

/* ---- files ---- */

static const uint64_t *map_file(int fd)
{
	void *p = fd < 0 ? MAP_FAILED : mmap(NULL, FILE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* The first read of file pages in the page cache: one page in each 64 KiB window of a fresh
 * read-only private mapping of the file, ROUNDS + 1 of them (the first is the warm-up), each
 * timed alone: the fault, getting the page, mapping it, resuming. One page per window
 * because Linux maps the whole window's cached pages in one fault (fault-around): this way
 * every timed read is one fault on both systems. A new mapping every 16 reads (not timed).
 * A descriptor stays open all along, so the pages stay in the page cache (they are put there
 * first); on our system the FS server drops a file's pages when it has no descriptor and no
 * mapping left. Every word read is checked. */
static uint64_t op_file_fault_cached(void)
{
	int fd = open(FILE_PATH, O_RDONLY), bad = fd < 0;
	const volatile uint64_t *p = bad ? NULL : map_file(fd);
	uint64_t t = 0;
	for (size_t w = 0; p && w < FILE_WORDS; w += PAGE / 8)   /* every page into the cache */
		bad |= p[w] != file_word(w);
	bad |= !p || munmap((void *)p, FILE_SIZE);
	p = NULL;
	for (int i = 0; !bad && i <= ROUNDS; i++) {
		size_t k = (size_t)i % (FILE_SIZE / PAGE / WINDOW);
		if (k == 0) {
			bad |= p && munmap((void *)p, FILE_SIZE);
			if (!(p = map_file(fd)))
				bad = 1;
		}
		if (bad)
			break;
		size_t w = k * WINDOW * PAGE / 8;
		uint64_t t0 = instret();
		uint64_t v = p[w];
		uint64_t dt = instret() - t0;
		t += i ? dt : 0;
		bad |= v != file_word(w);
	}
	bad |= p && munmap((void *)p, FILE_SIZE);
	bad |= fd >= 0 && close(fd);
	return bad ? FAILED : t;
}

#if SYS_HAS_DISK
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* One first read of a file page that is not in the page cache (the file on the disk):
 * open + mmap + madvise (not timed), read one word of page DISK_PAGE, munmap + dropping the
 * file's pages + close (not timed; ours drops them at the last close, Linux by
 * sys_drop_cached()), so the next one reads the disk again. MADV_RANDOM: one page read, as
 * ours does (Linux would otherwise read up to 128 KiB around the fault; ours keeps the
 * flag and nothing else). *spun gets the spinner's instructions during the read, left out
 * of the count (spin.h). FAILED if anything failed. */
static uint64_t disk_fault(uint64_t *spun)
{
	int fd = open(FILE_PATH, O_RDONLY);
	const volatile uint64_t *p = map_file(fd);
	if (!p || madvise((void *)p, FILE_SIZE, MADV_RANDOM)) {
		if (p)
			munmap((void *)p, FILE_SIZE);
		if (fd >= 0)
			close(fd);
		return FAILED;
	}
	size_t w = DISK_PAGE * PAGE / 8;
	uint64_t s0 = sys_spun(), t0 = instret();
	uint64_t v = p[w];
	uint64_t t1 = instret(), s1 = sys_spun();
	int bad = (v != file_word(w)) | munmap((void *)p, FILE_SIZE) | sys_drop_cached(fd) | close(fd);
	*spun = s1 - s0;
	return bad ? FAILED : (t1 - t0) - *spun;
}

/* The disk row: DISK_WARMUP disk_fault()s untimed, then the median of DISK_SAMPLES during
 * which the CPU waited for the disk (the spinner ran). A read that QEMU completes before the
 * FS server starts waiting takes a shorter path; real disks are never that fast. The median
 * leaves out the faults a timer tick lands in (their virtual time includes the wait). */
static uint64_t op_file_fault_disk(void)
{
	static uint64_t v[DISK_SAMPLES];
	int n = 0;
	uint64_t spun;
	for (int i = 0; i < DISK_WARMUP; i++)
		if (disk_fault(&spun) == FAILED)
			return FAILED;
	for (int tries = 0; n < DISK_SAMPLES && tries < 4 * DISK_SAMPLES; tries++) {
		uint64_t c = disk_fault(&spun);
		if (c == FAILED)
			return FAILED;
		if (spun)
			v[n++] = c;
	}
	if (n < DISK_SAMPLES)
		return FAILED;
	qsort(v, DISK_SAMPLES, sizeof v[0], cmp_u64);
	return v[DISK_SAMPLES / 2];
}
#endif

__attribute__((noinline)) uint64_t sum_words(const uint64_t *p, size_t n)
{
	uint64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

/* Reading the whole file through mmap: mmap, sum every word, munmap; FILE_ROUNDS + 1
 * rounds, the first untimed. A descriptor stays open, so the pages stay in the page cache
 * from one round to the next. */
static uint64_t op_file_mmap(void)
{
	int fd = open(FILE_PATH, O_RDONLY), bad = fd < 0;
	uint64_t t = 0;
	for (int r = 0; !bad && r <= FILE_ROUNDS; r++) {
		uint64_t t0 = instret();
		const uint64_t *p = map_file(fd);
		uint64_t s = p ? sum_words(p, FILE_WORDS) : 0;
		bad |= !p || munmap((void *)p, FILE_SIZE);
		uint64_t dt = instret() - t0;
		t += r ? dt : 0;
		bad |= s != words_sum(FILE_WORDS);
	}
	bad |= fd >= 0 && close(fd);
	return bad ? FAILED : t;
}

/* Reading the whole file with read(): lseek to 0, one read() of 1 MiB into a buffer
 * (already written, so no faults), sum every word. The descriptor stays open. */
static uint64_t op_file_read(void)
{
	int fd = open(FILE_PATH, O_RDONLY), bad = fd < 0;
	uint64_t *buf = (uint64_t *)map_anon(FILE_SIZE), t = 0;
	bad |= !buf;
	for (size_t w = 0; !bad && w < FILE_WORDS; w += PAGE / 8)
		buf[w] = 0;
	for (int r = 0; !bad && r <= FILE_ROUNDS; r++) {
		uint64_t t0 = instret();
		ssize_t n = lseek(fd, 0, SEEK_SET) == 0 ? read(fd, buf, FILE_SIZE) : -1;
		uint64_t s = sum_words(buf, FILE_WORDS);
		uint64_t dt = instret() - t0;
		t += r ? dt : 0;
		bad |= n != (ssize_t)FILE_SIZE || s != words_sum(FILE_WORDS);
	}
	if (buf)
		bad |= munmap(buf, FILE_SIZE);
	if (fd >= 0)
		bad |= close(fd);
	return bad ? FAILED : t;
}

/* ---- Linux system calls: our personality beside Linux ----
 * Both columns of these rows come from one program: the Linux build of this file
 * (riscv64-linux-gnu-gcc -static, scripts/bench.mk's $(BENCH_DIR)/ops-linux). Linux boots
 * it as /init, where it prints every row; our system boots it as a Linux program under our
 * init (/bin/ops, argv[1] = LINUX_ROWS_ARG: scripts/bench.mk), where it prints these rows
 * only, each call redirected by our kernel to the personality (lib/linux). This file
 * rather than a program of its own: its Linux build is already what Linux runs for the
 * Linux column, so the same binary is run on both sides without a second Linux boot, and
 * the rows share ops.c's conventions. (rdinstret works in a Linux-ABI task as in a native
 * one: the kernel enables it for all of user mode, scounteren in kernel/trap.c.) Our
 * native build prints "-" for these rows; scripts/bench.sh puts the personality's figures
 * in their place, as it does for the disk rows. */
#define LINUX_ROWS 20
static const char *const linux_rows[LINUX_ROWS] = {
	"Linux getpid",
	"Linux system call 500 (no such call: ENOSYS)",
	"Linux clock_gettime(CLOCK_MONOTONIC)",
	"Linux clock_gettime(CLOCK_MONOTONIC) through glibc (the vDSO)",
	"Linux pread64 of 4 KiB from a file in the page cache",
	"Linux write of 4 KiB to /dev/null",
	"Linux fork + exit + wait, 1 MiB touched",
	"Linux fork + exit + wait, 16 MiB touched",
	"Linux copy-on-write fault (a write to a page a child shares)",
	"Linux vfork + execve + wait of a static program that exits",
	"Linux pipe round trip of one byte between two processes",
	"Linux mremap moving 1 MiB of written memory",
	"Linux mremap moving 64 MiB of written memory",
	"Linux pthread_create + pthread_join of a thread that returns",
	"Linux pthread mutex lock + unlock, uncontended",
	"Linux pthread mutex + condition variable hand-off, two threads (round trip)",
	"Linux first write to an anonymous page, 4 threads at once (per page)",
	"Linux 16 MiB file to /tmp: open + write() of 1 MiB x 16 + close",
	"Linux 16 MiB file in /tmp: open + mmap, sum all words, munmap + close",
	"Linux busybox sh loop starting a static program 100 times (per program)",
};

#define TOUCH_PAGES 64   /* pages each of the 4 threads writes first (the last Linux row) */
#if SYS_HAS_LINUX_ABI
#include <pthread.h>
/* How many times each row's operation runs (the row is the average). */
static const unsigned linux_rounds[LINUX_ROWS] = {ROUNDS, ROUNDS, ROUNDS, ROUNDS, ROUNDS, ROUNDS, 16, 16, 64, 16,
                                                  256, 16, 16, 64, ROUNDS, 256, 4 * TOUCH_PAGES,
                                                  MACRO_FILE_ROUNDS, MACRO_FILE_ROUNDS, MACRO_PROGRAMS};
#define LX_NR_CLOCK_GETTIME 113
#define LX_NR_GETPID        172
#define LX_NR_PREAD64       67
#define LX_NR_WRITE         64
#define LX_NR_NONE          500   /* no riscv64 call has this number */
#define LX_NR_MREMAP        216
#define LX_MREMAP_MAYMOVE_FIXED 3

/* ROUNDS calls of nr (after one untimed) by an inline ecall, as op_null; *first and *last
 * get the results of the untimed call and of the last one, for the caller to check. */
static uint64_t op_linux_call(long nr, long a0, long a1, long a2, long a3, long *first, long *last)
{
	long r = *first = sys_linux_call(nr, a0, a1, a2, a3, 0);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		r = sys_linux_call(nr, a0, a1, a2, a3, 0);
	uint64_t t = instret() - t0;
	*last = r;
	return t;
}

static int ts_ok(const struct timespec *a, const struct timespec *b)   /* b not before a */
{
	return b->tv_nsec >= 0 && b->tv_nsec < 1000000000 &&
	       (b->tv_sec > a->tv_sec || (b->tv_sec == a->tv_sec && b->tv_nsec >= a->tv_nsec));
}

static uint64_t op_linux_getpid(void)
{
	long first, last;
	uint64_t t = op_linux_call(LX_NR_GETPID, 0, 0, 0, 0, &first, &last);
	return first > 0 && last == first && first == (long)getpid() ? t : FAILED;
}

static uint64_t op_linux_none(void)
{
	long first, last;
	uint64_t t = op_linux_call(LX_NR_NONE, 0, 0, 0, 0, &first, &last);
	return first == -ENOSYS && last == -ENOSYS ? t : FAILED;
}

static uint64_t op_linux_clock(void)
{
	struct timespec a, b;
	long first, last;
	int bad = clock_gettime(CLOCK_MONOTONIC, &a);
	uint64_t t = op_linux_call(LX_NR_CLOCK_GETTIME, CLOCK_MONOTONIC, (long)&b, 0, 0, &first, &last);
	return !bad && first == 0 && last == 0 && ts_ok(&a, &b) ? t : FAILED;
}

/* What a program calls: glibc's clock_gettime, which reads the clock in the
 * vDSO without a system call, on both systems (ours: lib/linux/vdso/). */
static uint64_t op_linux_clock_glibc(void)
{
	struct timespec a, b;
	int bad = clock_gettime(CLOCK_MONOTONIC, &a);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		bad |= clock_gettime(CLOCK_MONOTONIC, &b);
	uint64_t t = instret() - t0;
	return !bad && ts_ok(&a, &b) ? t : FAILED;
}

/* pread64 of the file's first 4 KiB into a buffer already written (no faults), the
 * descriptor held open: warm, in the page cache. The words read are checked. */
static uint64_t op_linux_pread(void)
{
	static uint64_t buf[PAGE / 8] __attribute__((aligned(4096)));
	memset(buf, 0xff, sizeof buf);
	int fd = open(FILE_PATH, O_RDONLY);
	if (fd < 0)
		return FAILED;
	long first, last;
	uint64_t t = op_linux_call(LX_NR_PREAD64, fd, (long)buf, PAGE, 0, &first, &last);
	int bad = first != (long)PAGE || last != (long)PAGE;
	for (size_t w = 0; w < PAGE / 8; w++)
		bad |= buf[w] != file_word(w);
	return close(fd) || bad ? FAILED : t;
}

/* write of 4 KiB to /dev/null: the bytes go nowhere, but the buffer is the caller's. */
static uint64_t op_linux_null_write(void)
{
	static uint64_t buf[PAGE / 8] __attribute__((aligned(4096)));
	memset(buf, 0x5a, sizeof buf);
	int fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		return FAILED;
	long first, last;
	uint64_t t = op_linux_call(LX_NR_WRITE, fd, (long)buf, PAGE, 0, &first, &last);
	return close(fd) || first != (long)PAGE || last != (long)PAGE ? FAILED : t;
}

/* fork + _exit + waitpid, 16 times, with mib MiB of anonymous memory written (the
 * child's copy is copy-on-write: its page tables on Linux, our pagemap's references). */
static uint64_t op_linux_fork(size_t mib)
{
	size_t len = mib << 20;
	char *m = map_anon(len);
	if (!m)
		return FAILED;
	memset(m, 1, len);
	int bad = 0;
	uint64_t t0 = instret();
	for (int i = 0; i < 16; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		int st;
		bad |= pid < 0 || waitpid(pid, &st, 0) != pid || st != 0;
	}
	uint64_t t = instret() - t0;
	return munmap(m, len) || bad ? FAILED : t;
}
static uint64_t op_linux_fork1(void) { return op_linux_fork(1); }
static uint64_t op_linux_fork16(void) { return op_linux_fork(16); }

/* 64 first writes, one a page, to memory a child (waiting on a pipe) shares. */
static uint64_t op_linux_cow(void)
{
	char *m = map_anon(64 * PAGE);
	int fds[2];
	if (!m || pipe(fds))
		return FAILED;
	memset(m, 1, 64 * PAGE);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(fds[1]);
		_exit((int)read(fds[0], &c, 1));   /* 0: the parent closed its end */
	}
	uint64_t t0 = instret();
	for (int i = 0; i < 64; i++)
		m[i * PAGE] = 2;
	uint64_t t = instret() - t0;
	int st, bad = pid < 0;
	close(fds[1]);
	bad |= waitpid(pid, &st, 0) != pid || st != 0;
	close(fds[0]);
	return munmap(m, 64 * PAGE) || bad ? FAILED : t;
}

/* (Out of line, so no variable of the caller lives across the vfork.) */
__attribute__((noinline)) pid_t vfork_exec(const char *path, char *const argv[])
{
	pid_t pid = vfork();
	if (pid == 0) {
		execve(path, argv, 0);
		_exit(127);
	}
	return pid;
}

/* vfork + execve of this very program (its argv[0]) with EXIT_NOW_ARG, which returns at
 * once, + waitpid, 16 times. */
static uint64_t op_linux_vfork_exec(void)
{
	char *argv[] = {(char *)bench_self, EXIT_NOW_ARG, 0};
	const char *self = bench_self;
	int bad = 0;
	uint64_t t0 = instret();
	for (int i = 0; i < 16; i++) {
		pid_t pid = vfork_exec(self, argv);
		int st;
		bad |= pid < 0 || waitpid(pid, &st, 0) != pid || st != 0;
	}
	uint64_t t = instret() - t0;
	return bad ? FAILED : t;
}

/* 256 round trips of a byte: to a child over one pipe and back over another. */
static uint64_t op_linux_pipe(void)
{
	int up[2], down[2];
	if (pipe(up) || pipe(down))
		return FAILED;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(down[1]), close(up[0]);
		while (read(down[0], &c, 1) == 1)
			write(up[1], &c, 1);
		_exit(0);
	}
	int bad = pid < 0;
	char c = 'x';
	uint64_t t0 = instret();
	for (int i = 0; i < 256 && !bad; i++)
		bad |= write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1 || c != 'x';
	uint64_t t = instret() - t0;
	int st;
	close(down[1]);
	bad |= waitpid(pid, &st, 0) != pid || st != 0;
	close(down[0]), close(up[0]), close(up[1]);
	return bad ? FAILED : t;
}

/* mib MiB of written anonymous memory moved by mremap (MAYMOVE | FIXED) to a reserved
 * place and back, 16 moves: the frames move, nothing is copied, so a move costs per page
 * table entry, not per byte. The words are checked after. */
static uint64_t op_linux_mremap(size_t mib)
{
	size_t len = mib << 20;
	char *from = map_anon(len), *to = map_anon(len);
	if (!from || !to)
		return FAILED;
	memset(from, 1, len);
	int bad = 0;
	uint64_t t0 = instret();
	for (int i = 0; i < 16 && !bad; i++) {
		long r = sys_linux_call(LX_NR_MREMAP, (long)from, (long)len, (long)len, LX_MREMAP_MAYMOVE_FIXED, (long)to);
		bad |= r != (long)to;
		char *was = from;
		from = to, to = was;   /* the old place is free now: the next move's target */
	}
	uint64_t t = instret() - t0;
	for (size_t i = 0; i < len && !bad; i += PAGE)
		bad |= from[i] != 1;
	return munmap(from, len) || bad ? FAILED : t;
}
static uint64_t op_linux_mremap1(void) { return op_linux_mremap(1); }
static uint64_t op_linux_mremap64(void) { return op_linux_mremap(64); }

static void *thread_returns(void *arg) { return arg; }

/* pthread_create + pthread_join of a thread that returns at once, 64 times. */
static uint64_t op_linux_thread(void)
{
	int bad = 0;
	uint64_t t0 = instret();
	for (int i = 0; i < 64 && !bad; i++) {
		pthread_t t;
		void *r = 0;
		bad |= pthread_create(&t, 0, thread_returns, &bad) || pthread_join(t, &r) || r != &bad;
	}
	uint64_t t = instret() - t0;
	return bad ? FAILED : t;
}

/* ROUNDS lock + unlock of a mutex nobody else wants (glibc: an atomic each, no call). */
static uint64_t op_linux_mutex(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	int bad = 0;
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		bad |= pthread_mutex_lock(&m) | pthread_mutex_unlock(&m);
	uint64_t t = instret() - t0;
	return bad ? FAILED : t;
}

/* Two threads taking turns under one mutex, each waiting on a condition variable for
 * the other's turn: every hand-off is a wake of a sleeping thread (a futex wake and
 * wait each way). */
static struct { pthread_mutex_t m; pthread_cond_t c; int turn, rounds; } hand;
static void *hand_other(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&hand.m);
	for (int i = 0; i < hand.rounds; i++) {
		while (hand.turn != 1)
			pthread_cond_wait(&hand.c, &hand.m);
		hand.turn = 0;
		pthread_cond_signal(&hand.c);
	}
	pthread_mutex_unlock(&hand.m);
	return 0;
}

static uint64_t op_linux_handoff(void)
{
	pthread_t t;
	pthread_mutex_init(&hand.m, 0);
	pthread_cond_init(&hand.c, 0);
	hand.turn = 0, hand.rounds = 256;
	if (pthread_create(&t, 0, hand_other, 0))
		return FAILED;
	uint64_t t0 = instret();
	pthread_mutex_lock(&hand.m);
	for (int i = 0; i < hand.rounds; i++) {
		hand.turn = 1;
		pthread_cond_signal(&hand.c);
		while (hand.turn != 0)
			pthread_cond_wait(&hand.c, &hand.m);
	}
	pthread_mutex_unlock(&hand.m);
	uint64_t t1 = instret() - t0;
	return pthread_join(t, 0) ? FAILED : t1;
}

/* 4 threads, started together at a barrier, each writing first to TOUCH_PAGES fresh
 * pages of its own (one mapping for all); the threads' start and end are counted too. */
static struct { char *m; pthread_barrier_t go; } touch;
static void *touch_own(void *arg)
{
	char *p = touch.m + (intptr_t)arg * TOUCH_PAGES * PAGE;
	pthread_barrier_wait(&touch.go);
	for (int i = 0; i < TOUCH_PAGES; i++)
		p[i * PAGE] = 1;
	return 0;
}

static uint64_t op_linux_touch4(void)
{
	pthread_t t[4];
	int bad = !(touch.m = map_anon(4 * TOUCH_PAGES * PAGE)) || pthread_barrier_init(&touch.go, 0, 4);
	uint64_t t0 = instret();
	for (intptr_t i = 0; i < 4 && !bad; i++)
		bad |= pthread_create(&t[i], 0, touch_own, (void *)i) != 0;
	for (int i = 0; i < 4 && !bad; i++)
		bad |= pthread_join(t[i], 0) != 0;
	uint64_t t1 = instret() - t0;
	for (int i = 0; i < 4 * TOUCH_PAGES && !bad; i++)
		bad |= touch.m[i * PAGE] != 1;
	return bad || munmap(touch.m, 4 * TOUCH_PAGES * PAGE) ? FAILED : t1;
}

static uint64_t (*const linux_ops[LINUX_ROWS])(void) = {
	op_linux_getpid, op_linux_none, op_linux_clock, op_linux_clock_glibc, op_linux_pread,
	op_linux_null_write, op_linux_fork1, op_linux_fork16, op_linux_cow, op_linux_vfork_exec, op_linux_pipe,
	op_linux_mremap1, op_linux_mremap64, op_linux_thread, op_linux_mutex, op_linux_handoff,
	op_linux_touch4, op_macro_write, op_macro_map, op_macro_shell,
};
#endif

static void report_linux_rows(void)
{
	for (unsigned i = 0; i < LINUX_ROWS; i++)
#if SYS_HAS_LINUX_ABI
		report_of(linux_rows[i], linux_ops[i](), linux_rounds[i]);
#else
		report_none(linux_rows[i], "-");
#endif
}

/* 1 if mmap works, 0 if the system does not have it yet (ENOSYS), -1 if it fails. */
static int have_mman(void)
{
	char *p = map_anon(PAGE);
	if (!p)
		return errno == ENOSYS ? 0 : -1;
	return munmap(p, PAGE) ? -1 : 1;
}

#if SYS_HAS_IPC
/* Round trips to the echo peer in another address space: nwords register words and
 * nbytes through the buffer path. */
static uint64_t op_ipc(unsigned nwords, unsigned nbytes)
{
	sys_ipc_msg m = {0};
	sys_ipc_call(&m, nwords, nbytes);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		sys_ipc_call(&m, nwords, nbytes);
	return instret() - t0;
}
#endif

#if SYS_HAS_LOCAL_IPC
/* Round trips to a thread of this task. */
static uint64_t op_local_ipc(unsigned nwords)
{
	sys_ipc_msg m = {0};
	sys_local_call(&m, nwords);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		sys_local_call(&m, nwords);
	return instret() - t0;
}
#endif

#if SYS_HAS_RING
/* Round trips through the shared ring, `batch` requests per notification; the figure is
 * per request. */
static uint64_t op_ring(unsigned batch)
{
	sys_ring_call(batch);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS / (int)batch; i++)
		sys_ring_call(batch);
	return instret() - t0;   /* ROUNDS requests in all */
}
#endif

/* The memory operations; fn NULL: the disk row, measured by disk_main() in the disk boot. */
#define DISK_ROW "first read of a file page from virtio-blk (fault + read + map)"
static const struct { const char *what; uint64_t (*fn)(void); } mman_ops[] = {
	{"mmap + munmap, 1 anonymous page", op_mmap_munmap},
	{"first write to an anonymous page (fault + zeroing)", op_first_write},
	{"first read of a file page in the page cache (fault + map)", op_file_fault_cached},
	{DISK_ROW, NULL},
	{"mprotect split middle of 3 pages + merge back (pair)", op_mprotect_pair},
};
#define N_MMAN_OPS (sizeof mman_ops / sizeof mman_ops[0])

/* Fill the address space with about n VMAs: n pages, every other one made writable, so
 * each is a VMA of its own (they cannot merge). Returns the region, or NULL. */
static char *make_vmas(unsigned n)
{
	char *base = mmap(NULL, (size_t)n * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	for (unsigned i = 1; i < n; i += 2)
		if (mprotect(base + (size_t)i * PAGE, PAGE, RW))
			return NULL;
	return base;
}

/* The memory operations with about n VMAs already in the address space. */
static void report_mman(unsigned n)
{
	char *region = n > 10 ? make_vmas(n) : NULL;
	char what[96];
	for (unsigned i = 0; i < N_MMAN_OPS; i++) {
		snprintf(what, sizeof what, "%s, %u VMAs", mman_ops[i].what, n);
		if (!mman_ops[i].fn)
			report_none(what, "-");
		else if (n > 10 && !region)
			report_none(what, "failed");
		else
			report(what, mman_ops[i].fn());
	}
	if (region)
		munmap(region, (size_t)n * PAGE);
}
static const struct { unsigned words, bytes; const char *what; } ipc_ops[] = {
	{0, 0, "IPC call+reply, 2 address spaces, 0 words"},
	{4, 0, "IPC call+reply, 2 address spaces, 4 words"},
	{8, 0, "IPC call+reply, 2 address spaces, 8 words"},
	{0, 256, "IPC call+reply, 2 address spaces, 256-byte buffer"},
};

static int file_exists(const char *path)
{
	int fd = open(path, O_RDONLY);
	return fd >= 0 && close(fd) == 0;
}

#if SYS_HAS_SMP
/* The boot at SMP_HARTS harts (scripts/bench.sh): only SMP_IPC_ROW, round trips from this
 * thread, pinned to hart 0 by sys_harts(), to the local echo thread, which pins itself to
 * hart 1 (bench_sys_ours.h); then the end as in the other boots. Under -icount rdinstret
 * counts both harts' instructions (smp.c's notes). */
static int smp_main(void)
{
	report(SMP_IPC_ROW, op_local_ipc(0));
	return sys_fini();
}
#endif

/* The lock boot's rows (scripts/bench.sh boots a make LOCKSTAT=1 kernel for them): of
 * op_first_write's faults, the instructions retired while the kernel's big lock was held,
 * and their share of the whole in tenths of a percent. Every kernel instruction of a fault
 * but the entry's and exit's register moves runs under that one lock, so faults served on
 * n harts at once can go at most 1000 / share times as fast as on one, however many harts. */
#define LOCK_ROW_HELD  "first write to an anonymous page: kernel lock held (per fault)"
#define LOCK_ROW_SHARE "first write to an anonymous page: kernel lock's share (per mille)"

#if SYS_HAS_LOCKSTAT
/* The lock boot: the lock rows of first_writes(), and 0; 1 if it failed. */
static int lock_main(void)
{
	uint64_t held, t = first_writes(&held);
	if (t == FAILED || !t) {
		report_none(LOCK_ROW_HELD, "failed");
		report_none(LOCK_ROW_SHARE, "failed");
		return 1;
	}
	report(LOCK_ROW_HELD, held);
	report_of(LOCK_ROW_SHARE, held * 1000 / t, 1);
	return 0;
}
#endif

static const unsigned vmas[] = {10, 1000, 10000};
#define N_VMAS (sizeof vmas / sizeof vmas[0])

#if SYS_HAS_DISK
/* The disk boot: only the disk row, at each number of VMAs; 0, or 1 if the spinner cannot
 * start. */
static int disk_main(void)
{
	if (sys_spin_start() != 0) {
		printf("bench: cannot start the spinning thread\n");
		return 1;
	}
	for (unsigned v = 0; v < N_VMAS; v++) {
		char *region = vmas[v] > 10 ? make_vmas(vmas[v]) : NULL;
		char what[96];
		snprintf(what, sizeof what, "%s, %u VMAs", DISK_ROW, vmas[v]);
		if (vmas[v] > 10 && !region)
			report_none(what, "failed");
		else
			report_of(what, op_file_fault_disk(), 1);
		if (region)
			munmap(region, (size_t)vmas[v] * PAGE);
	}
	return 0;
}
#endif

static void notes(void)
{
	printf("bench-note: - File page rows: a 1 MiB file mapped PROT_READ + MAP_PRIVATE; one page read per 64 KiB of the\n"
	       "bench-note:   mapping, each read timed alone (Linux maps all 16 cached pages of those 64 KiB in the same\n"
	       "bench-note:   fault: fault-around). Page cache rows: the file is held open, so its pages stay cached; ours\n"
	       "bench-note:   has it in the packed cpio root, Linux in the initramfs.\n"
	       "bench-note: - virtio-blk rows: a second boot of each system with the file on the same ext2 disk (4 KiB\n"
	       "bench-note:   blocks; Linux mounts it read-only). Median of %d faults of page %d, each on a fresh open +\n"
	       "bench-note:   mmap + madvise(MADV_RANDOM) (one page read; Linux would read up to 128 KiB around it),\n"
	       "bench-note:   among those where the CPU waited for the disk. After each, the file's pages are dropped\n"
	       "bench-note:   and its metadata stays cached (ours: the last close; Linux: posix_fadvise DONTNEED).\n"
	       "bench-note:   Meanwhile a lowest-priority thread of the benchmark spins (Linux: SCHED_IDLE) and its\n"
	       "bench-note:   instructions are left out (idle in wfi, QEMU -icount would count the host's I/O time as\n"
	       "bench-note:   instructions); switching to it and taking the disk interrupt in it are counted. QEMU\n"
	       "bench-note:   throttles the disk (iops) so that reads rarely complete before the reader waits.\n"
	       "bench-note: - Kernel lock rows: a fourth boot of ours, its kernel built with make LOCKSTAT=1 (each take\n"
	       "bench-note:   of the big lock notes rdinstret, each let-go adds what was retired since, about 11\n"
	       "bench-note:   instructions a take, counted too): the first writes of the row above (1 hart), the\n"
	       "bench-note:   instructions retired holding the lock per fault, and their share of all in per mille.\n"
	       "bench-note:   Faults on several harts take turns at that lock, so together they can go at most\n"
	       "bench-note:   1000 / share times as fast as on one hart, however many harts serve them.\n"
	       "bench-note: - 1 MiB file rows: the file summed as 8-byte words (every byte read once), average of %d rounds.\n"
	       "bench-note:   mmap: mmap + sum + munmap, the file held open. read(): lseek + one read() of 1 MiB into an\n"
	       "bench-note:   already written buffer + sum (ours: 256 requests of 4 KiB to the FS server, served\n"
	       "bench-note:   from its page cache; the file is in the cpio root).\n"
	       "bench-note: - Linux rows: Linux system calls by an inline ecall (one row through glibc), all made by one\n"
	       "bench-note:   static glibc build of this benchmark, Linux's /init for its column; ours boots it a third time,\n"
	       "bench-note:   as a Linux program under our init. Ours is the ecall trapping to the kernel, which sends it to\n"
	       "bench-note:   the personality's entry (lib/linux/lx_entry.S, which saves the 31 registers), lx_dispatch\n"
	       "bench-note:   and the handler, the registers loaded back and SYS_LX_RETURN, a second trap that resumes the\n"
	       "bench-note:   program after its ecall. No IPC for getpid (the pid is asked of the VM server once), 500\n"
	       "bench-note:   (counted, reported at exit), clock_gettime (rdtime, a copy out) or a write to /dev/null\n"
	       "bench-note:   (the personality's own device: nothing copied); pread64 is one IPC call to the FS server\n"
	       "bench-note:   (FS_READ_INTO with the offset), and the 4 KiB copied once, out of the FS server's page\n"
	       "bench-note:   cache straight into the program's buffer (SYS_WINDOW_WRITE).\n"
	       "bench-note:   Through glibc, clock_gettime is the vDSO on both (no ecall; ours: lib/linux/vdso/).\n"
	       "bench-note: - Linux process rows: the same build; fork + _exit + waitpid with 1 or 16 MiB of\n"
	       "bench-note:   anonymous memory written first (16 rounds); copy-on-write: 64 first writes, one a page, to\n"
	       "bench-note:   memory a forked child waiting on a pipe shares; vfork + execve of the benchmark itself,\n"
	       "bench-note:   which returns at once, + waitpid (16 rounds); a byte to a child over a pipe and back over\n"
	       "bench-note:   another (256 rounds). Every instruction of both processes and of the kernel is counted.\n"
	       "bench-note: - Linux mremap rows: 1 or 64 MiB of anonymous memory written, then moved 16 times with\n"
	       "bench-note:   MREMAP_MAYMOVE | MREMAP_FIXED to a reserved place and back; the average of one move.\n"
	       "bench-note: - Linux thread rows (glibc's pthreads, one hart): create + join of a thread that returns\n"
	       "bench-note:   (64 rounds); lock + unlock of a mutex nobody else wants; two threads taking turns under a\n"
	       "bench-note:   mutex with a condition variable, each turn waking the sleeping other (256 round trips);\n"
	       "bench-note:   4 threads each writing first to 64 fresh pages of one mapping, per page, their start\n"
	       "bench-note:   and end counted. Ours: futex queues in the personality, a notification per waiter.\n"
	       "bench-note: - Linux macro rows (the same build; /tmp a tmpfs of 16 MiB on both): 16 MiB written to a new\n"
	       "bench-note:   file by write()s of 1 MiB from a buffer already written (open + writes + close, average of\n"
	       "bench-note:   %d); the same file mapped PROT_READ + MAP_PRIVATE and every word summed (open + mmap + sum +\n"
	       "bench-note:   munmap + close, average of %d); busybox sh -c with a while loop starting the benchmark\n"
	       "bench-note:   itself by path (it returns at once) %d times: vfork + execve of the shell + its wait,\n"
	       "bench-note:   per program (the shell's own start and end counted once in all).\n",
	       DISK_SAMPLES, DISK_PAGE, FILE_ROUNDS, MACRO_FILE_ROUNDS, MACRO_FILE_ROUNDS, MACRO_PROGRAMS);
}

const char *bench_self;

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], EXIT_NOW_ARG) == 0)   /* a program the Linux rows start */
		return 0;
	bench_self = argc > 0 ? argv[0] : 0;
	if (argc > 1 && strcmp(argv[1], LINUX_ROWS_ARG) == 0) {   /* on our system, as a Linux program */
		report_linux_rows();
		return 0;
	}
#if SYS_HAS_DISK
	if (sys_disk_root() == 0 && file_exists(DISK_MARKER))
		return sys_done(disk_main());
#endif
#if SYS_HAS_LOCKSTAT
	uint64_t held, holds;
	if (sys_lock_counts(&held, &holds) == 0)
		return sys_done(lock_main());
#endif
	if (sys_init() != 0)
		return 1;
#if SYS_HAS_SMP
	if (sys_harts() > 1)
		return smp_main();
#endif
	printf("bench-rounds: %d\n", ROUNDS);
	report("null system call", op_null());
	report_linux_rows();
	int mm = have_mman();
	for (unsigned v = 0; v < N_VMAS; v++) {
		if (mm > 0) {
			report_mman(vmas[v]);
			continue;
		}
		for (unsigned i = 0; i < N_MMAN_OPS; i++) {
			char what[96];
			snprintf(what, sizeof what, "%s, %u VMAs", mman_ops[i].what, vmas[v]);
			report_none(what, mm ? "failed" : "n/a");
		}
	}
	report_none(LOCK_ROW_HELD, "-");   /* (the lock boot's) */
	report_none(LOCK_ROW_SHARE, "-");
	static const char *const file_ops[] = {
		"1 MiB file: mmap, sum all words, munmap (in the page cache)",
		"1 MiB file: lseek + read() into a buffer, sum all words",
	};
	for (unsigned i = 0; i < sizeof file_ops / sizeof file_ops[0]; i++) {
		if (mm <= 0 || !file_exists(FILE_PATH))
			report_none(file_ops[i], mm ? "failed" : "n/a");
		else
			report_of(file_ops[i], i == 0 ? op_file_mmap() : op_file_read(), FILE_ROUNDS);
	}
	for (unsigned i = 0; i < sizeof ipc_ops / sizeof ipc_ops[0]; i++) {
#if SYS_HAS_IPC
		report(ipc_ops[i].what, op_ipc(ipc_ops[i].words, ipc_ops[i].bytes));
#else
		report_none(ipc_ops[i].what, "-");
#endif
	}
	for (unsigned w = 0; w <= 8; w += 4) {
		char what[96];
		snprintf(what, sizeof what, "IPC call+reply, same address space, %u words", w);
#if SYS_HAS_LOCAL_IPC
		report(what, op_local_ipc(w));
#else
		report_none(what, "-");
#endif
	}
	static const unsigned batches[] = {1, 8};
	for (unsigned i = 0; i < sizeof batches / sizeof batches[0]; i++) {
		char what[96];
		snprintf(what, sizeof what, "shared ring + notifications, %u request%s per signal (per request)",
		         batches[i], batches[i] > 1 ? "s" : "");
#if SYS_HAS_RING
		report(what, op_ring(batches[i]));
#else
		report_none(what, "-");
#endif
	}
	notes();
	return sys_fini();
}
