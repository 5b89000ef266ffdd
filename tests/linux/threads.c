/* threads.c - glibc's pthreads working unchanged, for the differential test: create and
 * join (the values returned and given to pthread_exit), detached threads running to their
 * end, cancellation with its cleanup handler, gettid per thread and one getpid; mutexes
 * (normal, recursive with its count, error-checking: EDEADLK, EPERM; trylock's EBUSY,
 * timedlock's ETIMEDOUT) and a contended one keeping an exact count; condition variables
 * (a producer/consumer queue, a broadcast waking every waiter, timed waits ending with
 * ETIMEDOUT on CLOCK_REALTIME and CLOCK_MONOTONIC, not before their deadline); semaphores'
 * timed wait; rwlocks (two readers at once, a writer excluding readers and writers);
 * pthread_once, keys with destructors, barriers, __thread variables and errno per thread;
 * exit_group (exit in any thread ends the whole process, blocked threads too) and the
 * exit system call, which ends only its thread (the rest go on, and pthread_join sees it
 * end); 30 threads at once making calls and waiting on one condition variable (every
 * thread of a full process has what its waits need). Every thread's findings are printed
 * by the main thread, in a fixed order. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diffcheck.h"
#include "threadcheck.h"

/* The name of a pthread function's result: "0" or the errno name it returns. */
static const char *rname(int r)
{
	return r ? ename(r) : "0";
}

/* An absolute time ms milliseconds from now on clock c. */
static struct timespec deadline(clockid_t c, long ms)
{
	struct timespec t;
	clock_gettime(c, &t);
	t.tv_nsec += ms % 1000 * 1000000;
	t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000;
	t.tv_nsec %= 1000000000;
	return t;
}

/* Whether clock c has reached the absolute time t. */
static int reached(clockid_t c, struct timespec t)
{
	struct timespec now;
	clock_gettime(c, &now);
	return now.tv_sec > t.tv_sec || (now.tv_sec == t.tv_sec && now.tv_nsec >= t.tv_nsec);
}

/* sem_wait, again when a signal cuts it short. */
static void sem_take(sem_t *s)
{
	while (sem_wait(s) == -1 && errno == EINTR)
		;
}

static void *twice_plus_one(void *arg)
{
	return ARG(NUM(arg) * 2 + 1);
}

static _Noreturn void leave(int v)
{
	pthread_exit(ARG(v));
}

/* Ends by pthread_exit from a function it calls, with 42. */
static void *exits_early(void *arg)
{
	(void)arg;
	leave(42);
}

static sem_t done;
static volatile long detached_sum[2];

/* Sums 0..9999 into detached_sum[arg], then posts done: its last act. */
static void *detached(void *arg)
{
	long s = 0;
	for (int i = 0; i < 10000; i++)
		s += i;
	detached_sum[NUM(arg)] = s;
	sem_post(&done);
	return 0;
}

static volatile int cleaned;
static void cleanup(void *arg) { cleaned = NUM(arg); }

/* Waits in pause() (a cancellation point) until cancelled, its cleanup handler pushed. */
static void *cancellable(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, ARG(5));
	sem_post(&done);
	for (;;)
		pause();
	pthread_cleanup_pop(0);
}

static void test_create_join(void)
{
	void *ret[4];
	num_is("create and join 4 threads, failures", run(4, twice_plus_one, ret), 0);
	char got[32];
	snprintf(got, sizeof got, "%d %d %d %d", NUM(ret[0]), NUM(ret[1]), NUM(ret[2]), NUM(ret[3]));
	result("... the values they returned", got, "1 3 5 7");
	num_is("pthread_exit(42) from a function the thread calls", run(1, exits_early, ret), 0);
	num_is("... the value join gives", NUM(ret[0]), 42);

	sem_init(&done, 0, 0);
	pthread_t t;
	int r = pthread_create(&t, 0, detached, ARG(0));
	result("pthread_create, then pthread_detach", rname(r ? r : pthread_detach(t)), "0");
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	result("pthread_create PTHREAD_CREATE_DETACHED", rname(pthread_create(&t, &attr, detached,
	       ARG(1))), "0");
	pthread_attr_destroy(&attr);
	sem_take(&done);
	sem_take(&done);
	truth("both detached threads ran to their end",
	      detached_sum[0] == 49995000 && detached_sum[1] == 49995000);

	r = pthread_create(&t, 0, cancellable, 0);
	sem_take(&done);
	result("pthread_cancel of a thread in pause()", rname(r ? r : pthread_cancel(t)), "0");
	void *v = 0;
	result("... join", rname(r ? r : pthread_join(t, &v)), "0");
	truth("... gives PTHREAD_CANCELED", v == PTHREAD_CANCELED);
	num_is("... its cleanup handler ran", cleaned, 5);
}

