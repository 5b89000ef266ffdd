/* smp.c - the "Linux ..." rows at SMP_HARTS harts: threads pinned to harts by
 * sched_setaffinity, a pipe round trip across harts, the TLB shootdown of a munmap, and
 * first-write faults by 1, 2 and 4 harts at once. A Linux program of its own (static glibc,
 * scripts/bench.mk's ops-smp-linux) rather than a mode of ops.c, so that ops.c's Linux
 * build, which the 1-hart rows start again (vfork + execve, the shell loop), stays as it
 * is. scripts/bench.sh boots it at -smp 4: as Linux's /init, where it also prints the
 * native row SMP_IPC_ROW as "-"; and on our system as /bin/ops-smp under our init with
 * argv[1] = LINUX_ROWS_ARG (these rows only, through the personality). On both it powers
 * the machine off at the end.
 *
 * Under -icount QEMU runs the harts round robin on one host thread, and rdinstret reads
 * one clock for all of them: a measured interval counts every hart's instructions. So
 * before each, settle() lets the threads just woken reach their next wait, and the rows
 * say "all harts together". */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include "bench.h"
#include "smp.h"

#define PIPE_ROUNDS  256   /* timed round trips of the pipe row */
#define SHOOT_ROUNDS 64    /* timed munmaps of the shootdown row */
#define FAULT_PAGES  256   /* pages each thread writes first in the fault rows */

static const char *const smp_rows[] = {
	"Linux pipe round trip of one byte between two threads on harts 0 and 1",
	"Linux munmap of a page written by threads on 4 harts (TLB shootdown)",
	"Linux page faults, first writes, 1 thread on 1 hart (per fault, all harts)",
	"Linux page faults, first writes, 2 threads on 2 harts (per fault, all harts)",
	"Linux page faults, first writes, 4 threads on 4 harts (per fault, all harts)",
};

/* A row: the average of n operations that took total instructions, or "failed". */
static void report(const char *what, uint64_t total, unsigned n)
{
	if (total == FAILED)
		printf("bench: %-76s failed\n", what);
	else
		printf("bench: %-76s %lu\n", what, (unsigned long)(total / n));
}

/* Pin the calling thread to hart h; 0 once it runs there (getcpu says so). */
static int pin(int h)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(h, &set);
	return sched_setaffinity(0, sizeof set, &set) || sched_getcpu() != h;
}

/* Sleep 1 ms, untimed: the threads just woken on other harts reach their next wait meanwhile
 * and their harts go idle, so that nothing but the measured operation runs in the interval
 * that follows (an idle hart adds nothing to the clock; QEMU's sleep=off skips the idle
 * time itself). */
