/* threadcheck.h - what the thread tests of tests/linux share (threads.c,
 * threads_signals.c, threads_mem.c): a thread's argument as a pointer, starting and
 * joining a few threads, and a child's wait status with a bound on how long it may
 * linger. Included once, after diffcheck.h, from the test's one .c file. */
#ifndef TESTS_LINUX_THREADCHECK_H
#define TESTS_LINUX_THREADCHECK_H
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>

#define MAXT 8

/* The argument i of a thread as a pointer, and back. */
#define ARG(i) ((void *)(intptr_t)(i))
#define NUM(p) ((int)(intptr_t)(p))

/* Starts n (<= MAXT) threads running fn, the i-th with argument i, and joins them,
 * keeping what each returned in ret[i] (if ret is not null). Returns how many of the
 * pthread_create and pthread_join calls failed (a thread not created is not joined). */
static CHECK_UNUSED int run(int n, void *(*fn)(void *), void **ret)
{
	pthread_t t[MAXT];
	int made[MAXT], bad = 0;
	for (int i = 0; i < n; i++) {
		made[i] = pthread_create(&t[i], 0, fn, ARG(i)) == 0;
		bad += !made[i];
	}
	for (int i = 0; i < n; i++) {
		void *r = 0;
		if (made[i] && pthread_join(t[i], &r) != 0)
			bad++;
		if (ret)
			ret[i] = r;
	}
	return bad;
}

/* The wait status of child pid as "exit N" or "signal N", "no child" if pid is not one.
 * Looks every 10 ms for 10 s at most, then kills the child with SIGKILL: a process that
 * lingers does not hang the test. */
static CHECK_UNUSED const char *wait_text(pid_t pid)
{
	static char got[32];
	struct timespec tick = {0, 10000000};
	int st = 0, r = 0;
	for (int i = 0; pid > 0 && i < 1000 && (r = waitpid(pid, &st, WNOHANG)) == 0; i++)
		nanosleep(&tick, 0);
	if (r == 0 && pid > 0) {
		kill(pid, SIGKILL);
		r = waitpid(pid, &st, 0);
	}
	if (pid < 0 || r != pid)
		return "no child";
	if (WIFEXITED(st))
		snprintf(got, sizeof got, "exit %d", WEXITSTATUS(st));
	else
		snprintf(got, sizeof got, "signal %d", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
	return got;
}
#endif
