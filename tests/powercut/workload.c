/* workload.c - the write-heavy workload of the power-cut test (tests/disk/powercut.sh): a
 * static glibc program that loops forever over a few files under /pc, writing them with
 * write() + fsync, changing them through MAP_SHARED mappings + msync(MS_SYNC), appending,
 * overwriting in place, renaming and removing them, every choice drawn from a seed. The
 * test kills QEMU at a random moment and then checks the disk against what the program
 * said on the console, one line per step, written with write(2) straight to stdout:
 *
 *   @@ powercut: start seed S       the workload begins (the test starts its clock here)
 *   @@ begin NAME                   NAME is about to change: nothing is promised about it
 *                                   from here (printed before the first system call that
 *                                   may change it)
 *   @@ durable NAME LEN CKSUM       NAME now holds LEN bytes whose POSIX cksum(1) CRC is
 *                                   CKSUM, made durable by fsync or msync(MS_SYNC) (and
 *                                   an fsync of /pc for a new or renamed name)
 *   @@ removed NAME                 NAME is gone, made durable by an fsync of /pc
 *   not ok - powercut: ...          the program's own read-back disagreed with its model
 *
 * Besides these, some steps write scratch files (/pc/sN) without any sync: the cut may
 * leave them in any state, but never the file system inconsistent.
 *
 *   workload SEED [STEPS [nosync]]   STEPS (default or -1: forever) steps, then exit 0
 *                           (for trying it out: `make run PROG=tests/powercut/workload.c
 *                           ARGS=...`); "nosync" leaves out every fsync and msync but still
 *                           declares the steps durable, and keeps its mappings (munmap
 *                           writes back): the broken variant the test must catch
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR     "/pc"
#define NFILES  6          /* /pc/f0 .. /pc/f5: the files whose contents are promised */
#define NSCRATCH 3         /* /pc/s0 .. /pc/s2: never synced */
#define MAXLEN  (200 * 1024)   /* past the 12 direct blocks of a 4 KiB-block ext2 */

static uint64_t rng;
static int nosync;   /* the broken variant: no fsync, no msync */
static int kept;     /* ... and the mappings it keeps (their pages stay in the page cache) */
#define MAX_KEPT 8   /* then it waits for the cut: more would end in ENOMEM, and a later
                      * write() (which reaches the disk at once) could cover what it lost */

static int do_fsync(int fd) { return nosync ? 0 : fsync(fd); }

static uint64_t next(void)   /* xorshift64* */
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

static size_t below(size_t n) { return n ? (size_t)(next() % n) : 0; }

/* A length: mostly small, sometimes large (indirect blocks), sometimes 0. */
static size_t rand_len(void)
{
	switch (below(8)) {
	case 0: return 0;
	case 1: case 2: return 1 + below(MAXLEN);
	case 3: return 4096 * (1 + below(16));
	default: return 1 + below(9000);
	}
}

static void fill(unsigned char *p, size_t n)
{
	uint64_t x = next() | 1;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		p[i] = (unsigned char)x;
	}
}

/* POSIX cksum(1): CRC-32 (polynomial 0x04C11DB7, MSB first) of the data and then of its
 * length (least significant byte first, as few bytes as needed), complemented. */
static uint32_t cksum(const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i << 24;
			for (int k = 0; k < 8; k++)
				c = c & 0x80000000u ? (c << 1) ^ 0x04C11DB7u : c << 1;
			table[i] = c;
		}
	uint32_t crc = 0;
	for (size_t i = 0; i < n; i++)
		crc = (crc << 8) ^ table[(crc >> 24) ^ p[i]];
	for (size_t len = n; len; len >>= 8)
		crc = (crc << 8) ^ table[(crc >> 24) ^ (len & 0xff)];
	return ~crc;
}

static void say(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	for (int off = 0; off < n;) {
		ssize_t w = write(1, line + off, (size_t)(n - off));
		if (w <= 0 && errno != EINTR)
			exit(3);
		off += w > 0 ? (int)w : 0;
	}
}