static pthread_barrier_t ids_barrier;
static pid_t tids[MAXT], pids[MAXT];
static pthread_t selves[MAXT];

/* Records its ids at a barrier, so that all are alive at once. */
static void *ids(void *arg)
{
	int i = NUM(arg);
	tids[i] = gettid();
	pids[i] = getpid();
	selves[i] = pthread_self();
	pthread_barrier_wait(&ids_barrier);
	return 0;
}

static void test_ids(void)
{
	pthread_barrier_init(&ids_barrier, 0, 4);
	num_is("4 threads alive at once, failures", run(4, ids, 0), 0);
	pthread_barrier_destroy(&ids_barrier);
	int distinct = 1, same_pid = 1, self_distinct = 1;
	for (int i = 0; i < 4; i++) {
		distinct &= tids[i] > 0 && tids[i] != getpid();
		same_pid &= pids[i] == getpid();
		self_distinct &= !pthread_equal(selves[i], pthread_self());
		for (int j = 0; j < i; j++) {
			distinct &= tids[i] != tids[j];
			self_distinct &= !pthread_equal(selves[i], selves[j]);
		}
	}
	truth("the main thread's gettid is its getpid", gettid() == getpid());
	truth("each thread's gettid differs from the others' and the main one's", distinct);
	truth("each thread's getpid is the main thread's", same_pid);
	truth("pthread_self differs per thread", self_distinct);
}

static pthread_mutex_t *other_mutex;
static int other_op;   /* 0: trylock (and unlock if that locked it), 1: unlock */

/* What another thread gets from trylock (or unlock, by other_op) on *other_mutex. */
static void *other_thread(void *arg)
{
	(void)arg;
	int r = other_op ? pthread_mutex_unlock(other_mutex) : pthread_mutex_trylock(other_mutex);
	if (!other_op && r == 0)
		pthread_mutex_unlock(other_mutex);
	return ARG(r);
}

/* The result of other_thread on m, doing op, as a name. */
static const char *from_other(pthread_mutex_t *m, int op)
{
	void *r;
	other_mutex = m;
	other_op = op;
	return run(1, other_thread, &r) ? "no thread" : rname(NUM(r));
}

/* A mutex of the given type, initialized. */
static void make_mutex(pthread_mutex_t *m, int type)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, type);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
}

static pthread_mutex_t held;

/* pthread_mutex_timedlock of held, which the main thread holds: 20 ms. */
static void *timed_locker(void *arg)
{
	(void)arg;
	struct timespec t = deadline(CLOCK_REALTIME, 20);
	int r = pthread_mutex_timedlock(&held, &t);
	return ARG(r == ETIMEDOUT && !reached(CLOCK_REALTIME, t) ? -1 : r);
}

