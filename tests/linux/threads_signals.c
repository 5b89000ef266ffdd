/* threads_signals.c - signals in a process of several threads, for the differential
 * test: each thread's own mask (inherited at pthread_create, changed by one thread only
 * for itself); signals directed at one thread (pthread_kill, tgkill) run the handler in
 * that thread and are pending for it alone; a process-directed kill() is taken by the one
 * thread that does not block it, or, pending while all block it, by the first to unblock
 * it; sigaltstack per thread (not inherited, each handler on its own thread's stack); a
 * synchronous SIGSEGV in a thread handled in that thread (by siglongjmp, and by mprotect
 * and return); fatal signals in one thread ending the whole process; fork from a thread
 * other than the main one (the child's only thread is the one that forked, and it can
 * start threads of its own). The main thread prints what the threads found. */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diffcheck.h"
#include "threadcheck.h"


/* What the last handler run saw: its thread, signal and, for SIGSEGV, si_addr and
 * si_code; handled is posted after each run. In the thread it ran in: how many times it
 * ran there, whether on the thread's alternate stack (as the thread recorded it in alt_lo,
 * alt_hi) and whether sigaltstack said SS_ONSTACK. */
static volatile pid_t handled_tid;
static volatile int handled_sig, handled_code;
static void *volatile handled_addr;
static sem_t handled;
static __thread char *alt_lo, *alt_hi;
static __thread volatile int runs_here, on_own_alt, said_onstack;

/* For SIGSEGV: the page to make writable and return (segv_fix), else the thread's own
 * jump back (if it set one). */
static void *volatile segv_fix;
static __thread sigjmp_buf segv_jump;
static __thread int segv_jump_set;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	char here;
	stack_t ss;
	handled_tid = gettid();
	handled_sig = sig;
	handled_addr = si->si_addr;
	handled_code = si->si_code;
	runs_here++;
	on_own_alt = alt_lo && &here >= alt_lo && &here < alt_hi;
	said_onstack = sigaltstack(0, &ss) == 0 && (ss.ss_flags & SS_ONSTACK);
	sem_post(&handled);
	if (sig == SIGSEGV) {
		if (segv_fix)
			mprotect(segv_fix, 4096, PROT_READ | PROT_WRITE);
		else if (segv_jump_set)
			siglongjmp(segv_jump, 1);
	}
}

static void handle(int sig)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(sig, &sa, 0);
}

/* Blocks (SIG_BLOCK), unblocks (SIG_UNBLOCK) or sets (SIG_SETMASK) sig in the calling
 * thread's mask. */
static void mask(int how, int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	pthread_sigmask(how, &s, 0);
}

/* Whether sig is in the calling thread's mask. */
static int blocked(int sig)
{
	sigset_t s;
	pthread_sigmask(SIG_BLOCK, 0, &s);
	return sigismember(&s, sig);
}

/* Whether sig is pending for the calling thread (its own or the process's). */
static int pending(int sig)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, sig);
}

static void sem_take(sem_t *s)
{
	while (sem_wait(s) == -1 && errno == EINTR)
		;
}

/* Starts fn(arg) in a thread; *ok says whether that worked. */
static pthread_t start(void *(*fn)(void *), void *arg, int *ok)
{
	pthread_t t;
	*ok = pthread_create(&t, 0, fn, arg) == 0;
	return t;
}

static pthread_barrier_t two;

/* Reports 1 if it inherited SIGUSR2 blocked, blocks SIGUSR1, and after the main thread
 * changed its own mask reports 2 if its mask is still USR1 and USR2 blocked. */
static void *own_mask(void *arg)
{
	(void)arg;
	int r = blocked(SIGUSR2);
	mask(SIG_BLOCK, SIGUSR1);
	pthread_barrier_wait(&two);
	pthread_barrier_wait(&two);
	r |= (blocked(SIGUSR1) && blocked(SIGUSR2)) << 1;
	return ARG(r);
}

