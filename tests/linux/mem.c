/* mem.c - the memory calls of a static glibc program, for the differential test
 * (scripts/linux-diff.sh): mmap (anonymous private and shared, MAP_FIXED over a mapping,
 * MAP_FIXED_NOREPLACE, file-backed private and shared on the read-only /etc/motd) and its
 * errors, munmap of a part and of a middle, mprotect, the mlock family, msync, madvise,
 * mincore, brk/sbrk and RLIMIT_AS. Accesses that must fault are caught by a SIGSEGV
 * handler that leaves by siglongjmp. Writing through a shared file mapping needs a
 * writable root: that is tests/linux/disk/mem_rw.c (the root here is read-only on ours).
 * One line per check, results only (no addresses); exits 0 only if every check passed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diffcheck.h"

#define PG 4096UL
/* A bad length, out of the compiler's sight. */
static volatile size_t huge_len = (size_t)1 << 62;

/* err_is for mmap (MAP_FAILED or a mapping); a mapping made is unmapped (len bytes). */
static void map_err_is(const char *what, void *p, size_t len, const char *want)
{
	if (p != MAP_FAILED)
		munmap(p, len);
	err_is(what, p == MAP_FAILED ? -1 : 0, want);
}

/* ---- accesses that may fault ---- */
static sigjmp_buf fault_jmp;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	fault_code = si->si_code;
	siglongjmp(fault_jmp, 1);
}


/* What touching p does: "none", "SEGV_MAPERR" or "SEGV_ACCERR" (or "si_code N"). A write
 * stores v. */
static const char *touch(volatile char *p, int write, char v)
{
	static char other[24];
	if (sigsetjmp(fault_jmp, 1) == 0) {
		if (write)
			*p = v;
		else
			(void)*p;
		return "none";
	}
	if (fault_code == SEGV_MAPERR)
		return "SEGV_MAPERR";
	if (fault_code == SEGV_ACCERR)
		return "SEGV_ACCERR";
	snprintf(other, sizeof other, "si_code %d", fault_code);
	return other;
}

