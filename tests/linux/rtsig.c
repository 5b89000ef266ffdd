/* rtsig.c - real-time signals and waiting for signals, for the differential test:
 * every instance of a real-time signal queued in order with its siginfo (sigqueue,
 * kill, a child's sigqueue), si_value (sival_int and sival_ptr), si_code, si_pid and
 * si_uid in an SA_SIGINFO handler; a standard signal kept once; rt_sigqueueinfo and
 * rt_tgsigqueueinfo's errors (EPERM for a kernel or kill() si_code towards another
 * process, ESRCH, EINVAL, EFAULT, E2BIG, signal 0); RLIMIT_SIGPENDING: EAGAIN from
 * sigqueue and tgkill when the queue is full, kill() keeping the signal without its
 * siginfo, a child's sigqueue to the full parent; sigwaitinfo and sigtimedwait (order,
 * siginfo, EAGAIN after the timeout, EINTR by a handled signal, EINVAL, EFAULT); ppoll
 * and pselect with a signal mask: swapped in for the wait (a signal it unblocks ends it
 * with EINTR and its handler runs under it), the old mask back afterwards. */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diffcheck.h"

#define RT(k) (SIGRTMIN + (k))

/* What the handler saw, in order (the first 64), and how many times it ran. */
static struct seen { int sig, code, self, uid, value, usr2_blocked, term_blocked; } seen[64];
static volatile sig_atomic_t nseen;
static void *volatile seen_ptr;

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	sigset_t cur;
	sigprocmask(SIG_BLOCK, 0, &cur);
	if (nseen < 64)
		seen[nseen] = (struct seen){sig, si->si_code, si->si_pid == getpid(), (int)si->si_uid,
		                              si->si_value.sival_int, sigismember(&cur, SIGUSR2),
		                              sigismember(&cur, SIGTERM)};
	nseen++;
	seen_ptr = si->si_value.sival_ptr;
}

static void handle(int sig, int flags, int block_rt)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO | flags;
	if (block_rt)
		for (int s = SIGRTMIN; s <= SIGRTMAX; s++)
			sigaddset(&sa.sa_mask, s);
	sigaction(sig, &sa, 0);
}

static void mask(int how, int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, 0);
}

static const char *code_name(int code)
{
	static char buf[16];
	switch (code) {
	case SI_USER: return "SI_USER";
	case SI_QUEUE: return "SI_QUEUE";
	case SI_TKILL: return "SI_TKILL";
	default: snprintf(buf, sizeof buf, "code %d", code); return buf;
	}
}

/* "RTMIN+k SI_QUEUE value V self" (or pid 0 / other) for one seen entry. */
static const char *seen_text(const struct seen *s, char *buf, size_t n)
{
	char sig[16];
	if (s->sig >= SIGRTMIN)
		snprintf(sig, sizeof sig, "RTMIN+%d", s->sig - SIGRTMIN);
	else
		snprintf(sig, sizeof sig, "%s", sigabbrev_np(s->sig));
	snprintf(buf, n, "%s %s value %d %s uid %d", sig, code_name(s->code), s->value,
	         s->self ? "self" : "not self", s->uid);
	return buf;
}

/* The signals the handler saw since from, one line each (what, i). */
static void show_seen(const char *what, int from, const char *const want[], int nwant)
{
	char w[96], got[96];
	snprintf(w, sizeof w, "%s: handler runs", what);
	num_is(w, nseen - from, nwant);
	for (int i = 0; i < nwant && from + i < nseen; i++) {
		snprintf(w, sizeof w, "%s: #%d", what, i + 1);
		result(w, seen_text(&seen[from + i], got, sizeof got), want[i]);
	}
}

static int sigq(pid_t pid, int sig, int value)
{
	return sigqueue(pid, sig, (union sigval){.sival_int = value});
}

/* Queued instances in order, delivered to a handler once unblocked; kill() of a
 * real-time signal queues too; a standard signal is kept once. */