static void test_mutex_kinds(void)
{
	pthread_mutex_t m;
	make_mutex(&m, PTHREAD_MUTEX_NORMAL);
	result("normal: lock", rname(pthread_mutex_lock(&m)), "0");
	result("... trylock from another thread", from_other(&m, 0), "EBUSY");
	result("... unlock", rname(pthread_mutex_unlock(&m)), "0");
	result("... trylock from another thread once free", from_other(&m, 0), "0");
	pthread_mutex_destroy(&m);

	make_mutex(&m, PTHREAD_MUTEX_RECURSIVE);
	int r = pthread_mutex_lock(&m);
	r = r ? r : pthread_mutex_lock(&m);
	r = r ? r : pthread_mutex_trylock(&m);
	result("recursive: lock, lock, trylock by the owner", rname(r), "0");
	result("... trylock from another thread", from_other(&m, 0), "EBUSY");
	r = pthread_mutex_unlock(&m);
	r = r ? r : pthread_mutex_unlock(&m);
	result("... unlock twice", rname(r), "0");
	result("... still held once: trylock from another thread", from_other(&m, 0), "EBUSY");
	result("... unlock by another thread", from_other(&m, 1), "EPERM");
	result("... the third unlock", rname(pthread_mutex_unlock(&m)), "0");
	result("... free: trylock from another thread", from_other(&m, 0), "0");
	result("... unlock when not held", rname(pthread_mutex_unlock(&m)), "EPERM");
	pthread_mutex_destroy(&m);

	make_mutex(&m, PTHREAD_MUTEX_ERRORCHECK);
	result("error-checking: lock", rname(pthread_mutex_lock(&m)), "0");
	result("... lock again by the owner", rname(pthread_mutex_lock(&m)), "EDEADLK");
	result("... trylock by the owner", rname(pthread_mutex_trylock(&m)), "EBUSY");
	result("... unlock by another thread", from_other(&m, 1), "EPERM");
	result("... unlock", rname(pthread_mutex_unlock(&m)), "0");
	result("... unlock again", rname(pthread_mutex_unlock(&m)), "EPERM");
	pthread_mutex_destroy(&m);

	make_mutex(&held, PTHREAD_MUTEX_NORMAL);
	pthread_mutex_lock(&held);
	void *v = ARG(-2);
	run(1, timed_locker, &v);
	result("timedlock, 20 ms, of a mutex another thread holds",
	       NUM(v) == -1 ? "ETIMEDOUT before the deadline" : rname(NUM(v)), "ETIMEDOUT");
	pthread_mutex_unlock(&held);
	pthread_mutex_destroy(&held);
}

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t count_start;
static long counter;

/* 20000 increments of counter under count_lock, yielding inside now and then so that
 * the others find it held and wait in the kernel. */
static void *increment(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&count_start);
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&count_lock);
		long c = counter;
		if (i % 500 == 0)
			sched_yield();
		counter = c + 1;
		pthread_mutex_unlock(&count_lock);
	}
	return 0;
}

static void test_contended(void)
{
	pthread_barrier_init(&count_start, 0, 4);
	num_is("4 threads x 20000 increments under a mutex, failures", run(4, increment, 0), 0);
	pthread_barrier_destroy(&count_start);
	num_is("... the count", counter, 80000);
}

/* The queue between the producers and the consumers: QCAP items at most. */
#define QCAP 16
static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	int item[QCAP], head, n;
} q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0};
static long consumed_sum[2], consumed_n[2];

static void put(int v)
{
	pthread_mutex_lock(&q.lock);
	while (q.n == QCAP)
		pthread_cond_wait(&q.not_full, &q.lock);
	q.item[(q.head + q.n++) % QCAP] = v;
	pthread_cond_signal(&q.not_empty);
	pthread_mutex_unlock(&q.lock);
}

static int get(void)
{
	pthread_mutex_lock(&q.lock);
	while (q.n == 0)
		pthread_cond_wait(&q.not_empty, &q.lock);
	int v = q.item[q.head];
	q.head = (q.head + 1) % QCAP;
	q.n--;
	pthread_cond_signal(&q.not_full);
	pthread_mutex_unlock(&q.lock);
	return v;
}

/* Threads 0 and 1 consume until they take a 0 (their sums and counts in consumed_*);
 * threads 2 and 3 produce 1..500 and 501..1000. */
static void *queue_user(void *arg)
{
	int i = NUM(arg);
	if (i >= 2) {
		for (int v = 1; v <= 500; v++)
			put((i - 2) * 500 + v);
		return 0;
	}
	for (int v; (v = get()) != 0; consumed_n[i]++)
		consumed_sum[i] += v;
	return 0;
}

static pthread_mutex_t go_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go_cond = PTHREAD_COND_INITIALIZER, waiting_cond = PTHREAD_COND_INITIALIZER;
static int go, waiting;

/* Waits (10 s at most) for go, counted in waiting meanwhile: its result, 0 or ETIMEDOUT. */
static void *go_waiter(void *arg)
{
	(void)arg;
	struct timespec t = deadline(CLOCK_REALTIME, 10000);
	int r = 0;
	pthread_mutex_lock(&go_lock);
	waiting++;
	pthread_cond_signal(&waiting_cond);
	while (!go && r == 0)
		r = pthread_cond_timedwait(&go_cond, &go_lock, &t);
	pthread_mutex_unlock(&go_lock);
	return ARG(r);
}