static char *map_anon(size_t pages, int prot, int flags)
{
	char *p = mmap(0, pages * PG, prot, flags | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? 0 : p;
}

static int all_bytes(const char *p, size_t n, char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void anon_maps(void)
{
	char *p = map_anon(4, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	truth("mmap anonymous private 4 pages", p != 0);
	if (!p)
		return;
	truth("... reads as zeroes", all_bytes(p, 4 * PG, 0));
	memset(p, 'a', 4 * PG);
	truth("... keeps what is written", all_bytes(p, 4 * PG, 'a'));

	char *q = mmap(p + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	truth("MAP_FIXED over its page 1: at that address", q == p + PG);
	truth("... page 1 is new (zeroes)", all_bytes(p + PG, PG, 0));
	truth("... pages 0, 2, 3 kept their data", all_bytes(p, PG, 'a') && all_bytes(p + 2 * PG, 2 * PG, 'a'));
	q = mmap(p + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	err_is("MAP_FIXED_NOREPLACE over page 2", q == MAP_FAILED ? -1 : 0, "EEXIST");
	truth("... page 2 kept its data", q == MAP_FAILED && all_bytes(p + 2 * PG, PG, 'a'));
	munmap(p + 3 * PG, PG);
	q = mmap(p + 3 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	truth("MAP_FIXED_NOREPLACE on the freed page 3: at that address", q == p + 3 * PG);
	truth("... zeroes", q == p + 3 * PG && all_bytes(q, PG, 0));
	q = mmap(p + 2 * PG + 8, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	map_err_is("MAP_FIXED at an unaligned address", q, PG, "EINVAL");
	munmap(p, 4 * PG);

	char *s = map_anon(2, PROT_READ | PROT_WRITE, MAP_SHARED);
	truth("mmap anonymous shared 2 pages", s != 0);
	if (!s)
		return;
	truth("... reads as zeroes", all_bytes(s, 2 * PG, 0));
	memset(s, 's', 2 * PG);
	truth("... keeps what is written", all_bytes(s, 2 * PG, 's'));
	munmap(s + PG, PG);
	truth("... after munmap of its page 1, page 0 has it", all_bytes(s, PG, 's'));
	result("... and page 1 faults", touch(s + PG, 0, 0), "SEGV_MAPERR");
	munmap(s, PG);
}

static void file_maps(void)
{
	char file[PG], buf[PG];
	int fd = open("/etc/motd", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, file, sizeof file);
	truth("open and read /etc/motd (less than a page)", n > 0 && n < (long)PG);
	if (n <= 0)
		return;
	char *p = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	truth("mmap it MAP_PRIVATE read-write", p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	truth("... its bytes", !memcmp(p, file, (size_t)n));
	truth("... zeroes after the end of the file in the page", all_bytes(p + n, PG - (size_t)n, 0));
	memset(p, 'P', 16);
	truth("... a write changes the mapping", all_bytes(p, 16, 'P'));
	truth("... but not the file (pread)", pread(fd, buf, (size_t)n, 0) == n && !memcmp(buf, file, (size_t)n));
	char *p2 = mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	truth("... nor another mapping of it", p2 != MAP_FAILED && !memcmp(p2, file, (size_t)n));
	munmap(p2, PG);
	munmap(p, PG);

	char *s = mmap(0, PG, PROT_READ, MAP_SHARED, fd, 0);
	truth("mmap it MAP_SHARED read-only", s != MAP_FAILED);
	if (s != MAP_FAILED) {
		truth("... its bytes", !memcmp(s, file, (size_t)n));
		result("... a write faults", touch(s, 1, 'x'), "SEGV_ACCERR");
		err_is("... msync MS_SYNC", msync(s, PG, MS_SYNC), "0");
		err_is("... madvise MADV_WILLNEED", madvise(s, PG, MADV_WILLNEED), "0");
		err_is("... mprotect PROT_WRITE (file open read-only)", mprotect(s, PG, PROT_READ | PROT_WRITE), "EACCES");
		munmap(s, PG);
	}
	s = mmap(0, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	truth("mmap 2 pages of a file of less than one", s != MAP_FAILED);
	if (s != MAP_FAILED) {
		result("... page 0 reads", touch(s, 0, 0), "none");
		munmap(s, 2 * PG);
	}

	map_err_is("mmap PROT_WRITE MAP_SHARED of an O_RDONLY file", mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), PG, "EACCES");
	map_err_is("mmap at an unaligned offset", mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, 100), PG, "EINVAL");
	map_err_is("mmap of descriptor 999", mmap(0, PG, PROT_READ, MAP_PRIVATE, 999, 0), PG, "EBADF");
	map_err_is("mmap of descriptor -1 without MAP_ANONYMOUS", mmap(0, PG, PROT_READ, MAP_PRIVATE, -1, 0), PG, "EBADF");
	close(fd);
	map_err_is("mmap of a closed descriptor", mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, 0), PG, "EBADF");
}

static void map_errors(void)
{
	map_err_is("mmap length 0", mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 0, "EINVAL");
	map_err_is("mmap length 2^62", mmap(0, huge_len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), huge_len, "ENOMEM");
	map_err_is("mmap neither private nor shared", mmap(0, PG, PROT_READ, MAP_ANONYMOUS, -1, 0), PG, "EINVAL");
	map_err_is("mmap anonymous with descriptor 999 (ignored)", mmap(0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 999, 0), PG, "0");

	struct rlimit old, lim;
	err_is("getrlimit RLIMIT_AS", getrlimit(RLIMIT_AS, &old), "0");
	lim = old;
	lim.rlim_cur = 64UL << 20;
	err_is("setrlimit RLIMIT_AS 64 MiB", setrlimit(RLIMIT_AS, &lim), "0");
	map_err_is("... mmap 128 MiB", mmap(0, 128UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 128UL << 20, "ENOMEM");
	map_err_is("... mmap 128 MiB MAP_NORESERVE", mmap(0, 128UL << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0), 128UL << 20, "ENOMEM");
	map_err_is("... mmap one page", mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), PG, "0");
	err_is("setrlimit RLIMIT_AS back", setrlimit(RLIMIT_AS, &old), "0");
	map_err_is("... mmap 128 MiB", mmap(0, 128UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 128UL << 20, "0");
}

static void unmap_and_protect(void)
{
	char *p = map_anon(4, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	truth("mmap 4 pages", p != 0);
	if (!p)
		return;
	memset(p, 'u', 4 * PG);
	err_is("munmap page 1 (a middle)", munmap(p + PG, PG), "0");
	result("... page 1 faults", touch(p + PG, 0, 0), "SEGV_MAPERR");
	result("... page 0 reads", touch(p, 0, 0), "none");
	result("... page 2 is written", touch(p + 2 * PG, 1, 'v'), "none");
	truth("... pages 0 and 2, 3 kept their data", all_bytes(p, PG, 'u') && p[2 * PG] == 'v' &&
	      all_bytes(p + 2 * PG + 1, 2 * PG - 1, 'u'));
	err_is("munmap page 3 (an end)", munmap(p + 3 * PG, PG), "0");
	result("... page 3 faults", touch(p + 3 * PG, 1, 1), "SEGV_MAPERR");
	err_is("munmap the hole again", munmap(p + PG, PG), "0");
	err_is("munmap unaligned", munmap(p + 8, PG), "EINVAL");
	err_is("munmap length 0", munmap(p, 0), "EINVAL");

	err_is("mprotect page 2 PROT_READ", mprotect(p + 2 * PG, PG, PROT_READ), "0");
	result("... a read works", touch(p + 2 * PG, 0, 0), "none");
	result("... a write faults", touch(p + 2 * PG, 1, 'w'), "SEGV_ACCERR");
	truth("... and changed nothing", p[2 * PG] == 'v');
	err_is("mprotect page 2 PROT_NONE", mprotect(p + 2 * PG, PG, PROT_NONE), "0");
	result("... a read faults", touch(p + 2 * PG, 0, 0), "SEGV_ACCERR");
	err_is("mprotect page 2 back to read-write", mprotect(p + 2 * PG, PG, PROT_READ | PROT_WRITE), "0");
	result("... a write works", touch(p + 2 * PG, 1, 'w'), "none");
	truth("... the data is still there", p[2 * PG] == 'w' && p[2 * PG + 1] == 'u');
	err_is("mprotect unaligned", mprotect(p + 8, PG, PROT_READ), "EINVAL");
	err_is("mprotect over the hole", mprotect(p, 3 * PG, PROT_READ), "ENOMEM");
	err_is("mprotect of the hole", mprotect(p + PG, PG, PROT_READ), "ENOMEM");
	err_is("mprotect an unknown bit", mprotect(p, PG, 0x100), "EINVAL");
	err_is("mprotect length 0", mprotect(p + PG, 0, PROT_READ), "0");
	munmap(p, 4 * PG);
}

static void locks(void)
{
	char *p = map_anon(4, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	truth("mmap 4 pages", p != 0);
	if (!p)
		return;
	err_is("mlock 2 pages", mlock(p, 2 * PG), "0");
	truth("... their data reads as zeroes", all_bytes(p, 2 * PG, 0));
	err_is("munlock them", munlock(p, 2 * PG), "0");
	err_is("mlock2 MLOCK_ONFAULT", mlock2(p + 2 * PG, 2 * PG, MLOCK_ONFAULT), "0");
	err_is("mlock2 unknown flag", mlock2(p, PG, 2), "EINVAL");
	err_is("munlock all 4", munlock(p, 4 * PG), "0");
	err_is("mlock unaligned start (rounded)", mlock(p + 8, PG), "0");
	err_is("munlock it", munlock(p + 8, PG), "0");
	munmap(p + 3 * PG, PG);
	err_is("mlock over the hole", mlock(p, 4 * PG), "ENOMEM");
	err_is("munlock over the hole", munlock(p, 4 * PG), "ENOMEM");
	munlock(p, 3 * PG);
	err_is("mlockall(MCL_CURRENT | MCL_FUTURE)", mlockall(MCL_CURRENT | MCL_FUTURE), "0");
	char *q = map_anon(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	truth("... a new mapping", q != 0 && all_bytes(q, 2 * PG, 0));
	err_is("munlockall", munlockall(), "0");
	err_is("mlockall(0)", mlockall(0), "EINVAL");
	err_is("mlockall(MCL_ONFAULT) alone", mlockall(MCL_ONFAULT), "EINVAL");
	err_is("mlockall unknown flag", mlockall(0x100), "EINVAL");
	munmap(q, 2 * PG);
	munmap(p, 3 * PG);
}

/* MADV_FREE, MADV_COLD and MADV_PAGEOUT of written private memory: the data stays (no
 * memory pressure, no swap; PAGEOUT only of pages not freed); MADV_FREE of shared memory: EINVAL. MADV_REMOVE: EINVAL on
 * private anonymous memory, EACCES on a shared mapping without write permission, and on
 * shared anonymous memory the pages read as zeros again, in a child that shares them too. */
static void advise_free_remove(void)
{
	char *p = map_anon(4, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char *s = map_anon(4, PROT_READ | PROT_WRITE, MAP_SHARED);
	if (!p || !s)
		return;
	memset(p, 'f', 4 * PG);
	memset(s, 's', 4 * PG);
	err_is("madvise MADV_FREE of written private memory", madvise(p, 2 * PG, MADV_FREE), "0");
	truth("... its data still reads back", all_bytes(p, 4 * PG, 'f'));
	err_is("madvise MADV_COLD", madvise(p, 4 * PG, MADV_COLD), "0");
	/* (Not of the freed pages: Linux's reclaim would discard them, which ours does not.) */
	err_is("madvise MADV_PAGEOUT of the others", madvise(p + 2 * PG, 2 * PG, MADV_PAGEOUT), "0");
	truth("... the data reads back", all_bytes(p, 4 * PG, 'f'));
	err_is("madvise MADV_FREE of shared memory", madvise(s, PG, MADV_FREE), "EINVAL");
	err_is("madvise MADV_REMOVE of private memory", madvise(p, PG, MADV_REMOVE), "EINVAL");
	pid_t c = fork();
	if (c == 0) {   /* waits for the parent's MADV_REMOVE, then reports what it sees */
		while (((volatile char *)s)[3 * PG] == 's')
			;
		_exit(all_bytes(s + PG, 2 * PG, 0) && all_bytes(s, PG, 's') ? 0 : 1);
	}
	err_is("madvise MADV_REMOVE of shared memory, pages 1-2", madvise(s + PG, 2 * PG, MADV_REMOVE), "0");
	truth("... they read as zeroes", all_bytes(s + PG, 2 * PG, 0));
	truth("... page 0 kept its data", all_bytes(s, PG, 's'));
	s[3 * PG] = 'x';
	int st = -1;
	waitpid(c, &st, 0);
	truth("... a child sharing them sees zeroes there too", c > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	mprotect(s, 4 * PG, PROT_READ);
	err_is("madvise MADV_REMOVE of shared memory made read-only", madvise(s, PG, MADV_REMOVE), "0");
	char *r = mmap(0, PG, PROT_READ, MAP_SHARED, open("/etc/motd", O_RDONLY), 0);
	err_is("madvise MADV_REMOVE of a read-only shared file mapping",
	       r == MAP_FAILED ? -1 : madvise(r, PG, MADV_REMOVE), "EACCES");
	if (r != MAP_FAILED)
		munmap(r, PG);
	munmap(p, 4 * PG);
	munmap(s, 4 * PG);
}

static void sync_and_advise(void)
{
	char *p = map_anon(4, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	truth("mmap 4 pages", p != 0);
	if (!p)
		return;
	err_is("msync MS_SYNC", msync(p, 4 * PG, MS_SYNC), "0");
	err_is("msync MS_ASYNC", msync(p, 4 * PG, MS_ASYNC), "0");
	err_is("msync MS_INVALIDATE", msync(p, 4 * PG, MS_INVALIDATE), "0");
	err_is("msync MS_SYNC | MS_ASYNC", msync(p, 4 * PG, MS_SYNC | MS_ASYNC), "EINVAL");
	err_is("msync unknown flag", msync(p, 4 * PG, 0x100), "EINVAL");
	err_is("msync unaligned", msync(p + 8, PG, MS_SYNC), "EINVAL");
	err_is("msync length 0", msync(p, 0, MS_SYNC), "0");

	memset(p, 'd', 4 * PG);
	err_is("madvise MADV_DONTNEED pages 1-2", madvise(p + PG, 2 * PG, MADV_DONTNEED), "0");
	truth("... they read as zeroes", all_bytes(p + PG, 2 * PG, 0));
	truth("... pages 0 and 3 kept their data", all_bytes(p, PG, 'd') && all_bytes(p + 3 * PG, PG, 'd'));
	/* 0, or EBADF from a Linux without CONFIG_SWAP (as the baseline: see mem.diffok) */
	long r = madvise(p, 4 * PG, MADV_WILLNEED);
	err_is("madvise MADV_WILLNEED of anonymous memory", r, r == -1 && errno == EBADF ? "EBADF" : "0");
	err_is("madvise MADV_SEQUENTIAL", madvise(p, 4 * PG, MADV_SEQUENTIAL), "0");
	err_is("madvise MADV_NORMAL", madvise(p, 4 * PG, MADV_NORMAL), "0");
	err_is("madvise advice 12345", madvise(p, 4 * PG, 12345), "EINVAL");
	err_is("madvise unaligned", madvise(p + 8, PG, MADV_WILLNEED), "EINVAL");

	munmap(p + 2 * PG, PG);
	err_is("msync MS_SYNC over a hole", msync(p, 4 * PG, MS_SYNC), "ENOMEM");
	err_is("msync MS_ASYNC of the hole", msync(p + 2 * PG, PG, MS_ASYNC), "ENOMEM");
	err_is("madvise MADV_NORMAL over a hole", madvise(p, 4 * PG, MADV_NORMAL), "ENOMEM");
	err_is("madvise MADV_DONTNEED over a hole", madvise(p, 4 * PG, MADV_DONTNEED), "ENOMEM");
	truth("... still zeroed page 3 (the part mapped)", all_bytes(p + 3 * PG, PG, 0));
	munmap(p, 4 * PG);

	char *l = map_anon(1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_LOCKED);
	truth("mmap MAP_LOCKED", l != 0);
	if (l) {
		err_is("... madvise MADV_DONTNEED", madvise(l, PG, MADV_DONTNEED), "EINVAL");
		err_is("... msync MS_INVALIDATE", msync(l, PG, MS_INVALIDATE), "EBUSY");
		err_is("... madvise MADV_FREE", madvise(l, PG, MADV_FREE), "EINVAL");
		err_is("... madvise MADV_PAGEOUT", madvise(l, PG, MADV_PAGEOUT), "EINVAL");
		err_is("... madvise MADV_COLD", madvise(l, PG, MADV_COLD), "EINVAL");
		munmap(l, PG);
	}
	advise_free_remove();
}

/* The vector as "1010" ('?' for a byte neither 0 nor 1: not written); the byte after
 * the n answered must stay 0x55 (else "+"). */
static void vec_is(const char *what, const unsigned char *vec, size_t n, const char *want)
{
	char got[64];
	size_t i;
	for (i = 0; i < n && i < sizeof got - 2; i++)
		got[i] = vec[i] <= 1 ? (char)('0' + vec[i]) : '?';
	got[i] = 0;
	if (vec[n] != 0x55)
		strcat(got, "+");   /* written past its end */
	result(what, got, want);
}

static void residency(void)
{
	unsigned char vec[16];
	char *p = map_anon(4, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	truth("mmap 4 pages", p != 0);
	if (!p)
		return;
	memset(vec, 0x55, sizeof vec);
	err_is("mincore of the 4 untouched", mincore(p, 4 * PG, vec), "0");
	vec_is("... none resident", vec, 4, "0000");
	p[0] = 1;
	p[2 * PG + 5] = 1;
	memset(vec, 0x55, sizeof vec);
	err_is("mincore after writing pages 0 and 2", mincore(p, 4 * PG, vec), "0");
	vec_is("... those resident", vec, 4, "1010");
	memset(vec, 0x55, sizeof vec);
	err_is("mincore of 1 byte", mincore(p, 1, vec), "0");
	vec_is("... one entry", vec, 1, "1");
	memset(vec, 0x55, sizeof vec);
	err_is("mincore of a page and 1 byte from page 2", mincore(p + 2 * PG, PG + 1, vec), "0");
	vec_is("... two entries", vec, 2, "10");
	memset(vec, 0x55, sizeof vec);
	err_is("mincore length 0", mincore(p, 0, vec), "0");
	vec_is("... nothing written", vec, 0, "");
	err_is("madvise MADV_DONTNEED page 2", madvise(p + 2 * PG, PG, MADV_DONTNEED), "0");
	memset(vec, 0x55, sizeof vec);
	err_is("mincore after it", mincore(p, 4 * PG, vec), "0");
	vec_is("... page 2 not resident", vec, 4, "1000");
	err_is("mlock pages 1-3", mlock(p + PG, 3 * PG), "0");
	memset(vec, 0x55, sizeof vec);
	err_is("mincore after it", mincore(p, 4 * PG, vec), "0");
	vec_is("... all resident", vec, 4, "1111");
	munlock(p, 4 * PG);
	err_is("mincore unaligned", mincore(p + 8, PG, vec), "EINVAL");
	err_is("mincore into (void *)1", mincore(p, PG, bad_pointer), "EFAULT");

	char *s = map_anon(2, PROT_READ | PROT_WRITE, MAP_SHARED);
	truth("mmap shared anonymous 2 pages", s != 0);
	if (s) {
		s[PG] = 1;
		memset(vec, 0x55, sizeof vec);
		err_is("mincore after writing page 1", mincore(s, 2 * PG, vec), "0");
		vec_is("... page 1 resident", vec, 2, "01");
		munmap(s, 2 * PG);
	}

	char *m = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	truth("mmap MAP_POPULATE 3 pages", m != MAP_FAILED);
	if (m != MAP_FAILED) {
		memset(vec, 0x55, sizeof vec);
		err_is("... mincore", mincore(m, 3 * PG, vec), "0");
		vec_is("... all resident", vec, 3, "111");
		err_is("... madvise MADV_DONTNEED", madvise(m, 3 * PG, MADV_DONTNEED), "0");
		err_is("... mlock2 MLOCK_ONFAULT", mlock2(m, 3 * PG, MLOCK_ONFAULT), "0");
		memset(vec, 0x55, sizeof vec);
		mincore(m, 3 * PG, vec);
		vec_is("... none resident", vec, 3, "000");
		m[PG] = 1;
		memset(vec, 0x55, sizeof vec);
		mincore(m, 3 * PG, vec);
		vec_is("... after writing page 1", vec, 3, "010");
		munmap(m, 3 * PG);
	}
	err_is("mlockall(MCL_CURRENT | MCL_FUTURE)", mlockall(MCL_CURRENT | MCL_FUTURE), "0");
	m = map_anon(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	memset(vec, 0x55, sizeof vec);
	err_is("... mincore of a new mapping", m ? mincore(m, 2 * PG, vec) : -1, "0");
	vec_is("... resident (populated)", vec, 2, "11");
	munmap(m, 2 * PG);
	err_is("munlockall", munlockall(), "0");
	err_is("mlockall(MCL_FUTURE | MCL_ONFAULT)", mlockall(MCL_FUTURE | MCL_ONFAULT), "0");
	m = map_anon(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	memset(vec, 0x55, sizeof vec);
	err_is("... mincore of a new mapping", m ? mincore(m, 2 * PG, vec) : -1, "0");
	vec_is("... not resident", vec, 2, "00");
	munmap(m, 2 * PG);
	munlockall();
	m = map_anon(1, PROT_NONE, MAP_PRIVATE);
	memset(vec, 0x55, sizeof vec);
	err_is("mincore of a PROT_NONE page", m ? mincore(m, PG, vec) : -1, "0");
	vec_is("... not resident", vec, 1, "0");
	result("... a read faults", m ? touch(m, 0, 0) : "no mapping", "SEGV_ACCERR");
	munmap(m, PG);

	munmap(p + PG, PG);
	memset(vec, 0x55, sizeof vec);
	err_is("mincore over a hole", mincore(p, 4 * PG, vec), "ENOMEM");
	vec_is("... the pages before it answered", vec, 1, "1");
	err_is("mincore of the hole", mincore(p + PG, PG, vec), "ENOMEM");
	munmap(p, 4 * PG);
	err_is("mincore of an unmapped range", mincore(p, 4 * PG, vec), "ENOMEM");
	err_is("mincore past the top of user space", mincore((void *)(1UL << 62), PG, vec), "ENOMEM");
}

static void heap(void)
{
	char *b0 = sbrk(0);
	truth("sbrk(0)", b0 != (void *)-1);
	if ((uintptr_t)b0 & (PG - 1)) {   /* glibc's own sbrk use leaves it anywhere */
		sbrk((intptr_t)(PG - ((uintptr_t)b0 & (PG - 1))));
		b0 = sbrk(0);
	}
	truth("... page-aligned now", ((uintptr_t)b0 & (PG - 1)) == 0);
	char *b1 = sbrk(4 * PG);
	truth("sbrk(4 pages): the old break", b1 == b0);
	truth("... the break moved by 4 pages", (char *)sbrk(0) == b0 + 4 * PG);
	memset(b0, 'h', 4 * PG);
	truth("... the new memory keeps what is written", all_bytes(b0, 4 * PG, 'h'));
	truth("sbrk(-3 pages)", sbrk(-3 * (long)PG) == b0 + 4 * PG && (char *)sbrk(0) == b0 + PG);
	truth("... the first page kept its data", all_bytes(b0, PG, 'h'));
	result("... the rest is gone", touch(b0 + 2 * PG, 0, 0), "SEGV_MAPERR");
	truth("sbrk(3 pages) again", sbrk(3 * PG) == b0 + PG);
	truth("... zeroes where the heap was given back", all_bytes(b0 + 2 * PG, PG, 0));
	truth("raw brk(0): the break", syscall(SYS_brk, 0) == (long)(b0 + 4 * PG));
	truth("raw brk(1): refused, the break", syscall(SYS_brk, 1) == (long)(b0 + 4 * PG));
	truth("raw brk(2^62): refused, the break", syscall(SYS_brk, 1UL << 62) == (long)(b0 + 4 * PG));
	truth("sbrk(-4 pages): back", sbrk(-4 * (long)PG) == b0 + 4 * PG && sbrk(0) == b0);
}

int main(void)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, 0) < 0) {
		printf("FAIL - sigaction SIGSEGV: %s\n", ename(errno));
		return 1;
	}
	anon_maps();
	file_maps();
	map_errors();
	unmap_and_protect();
	locks();
	sync_and_advise();
	residency();
	heap();
	return summary();
}