static void settle(void)
{
	struct timespec ts = {0, 1000000};
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void *thread_status(int bad) { return bad ? (void *)1 : NULL; }

/* ---- a pipe round trip across harts ---- */
static int ping[2], pong[2];

/* On hart 1: send back every byte until the pipe is closed. */
static void *pipe_echo(void *arg)
{
	(void)arg;
	int bad = pin(1);
	char c;
	while (read(ping[0], &c, 1) == 1)
		bad |= write(pong[1], &c, 1) != 1;
	return thread_status(bad);
}

/* PIPE_ROUNDS round trips of a byte from this thread (hart 0) to pipe_echo (hart 1) and
 * back, after one untimed. */
static uint64_t op_pipe_harts(void)
{
	pthread_t echo;
	void *r = 0;
	if (pipe(ping) || pipe(pong) || pthread_create(&echo, 0, pipe_echo, 0))
		return FAILED;
	char c = 'x';
	int bad = write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1;
	settle();
	uint64_t t0 = instret();
	for (int i = 0; i < PIPE_ROUNDS && !bad; i++)
		bad |= write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1 || c != 'x';
	uint64_t t = instret() - t0;
	close(ping[1]);
	bad |= pthread_join(echo, &r) || r;
	close(ping[0]), close(pong[0]), close(pong[1]);
	return bad ? FAILED : t;
}

/* ---- the shootdown ---- */
static struct {
	volatile char *page;
	sem_t go[SMP_HARTS], done;
	int stop;
} shoot;

/* On hart h (1 .. SMP_HARTS - 1): at each go, write byte 64 h of the page and read byte 0
 * (its TLB then holds the page), say done, wait for the next go. */
static void *shoot_touch(void *arg)
{
	int h = (int)(intptr_t)arg, bad = pin(h);
	while (sem_wait(&shoot.go[h]) == 0 && !shoot.stop) {
		shoot.page[64 * h] = (char)h;
		bad |= shoot.page[0] != 1;
		sem_post(&shoot.done);
	}
	return thread_status(bad);
}

/* SHOOT_ROUNDS + 1 rounds (the first untimed): this thread (hart 0) maps a page and writes
 * it, the threads on the other harts write it too and wait, and after settle() the munmap
 * alone is timed: it must take the page out of every hart's TLB before it returns. */
static uint64_t op_shootdown(void)
{
	pthread_t t[SMP_HARTS];
	int bad = sem_init(&shoot.done, 0, 0), started = 1;
	uint64_t total = 0;
	shoot.stop = 0;
	for (int h = 1; h < SMP_HARTS && !bad; h++) {
		bad |= sem_init(&shoot.go[h], 0, 0) || pthread_create(&t[h], 0, shoot_touch, (void *)(intptr_t)h);
		started += !bad;
	}
	for (int r = 0; r <= SHOOT_ROUNDS && !bad; r++) {
		char *p = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			bad = 1;
			break;
		}
		p[0] = 1;
		shoot.page = p;
		for (int h = 1; h < SMP_HARTS; h++)
			sem_post(&shoot.go[h]);
		for (int h = 1; h < SMP_HARTS; h++)
			bad |= sem_wait(&shoot.done);
		for (int h = 1; h < SMP_HARTS; h++)
			bad |= p[64 * h] != h;
		settle();
		uint64_t t0 = instret();
		bad |= munmap(p, PAGE);
		uint64_t dt = instret() - t0;
		total += r ? dt : 0;
	}
	shoot.stop = 1;
	for (int h = 1; h < started; h++) {
		void *r = 0;
		sem_post(&shoot.go[h]);
		bad |= pthread_join(t[h], &r) || r;
	}
	return bad ? FAILED : total;
}

/* ---- first writes by several harts at once ---- */
static struct {
	char *m[SMP_HARTS];
	pthread_barrier_t go, end;
} flt;

/* On hart h: wait at go, write first to each of its FAULT_PAGES pages, wait at end. */
static void *fault_writer(void *arg)
{
	int h = (int)(intptr_t)arg, bad = pin(h);
	pthread_barrier_wait(&flt.go);
	for (int i = 0; i < FAULT_PAGES; i++)
		flt.m[h][i * PAGE] = 1;
	pthread_barrier_wait(&flt.end);
	return thread_status(bad);
}

/* n threads on harts 0 .. n - 1, each with a fresh mapping of FAULT_PAGES pages of its own
 * (made here, unmapped after), released together: the instructions of all harts from this
 * thread's release at the go barrier to its return from the end barrier. */