static void test_masks(void)
{
	pthread_barrier_init(&two, 0, 2);
	mask(SIG_BLOCK, SIGUSR2);
	int ok;
	pthread_t t = start(own_mask, 0, &ok);
	void *r = ARG(0);
	if (ok) {
		pthread_barrier_wait(&two);
		truth("a thread blocks SIGUSR1: not in the main thread's mask", !blocked(SIGUSR1));
		mask(SIG_UNBLOCK, SIGUSR2);
		pthread_barrier_wait(&two);
		pthread_join(t, &r);
	}
	truth("a new thread inherits its creator's mask (SIGUSR2)", NUM(r) & 1);
	truth("the main thread unblocks SIGUSR2: still in the thread's", NUM(r) & 2);
	pthread_barrier_destroy(&two);
}

static sem_t ready[3], go;
static pid_t target_tid[3];

/* Waits with SIGUSR1 and SIGUSR2 blocked but in ppoll (10 s at most), which unblocks
 * them, after posting ready[arg]. Returns 1 if ppoll ended by EINTR and the handler ran
 * in this thread, 2 if it ran in another, 3 if ppoll timed out. */
static void *target(void *arg)
{
	int i = NUM(arg);
	sigset_t none;
	sigemptyset(&none);
	mask(SIG_BLOCK, SIGUSR1);
	mask(SIG_BLOCK, SIGUSR2);
	target_tid[i] = gettid();
	sem_post(&ready[i]);
	struct timespec t = {10, 0};
	if (ppoll(0, 0, &t, &none) != -1)
		return ARG(3);
	return ARG(handled_tid == gettid() ? 1 : 2);
}

static int pending_sig;

/* Blocks pending_sig, posts ready[0], and once go is posted reports whether it is
 * pending (1), then unblocks it, which must run the handler here (2). */
static void *pending_target(void *arg)
{
	(void)arg;
	mask(SIG_BLOCK, pending_sig);
	target_tid[0] = gettid();
	sem_post(&ready[0]);
	sem_take(&go);
	int r = pending(pending_sig);
	mask(SIG_UNBLOCK, pending_sig);
	sem_take(&handled);
	return ARG(r | (handled_tid == gettid()) << 1);
}

static const char *const outcome[] = {"no thread", "same", "other thread", "timed out"};

static void test_directed(void)
{
	handle(SIGUSR1);
	handle(SIGUSR2);
	sem_init(&handled, 0, 0);
	sem_init(&go, 0, 0);
	pthread_t t[3];
	int ok[3];
	for (int i = 0; i < 3; i++) {
		sem_init(&ready[i], 0, 0);
		t[i] = start(target, ARG(i), &ok[i]);
	}
	static const char *const what[] = {
		"pthread_kill SIGUSR1 to the first of 3 waiting threads: the handler's thread",
		"tgkill SIGUSR1 to the second: the handler's thread",
		"pthread_kill SIGUSR2 to the third: the handler's thread",
	};
	for (int i = 0; i < 3; i++) {
		void *r = ARG(0);
		if (ok[i]) {
			sem_take(&ready[i]);
			if (i == 1)
				syscall(SYS_tgkill, getpid(), target_tid[i], SIGUSR1);
			else
				pthread_kill(t[i], i ? SIGUSR2 : SIGUSR1);
			pthread_join(t[i], &r);
		}
		result(what[i], outcome[NUM(r)], "same");
		while (sem_trywait(&handled) == 0)
			;
	}

	/* Both kinds: a real-time one (glibc's SIGCANCEL is one) is queued for the thread too. */
	const int sigs[] = {SIGUSR1, SIGRTMIN + 2};
	static const char *const names[] = {"SIGUSR1", "SIGRTMIN+2"};
	handle(SIGRTMIN + 2);
	for (int k = 0; k < 2; k++) {
		int made;
		char what[96];
		pending_sig = sigs[k];
		pthread_t p = start(pending_target, 0, &made);
		void *r = ARG(0);
		if (made) {
			sem_take(&ready[0]);
			pthread_kill(p, pending_sig);
			for (int i = 0; i < 3; i++)
				getppid();   /* system calls of the main thread, which does not block it */
			snprintf(what, sizeof what, "pthread_kill %s to a thread blocking it: not pending for the main thread",
			         names[k]);
			truth(what, !pending(pending_sig));
			sem_post(&go);
			pthread_join(p, &r);
		}
		truth("... pending for that thread", NUM(r) & 1);
		truth("... handled in that thread once it unblocks it", NUM(r) & 2);
	}
}

