/* mremap.c - mremap for the differential test (scripts/linux-diff.sh): shrink and grow in
 * place, growth against a neighbour without and with MREMAP_MAYMOVE (the contents move,
 * the old place faults), MREMAP_FIXED over a mapping, MREMAP_DONTUNMAP (the old range
 * stays, reading zeroes), old_len 0 on shared memory (a second mapping of the same
 * pages), moves of megabytes (whole page tables where both ends are 2 MiB-aligned), the
 * errno cases, RLIMIT_AS. Only what Linux 6.1 and 6.18 agree on: no move of
 * several VMAs at once (6.17), no DONTUNMAP of locked memory. One line per check, no
 * addresses; exits 0 only if every check passed. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "diffcheck.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif
#define PG 4096UL

static sigjmp_buf fault_jmp;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_code = sig == SIGSEGV ? si->si_code : 100 + sig;
	siglongjmp(fault_jmp, 1);
}

/* What reading p does: "none", "SEGV_MAPERR", "SEGV_ACCERR" or "signal N". */
static const char *touch(volatile char *p)
{
	static char other[24];
	if (sigsetjmp(fault_jmp, 1) == 0) {
		(void)*p;
		return "none";
	}
	if (fault_code == SEGV_MAPERR)
		return "SEGV_MAPERR";
	if (fault_code == SEGV_ACCERR)
		return "SEGV_ACCERR";
	snprintf(other, sizeof other, "signal %d", fault_code - 100);
	return other;
}