static void die(const char *what)
{
	say("not ok - powercut: %s: errno %d\n", what, errno);
	exit(1);
}

/* The model: what each promised file holds (exists == 0: no such file). */
struct model {
	int exists;
	size_t len;
	unsigned char *data;
} files[NFILES];

static char *fname(int i)
{
	static char buf[2][32];
	static int which;
	which ^= 1;
	snprintf(buf[which], sizeof buf[which], DIR "/f%d", i);
	return buf[which];
}

static void sync_dir(void)
{
	int d = open(DIR, O_RDONLY | O_DIRECTORY);
	if (d < 0 || do_fsync(d) || close(d))
		die("fsync of " DIR);
}

static void declare(int i)
{
	say("@@ durable %s %zu %u\n", fname(i), files[i].len, cksum(files[i].data, files[i].len));
}

static void write_all(int fd, const unsigned char *p, size_t n, const char *what)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die(what);
		p += w, n -= (size_t)w;
	}
}

/* Read file i back through read() and compare it with the model. */
static void verify(int i)
{
	int fd = open(fname(i), O_RDONLY);
	if (fd < 0)
		die("open to verify");
	unsigned char *buf = malloc(MAXLEN + 1);
	size_t got = 0;
	ssize_t r;
	while (got <= MAXLEN && (r = read(fd, buf + got, MAXLEN + 1 - got)) > 0)
		got += (size_t)r;
	close(fd);
	if (got != files[i].len || memcmp(buf, files[i].data, got)) {
		say("not ok - powercut: %s reads back %zu bytes, not the %zu written\n", fname(i), got, files[i].len);
		exit(1);
	}
	free(buf);
}