static sem_t check;

/* Thread 0 leaves SIGUSR1 unblocked and waits for the handler to post handled: 1 if it
 * ran in this thread. Threads 1 and 2 block SIGUSR1, wait for check, and report 1 if
 * nothing is pending for them then. Each posts ready[i] once its mask is set. */
static void *process_target(void *arg)
{
	int i = NUM(arg);
	if (i == 0) {
		mask(SIG_UNBLOCK, SIGUSR1);
		sem_post(&ready[i]);
		sem_take(&handled);
		return ARG(handled_tid == gettid());
	}
	mask(SIG_BLOCK, SIGUSR1);
	sem_post(&ready[i]);
	sem_take(&check);
	return ARG(!pending(SIGUSR1));
}

/* Reports 1 if SIGUSR2 is pending for it once go is posted, then unblocks it and reports
 * 2 if the handler then ran in this thread. */
static void *first_to_unblock(void *arg)
{
	(void)arg;
	sem_post(&ready[0]);
	sem_take(&go);
	int r = pending(SIGUSR2);
	mask(SIG_UNBLOCK, SIGUSR2);
	sem_take(&handled);
	return ARG(r | (handled_tid == gettid()) << 1);
}

static void test_process_directed(void)
{
	mask(SIG_BLOCK, SIGUSR1);
	sem_init(&check, 0, 0);
	pthread_t t[3];
	int ok[3], all = 1;
	for (int i = 0; i < 3; i++) {
		t[i] = start(process_target, ARG(i), &ok[i]);
		all &= ok[i];
	}
	void *r[3] = {0};
	if (all) {
		for (int i = 0; i < 3; i++)
			sem_take(&ready[i]);
		kill(getpid(), SIGUSR1);
		pthread_join(t[0], &r[0]);
		sem_post(&check);
		sem_post(&check);
		pthread_join(t[1], &r[1]);
		pthread_join(t[2], &r[2]);
	}
	truth("kill(getpid()) while all threads but one block it: handled in that one", NUM(r[0]));
	truth("... then pending for none of the others", NUM(r[1]) && NUM(r[2]));
	truth("... nor for the main thread", !pending(SIGUSR1));

	mask(SIG_BLOCK, SIGUSR2);
	int made;
	pthread_t f = start(first_to_unblock, 0, &made);
	void *fr = ARG(0);
	if (made) {
		sem_take(&ready[0]);
		kill(getpid(), SIGUSR2);
		truth("kill(getpid()) while every thread blocks it: pending for the main thread",
		      pending(SIGUSR2));
		sem_post(&go);
		pthread_join(f, &fr);
	}
	truth("... and for another thread", NUM(fr) & 1);
	truth("... handled in the thread that unblocks it", NUM(fr) & 2);
	truth("... then no longer pending for the main thread", !pending(SIGUSR2));
	mask(SIG_UNBLOCK, SIGUSR1);
	mask(SIG_UNBLOCK, SIGUSR2);
}

#define ALT_SIZE (64 * 1024)
static char alt_stacks[3][ALT_SIZE];

/* Sets alt_stacks[i] as the calling thread's alternate stack (and alt_lo, alt_hi). */
static int set_alt(int i)
{
	stack_t ss = {.ss_sp = alt_stacks[i], .ss_size = ALT_SIZE, .ss_flags = 0};
	alt_lo = alt_stacks[i];
	alt_hi = alt_stacks[i] + ALT_SIZE;
	return sigaltstack(&ss, 0);
}

/* raise(SIGUSR2) in the calling thread: 1 if the handler ran (once) in it on its own
 * alternate stack, with sigaltstack saying SS_ONSTACK; 2 if it ran in it but not so. */
static int raise_on_alt(void)
{
	int before = runs_here;
	raise(SIGUSR2);
	if (runs_here != before + 1)
		return 0;
	return on_own_alt && said_onstack ? 1 : 2;
}

/* Thread 0 and 1: report 1 if they start without an alternate stack; set their own, and
 * once both have, report 2 if a handler runs on it (the other's is set meanwhile).
 * Thread 2 sets none and reports 4 if its handler ran in it, not on any of alt_stacks. */