static void queue_order(void)
{
	handle(RT(0), 0, 1);
	handle(RT(1), 0, 1);
	handle(SIGUSR1, 0, 1);
	mask(SIG_BLOCK, RT(0));
	mask(SIG_BLOCK, RT(1));
	mask(SIG_BLOCK, SIGUSR1);
	err_is("sigqueue RTMIN 1", sigq(getpid(), RT(0), 1), "0");
	err_is("sigqueue RTMIN+1 10", sigq(getpid(), RT(1), 10), "0");
	err_is("sigqueue RTMIN 2", sigq(getpid(), RT(0), 2), "0");
	err_is("kill RTMIN", kill(getpid(), RT(0)), "0");
	err_is("sigqueue RTMIN 3", sigq(getpid(), RT(0), 3), "0");
	err_is("sigqueue SIGUSR1 7", sigq(getpid(), SIGUSR1, 7), "0");
	err_is("sigqueue SIGUSR1 8 (dropped: one standard signal pending)", sigq(getpid(), SIGUSR1, 8), "0");
	sigset_t p;
	sigpending(&p);
	truth("sigpending: RTMIN, RTMIN+1, SIGUSR1",
	      sigismember(&p, RT(0)) && sigismember(&p, RT(1)) && sigismember(&p, SIGUSR1));
	int from = nseen;
	sigprocmask(SIG_UNBLOCK, &p, 0);
	static const char *const want[] = {
		"USR1 SI_QUEUE value 7 self uid 0", "RTMIN+0 SI_QUEUE value 1 self uid 0",
		"RTMIN+0 SI_QUEUE value 2 self uid 0", "RTMIN+0 SI_USER value 0 self uid 0",
		"RTMIN+0 SI_QUEUE value 3 self uid 0", "RTMIN+1 SI_QUEUE value 10 self uid 0",
	};
	show_seen("unblocked", from, want, 6);
	sigpending(&p);
	truth("nothing pending after", !sigismember(&p, RT(0)) && !sigismember(&p, RT(1)));
	/* not blocked: delivered as the call returns, the pointer as sent */
	from = nseen;
	static int thing;
	err_is("sigqueue RTMIN+1 with sival_ptr", sigqueue(getpid(), RT(1), (union sigval){.sival_ptr = &thing}), "0");
	num_is("... delivered at once", nseen - from, 1);
	truth("... si_ptr as sent", seen_ptr == &thing);
	/* SIGRTMIN's handler without SA_NODEFER: each instance after the one before returned */
	mask(SIG_BLOCK, RT(0));
	for (int v = 20; v < 23; v++)
		sigq(getpid(), RT(0), v);
	from = nseen;
	handle(RT(0), 0, 0);
	mask(SIG_UNBLOCK, RT(0));
	static const char *const want2[] = {
		"RTMIN+0 SI_QUEUE value 20 self uid 0", "RTMIN+0 SI_QUEUE value 21 self uid 0",
		"RTMIN+0 SI_QUEUE value 22 self uid 0",
	};
	show_seen("one handler, three instances", from, want2, 3);
}

