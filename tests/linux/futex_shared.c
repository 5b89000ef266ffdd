/* futex_shared.c - futexes without FUTEX_PRIVATE_FLAG between processes, for the
 * differential test: a process-shared semaphore, mutex with condition variable and
 * barrier in MAP_SHARED memory, used by a parent and its children; raw FUTEX_WAKE
 * counting the waiters of other processes it woke, on shared anonymous memory and on two
 * mappings of one file at different addresses; a wake of a private mapping's address
 * reaching nobody in another process (its key is the process's); FUTEX_CMP_REQUEUE moving
 * a waiter of another process; a timeout when nobody wakes; the errors (EFAULT, EINVAL). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diffcheck.h"
#include "threadcheck.h"

struct shared {
	sem_t sem;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_barrier_t barrier;
	int flag, ready;
	uint32_t word, word2;
};
static struct shared *sh;

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000};
	nanosleep(&t, 0);
}

static long futex(void *addr, int op, uint32_t val, const struct timespec *t, void *addr2, uint32_t val3)
{
	return syscall(SYS_futex, addr, op, val, t, addr2, val3);
}

/* Waits until n children said they are about to wait (sh->ready), then a little more so
 * that they do. */
static void wait_ready(int n)
{
	for (int i = 0; i < 1000 && __atomic_load_n(&sh->ready, __ATOMIC_ACQUIRE) < n; i++)
		sleep_ms(5);
	sleep_ms(100);
}

/* A child that says it is ready, then FUTEX_WAITs (shared) on addr while it holds val,
 * 10 s at most: exits 0 if woken, 1 on a timeout, 2 on another error. */
static pid_t waiter(uint32_t *addr, uint32_t val)
{
	pid_t c = fork();
	if (c == 0) {
		struct timespec t = {10, 0};
		__atomic_add_fetch(&sh->ready, 1, __ATOMIC_RELEASE);
		long r = futex(addr, FUTEX_WAIT, val, &t, 0, 0);
		_exit(r == 0 ? 0 : errno == ETIMEDOUT ? 1 : 2);
	}
	return c;
}

static void objects(void)
{
	sem_init(&sh->sem, 1, 0);
	pid_t c = fork();
	if (c == 0) {
		sem_wait(&sh->sem);
		_exit(sh->flag == 1 ? 0 : 3);
	}
	sleep_ms(100);
	sh->flag = 1;
	sem_post(&sh->sem);
	result("a process-shared semaphore: the child waits for the parent's post", wait_text(c), "exit 0");

	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->lock, &ma);
	pthread_cond_init(&sh->cond, &ca);
	sh->flag = 0;
	c = fork();
	if (c == 0) {
		pthread_mutex_lock(&sh->lock);
		while (sh->flag != 2)
			pthread_cond_wait(&sh->cond, &sh->lock);
		pthread_mutex_unlock(&sh->lock);
		_exit(0);
	}
	sleep_ms(100);
	pthread_mutex_lock(&sh->lock);
	sh->flag = 2;
	pthread_cond_signal(&sh->cond);
	pthread_mutex_unlock(&sh->lock);
	result("a process-shared mutex and condition variable: the child wakes", wait_text(c), "exit 0");

	pthread_barrierattr_t ba;
	pthread_barrierattr_init(&ba);
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&sh->barrier, &ba, 3);
	pid_t k[2];
	for (int i = 0; i < 2; i++)
		if ((k[i] = fork()) == 0) {
			pthread_barrier_wait(&sh->barrier);
			_exit(0);
		}
	pthread_barrier_wait(&sh->barrier);
	const char *a = wait_text(k[0]);
	result("a process-shared barrier of 3 processes: all pass it", a, "exit 0");
	result("... the other", wait_text(k[1]), "exit 0");
}

static void raw(void)
{
	sh->word = 7, sh->ready = 0;
	pid_t c[2] = {waiter(&sh->word, 7), waiter(&sh->word, 7)};
	wait_ready(2);
	num_is("FUTEX_WAKE of 2 waiters in 2 other processes", futex(&sh->word, FUTEX_WAKE, 5, 0, 0, 0), 2);
	result("... the first ends woken", wait_text(c[0]), "exit 0");
	result("... the second", wait_text(c[1]), "exit 0");

	struct timespec t = {0, 50000000};
	err_is("FUTEX_WAIT with nobody to wake it: a timeout", futex(&sh->word, FUTEX_WAIT, 7, &t, 0, 0),
	       "ETIMEDOUT");
	err_is("FUTEX_WAIT when the word differs", futex(&sh->word, FUTEX_WAIT, 8, &t, 0, 0), "EAGAIN");
	err_is("FUTEX_WAIT on an unmapped word", futex((void *)4096, FUTEX_WAIT, 0, &t, 0, 0), "EFAULT");
	err_is("FUTEX_WAKE of a misaligned word", futex((char *)&sh->word + 1, FUTEX_WAKE, 1, 0, 0, 0), "EINVAL");
	err_is("FUTEX_WAIT_BITSET with bitset 0", futex(&sh->word, FUTEX_WAIT_BITSET, 7, 0, 0, 0), "EINVAL");
	err_is("FUTEX_CMP_REQUEUE to an unmapped word",
	       futex(&sh->word, FUTEX_CMP_REQUEUE, 1, (void *)1, (void *)4096, 7), "EFAULT");

	static uint32_t private_word = 3;   /* private: each process has its own */
	sh->ready = 0;
	pid_t p = waiter(&private_word, 3);
	wait_ready(1);
	num_is("FUTEX_WAKE at a private mapping's address: none of another process woken",
	       futex(&private_word, FUTEX_WAKE, 1, 0, 0, 0), 0);
	result("... its waiter times out", (kill(p, SIGKILL), wait_text(p)), "signal 9");

	int fd = open("/etc/motd", O_RDONLY);
	uint32_t *f1 = mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0);
	uint32_t *f2 = mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0);
	truth("two shared mappings of /etc/motd at different addresses",
	      f1 != MAP_FAILED && f2 != MAP_FAILED && f1 != f2);
	if (f1 != MAP_FAILED && f2 != MAP_FAILED) {
		sh->ready = 0;
		p = waiter(f1, f1[0]);
		wait_ready(1);
		num_is("... FUTEX_WAKE through the other mapping wakes the child waiting through the first",
		       futex(f2, FUTEX_WAKE, 1, 0, 0, 0), 1);
		result("... which ends woken", wait_text(p), "exit 0");
	}

	sh->word = 1, sh->word2 = 2, sh->ready = 0;
	pid_t q[2] = {waiter(&sh->word, 1), waiter(&sh->word, 1)};
	wait_ready(2);
	err_is("FUTEX_CMP_REQUEUE when the word differs",
	       futex(&sh->word, FUTEX_CMP_REQUEUE, 1, (void *)1, &sh->word2, 9), "EAGAIN");
	num_is("FUTEX_CMP_REQUEUE: 1 woken, 1 moved",
	       futex(&sh->word, FUTEX_CMP_REQUEUE, 1, (void *)1, &sh->word2, 1), 2);
	num_is("... FUTEX_WAKE of the first word: nobody left", futex(&sh->word, FUTEX_WAKE, 1, 0, 0, 0), 0);
	num_is("... of the second: the moved one", futex(&sh->word2, FUTEX_WAKE, 1, 0, 0, 0), 1);
	result("... both end woken", wait_text(q[0]), "exit 0");
	result("... the other", wait_text(q[1]), "exit 0");
}

int main(void)
{
	sh = mmap(0, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	objects();
	raw();
	return summary();
}