/* A reserved, unmapped place of n pages to map at with MAP_FIXED. */
static char *room(size_t n)
{
	char *p = mmap(0, n * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	munmap(p, n * PG);
	return p;
}

static char *map_at(char *at, size_t pages, int prot, int flags)
{
	char *p = mmap(at, pages * PG, prot, flags | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return p == MAP_FAILED ? 0 : p;
}

static void fill(char *p, size_t pages, char base)
{
	for (size_t i = 0; i < pages; i++)
		memset(p + i * PG, base + (char)i, PG);
}

static int has(const char *p, size_t pages, char base)
{
	for (size_t i = 0; i < pages; i++)
		for (size_t j = 0; j < PG; j += 512)
			if (p[i * PG + j] != (char)(base + (char)i))
				return 0;
	return 1;
}

/* mremap's result as a check: "moved", "same place", or the errno's name. */
static const char *where(void *r, void *old)
{
	return r == MAP_FAILED ? ename(errno) : r == old ? "same place" : "moved";
}

static void resize_in_place(void)
{
	char *a = room(16);
	char *p = map_at(a, 8, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	fill(p, 8, 'a');
	result("shrink 8 to 5 pages", where(mremap(p, 8 * PG, 5 * PG, 0), p), "same place");
	result("the kept pages", has(p, 5, 'a') ? "kept" : "lost", "kept");
	result("the tail afterwards", touch(p + 6 * PG), "SEGV_MAPERR");
	result("grow 5 to 7 pages in place", where(mremap(p, 5 * PG, 7 * PG, 0), p), "same place");
	result("the grown pages", touch(p + 6 * PG), "none");
	truth("the grown pages read zero", p[6 * PG] == 0 && has(p, 5, 'a'));
	map_at(a + 9 * PG, 2, PROT_READ, MAP_PRIVATE);
	result("grow up to a neighbour", where(mremap(p, 7 * PG, 9 * PG, 0), p), "same place");
	result("grow over a neighbour, may not move", where(mremap(p, 9 * PG, 10 * PG, 0), p), "ENOMEM");
	result("same size", where(mremap(p, 9 * PG, 9 * PG, 0), p), "same place");
	result("shrink across a VMA and a hole", where(mremap(p, 14 * PG, 2 * PG, 0), p), "same place");
	result("what was after it", touch(a + 9 * PG), "SEGV_MAPERR");
	munmap(a, 16 * PG);
}

static void moves(void)
{
	char *a = room(64);
	char *p = map_at(a, 4, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	map_at(a + 4 * PG, 1, PROT_READ, MAP_PRIVATE);
	fill(p, 4, 'k');
	char *q = mremap(p, 4 * PG, 8 * PG, MREMAP_MAYMOVE);
	result("grow against a neighbour with MAYMOVE", where(q, p), "moved");
	if (q == MAP_FAILED)
		return;
	result("the contents moved", has(q, 4, 'k') ? "yes" : "no", "yes");
	result("the old place", touch(p), "SEGV_MAPERR");
	truth("the new pages read zero", q[7 * PG] == 0);
	char *t = map_at(a + 20 * PG, 12, PROT_READ, MAP_SHARED);
	char *r = mremap(q, 8 * PG, 6 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, a + 22 * PG);
	result("FIXED over part of a shared map, shrinking", where(r, a + 22 * PG), "same place");
	result("its contents", has(a + 22 * PG, 4, 'k') ? "yes" : "no", "yes");
	result("the shared map below it", touch(t), "none");
	result("the shared map above it", touch(a + 28 * PG), "none");
	result("the old place after FIXED", touch(q), "SEGV_MAPERR");
	/* DONTUNMAP: the old range stays mapped and reads zeroes */
	char *d = map_at(a + 40 * PG, 3, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	fill(d, 3, 'd');
	char *n = mremap(d, 3 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP | MREMAP_FIXED,
	                 a + 50 * PG);
	result("DONTUNMAP to a place", where(n, a + 50 * PG), "same place");
	result("DONTUNMAP: the contents moved", has(a + 50 * PG, 3, 'd') ? "yes" : "no", "yes");
	result("DONTUNMAP: the old range", touch(d), "none");
	truth("DONTUNMAP: the old range reads zero", d[0] == 0 && d[2 * PG] == 0);
	munmap(a, 64 * PG);
}

/* Moves of megabytes: 2 MiB-aligned at both ends (whole page tables move), the same
 * 2 MiB offset at both ends but not aligned (a partial table before and after), and
 * different offsets (page by page); then a sparse range, most of its 2 MiB spans
 * without a written page. */
static void big_moves(void)
{
	const size_t mb2 = (2UL << 20) / PG, n = 2 * mb2 + 5;
	char *a = room(7 * mb2);
	char *x = (char *)(((uintptr_t)a + (2UL << 20) - 1) & ~((2UL << 20) - 1)), *y = x + 3 * mb2 * PG;
	char *p = map_at(x, n, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	fill(p, n, 'm');
	char *r = mremap(p, n * PG, n * PG, MREMAP_MAYMOVE | MREMAP_FIXED, y);
	result("4 MiB + 5 pages, 2 MiB-aligned to 2 MiB-aligned", where(r, y), "same place");
	result("their contents", has(y, n, 'm') ? "yes" : "no", "yes");
	result("the old place's first page", touch(x), "SEGV_MAPERR");
	result("the old place's last page", touch(x + (n - 1) * PG), "SEGV_MAPERR");
	r = mremap(y, n * PG, n * PG, MREMAP_MAYMOVE | MREMAP_FIXED, x + 3 * PG);
	result("back, 3 pages past the 2 MiB line", where(r, x + 3 * PG), "same place");
	result("their contents there", has(x + 3 * PG, n, 'm') ? "yes" : "no", "yes");
	result("where they were", touch(y + mb2 * PG), "SEGV_MAPERR");
	r = mremap(x + 3 * PG, n * PG, n * PG, MREMAP_MAYMOVE | MREMAP_FIXED, y + PG);
	result("to another offset in 2 MiB", where(r, y + PG), "same place");
	result("their contents after that", has(y + PG, n, 'm') ? "yes" : "no", "yes");
	munmap(y + PG, n * PG);
	p = map_at(x, 3 * mb2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	for (size_t i = 0; i < 3 * mb2; i += 700)
		p[i * PG] = (char)i;
	r = mremap(p, 3 * mb2 * PG, 3 * mb2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, y);
	result("6 MiB, a page written every 700", where(r, y), "same place");
	int ok = 1;
	for (size_t i = 0; i < 3 * mb2; i += 350)
		ok &= y[i * PG] == (i % 700 ? 0 : (char)i);
	result("the written pages moved, the others read zero", ok ? "yes" : "no", "yes");
	munmap(a, 7 * mb2 * PG);
}

static void shared_twice(void)
{
	char *s = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fill(s, 4, 's');
	char *t = mremap(s + PG, 0, 2 * PG, MREMAP_MAYMOVE);
	result("old_len 0 of shared memory", where(t, s), "moved");
	if (t == MAP_FAILED)
		return;
	result("the second mapping shows the pages", has(t, 2, 's' + 1) ? "yes" : "no", "yes");
	t[0] = 'X';
	truth("a write through it shows in the first", s[PG] == 'X');
	result("the first stays", touch(s), "none");
	char *pr = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	result("old_len 0 of private memory", where(mremap(pr, 0, PG, MREMAP_MAYMOVE), pr), "EINVAL");
	result("old_len 0 of shared memory, not MAYMOVE", where(mremap(s, 0, PG, 0), s), "ENOMEM");
	munmap(t, 2 * PG);
	munmap(s, 4 * PG);
	munmap(pr, PG);
	char *one = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *grown = mremap(one, PG, 3 * PG, MREMAP_MAYMOVE);
	result("shared memory grown by mremap", grown == MAP_FAILED ? "failed" : "grown", "grown");
	if (grown != MAP_FAILED) {
		result("... its first page", touch(grown), "none");
		result("... a page past its object's end", touch(grown + 2 * PG), "signal 7");
		munmap(grown, 3 * PG);
	}
}

static void errors(void)
{
	char *a = room(32);
	char *p = map_at(a, 4, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	map_at(a + 4 * PG, 4, PROT_READ, MAP_PRIVATE);
	result("unknown flag", where(mremap(p, PG, PG, 8), p), "EINVAL");
	result("FIXED without MAYMOVE", where(mremap(p, PG, PG, MREMAP_FIXED, a + 20 * PG), p), "EINVAL");
	result("DONTUNMAP without MAYMOVE", where(mremap(p, PG, PG, MREMAP_DONTUNMAP, a + 20 * PG), p),
	       "EINVAL");
	result("DONTUNMAP resizing", where(mremap(p, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP,
	                                          a + 20 * PG), p), "EINVAL");
	result("misaligned address", where(mremap(p + 1, PG, PG, 0), p), "EINVAL");
	result("new length 0", where(mremap(p, PG, 0, 0), p), "EINVAL");
	result("FIXED to a misaligned address",
	       where(mremap(p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, a + 20 * PG + 1), p), "EINVAL");
	result("FIXED overlapping", where(mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
	                                         p + PG), p), "EINVAL");
	result("an unmapped address", where(mremap(a + 10 * PG, PG, 2 * PG, MREMAP_MAYMOVE), p), "EFAULT");
	result("growing across two VMAs", where(mremap(p + 2 * PG, 4 * PG, 8 * PG, MREMAP_MAYMOVE), p),
	       "EFAULT");
	struct rlimit old, rl;
	getrlimit(RLIMIT_AS, &old);
	rl = old;
	rl.rlim_cur = 64 << 20;
	setrlimit(RLIMIT_AS, &rl);
	result("growing past RLIMIT_AS", where(mremap(p, 4 * PG, 128 << 20, MREMAP_MAYMOVE), p), "ENOMEM");
	setrlimit(RLIMIT_AS, &old);
	munmap(a, 32 * PG);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, 0);
	sigaction(SIGBUS, &sa, 0);
	resize_in_place();
	moves();
	big_moves();
	shared_twice();
	errors();
	return summary();
}