/* rt_sigqueueinfo and rt_tgsigqueueinfo: Linux's checks, in its order. */
static void queue_errors(void)
{
	siginfo_t si = {0};
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	handle(RT(2), 0, 0);
	mask(SIG_BLOCK, RT(2));
	err_is("rt_sigqueueinfo SI_QUEUE to self", syscall(SYS_rt_sigqueueinfo, getpid(), RT(2), &si), "0");
	err_is("rt_sigqueueinfo signal 0 to self", syscall(SYS_rt_sigqueueinfo, getpid(), 0, &si), "0");
	err_is("rt_sigqueueinfo signal 0 to a child", syscall(SYS_rt_sigqueueinfo, child, 0, &si), "0");
	err_is("rt_sigqueueinfo signal 65", syscall(SYS_rt_sigqueueinfo, getpid(), 65, &si), "EINVAL");
	err_is("rt_sigqueueinfo signal -1", syscall(SYS_rt_sigqueueinfo, getpid(), -1, &si), "EINVAL");
	err_is("rt_sigqueueinfo bad siginfo", syscall(SYS_rt_sigqueueinfo, getpid(), RT(2), bad_pointer), "EFAULT");
	err_is("rt_sigqueueinfo pid 0", syscall(SYS_rt_sigqueueinfo, 0, RT(2), &si), "ESRCH");
	err_is("rt_sigqueueinfo pid -1", syscall(SYS_rt_sigqueueinfo, -1, RT(2), &si), "ESRCH");
	err_is("rt_sigqueueinfo no such pid", syscall(SYS_rt_sigqueueinfo, 0x3fffffff, RT(2), &si), "ESRCH");
	err_is("rt_sigqueueinfo no such pid, signal 65", syscall(SYS_rt_sigqueueinfo, 0x3fffffff, 65, &si), "ESRCH");
	si.si_code = SI_USER;
	err_is("rt_sigqueueinfo SI_USER to a child", syscall(SYS_rt_sigqueueinfo, child, RT(2), &si), "EPERM");
	err_is("rt_sigqueueinfo SI_USER to no such pid", syscall(SYS_rt_sigqueueinfo, 0x3fffffff, RT(2), &si), "EPERM");
	err_is("rt_sigqueueinfo SI_USER to self", syscall(SYS_rt_sigqueueinfo, getpid(), RT(2), &si), "0");
	si.si_code = SI_TKILL;
	err_is("rt_sigqueueinfo SI_TKILL to a child", syscall(SYS_rt_sigqueueinfo, child, RT(2), &si), "EPERM");
	si.si_code = 1;
	err_is("rt_sigqueueinfo si_code 1 to a child", syscall(SYS_rt_sigqueueinfo, child, RT(2), &si), "EPERM");
	si.si_code = -100;   /* unknown to Linux: the bytes past its 48 must be zeros */
	err_is("rt_sigqueueinfo si_code -100, zeros after", syscall(SYS_rt_sigqueueinfo, getpid(), RT(2), &si), "0");
	((char *)&si)[100] = 1;
	err_is("rt_sigqueueinfo si_code -100, not zeros", syscall(SYS_rt_sigqueueinfo, getpid(), RT(2), &si), "E2BIG");
	int from = nseen;
	mask(SIG_UNBLOCK, RT(2));
	static const char *const want[] = {
		"RTMIN+2 SI_QUEUE value 0 self uid 0", "RTMIN+2 SI_USER value 0 self uid 0",
		"RTMIN+2 code -100 value 0 self uid 0",
	};
	show_seen("the queued RTMIN+2 instances", from, want, 3);
	/* (Linux keeps a thread's own signals apart and takes them first: not mixed here) */
	memset(&si, 0, sizeof si);
	si.si_code = SI_QUEUE;
	si.si_value.sival_int = 5;
	from = nseen;
	err_is("rt_tgsigqueueinfo self", syscall(SYS_rt_tgsigqueueinfo, getpid(), getpid(), RT(2), &si), "0");
	static const char *const want_tg[] = {"RTMIN+2 SI_QUEUE value 5 not self uid 0"};
	show_seen("... delivered at once", from, want_tg, 1);
	err_is("rt_tgsigqueueinfo tgid 0", syscall(SYS_rt_tgsigqueueinfo, 0, getpid(), RT(2), &si), "EINVAL");
	err_is("rt_tgsigqueueinfo tid -1", syscall(SYS_rt_tgsigqueueinfo, getpid(), -1, RT(2), &si), "EINVAL");
	err_is("rt_tgsigqueueinfo tgid of another", syscall(SYS_rt_tgsigqueueinfo, child, getpid(), RT(2), &si), "ESRCH");
	err_is("rt_tgsigqueueinfo bad siginfo", syscall(SYS_rt_tgsigqueueinfo, getpid(), getpid(), RT(2), bad_pointer),
	       "EFAULT");
	err_is("rt_tgsigqueueinfo signal 65", syscall(SYS_rt_tgsigqueueinfo, getpid(), getpid(), 65, &si), "EINVAL");
	err_is("rt_tgsigqueueinfo to a child", syscall(SYS_rt_tgsigqueueinfo, child, child, SIGTERM, &si), "0");
	int st;
	waitpid(child, &st, 0);
	truth("... the child ended by SIGTERM", WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	err_is("rt_sigqueueinfo to the reaped child", syscall(SYS_rt_sigqueueinfo, child, RT(2), &si), "ESRCH");
}

/* sigwaitinfo and sigtimedwait, by themselves and with a child's signals. */
static void waiting(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec zero = {0, 0}, short_wait = {0, 50000000}, long_wait = {5, 0};
	sigemptyset(&set);
	sigaddset(&set, RT(3));
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, 0);
	for (int v = 1; v <= 3; v++)
		sigq(getpid(), RT(3), v);
	raise(SIGUSR1);
	char w[64], got[96];
	for (int i = 0; i < 4; i++) {
		int sig = sigwaitinfo(&set, &si);
		struct seen s = {sig, si.si_code, si.si_pid == getpid(), (int)si.si_uid, si.si_value.sival_int, 0, 0};
		snprintf(w, sizeof w, "sigwaitinfo #%d", i + 1);
		static const char *const want[] = {
			"USR1 SI_USER value 0 self uid 0", "RTMIN+3 SI_QUEUE value 1 self uid 0",
			"RTMIN+3 SI_QUEUE value 2 self uid 0", "RTMIN+3 SI_QUEUE value 3 self uid 0",
		};
		result(w, sig > 0 ? seen_text(&s, got, sizeof got) : ename(errno), want[i]);
	}
	err_is("sigtimedwait, none pending, timeout 0", sigtimedwait(&set, &si, &zero), "EAGAIN");
	err_is("sigtimedwait, none pending, 50 ms", sigtimedwait(&set, &si, &short_wait), "EAGAIN");
	struct timespec bad = {0, 1000000000}, neg = {-1, 0};
	err_is("sigtimedwait tv_nsec 1e9", sigtimedwait(&set, &si, &bad), "EINVAL");
	err_is("sigtimedwait tv_sec -1", sigtimedwait(&set, &si, &neg), "EINVAL");
	err_is("rt_sigtimedwait sigsetsize 16", syscall(SYS_rt_sigtimedwait, &set, &si, &zero, 16), "EINVAL");
	err_is("rt_sigtimedwait bad set", syscall(SYS_rt_sigtimedwait, bad_pointer, &si, &zero, 8), "EFAULT");
	err_is("rt_sigtimedwait bad timeout", syscall(SYS_rt_sigtimedwait, &set, &si, bad_pointer, 8), "EFAULT");
	sigq(getpid(), RT(3), 9);
	err_is("rt_sigtimedwait bad siginfo", syscall(SYS_rt_sigtimedwait, &set, bad_pointer, &zero, 8), "EFAULT");
	sigset_t p;
	sigpending(&p);
	truth("... the signal was taken all the same", !sigismember(&p, RT(3)));
	sigq(getpid(), RT(3), 11);
	num_is("sigtimedwait without siginfo", sigtimedwait(&set, 0, &zero), RT(3));
	sigq(getpid(), RT(3), 12);
	int sig = 0;
	num_is("sigwait", sigwait(&set, &sig), 0);
	num_is("... the signal", sig, RT(3));

	/* from a child while waiting */
	pid_t child = fork();
	if (child == 0) {
		usleep(50000);
		_exit(sigq(getppid(), RT(3), 42) ? 1 : 0);
	}
	sig = sigtimedwait(&set, &si, &long_wait);
	num_is("sigtimedwait for a child's sigqueue", sig, RT(3));
	truth("... si_pid the child's, si_value 42, SI_QUEUE",
	      si.si_pid == child && si.si_value.sival_int == 42 && si.si_code == SI_QUEUE);
	waitpid(child, 0, 0);

	/* a handled signal outside the set: EINTR, and its handler has run */
	handle(SIGUSR2, SA_RESTART, 0);
	int from = nseen;
	child = fork();
	if (child == 0) {
		usleep(50000);
		_exit(kill(getppid(), SIGUSR2) ? 1 : 0);
	}
	err_is("sigtimedwait cut short by a handled signal", sigtimedwait(&set, &si, &long_wait), "EINTR");
	num_is("... its handler ran", nseen - from, 1);
	waitpid(child, 0, 0);
	sigprocmask(SIG_UNBLOCK, &set, 0);
}

