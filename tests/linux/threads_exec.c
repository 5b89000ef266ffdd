/* threads_exec.c - execve in a process with threads, for the differential test: Linux's
 * de_thread. The other threads end wherever they are: one spinning (it counts in memory
 * shared with the test, and the count stops), one in a condition wait (a futex), one in
 * read() of an empty pipe, one in nanosleep, one in waitpid for a child that pauses. The
 * new image has one thread, its pid the old one's; when a thread other than the main one
 * called execve, that thread's tid is the pid from then on; a signal the caller blocked
 * and had pending stays pending across the execve; the child it had stays its child
 * (waitpid after a kill). Each execve'd image reports its own checks ("after" mode), then
 * the test reports what it saw of the process from outside. */
#define _GNU_SOURCE
#include <pthread.h>
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

#define SELF "/bin/threads_exec"

static volatile uint64_t *counter;   /* shared with the test's process (MAP_SHARED) */
static int pipe_fd[2];
static pid_t paused_child;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t started;

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000};
	nanosleep(&t, 0);
}

static void *spinner(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&started);
	for (;;)
		__atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

static void *cond_waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	pthread_barrier_wait(&started);
	for (;;)
		pthread_cond_wait(&never, &lock);
}

static void *reader(void *arg)
{
	(void)arg;
	char c;
	pthread_barrier_wait(&started);
	for (;;)
		if (read(pipe_fd[0], &c, 1) == 1)
			__atomic_add_fetch(counter, 1000000000, __ATOMIC_RELAXED);
}

static void *sleeper(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&started);
	for (;;)
		sleep_ms(100000);
}

static void *child_waiter(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&started);
	for (;;)
		if (waitpid(paused_child, 0, 0) == paused_child)
			__atomic_add_fetch(counter, 1000000000, __ATOMIC_RELAXED);
}

/* execve(SELF, "after", pid, tid-was-pid, who (arg), the paused child's pid), from
 * whichever thread calls it, with SIGUSR1 blocked and pending for it. */
static void *execer(void *arg)
{
	char pid[16], same[4], child[16];
	snprintf(pid, sizeof pid, "%d", getpid());
	snprintf(child, sizeof child, "%d", paused_child);
	snprintf(same, sizeof same, "%d", gettid() == getpid());
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, 0);
	syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
	char *av[] = {"threads_exec", "after", pid, same, (char *)arg, child, 0};
	execve(SELF, av, 0);
	_exit(99);
}

/* The process the test watches: five threads in their waits, then execve from a new
 * thread (by_thread) or from the main one. Does not return. */
static _Noreturn void before(int by_thread)
{
	pipe(pipe_fd);
	paused_child = fork();
	if (paused_child == 0) {
		for (;;)
			pause();
	}
	void *(*fn[])(void *) = {spinner, cond_waiter, reader, sleeper, child_waiter};
	pthread_barrier_init(&started, 0, 6);
	pthread_t t;
	for (int i = 0; i < 5; i++)
		pthread_create(&t, 0, fn[i], 0);
	pthread_barrier_wait(&started);
	sleep_ms(20);   /* every thread in its wait */
	if (by_thread) {
		pthread_create(&t, 0, execer, "second");
		pthread_join(t, 0);
	} else {
		execer("main");
	}
	_exit(98);
}

/* The new image: its own checks. */
static int after(char **argv)
{
	const char *who = argv[4];
	char what[96];
	snprintf(what, sizeof what, "execve by the %s thread: the pid is the old one's", who);
	truth(what, getpid() == atoi(argv[2]));
	truth("... and the tid is the pid", gettid() == getpid());
	truth("... (in the old image the caller's tid was the pid)", atoi(argv[3]) == (who[0] == 'm'));
	sigset_t s;
	sigpending(&s);
	truth("... SIGUSR1, blocked and pending before, is pending", sigismember(&s, SIGUSR1));
	pid_t child = (pid_t)atoi(argv[5]);
	truth("... the paused child is still its child, running: waitpid WNOHANG gives 0",
	      waitpid(child, 0, WNOHANG) == 0);
	kill(child, SIGKILL);
	result("... after SIGKILL to it, waitpid reaps it", wait_text(child), "signal 9");
	return summary();
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "after"))
		return after(argv);
	counter = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	for (int by_thread = 1; by_thread >= 0; by_thread--) {
		pid_t p = fork();
		if (p == 0)
			before(by_thread);
		/* Once the execve is done the counter stands still: wait until it does (a loaded
		 * machine with several harts may take a while), up to 5 s, then watch it 100 ms. */
		uint64_t a = *counter, b;
		for (int i = 0; i < 50; i++) {
			sleep_ms(100);
			if ((b = *counter) == a && a)
				break;
			a = b;
		}
		sleep_ms(100);
		b = *counter;
		char what[96];
		snprintf(what, sizeof what, "execve by the %s thread: the spinning thread stopped counting",
		         by_thread ? "second" : "main");
		truth(what, a == b && a > 0 && a < 1000000000);
		result("... the process's end", wait_text(p), "exit 0");
		*counter = 0;
	}
	return summary();
}
