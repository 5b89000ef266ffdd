/* smp.c - several harts, as a program sees them: how many CPUs (sysconf, the affinity
 * mask), a thread pinned to each CPU runs there (sched_getcpu), atomics (AMOs and LR/SC
 * loops) from threads on every CPU are exact, and the TLB: a thread on one CPU touches a
 * page in a loop while a thread on another unmaps it (or makes it read-only); once
 * munmap (mprotect) has returned, the toucher's very next access faults, every round. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096
#define ATOMIC_ROUNDS 100000
#define TLB_ROUNDS 300

static int ncpus;

static void pin(int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof s, &s);
}

static void counts(void)
{
	cpu_set_t s;
	ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	printf("ok - CPUs online: %d, configured: %ld\n", ncpus, sysconf(_SC_NPROCESSORS_CONF));
	int got = sched_getaffinity(0, sizeof s, &s);
	printf("ok - the affinity mask has %d CPUs (%d)\n", CPU_COUNT(&s), got);
	CPU_ZERO(&s);
	CPU_SET(ncpus + 3, &s);
	printf("ok - a mask of CPUs that do not run: %s\n",
	       sched_setaffinity(0, sizeof s, &s) < 0 ? strerror(errno) : "accepted");
	int wrong = 0;
	for (int c = 0; c < ncpus; c++) {
		pin(c);
		for (int i = 0; i < 50; i++)
			wrong += sched_getcpu() != c;
	}
	printf("ok - pinned to each CPU in turn, sched_getcpu() said another: %d times\n", wrong);
	CPU_ZERO(&s);
	for (int c = 0; c < ncpus; c++)
		CPU_SET(c, &s);
	sched_setaffinity(0, sizeof s, &s);
}

static atomic_long amo_count;
static long lrsc_count;

static void *adder(void *arg)
{
	pin((int)(long)arg % ncpus);
	for (int i = 0; i < ATOMIC_ROUNDS; i++) {
		atomic_fetch_add(&amo_count, 1);
		long old = __atomic_load_n(&lrsc_count, __ATOMIC_RELAXED);
		while (!__atomic_compare_exchange_n(&lrsc_count, &old, old + 1, 1, __ATOMIC_SEQ_CST,
		                                    __ATOMIC_RELAXED))
			;
	}
	return 0;
}

static void atomics(void)
{
	pthread_t t[4];
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], 0, adder, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], 0);
	printf("ok - 4 threads, %d increments each: amoadd %ld, lr/sc %ld\n", ATOMIC_ROUNDS,
	       (long)amo_count, lrsc_count);
}

/* The TLB rounds. Round r: the main thread maps `page` (writable), sets `round` to r; the
 * toucher (on another CPU) writes to it in a loop; the main thread takes the page away
 * (munmap, or mprotect to read-only), then sets `gone` to r. A write that the toucher
 * starts after it saw gone == r and that does not fault is a stale translation. */
static char *volatile page;
static atomic_int round_no, gone, faulted;
static int stale;
static sigjmp_buf jb;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(jb, 1);
}

static void *toucher(void *arg)
{
	(void)arg;
	pin(1 % ncpus);
	int r = 0;
	while (r < TLB_ROUNDS) {
		while (atomic_load(&round_no) <= r)
			;
		r = atomic_load(&round_no);
		if (sigsetjmp(jb, 1) == 0) {
			for (;;) {
				int g = atomic_load(&gone);
				page[64] = (char)r;   /* faults once the page is gone */
				if (g == r) {
					stale++;
					break;
				}
			}
		}
		atomic_store(&faulted, r);
	}
	return 0;
}

static void tlb(int use_mprotect)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_segv;
	sigaction(SIGSEGV, &sa, 0);
	atomic_store(&round_no, 0), atomic_store(&gone, 0), atomic_store(&faulted, 0);
	stale = 0;
	pin(0);
	pthread_t t;
	pthread_create(&t, 0, toucher, 0);
	for (int r = 1; r <= TLB_ROUNDS; r++) {
		char *p = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		p[0] = 1;
		page = p;
		atomic_store(&round_no, r);
		for (volatile int spin = 0; spin < 2000; spin++)
			;   /* let it write a while */
		if (use_mprotect)
			mprotect(p, PAGE, PROT_READ);
		else
			munmap(p, PAGE);
		atomic_store(&gone, r);
		while (atomic_load(&faulted) < r)
			;
		if (use_mprotect)
			munmap(p, PAGE);
	}
	pthread_join(t, 0);
	pin(0);
	printf("ok - %s of a page another CPU writes, %d rounds: writes after it returned that did "
	       "not fault: %d\n", use_mprotect ? "mprotect to read-only" : "munmap", TLB_ROUNDS, stale);
}

int main(void)
{
	counts();
	atomics();
	if (ncpus > 1) {
		tlb(0);
		tlb(1);
	}
	return 0;
}