/* RLIMIT_SIGPENDING: at most that many queued at once (Linux counts per user, and the
 * test is the only process with signals pending). */
static void limit(void)
{
	struct rlimit old, lim;
	getrlimit(RLIMIT_SIGPENDING, &old);
	lim = (struct rlimit){4, old.rlim_max};
	err_is("setrlimit RLIMIT_SIGPENDING 4", setrlimit(RLIMIT_SIGPENDING, &lim), "0");
	sigset_t set;
	sigemptyset(&set);
	for (int k = 5; k <= 7; k++)
		sigaddset(&set, RT(k));
	sigprocmask(SIG_BLOCK, &set, 0);
	char w[64];
	for (int v = 1; v <= 4; v++) {
		snprintf(w, sizeof w, "sigqueue RTMIN+5 #%d", v);
		err_is(w, sigq(getpid(), RT(5), v), "0");
	}
	err_is("sigqueue RTMIN+5 #5: the queue is full", sigq(getpid(), RT(5), 5), "EAGAIN");
	err_is("sigqueue RTMIN+6: full", sigq(getpid(), RT(6), 1), "EAGAIN");
	err_is("kill RTMIN+6: full, kept without its siginfo", kill(getpid(), RT(6)), "0");
	err_is("kill RTMIN+6 again", kill(getpid(), RT(6)), "0");
	err_is("tgkill RTMIN+7: full", syscall(SYS_tgkill, getpid(), getpid(), RT(7)), "EAGAIN");
	pid_t child = fork();
	if (child == 0) {
		int e = sigq(getppid(), RT(5), 99) ? errno : 0;
		_exit(e == EAGAIN ? 0 : 1);
	}
	int st;
	waitpid(child, &st, 0);
	truth("a child's sigqueue to the full parent: EAGAIN", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	siginfo_t si;
	struct timespec zero = {0, 0};
	char got[96];
	static const char *const want[] = {
		"RTMIN+5 SI_QUEUE value 1 self uid 0", "RTMIN+5 SI_QUEUE value 2 self uid 0",
		"RTMIN+5 SI_QUEUE value 3 self uid 0", "RTMIN+5 SI_QUEUE value 4 self uid 0",
		"RTMIN+6 SI_USER value 0 not self uid 0", "EAGAIN",
	};
	for (int i = 0; i < 6; i++) {
		memset(&si, 0, sizeof si);
		int sig = sigtimedwait(&set, &si, &zero);
		struct seen s = {sig, si.si_code, si.si_pid == getpid(), (int)si.si_uid, si.si_value.sival_int, 0, 0};
		snprintf(w, sizeof w, "taken from the full queue #%d", i + 1);
		result(w, sig > 0 ? seen_text(&s, got, sizeof got) : ename(errno), want[i]);
	}
	int ok = 0;
	for (int v = 1; v <= 4; v++)
		ok += sigq(getpid(), RT(5), v) == 0;
	num_is("room again: four queued", ok, 4);
	for (int i = 0; i < 4; i++)
		sigtimedwait(&set, &si, &zero);
	setrlimit(RLIMIT_SIGPENDING, &old);
	sigprocmask(SIG_UNBLOCK, &set, 0);
}

/* ppoll and pselect with a mask: swapped in for the wait, the old one back after. */
static void masked_waits(void)
{
	int fds[2];
	pipe(fds);
	handle(SIGUSR1, SA_RESTART, 0);
	handle(SIGUSR2, 0, 0);
	sigset_t block, none, cur;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, 0);
	sigemptyset(&none);
	struct pollfd pfd = {fds[0], POLLIN, 0};
	struct timespec second = {1, 0}, zero = {0, 0}, short_wait = {0, 20000000};

	raise(SIGUSR1);
	int from = nseen;
	err_is("ppoll, a pending signal the mask unblocks", ppoll(&pfd, 1, &second, &none), "EINTR");
	num_is("... its handler ran (SA_RESTART does not restart ppoll)", nseen - from, 1);
	if (nseen > from)
		truth("... under the ppoll mask (SIGTERM not blocked)", !seen[from].term_blocked);
	sigprocmask(SIG_BLOCK, 0, &cur);
	truth("... the old mask back", sigismember(&cur, SIGUSR1) && sigismember(&cur, SIGTERM));

	raise(SIGUSR1);
	from = nseen;
	err_is("ppoll timeout 0, a pending signal the mask unblocks", ppoll(&pfd, 1, &zero, &none), "EINTR");
	num_is("... its handler ran", nseen - from, 1);

	raise(SIGUSR1);
	from = nseen;
	sigset_t keep = block;
	num_is("ppoll, the mask keeps it blocked: timeout", ppoll(&pfd, 1, &short_wait, &keep), 0);
	num_is("... no handler ran", nseen - from, 0);
	write(fds[1], "x", 1);
	num_is("ppoll, ready and a pending signal the mask unblocks", ppoll(&pfd, 1, &second, &none), 1);
	num_is("... no handler ran (the ready descriptor first)", nseen - from, 0);
	sigset_t p;
	sigpending(&p);
	truth("... it is still pending, blocked", sigismember(&p, SIGUSR1));
	sigprocmask(SIG_BLOCK, 0, &cur);
	truth("... the old mask back", sigismember(&cur, SIGUSR1));
	char c;
	read(fds[0], &c, 1);
	mask(SIG_UNBLOCK, SIGUSR1);
	num_is("unblocked: the handler ran", nseen - from, 1);
	mask(SIG_BLOCK, SIGUSR1);

	/* a signal from a child during the wait */
	pid_t child = fork();
	if (child == 0) {
		usleep(50000);
		_exit(kill(getppid(), SIGUSR2) ? 1 : 0);
	}
	from = nseen;
	err_is("ppoll, a child's signal the mask unblocks", ppoll(&pfd, 1, &second, &none), "EINTR");
	num_is("... its handler ran", nseen - from, 1);
	if (nseen > from)
		truth("... under the ppoll mask (SIGTERM not blocked)", !seen[from].term_blocked);
	waitpid(child, 0, 0);
	sigprocmask(SIG_BLOCK, 0, &cur);
	truth("... the old mask back", sigismember(&cur, SIGUSR2) && sigismember(&cur, SIGTERM));

	/* no timeout: the wait ends when the descriptor is ready */
	child = fork();
	if (child == 0) {
		usleep(50000);
		_exit(write(fds[1], "y", 1) == 1 ? 0 : 1);
	}
	from = nseen;
	num_is("ppoll without timeout, with a mask: a child's write", ppoll(&pfd, 1, 0, &keep), 1);
	num_is("... no handler ran", nseen - from, 0);
	read(fds[0], &c, 1);
	waitpid(child, 0, 0);

	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	raise(SIGUSR1);
	from = nseen;
	err_is("pselect, a pending signal the mask unblocks", pselect(fds[0] + 1, &rd, 0, 0, &second, &none), "EINTR");
	num_is("... its handler ran", nseen - from, 1);
	sigprocmask(SIG_BLOCK, 0, &cur);
	truth("... the old mask back", sigismember(&cur, SIGUSR1) && sigismember(&cur, SIGTERM));
	child = fork();
	if (child == 0) {
		usleep(50000);
		_exit(kill(getppid(), SIGUSR2) ? 1 : 0);
	}
	from = nseen;
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	err_is("pselect, a child's signal the mask unblocks", pselect(fds[0] + 1, &rd, 0, 0, &second, &none), "EINTR");
	num_is("... its handler ran", nseen - from, 1);
	waitpid(child, 0, 0);
	raise(SIGUSR1);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	from = nseen;
	num_is("pselect, the mask keeps it blocked: timeout", pselect(fds[0] + 1, &rd, 0, 0, &zero, &keep), 0);
	num_is("... no handler ran", nseen - from, 0);
	sigprocmask(SIG_UNBLOCK, &block, 0);
	num_is("unblocked: the handler ran", nseen - from, 1);
	close(fds[0]);
	close(fds[1]);
}

/* A blocked SIGCHLD left at its default action (ignore) is still kept for sigtimedwait:
 * a child's end is taken at once with its siginfo, not after the timeout. */
static void default_sigchld(void)
{
	sigset_t s, old;
	sigemptyset(&s);
	sigaddset(&s, SIGCHLD);
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_BLOCK, &s, &old);
	pid_t pid = fork();
	if (pid == 0)
		_exit(5);
	struct timespec t = {5, 0};
	siginfo_t si;
	num_is("sigtimedwait for a blocked SIGCHLD at its default action", sigtimedwait(&s, &si, &t), SIGCHLD);
	truth("... its siginfo: the child, exited, status 5",
	      si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 5);
	int st;
	truth("... and the child is still there to wait for", waitpid(pid, &st, 0) == pid);
	sigprocmask(SIG_SETMASK, &old, 0);
}

int main(void)
{
	queue_order();
	queue_errors();
	waiting();
	limit();
	masked_waits();
	default_sigchld();
	return summary();
}
