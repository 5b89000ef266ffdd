/* threads_mem.c - one address space used by several threads at once, for the
 * differential test: fresh pages first touched by two threads at the same time (by
 * reads, and by writes to halves of the same pages) hold one page each, whose data both
 * see; a range unmapped by one thread while another touches it in a loop (the toucher
 * gets SIGSEGV in its own handler, at an address in the range, and a new mapping there
 * reads zero); mmap and munmap from 4 threads at once, of disjoint ranges, with and
 * without MAP_FIXED; and a stress of 8 threads doing 100,000 random mmap, touch, mprotect
 * and munmap operations in all (a fixed xorshift seed per thread) over one shared
 * 64-page arena, after which a new mapping of the arena reads zero and 64 MiB can still
 * be mapped. What depends on the interleaving (how many touches faulted) is not shown. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "diffcheck.h"
#include "threadcheck.h"

#define PAGE 4096

/* A thread's way back from SIGSEGV: the handler notes the fault's address in the
 * faulting thread, then jumps to that thread's jump if it set one (else it puts SIGSEGV
 * back to its default and returns, and the fault ends the process). */
static __thread sigjmp_buf jump;
static __thread volatile int jump_set;
static __thread void *volatile fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_addr = si->si_addr;
	if (jump_set)
		siglongjmp(jump, 1);
	signal(sig, SIG_DFL);
}

/* Writes v at p: 1 if that was done, 0 if it faulted (the fault handled as above). The
 * signal mask is not saved: SIGSEGV's handler has SA_NODEFER and leaves it unchanged. */
static int poke(volatile char *p, char v)
{
	jump_set = 1;
	if (sigsetjmp(jump, 0)) {
		jump_set = 0;
		return 0;
	}
	*p = v;
	jump_set = 0;
	return 1;
}

/* A private anonymous mapping of n pages with prot (and extra flags, at addr if not
 * null), or null if mmap failed. */