/* A timed wait of 20 ms on a condition variable of clock c that no one signals. */
static void timed_out(const char *what, clockid_t c)
{
	pthread_condattr_t a;
	pthread_cond_t cv;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, c);
	pthread_cond_init(&cv, &a);
	pthread_mutex_lock(&m);
	struct timespec t = deadline(c, 20);
	result(what, rname(pthread_cond_timedwait(&cv, &m, &t)), "ETIMEDOUT");
	truth("... not before the deadline", reached(c, t));
	pthread_mutex_unlock(&m);
	pthread_cond_destroy(&cv);
	pthread_condattr_destroy(&a);
}

static void test_conditions(void)
{
	pthread_t t[4];
	int bad = 0;
	for (int i = 0; i < 4; i++)
		bad += pthread_create(&t[i], 0, queue_user, ARG(i)) != 0;
	bad += pthread_join(t[2], 0) != 0;
	bad += pthread_join(t[3], 0) != 0;
	put(0);
	put(0);
	bad += pthread_join(t[0], 0) != 0;
	bad += pthread_join(t[1], 0) != 0;
	num_is("2 producers and 2 consumers of 1..1000, failures", bad, 0);
	num_is("... items consumed", consumed_n[0] + consumed_n[1], 1000);
	num_is("... their sum", consumed_sum[0] + consumed_sum[1], 500500);

	void *ret[4] = {0};
	pthread_t w[4];
	bad = 0;
	for (int i = 0; i < 4; i++)
		bad += pthread_create(&w[i], 0, go_waiter, 0) != 0;
	pthread_mutex_lock(&go_lock);
	while (waiting < 4 - bad)
		pthread_cond_wait(&waiting_cond, &go_lock);
	go = 1;
	pthread_cond_broadcast(&go_cond);
	pthread_mutex_unlock(&go_lock);
	for (int i = 0; i < 4; i++)
		bad += pthread_join(w[i], &ret[i]) != 0;
	num_is("broadcast to 4 waiting threads, failures", bad, 0);
	char got[64];
	snprintf(got, sizeof got, "%s %s %s %s", rname(NUM(ret[0])), rname(NUM(ret[1])),
	         rname(NUM(ret[2])), rname(NUM(ret[3])));
	result("... what their timed waits returned", got, "0 0 0 0");

	timed_out("pthread_cond_timedwait, 20 ms, CLOCK_REALTIME", CLOCK_REALTIME);
	timed_out("pthread_cond_timedwait, 20 ms, condattr CLOCK_MONOTONIC", CLOCK_MONOTONIC);
	sem_t s;
	sem_init(&s, 0, 0);
	struct timespec t20 = deadline(CLOCK_REALTIME, 20);
	err_is("sem_timedwait, 20 ms", sem_timedwait(&s, &t20), "ETIMEDOUT");
	truth("... not before the deadline", reached(CLOCK_REALTIME, t20));
	sem_destroy(&s);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t readers_in, readers_out;

/* Takes a read lock (10 s at most), meets the other reader and the main thread at
 * readers_in while holding it, and lets go after readers_out. Returns the lock's result. */
static void *reader(void *arg)
{
	(void)arg;
	struct timespec t = deadline(CLOCK_REALTIME, 10000);
	int r = pthread_rwlock_timedrdlock(&rw, &t);
	pthread_barrier_wait(&readers_in);
	pthread_barrier_wait(&readers_out);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return ARG(r);
}

/* While the main thread holds the write lock: tryrdlock, trywrlock and a 20 ms
 * timedrdlock, their results as names in one string (static). */
static void *excluded(void *arg)
{
	(void)arg;
	static char got[64];
	struct timespec t = deadline(CLOCK_REALTIME, 20);
	int a = pthread_rwlock_tryrdlock(&rw), b = pthread_rwlock_trywrlock(&rw);
	int c = pthread_rwlock_timedrdlock(&rw, &t);
	snprintf(got, sizeof got, "%s %s ", rname(a), rname(b));
	snprintf(got + strlen(got), sizeof got - strlen(got), "%s", rname(c));
	return got;
}

static volatile long half_a, half_b;
static volatile int mismatches;

/* Threads 0 and 1 write: 2000 times both halves up by one under the write lock, yielding
 * between the two now and then. Threads 2 and 3 read 2000 times under the read lock,
 * counting the times the halves differ. */
static void *rw_user(void *arg)
{
	for (int i = 0; i < 2000; i++) {
		if (NUM(arg) < 2) {
			pthread_rwlock_wrlock(&rw);
			half_a++;
			if (i % 50 == 0)
				sched_yield();
			half_b++;
		} else {
			pthread_rwlock_rdlock(&rw);
			if (half_a != half_b)
				mismatches++;
			if (i % 50 == 0)
				sched_yield();
		}
		pthread_rwlock_unlock(&rw);
	}
	return 0;
}

static void test_rwlock(void)
{
	pthread_barrier_init(&readers_in, 0, 3);
	pthread_barrier_init(&readers_out, 0, 3);
	pthread_t t[2];
	void *ret[2] = {ARG(-1), ARG(-1)};
	int made[2];
	for (int i = 0; i < 2; i++)
		made[i] = pthread_create(&t[i], 0, reader, 0) == 0;
	if (made[0] && made[1]) {
		pthread_barrier_wait(&readers_in);
		result("two readers in: trywrlock", rname(pthread_rwlock_trywrlock(&rw)), "EBUSY");
		struct timespec d = deadline(CLOCK_REALTIME, 20);
		result("... timedwrlock, 20 ms", rname(pthread_rwlock_timedwrlock(&rw, &d)),
		       "ETIMEDOUT");
		int r = pthread_rwlock_tryrdlock(&rw);
		result("... a third reader: tryrdlock", rname(r), "0");
		if (r == 0)
			pthread_rwlock_unlock(&rw);
		pthread_barrier_wait(&readers_out);
	}
	for (int i = 0; i < 2; i++)
		if (made[i])
			pthread_join(t[i], &ret[i]);
	char got[32];
	snprintf(got, sizeof got, "%s %s", NUM(ret[0]) < 0 ? "none" : rname(NUM(ret[0])),
	         NUM(ret[1]) < 0 ? "none" : rname(NUM(ret[1])));
	result("two readers hold the read lock at once: their timedrdlock", got, "0 0");
	pthread_barrier_destroy(&readers_in);
	pthread_barrier_destroy(&readers_out);

	result("wrlock", rname(pthread_rwlock_wrlock(&rw)), "0");
	void *v = "no thread";
	run(1, excluded, &v);
	result("... another thread's tryrdlock, trywrlock, timedrdlock 20 ms", v,
	       "EBUSY EBUSY ETIMEDOUT");
	pthread_rwlock_unlock(&rw);

	num_is("2 writers and 2 readers, failures", run(4, rw_user, 0), 0);
	num_is("... reads that saw a write half done", mismatches, 0);
	num_is("... the writes", half_a == half_b ? half_a : -2, 4000);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_barrier_t once_start;
static volatile int once_runs, once_value;

/* The once routine: counts itself and sets once_value, yielding first so that the other
 * threads arrive while it runs. */
static void once_init(void)
{
	once_runs++;
	for (int i = 0; i < 5; i++)
		sched_yield();
	once_value = 42;
}

static void *once_user(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&once_start);
	pthread_once(&once, once_init);
	return ARG(once_value);
}

static void test_once(void)
{
	void *ret[8];
	pthread_barrier_init(&once_start, 0, 8);
	num_is("pthread_once in 8 threads at once, failures", run(8, once_user, ret), 0);
	pthread_barrier_destroy(&once_start);
	num_is("... the routine ran", once_runs, 1);
	int saw = 0;
	for (int i = 0; i < 8; i++)
		saw += NUM(ret[i]) == 42;
	num_is("... threads that saw it done on return", saw, 8);
}

static pthread_key_t key;
static pthread_barrier_t key_barrier;
static struct slot { pid_t tid, destroyed_in; int destroyed; } slots[MAXT];

/* The key's destructor: counts the call in the slot the value points to, and the thread. */
static void destroy(void *value)
{
	struct slot *s = value;
	s->destroyed++;
	s->destroyed_in = gettid();
}

/* Threads 0-3 set their own slot as the key's value; thread 4 sets none. Each returns
 * 1 if it read null before, and its own value after all had set theirs. */
static void *key_user(void *arg)
{
	int i = NUM(arg), ok = pthread_getspecific(key) == 0;
	slots[i].tid = gettid();
	if (i < 4)
		ok &= pthread_setspecific(key, &slots[i]) == 0;
	pthread_barrier_wait(&key_barrier);
	ok &= pthread_getspecific(key) == (i < 4 ? &slots[i] : 0);
	return ARG(ok);
}

static void test_keys(void)
{
	void *ret[5];
	result("pthread_key_create with a destructor", rname(pthread_key_create(&key, destroy)), "0");
	pthread_barrier_init(&key_barrier, 0, 5);
	num_is("5 threads with their own values, failures", run(5, key_user, ret), 0);
	pthread_barrier_destroy(&key_barrier);
	int own = 0, once_each = 0, in_own = 0;
	for (int i = 0; i < 5; i++) {
		own += NUM(ret[i]);
		once_each += slots[i].destroyed == (i < 4);
		in_own += i < 4 && slots[i].destroyed_in == slots[i].tid;
	}
	num_is("... threads that saw null, then their own value", own, 5);
	num_is("... destructor calls as expected (4 values, 1 null)", once_each, 5);
	num_is("... destructors that ran in the thread ending", in_own, 4);
	truth("... the main thread's value is null", pthread_getspecific(key) == 0);
	result("pthread_key_delete", rname(pthread_key_delete(key)), "0");
}

static pthread_barrier_t rounds;
static volatile int arrived, serials, early;

/* Three rounds of the barrier: counts its arrivals, the serial threads, and the times it
 * passed before all four had arrived. */
static void *barrier_user(void *arg)
{
	(void)arg;
	for (int round = 1; round <= 3; round++) {
		__atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
		if (pthread_barrier_wait(&rounds) == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serials, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < 4 * round)
			__atomic_add_fetch(&early, 1, __ATOMIC_SEQ_CST);
	}
	return 0;
}

static void test_barrier(void)
{
	pthread_barrier_init(&rounds, 0, 4);
	num_is("4 threads, 3 rounds of a barrier, failures", run(4, barrier_user, 0), 0);
	pthread_barrier_destroy(&rounds);
	num_is("... PTHREAD_BARRIER_SERIAL_THREAD returns (one a round)", serials, 3);
	num_is("... threads through before all had arrived", early, 0);
}

static __thread int tls_int = 17;
static __thread char tls_text[16] = "initial";
static __thread long tls_zero;
static pthread_barrier_t tls_barrier;
static int *tls_where[MAXT];

/* Checks the initial values of the __thread variables, sets its own, and after all have
 * set theirs checks that it still sees its own: 1 if all is well. */
static void *tls_user(void *arg)
{
	int i = NUM(arg);
	int ok = tls_int == 17 && !strcmp(tls_text, "initial") && tls_zero == 0;
	tls_int = 100 + i;
	tls_zero = i;
	snprintf(tls_text, sizeof tls_text, "thread %d", i);
	tls_where[i] = &tls_int;
	pthread_barrier_wait(&tls_barrier);
	char want[16];
	snprintf(want, sizeof want, "thread %d", i);
	ok &= tls_int == 100 + i && tls_zero == i && !strcmp(tls_text, want);
	return ARG(ok);
}

static int errnos[2];
static pthread_barrier_t errno_barrier;

/* Thread 0 fails a close (EBADF), thread 1 a kill (ESRCH), then after a barrier each
 * keeps what its own errno holds. */
static void *errno_user(void *arg)
{
	int i = NUM(arg);
	if (i == 0)
		close(-1);
	else
		kill(0x3fffffff, 0);
	pthread_barrier_wait(&errno_barrier);
	sched_yield();
	errnos[i] = errno;
	return 0;
}

static void test_tls(void)
{
	void *ret[4];
	tls_int = 1;
	pthread_barrier_init(&tls_barrier, 0, 4);
	num_is("__thread variables in 4 threads, failures", run(4, tls_user, ret), 0);
	pthread_barrier_destroy(&tls_barrier);
	int ok = 0, distinct = 1;
	for (int i = 0; i < 4; i++) {
		ok += NUM(ret[i]);
		for (int j = 0; j < i; j++)
			distinct &= tls_where[i] != tls_where[j];
		distinct &= tls_where[i] != &tls_int;
	}
	num_is("... threads seeing the initial values, then their own", ok, 4);
	truth("... each thread's copy is at its own address", distinct);
	truth("... the main thread's copy is unchanged", tls_int == 1 && tls_zero == 0);

	pthread_barrier_init(&errno_barrier, 0, 2);
	num_is("errno in 2 threads, failures", run(2, errno_user, 0), 0);
	pthread_barrier_destroy(&errno_barrier);
	char got[32];
	snprintf(got, sizeof got, "%s %s", ename(errnos[0]), ename(errnos[1]));
	result("... each thread's errno after the other's failed call", got, "EBADF ESRCH");
}

static sem_t started;

/* Blocks for ever in sem_wait on a semaphore no one posts, after posting started
 * (returns only if sem_wait fails otherwise than by EINTR). */
static void *blocker(void *arg)
{
	sem_t never;
	sem_init(&never, 0, 0);
	sem_post(&started);
	while (sem_wait(&never) == 0 || errno == EINTR)
		;
	return arg;
}

/* Posts started, then ends the process with exit(8). */
static void *exiter(void *arg)
{
	(void)arg;
	sem_post(&started);
	exit(8);
}


/* A child whose thread runs fn; if main_exits, the main thread exits with 7 once the
 * thread has started, else it waits in pthread_join. Its wait status, by wait_text. */
static const char *child_with_thread(void *(*fn)(void *), int main_exits)
{
	pid_t pid = fork();
	if (pid == 0) {
		sem_init(&started, 0, 0);
		pthread_t t;
		if (pthread_create(&t, 0, fn, 0))
			_exit(1);
		sem_take(&started);
		if (main_exits)
			exit(7);
		pthread_join(t, 0);
		_exit(2);
	}
	return wait_text(pid);
}

static sem_t resume;

/* Waits for resume, then returns 5. */
static void *waits_then_returns(void *arg)
{
	(void)arg;
	sem_take(&resume);
	return ARG(5);
}

static volatile int before_exit;

/* Ends itself with the exit system call (not exit_group, not through glibc): what join
 * gives is then null; 1 if the call returned. */
static void *raw_exit(void *arg)
{
	(void)arg;
	before_exit = 1;
	syscall(SYS_exit, 0);
	return ARG(1);
}

static void test_exits(void)
{
	result("a child's main thread exits (7) while its thread blocks",
	       child_with_thread(blocker, 1), "exit 7");
	result("a child's thread exits (8) while its main thread waits in join",
	       child_with_thread(exiter, 0), "exit 8");

	sem_init(&resume, 0, 0);
	pthread_t a, b;
	int r = pthread_create(&b, 0, waits_then_returns, 0);
	r = r ? r : pthread_create(&a, 0, raw_exit, 0);
	void *v = ARG(2);
	result("SYS_exit in a thread: join it", rname(r ? r : pthread_join(a, &v)), "0");
	truth("... it ran up to its exit, which did not return", before_exit && v == 0);
	sem_post(&resume);
	result("... another thread goes on: join it", rname(r ? r : pthread_join(b, &v)), "0");
	num_is("... the value it returned", NUM(v), 5);
}

/* The raw calls' errors, in Linux's order: futex (a misaligned word EINVAL, a bad
 * pointer EFAULT, a word that differs EAGAIN, a timeout ETIMEDOUT, a zero bitset EINVAL,
 * CLOCK_REALTIME on a relative wait and an unknown op ENOSYS, a bad timeout EINVAL),
 * clone3 (a size below its first version EINVAL, a bad pointer EFAULT; a stack size
 * without a stack, a stack that wraps, an exit signal for a thread EINVAL: each was taken
 * here once), the robust list
 * (a wrong size EINVAL, a bad pointer EFAULT). */
static void test_raw_errors(void)
{
	static uint32_t word __attribute__((aligned(8))) = 5;
	struct timespec short_wait = {0, 1000000}, bad_ns = {0, 1000000000};
	err_is("futex WAIT on a misaligned word", syscall(SYS_futex, (char *)&word + 1, FUTEX_WAIT, 5, 0, 0, 0),
	       "EINVAL");
	err_is("futex WAIT at address 1", syscall(SYS_futex, bad_pointer, FUTEX_WAIT_PRIVATE, 5, 0, 0, 0), "EINVAL");
	err_is("futex WAIT on an unmapped word", syscall(SYS_futex, (void *)4096, FUTEX_WAIT_PRIVATE, 5, 0, 0, 0),
	       "EFAULT");
	err_is("futex WAIT when the word differs", syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 6, 0, 0, 0),
	       "EAGAIN");
	err_is("futex WAIT with a 1 ms timeout", syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 5, &short_wait, 0, 0),
	       "ETIMEDOUT");
	err_is("futex WAIT with tv_nsec 10^9", syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 5, &bad_ns, 0, 0),
	       "EINVAL");
	err_is("futex WAIT_BITSET with bitset 0", syscall(SYS_futex, &word, FUTEX_WAIT_BITSET, 5, 0, 0, 0), "EINVAL");
	err_is("futex WAIT with FUTEX_CLOCK_REALTIME",
	       syscall(SYS_futex, &word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 5, &short_wait, 0, 0), "ENOSYS");
	err_is("futex op 99", syscall(SYS_futex, &word, 99, 0, 0, 0, 0), "ENOSYS");
	num_is("futex WAKE with no waiter", syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), 0);
	err_is("futex CMP_REQUEUE when the word differs",
	       syscall(SYS_futex, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, (uint32_t *)&word + 1, 6), "EAGAIN");
	uint64_t args[11] = {0};
	err_is("clone3 with a size of 32", syscall(SYS_clone3, args, 32), "EINVAL");
	err_is("clone3 with a bad pointer", syscall(SYS_clone3, (void *)4096, 88), "EFAULT");
	uint64_t no_stack[11] = {[4] = SIGCHLD, [6] = 4096};   /* a size, no stack */
	err_is("clone3 with a stack size but no stack", syscall(SYS_clone3, no_stack, 88), "EINVAL");
	uint64_t wraps[11] = {[4] = SIGCHLD, [5] = ~0ul - 4095, [6] = 8192};
	err_is("clone3 with a stack that wraps", syscall(SYS_clone3, wraps, 88), "EINVAL");
	uint64_t thread_sig[11] = {CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, 0, 0, 0, SIGCHLD,
	                           (uint64_t)args, sizeof args};
	err_is("clone3 of a thread with an exit signal", syscall(SYS_clone3, thread_sig, 88), "EINVAL");
	err_is("set_robust_list with a size of 8", syscall(SYS_set_robust_list, 0, 8), "EINVAL");
	void *head;
	size_t len;
	err_is("get_robust_list of the caller", syscall(SYS_get_robust_list, 0, &head, &len), "0");
	num_is("... its size", (long)len, 24);
	err_is("get_robust_list into a bad pointer", syscall(SYS_get_robust_list, 0, (void *)4096, &len), "EFAULT");
}