/* Whole new contents through write() + fsync (a new file gets an fsync of /pc too). */
static void step_write(int i)
{
	size_t len = rand_len();
	say("@@ begin %s\n", fname(i));
	int fd = open(fname(i), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("open for write");
	files[i].data = realloc(files[i].data, len + 1);
	fill(files[i].data, len);
	/* in one go or in a few pieces */
	for (size_t off = 0; off < len;) {
		size_t n = below(2) ? len - off : 1 + below(len - off);
		write_all(fd, files[i].data + off, n, "write");
		off += n;
	}
	if (do_fsync(fd) || close(fd))
		die("fsync after write");
	int was = files[i].exists;
	files[i].exists = 1, files[i].len = len;
	if (!was)
		sync_dir();
	declare(i);
}

/* Bytes overwritten or appended with pwrite / O_APPEND, then fsync. */
static void step_patch(int i)
{
	size_t at = below(files[i].len + 1), n = 1 + below(below(2) ? 64 : 20000);
	int append = below(3) == 0;
	if (append)
		at = files[i].len;
	if (at + n > MAXLEN)
		return;
	say("@@ begin %s\n", fname(i));
	int fd = open(fname(i), O_WRONLY | (append ? O_APPEND : 0));
	if (fd < 0)
		die("open for patch");
	if (at + n > files[i].len) {
		files[i].data = realloc(files[i].data, at + n + 1);
		files[i].len = at + n;
	}
	fill(files[i].data + at, n);
	if (append)
		write_all(fd, files[i].data + at, n, "append");
	else if (pwrite(fd, files[i].data + at, n, (off_t)at) != (ssize_t)n)
		die("pwrite");
	if (do_fsync(fd) || close(fd))
		die("fsync after patch");
	declare(i);
}

/* A new length by ftruncate, then changes through a MAP_SHARED mapping, then
 * msync(MS_SYNC) and nothing else: msync alone must make all of it durable. */
static void step_mmap(int i)
{
	size_t len = below(4) ? files[i].len : 1 + below(MAXLEN);
	if (!len)
		len = 1 + below(20000);
	say("@@ begin %s\n", fname(i));
	int fd = open(fname(i), O_RDWR | O_CREAT, 0644);
	if (fd < 0)
		die("open for mmap");
	if (len != files[i].len && ftruncate(fd, (off_t)len))
		die("ftruncate");
	int was = files[i].exists;
	files[i].data = realloc(files[i].data, len + 1);
	if (len > files[i].len)
		memset(files[i].data + files[i].len, 0, len - files[i].len);
	files[i].len = len, files[i].exists = 1;
	unsigned char *m = mmap(0, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		die("mmap");
	if (memcmp(m, files[i].data, len)) {
		say("not ok - powercut: %s mapped differs from what was written\n", fname(i));
		exit(1);
	}
	for (int k = 0, nk = 1 + (int)below(6); k < nk; k++) {   /* a few scattered runs */
		size_t at = below(len), n = 1 + below(below(2) ? 100 : 3 * 4096);
		if (at + n > len)
			n = len - at;
		fill(files[i].data + at, n);
		memcpy(m + at, files[i].data + at, n);
	}
	if (!nosync && msync(m, len, MS_SYNC))
		die("msync");
	if (!was)
		sync_dir();
	declare(i);
	/* The broken variant keeps the mapping: its munmap would write the pages back. */
	if ((!nosync && munmap(m, len)) || close(fd))
		die("munmap");
	kept += nosync;
}

/* rename fi over fj (which may exist), then an fsync of /pc. */
static void step_rename(int i, int j)
{
	say("@@ begin %s\n@@ begin %s\n", fname(i), fname(j));
	if (rename(fname(i), fname(j)))
		die("rename");
	sync_dir();
	free(files[j].data);
	files[j] = files[i];
	files[i] = (struct model){0, 0, 0};
	declare(j);
	say("@@ removed %s\n", fname(i));
}

static void step_unlink(int i)
{
	say("@@ begin %s\n", fname(i));
	if (unlink(fname(i)))
		die("unlink");
	sync_dir();
	free(files[i].data);
	files[i] = (struct model){0, 0, 0};
	say("@@ removed %s\n", fname(i));
}

/* A scratch file written (or removed) without sync. */
static void step_scratch(void)
{
	char name[32];
	snprintf(name, sizeof name, DIR "/s%zu", below(NSCRATCH));
	if (below(4) == 0) {
		unlink(name);
		return;
	}
	size_t len = rand_len();
	unsigned char *buf = malloc(len + 1);
	fill(buf, len);
	int fd = open(name, O_WRONLY | O_CREAT | (below(2) ? O_TRUNC : O_APPEND), 0644);
	if (fd < 0)
		die("open scratch");
	write_all(fd, buf, len, "write scratch");
	close(fd);
	free(buf);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		say("usage: workload SEED [STEPS]\n");
		return 2;
	}
	uint64_t seed = strtoull(argv[1], 0, 0);
	long steps = argc > 2 ? atol(argv[2]) : -1;
	nosync = argc > 3 && !strcmp(argv[3], "nosync");
	rng = seed * 0x9E3779B97F4A7C15ull + 1;
	for (int k = 0; k < 8; k++)
		next();
	if (mkdir(DIR, 0755) && errno != EEXIST)
		die("mkdir " DIR);
	sync_dir();
	say("@@ powercut: start seed %llu\n", (unsigned long long)seed);
	for (long n = 0; steps < 0 || n < steps; n++) {
		int i = (int)below(NFILES), j = (int)below(NFILES);
		while (nosync && kept >= MAX_KEPT)
			pause();
		switch (below(10)) {
		case 0: case 1:
			step_write(i);
			break;
		case 2: case 3:
			if (files[i].exists)
				step_patch(i);
			else
				step_write(i);
			break;
		case 4: case 5: case 6:
			step_mmap(i);
			break;
		case 7:
			if (files[i].exists && i != j)
				step_rename(i, j);
			break;
		case 8:
			if (files[i].exists)
				step_unlink(i);
			break;
		default:
			step_scratch();
			break;
		}
		if (files[i].exists && below(4) == 0)
			verify(i);
	}
	say("@@ powercut: %ld steps done\n", steps);
	return 0;
}
