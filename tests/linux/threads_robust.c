/* threads_robust.c - robust mutexes for the differential test: a thread that ends
 * holding one leaves it EOWNERDEAD for the next locker (one that was already waiting is
 * woken), pthread_mutex_consistent makes it usable again, and without it the mutex is
 * ENOTRECOVERABLE; a process-shared robust mutex held by a child process that exits is
 * EOWNERDEAD for its parent. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diffcheck.h"
#include "threadcheck.h"

static pthread_mutex_t *m;

static const char *rname(int r)
{
	return r ? ename(r) : "0";
}

static void *lock_and_end(void *arg)
{
	(void)arg;
	pthread_mutex_lock(m);
	return 0;   /* holding it */
}

static void *lock_wait_end(void *arg)
{
	pthread_mutex_lock(m);
	struct timespec t = {0, 200000000};
	nanosleep(&t, 0);   /* the main thread waits in lock meanwhile */
	(void)arg;
	return 0;
}

/* A robust mutex in memory shared with children (pshared when shared). */
static pthread_mutex_t *robust(int shared)
{
	pthread_mutex_t *mu = mmap(0, sizeof *mu, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (shared)
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(mu, &a);
	return mu;
}

int main(void)
{
	pthread_t t;
	m = robust(0);
	pthread_create(&t, 0, lock_and_end, 0);
	pthread_join(t, 0);
	result("a thread ends holding a robust mutex: the next lock", rname(pthread_mutex_lock(m)), "EOWNERDEAD");
	result("... pthread_mutex_consistent", rname(pthread_mutex_consistent(m)), "0");
	result("... unlock", rname(pthread_mutex_unlock(m)), "0");
	result("... lock again", rname(pthread_mutex_lock(m)), "0");
	pthread_mutex_unlock(m);

	pthread_create(&t, 0, lock_wait_end, 0);
	struct timespec s = {0, 50000000};
	nanosleep(&s, 0);
	result("a thread waiting in lock when the owner ends: woken with",
	       rname(pthread_mutex_lock(m)), "EOWNERDEAD");
	pthread_join(t, 0);
	result("... unlocked without consistent", rname(pthread_mutex_unlock(m)), "0");
	result("... the next lock", rname(pthread_mutex_lock(m)), "ENOTRECOVERABLE");

	pthread_mutex_t *p = robust(1);
	pid_t c = fork();
	if (c == 0) {
		pthread_mutex_lock(p);
		_exit(0);
	}
	result("a child process exits holding a shared robust mutex", wait_text(c), "exit 0");
	result("... the parent's lock", rname(pthread_mutex_lock(p)), "EOWNERDEAD");
	result("... consistent, unlock", rname(pthread_mutex_consistent(p) ? -1 : pthread_mutex_unlock(p)), "0");
	return summary();
}