static uint64_t fault_run(int n)
{
	pthread_t t[SMP_HARTS];
	int bad = pthread_barrier_init(&flt.go, 0, n + 1) || pthread_barrier_init(&flt.end, 0, n + 1);
	for (int h = 0; h < n && !bad; h++) {
		flt.m[h] = mmap(0, FAULT_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		bad |= flt.m[h] == MAP_FAILED;
	}
	for (int h = 0; h < n && !bad; h++)
		bad |= pthread_create(&t[h], 0, fault_writer, (void *)(intptr_t)h) != 0;
	if (bad)
		return FAILED;   /* (the threads started wait at go for good) */
	settle();
	uint64_t t0 = instret();
	pthread_barrier_wait(&flt.go);
	pthread_barrier_wait(&flt.end);
	uint64_t dt = instret() - t0;
	for (int h = 0; h < n; h++) {
		void *r = 0;
		bad |= pthread_join(t[h], &r) || r;
		for (int i = 0; i < FAULT_PAGES; i++)
			bad |= flt.m[h][i * PAGE] != 1;
		bad |= munmap(flt.m[h], FAULT_PAGES * PAGE) != 0;
	}
	bad |= pthread_barrier_destroy(&flt.go) || pthread_barrier_destroy(&flt.end);
	return bad ? FAILED : dt;
}

/* fault_run(n) twice, the first untimed: the instructions of the second. */
static uint64_t op_faults(int n) { return fault_run(n) == FAILED ? FAILED : fault_run(n); }

static void notes(void)
{
	printf("bench-note: - Rows at 4 harts (a boot of each system at QEMU -smp 4): under -icount QEMU runs the harts\n"
	       "bench-note:   round robin on one host thread and rdinstret reads one clock, the sum of every hart's\n"
	       "bench-note:   instructions (an idle hart adds none): each row is the work of all harts together, not\n"
	       "bench-note:   time; work done on two harts at once counts as much as done one after the other. Threads\n"
	       "bench-note:   are pinned (ours: SYS_THREAD_AFFINITY, which the personality serves as sched_setaffinity);\n"
	       "bench-note:   before each timed interval, a 1 ms sleep lets the other harts' threads reach their waits.\n"
	       "bench-note:   IPC across harts: the same-address-space echo thread on hart 1, called from hart 0.\n"
	       "bench-note:   Pipe across harts: a byte to a thread on hart 1 and back, 2 pipes (average of %d).\n"
	       "bench-note:   Shootdown: a page written by threads on harts 0-3 (those on 1-3 then wait on a\n"
	       "bench-note:   semaphore), then unmapped from hart 0: the munmap alone, which returns only once no\n"
	       "bench-note:   hart's TLB holds the page (average of %d). Linux asks OpenSBI for a remote fence (SBI\n"
	       "bench-note:   RFENCE), whose sender spins until each other hart has answered; under -icount those\n"
	       "bench-note:   harts run only when QEMU's round robin ends the sender's turn, so Linux's figure is\n"
	       "bench-note:   nearly all that spinning (tens of millions), not the work of a shootdown. Ours sends\n"
	       "bench-note:   its own IPIs and waits for the answers in wfi, which ends its turn at once.\n"
	       "bench-note:   First writes at 1, 2, 4 harts (will-it-scale page_fault1, threads): a thread per hart,\n"
	       "bench-note:   each writing first to %d fresh pages of its own mapping, released together at a barrier;\n"
	       "bench-note:   all harts' instructions from the release to the end barrier, per fault. Perfect scaling\n"
	       "bench-note:   keeps the figure flat as harts are added; what it grows by is work and lock spinning\n"
	       "bench-note:   (a lock holder's hart descheduled by QEMU's round robin makes the others spin), not\n"
	       "bench-note:   the parallel speed-up, which -icount cannot show.\n",
	       PIPE_ROUNDS, SHOOT_ROUNDS, FAULT_PAGES);
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], LINUX_ROWS_ARG) != 0)   /* (Linux's /init) */
		printf("bench: %-76s -\n", SMP_IPC_ROW);
	if (pin(0)) {
		for (unsigned i = 0; i < sizeof smp_rows / sizeof smp_rows[0]; i++)
			printf("bench: %-76s failed\n", smp_rows[i]);
	} else {
		report(smp_rows[0], op_pipe_harts(), PIPE_ROUNDS);
		report(smp_rows[1], op_shootdown(), SHOOT_ROUNDS);
		for (int n = 1, i = 2; n <= SMP_HARTS; n *= 2, i++)
			report(smp_rows[i], op_faults(n), (unsigned)n * FAULT_PAGES);
	}
	notes();
	fflush(stdout);
	reboot(RB_POWER_OFF);   /* Linux's /init must not return */
	perror("bench: reboot");
	return 1;
}