static void *alt_user(void *arg)
{
	int i = NUM(arg), r;
	stack_t ss;
	r = sigaltstack(0, &ss) == 0 && ss.ss_flags == SS_DISABLE;
	if (i == 2) {
		alt_lo = alt_stacks[0];   /* "on its own" is here "on any of them" */
		alt_hi = alt_stacks[0] + sizeof alt_stacks;
		return ARG(r | (raise_on_alt() == 2) << 2);
	}
	if (set_alt(i))
		r = 0;
	pthread_barrier_wait(&two);
	int a = raise_on_alt();
	pthread_barrier_wait(&two);
	return ARG(r | (a == 1) << 1);
}

static void test_altstack(void)
{
	handle(SIGUSR2);
	err_is("sigaltstack in the main thread", set_alt(2), "0");
	pthread_barrier_init(&two, 0, 2);
	pthread_t t[3];
	int ok[3];
	void *r[3] = {0};
	for (int i = 0; i < 3; i++)
		t[i] = start(alt_user, ARG(i), &ok[i]);
	for (int i = 0; i < 3; i++)
		if (ok[i])
			pthread_join(t[i], &r[i]);
	pthread_barrier_destroy(&two);
	truth("new threads start without an alternate stack", NUM(r[0]) & NUM(r[1]) & NUM(r[2]) & 1);
	truth("two threads with their own: each handler runs on its thread's",
	      (NUM(r[0]) & NUM(r[1])) & 2);
	truth("a thread without one: its handler on its own stack", NUM(r[2]) & 4);
	truth("the main thread's handler on the main thread's alternate stack",
	      raise_on_alt() == 1);
	stack_t off = {.ss_flags = SS_DISABLE};
	sigaltstack(&off, 0);
	alt_lo = alt_hi = 0;
}

static char *ro_page;

/* Writes to the read-only page: with segv_fix null, the handler jumps back here and it
 * returns 1 if the handler ran in this thread; else (the handler makes the page writable
 * and returns) it returns 1 if the write is then there. */
static void *faulter(void *arg)
{
	(void)arg;
	if (segv_fix) {
		*(volatile char *)ro_page = 2;
		return ARG(handled_tid == gettid() && ro_page[0] == 2);
	}
	segv_jump_set = 1;
	if (sigsetjmp(segv_jump, 1) == 0) {
		*(volatile char *)ro_page = 1;
		return ARG(0);
	}
	return ARG(handled_tid == gettid());
}

/* A child that starts fn in a thread and joins it, and exits with 3 if the join
 * returns: its wait status, by wait_text. */
static const char *child_with_thread(void *(*fn)(void *))
{
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t t;
		if (pthread_create(&t, 0, fn, 0))
			_exit(1);
		pthread_join(t, 0);
		_exit(3);
	}
	return wait_text(pid);
}

/* Writes to the read-only page with SIGSEGV at its default. */
static void *fatal_fault(void *arg)
{
	signal(SIGSEGV, SIG_DFL);
	*(volatile char *)ro_page = 3;
	return arg;
}

/* Sends itself SIGTERM (default action) by tgkill. */
static void *fatal_term(void *arg)
{
	signal(SIGTERM, SIG_DFL);
	syscall(SYS_tgkill, getpid(), gettid(), SIGTERM);
	return arg;
}

static void test_faults(void)
{
	handle(SIGSEGV);
	ro_page = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int made;
	void *r = ARG(0);
	pthread_t t = start(faulter, 0, &made);
	if (made)
		pthread_join(t, &r);
	truth("a write to a read-only page in a thread: SIGSEGV handled in that thread", NUM(r));
	truth("... si_addr the page, SEGV_ACCERR",
	      handled_addr == ro_page && handled_code == SEGV_ACCERR && handled_sig == SIGSEGV);
	segv_fix = ro_page;
	r = ARG(0);
	t = start(faulter, 0, &made);
	if (made)
		pthread_join(t, &r);
	truth("... a handler that makes it writable and returns: the write is done", NUM(r));
	mprotect(ro_page, 4096, PROT_READ);
	segv_fix = 0;
	result("a child's thread writes to a read-only page, SIGSEGV not handled",
	       child_with_thread(fatal_fault), "signal 11");
	result("a child's thread sends itself SIGTERM, not handled",
	       child_with_thread(fatal_term), "signal 15");
	munmap(ro_page, 4096);
}