static char *map(void *addr, size_t n, int prot, int flags)
{
	void *p = mmap(addr, n * PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	return p == MAP_FAILED ? 0 : p;
}

#define SHARED_PAGES 64
static uint64_t *read_first, *write_first;   /* SHARED_PAGES fresh pages each */
static pthread_barrier_t two;

/* The value of word w of page p as thread 0 or 1 writes it. */
static uint64_t pattern(int p, int w)
{
	return (uint64_t)p << 32 | (uint64_t)w << 8 | 0x5a;
}

/* Thread i (0 or 1) of two, in step with the other: reads every word of read_first
 * (counting the ones not zero), then writes its half of every page of both areas (0 the
 * first half, 1 the second), then checks every word of both. Returns the words wrong. */
static void *sharer(void *arg)
{
	int i = NUM(arg), half = PAGE / 16, wrong = 0;
	pthread_barrier_wait(&two);
	for (int w = 0; w < SHARED_PAGES * PAGE / 8; w++)
		wrong += read_first[w] != 0;
	pthread_barrier_wait(&two);
	for (int p = 0; p < SHARED_PAGES; p++)
		for (int w = i * half; w < (i + 1) * half; w++) {
			write_first[p * PAGE / 8 + w] = pattern(p, w);
			read_first[p * PAGE / 8 + w] = pattern(p, w);
		}
	pthread_barrier_wait(&two);
	for (int p = 0; p < SHARED_PAGES; p++)
		for (int w = 0; w < PAGE / 8; w++) {
			wrong += write_first[p * PAGE / 8 + w] != pattern(p, w);
			wrong += read_first[p * PAGE / 8 + w] != pattern(p, w);
		}
	return ARG(wrong);
}

static void test_shared_pages(void)
{
	read_first = (uint64_t *)map(0, SHARED_PAGES, PROT_READ | PROT_WRITE, 0);
	write_first = (uint64_t *)map(0, SHARED_PAGES, PROT_READ | PROT_WRITE, 0);
	if (!read_first || !write_first) {
		result("mmap of 2 x 64 fresh pages", ename(errno), "0");
		return;
	}
	pthread_barrier_init(&two, 0, 2);
	void *r[2];
	num_is("2 threads on the same fresh pages, not started", run(2, sharer, r), 0);
	pthread_barrier_destroy(&two);
	num_is("... words wrong for the first (reading zeros, then both halves)", NUM(r[0]), 0);
	num_is("... words wrong for the second", NUM(r[1]), 0);
	munmap(read_first, SHARED_PAGES * PAGE);
	munmap(write_first, SHARED_PAGES * PAGE);
}

#define RANGE_PAGES 16
static char *range;
static int unmapped;   /* set (atomically) once munmap of range has returned */
static sem_t touching, faulted, remapped;

/* Writes and reads back every page of range in a loop, posting touching after the first
 * round, until a fault (or a whole round begun after unmapped was set). Then posts
 * faulted, waits for remapped, and reads range. Returns bit 0: it faulted, bit 1: at an
 * address in range, bit 2: every read of its own write saw it, bit 3: the new mapping
 * reads zero. */
static void *toucher(void *arg)
{
	(void)arg;
	volatile int r = 4;
	jump_set = 1;
	if (sigsetjmp(jump, 0) == 0) {
		for (uint64_t round = 1;; round++) {
			int after = __atomic_load_n(&unmapped, __ATOMIC_SEQ_CST);
			for (int p = 0; p < RANGE_PAGES; p++) {
				volatile uint64_t *w = (uint64_t *)(range + p * PAGE);
				*w = round;
				if (*w != round)
					r &= ~4;
			}
			if (round == 1)
				sem_post(&touching);
			if (after)
				break;
		}
	} else {
		char *a = fault_addr;
		r |= 1 | (a >= range && a < range + RANGE_PAGES * PAGE) << 1;
	}
	jump_set = 0;
	sem_post(&faulted);
	while (sem_wait(&remapped) == -1)
		;
	int zero = 1;
	for (int i = 0; i < RANGE_PAGES * PAGE; i++)
		zero &= range[i] == 0;
	return ARG(r | zero << 3);
}

static void test_unmap_under_toucher(void)
{
	range = map(0, RANGE_PAGES, PROT_READ | PROT_WRITE, 0);
	sem_init(&touching, 0, 0);
	sem_init(&faulted, 0, 0);
	sem_init(&remapped, 0, 0);
	pthread_t t;
	void *r = 0;
	if (range && pthread_create(&t, 0, toucher, 0) == 0) {
		while (sem_wait(&touching) == -1)
			;
		err_is("munmap of a range another thread is touching", munmap(range, RANGE_PAGES * PAGE),
		       "0");
		__atomic_store_n(&unmapped, 1, __ATOMIC_SEQ_CST);
		while (sem_wait(&faulted) == -1)
			;
		truth("... mapped again at the same address",
		      map(range, RANGE_PAGES, PROT_READ | PROT_WRITE, MAP_FIXED) == range);
		sem_post(&remapped);
		pthread_join(t, &r);
	}
	truth("... the toucher gets SIGSEGV in its own handler", NUM(r) & 1);
	truth("... at an address in the range", NUM(r) & 2);
	truth("... every read of its own write saw it, until then", NUM(r) & 4);
	truth("... the new mapping reads zero in the toucher", NUM(r) & 8);
	munmap(range, RANGE_PAGES * PAGE);
}

static pthread_barrier_t start4;
static char *quarters;   /* 4 x 16 pages, a quarter for each thread */

/* 200 rounds of: mmap 1-8 pages (not fixed), check that they read zero, mark the first
 * and last word of each with the thread and round, yield now and then, check the marks,
 * munmap; then, once all four are there (no mmap elsewhere may land in the holes the
 * next ones leave), 200 of the same with MAP_FIXED at a place in its own quarter.
 * Returns the failures (calls failing, marks wrong, pages not zero when new). */
static void *mapper(void *arg)
{
	int i = NUM(arg), bad = 0;
	pthread_barrier_wait(&start4);
	for (int round = 0; round < 400; round++) {
		if (round == 200)
			pthread_barrier_wait(&start4);
		int n = 1 + round % 8, fixed = round >= 200, at = fixed ? (round * 5) % (17 - n) : 0;
		uint64_t mark = (uint64_t)i << 32 | (uint64_t)round;
		char *p = map(fixed ? quarters + (i * 16 + at) * PAGE : 0, (size_t)n,
		              PROT_READ | PROT_WRITE, fixed ? MAP_FIXED : 0);
		if (!p) {
			bad++;
			continue;
		}
		for (int k = 0; k < n; k++) {
			uint64_t *first = (uint64_t *)(p + k * PAGE), *last = first + PAGE / 8 - 1;
			bad += *first != 0 || *last != 0;
			*first = *last = mark;
		}
		if (round % 16 == 0)
			sched_yield();
		for (int k = 0; k < n; k++) {
			uint64_t *first = (uint64_t *)(p + k * PAGE), *last = first + PAGE / 8 - 1;
			bad += *first != mark || *last != mark;
		}
		bad += munmap(p, (size_t)n * PAGE) != 0;
	}
	return ARG(bad);
}

static void test_concurrent_maps(void)
{
	quarters = map(0, 64, PROT_NONE, 0);
	pthread_barrier_init(&start4, 0, 4);
	void *r[4] = {0};
	num_is("4 threads mapping and unmapping at once, not started", run(4, mapper, r), 0);
	pthread_barrier_destroy(&start4);
	num_is("... failures (400 rounds each, disjoint ranges)",
	       NUM(r[0]) + NUM(r[1]) + NUM(r[2]) + NUM(r[3]), 0);
	munmap(quarters, 64 * PAGE);
}

#define ARENA_PAGES 64
#define STRESS_THREADS 8
#define STRESS_OPS 12500   /* a thread's operations by default: 100,000 in all */
static int stress_ops = STRESS_OPS;   /* argv[1] if given (threads_mem.args) */
static char *arena;
static pthread_barrier_t stress_start;
static int stress_done[STRESS_THREADS];

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* stress_ops random operations, from a seed fixed by the thread's number, each one of:
 * a touch (a write to a random byte of the arena, which may fault), mmap MAP_FIXED of 1-8
 * pages at a random place in the arena, mmap of 1-8 pages elsewhere (written and
 * unmapped at once), mprotect of a random range to none, read or read-write, munmap of a
 * random range. Counts its operations in stress_done; returns the calls that failed
 * otherwise than the arena's state allows (mprotect: ENOMEM over a hole). */
static void *stresser(void *arg)
{
	int i = NUM(arg), bad = 0;
	uint64_t s = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
	static const int prots[] = {PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE};
	pthread_barrier_wait(&stress_start);
	for (int op = 0; op < stress_ops; op++) {
		uint64_t r = xorshift(&s);
		int at = (int)(r >> 8 & 63), n = 1 + (int)(r >> 16 & 7);
		if (at + n > ARENA_PAGES)
			n = ARENA_PAGES - at;
		char *p = arena + at * PAGE;
		switch (r % 10) {
		case 0: case 1: case 2:
			poke(p + (r >> 24) % PAGE, (char)r);
			break;
		case 3: case 4:
			bad += map(p, (size_t)n, PROT_READ | PROT_WRITE, MAP_FIXED) != p;
			break;
		case 5: {
			char *q = map(0, (size_t)n, PROT_READ | PROT_WRITE, 0);
			if (!q) {
				bad++;
				break;
			}
			for (int k = 0; k < n; k++)   /* it may be in a hole of the arena */
				poke(q + k * PAGE, 1);
			bad += munmap(q, (size_t)n * PAGE) != 0;
			break;
		}
		case 6: case 7:
			if (mprotect(p, (size_t)n * PAGE, prots[(r >> 32) % 3]) && errno != ENOMEM)
				bad++;
			break;
		default:
			bad += munmap(p, (size_t)n * PAGE) != 0;
		}
		stress_done[i]++;
	}
	return ARG(bad);
}

static void test_stress(void)
{
	arena = map(0, ARENA_PAGES, PROT_READ | PROT_WRITE, 0);
	if (!arena) {
		result("mmap of the arena", ename(errno), "0");
		return;
	}
	pthread_barrier_init(&stress_start, 0, STRESS_THREADS);
	void *r[STRESS_THREADS] = {0};
	num_is("stress: 8 threads, not started", run(STRESS_THREADS, stresser, r), 0);
	pthread_barrier_destroy(&stress_start);
	long done = 0, bad = 0;
	for (int i = 0; i < STRESS_THREADS; i++)
		done += stress_done[i], bad += NUM(r[i]);
	num_is("... operations done", done, STRESS_THREADS * stress_ops);
	num_is("... calls that failed", bad, 0);

	err_is("munmap of the whole arena", munmap(arena, ARENA_PAGES * PAGE), "0");
	truth("... mapped again in its place",
	      map(arena, ARENA_PAGES, PROT_READ | PROT_WRITE, MAP_FIXED) == arena);
	int nonzero = 0;
	for (int p = 0; p < ARENA_PAGES; p++) {
		int z = 1;
		for (int k = 0; k < PAGE; k++)
			z &= arena[p * PAGE + k] == 0;
		nonzero += !z;
	}
	num_is("... pages that do not read zero", nonzero, 0);
	munmap(arena, ARENA_PAGES * PAGE);

	char *pages[100];
	int failed_maps = 0;
	for (int i = 0; i < 100; i++) {
		pages[i] = map(0, 1, PROT_READ | PROT_WRITE, 0);
		if (pages[i])
			pages[i][0] = 1;
		else
			failed_maps++;
	}
	for (int i = 0; i < 100; i++)
		if (pages[i] && munmap(pages[i], PAGE))
			failed_maps++;
	num_is("100 pages mapped, touched and unmapped: failures", failed_maps, 0);
	char *big = map(0, 16384, PROT_READ | PROT_WRITE, 0);
	truth("... then a 64 MiB mapping", big != 0);
	if (big) {
		big[0] = 1;
		big[16384 * PAGE - 1] = 2;
		truth("... whose first and last bytes hold what was written",
		      big[0] == 1 && big[16384 * PAGE - 1] == 2);
		munmap(big, 16384 * PAGE);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && atoi(argv[1]) > 0)
		stress_ops = atoi(argv[1]);
	struct sigaction sa = {0};
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, 0);
	test_shared_pages();
	test_unmap_under_toucher();
	test_concurrent_maps();
	test_stress();
	return summary();
}