/* ---- a crowd: 30 threads making calls at once, then waiting on one condition ---- */
#define CROWD 30
static pthread_mutex_t crowd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t crowd_go = PTHREAD_COND_INITIALIZER;
static int crowd_released;

static void *crowd_member(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++)
		getppid();
	pthread_mutex_lock(&crowd_lock);
	while (!crowd_released)
		pthread_cond_wait(&crowd_go, &crowd_lock);
	pthread_mutex_unlock(&crowd_lock);
	for (int i = 0; i < 200; i++)
		getppid();
	return ARG(7);
}

static void test_crowd(void)
{
	pthread_t t[CROWD];
	int made = 0, joined = 0;
	while (made < CROWD && pthread_create(&t[made], 0, crowd_member, 0) == 0)
		made++;
	struct timespec ts = {0, 20 * 1000 * 1000};
	nanosleep(&ts, 0);   /* (most of them waiting by now) */
	pthread_mutex_lock(&crowd_lock);
	crowd_released = 1;
	pthread_cond_broadcast(&crowd_go);
	pthread_mutex_unlock(&crowd_lock);
	for (int i = 0; i < made; i++) {
		void *r = 0;
		joined += pthread_join(t[i], &r) == 0 && NUM(r) == 7;
	}
	num_is("threads started", made, CROWD);
	num_is("... each made calls, waited on one condition variable, returned and was joined",
	       joined, CROWD);
}

int main(void)
{
	test_raw_errors();
	test_create_join();
	test_ids();
	test_mutex_kinds();
	test_contended();
	test_conditions();
	test_rwlock();
	test_once();
	test_keys();
	test_barrier();
	test_tls();
	test_exits();
	test_crowd();   /* (after test_exits: a raw SYS_exit's join value is its cached descriptor's) */
	return summary();
}