static __thread int marker;

static void *returns_9(void *arg)
{
	(void)arg;
	return ARG(9);
}

/* Forks; the child exits with 0 if its getpid is its gettid, its parent is this process,
 * it kept the forking thread's __thread value, and it can start and join a thread (else
 * with the bits of what was wrong). Returns the child's wait status. */
static void *forker(void *arg)
{
	pid_t parent = getpid();
	marker = NUM(arg);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = (getpid() != gettid()) | (getppid() != parent) << 1 | (marker != NUM(arg)) << 2;
		pthread_t t;
		void *v = 0;
		if (pthread_create(&t, 0, returns_9, 0) || pthread_join(t, &v))
			bad |= 8;
		bad |= (NUM(v) != 9) << 4;
		exit(bad);
	}
	int st = -1;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		st = -1;
	return ARG(st);
}

static void test_fork(void)
{
	int made;
	void *r = ARG(-1);
	pthread_t t = start(forker, ARG(77), &made);
	if (made)
		pthread_join(t, &r);
	char got[32];
	int st = NUM(r);
	if (st == -1)
		snprintf(got, sizeof got, "no child");
	else if (WIFEXITED(st))
		snprintf(got, sizeof got, "exit %d", WEXITSTATUS(st));
	else
		snprintf(got, sizeof got, "status %#x", st);
	result("fork in a thread: the child is its one thread, starts another, exits", got,
	       "exit 0");
	truth("... the main thread's __thread value is its own", marker == 0);
}

/* ---- signals to a thread in sigsuspend while others keep the process's calls busy ---- */
#define CONTENDED_SIGNALS 200
static volatile int stop_busy;
static sem_t usr2_ran;

static void on_usr2(int sig)
{
	(void)sig;
	sem_post(&usr2_ran);
}

/* Makes system calls until stop_busy (SIGUSR2 blocked, as inherited). */
static void *busy(void *arg)
{
	(void)arg;
	while (!stop_busy)
		getppid();
	return 0;
}

/* Waits for SIGUSR2 in sigsuspend, over and over, until stop_busy. */
static void *suspender(void *arg)
{
	(void)arg;
	sigset_t none;
	sigemptyset(&none);
	while (!stop_busy)
		sigsuspend(&none);
	return 0;
}

/* Each SIGUSR2 sent to the suspending thread runs its handler soon (within 5 s), however
 * busy two other threads keep the process with calls of their own: a wake that reaches a
 * thread while it waits for its turn at the process's state is not lost. */
static void test_contended(void)
{
	struct sigaction sa = {.sa_handler = on_usr2};
	sigaction(SIGUSR2, &sa, 0);
	sem_init(&usr2_ran, 0, 0);
	mask(SIG_BLOCK, SIGUSR2);
	int made[3], delivered = 0;
	pthread_t b0 = start(busy, 0, &made[0]), b1 = start(busy, 0, &made[1]);
	pthread_t s = start(suspender, 0, &made[2]);
	for (int i = 0; i < CONTENDED_SIGNALS && made[2]; i++) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 5;
		pthread_kill(s, SIGUSR2);
		int r;
		while ((r = sem_timedwait(&usr2_ran, &until)) == -1 && errno == EINTR)
			;
		if (r != 0)
			break;
		delivered++;
	}
	stop_busy = 1;
	if (made[2]) {
		pthread_kill(s, SIGUSR2);   /* (out of its last sigsuspend) */
		pthread_join(s, 0);
	}
	if (made[0])
		pthread_join(b0, 0);
	if (made[1])
		pthread_join(b1, 0);
	mask(SIG_UNBLOCK, SIGUSR2);
	num_is("SIGUSR2s handled in a sigsuspend while two threads make calls", delivered,
	       CONTENDED_SIGNALS);
}

int main(void)
{
	test_masks();
	test_directed();
	test_process_directed();
	test_altstack();
	test_faults();
	test_fork();
	test_contended();
	return summary();
}
