/* kill.c - signals between processes for the differential test: default actions on a
 * child that waits in a read and on one that computes, handlers entered asynchronously,
 * a blocking read ended by EINTR or restarted with SA_RESTART, nanosleep's EINTR and
 * time left, waitpid interrupted, sigsuspend and pause, SIGCHLD with its siginfo, stops
 * and continues (SIGSTOP, SIGTSTP, SIGCONT, WUNTRACED, WCONTINUED, WSTOPPED), kill's
 * errors and signal 0, and process groups and sessions: setpgid, getpgid, setsid,
 * getsid, and a kill of a whole group. A child reports by its exit status. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diffcheck.h"

static int ready[2];
static volatile sig_atomic_t got, chld_pid, chld_code, chld_status;

static void on_usr1(int sig) { got = sig; }

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	chld_pid = si->si_pid, chld_code = si->si_code, chld_status = si->si_status;
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = {0};
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, 0);
}

/* Fork a child running fn (its return is its exit status); the parent returns once the
 * child said it is about to wait (tell()), and a little after, so that it waits. */
static pid_t spawn(int (*fn)(void))
{
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		_exit(fn());
	}
	close(ready[1]);
	char c;
	read(ready[0], &c, 1);
	close(ready[0]);
	usleep(30000);
	return pid;
}

static void tell(void)
{
	write(ready[1], "r", 1);
	close(ready[1]);
}

static const char *status_text(pid_t pid)
{
	static char buf[40];
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return "no status";
	if (WIFEXITED(st))
		snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(st));
	else
		snprintf(buf, sizeof buf, "signal %d", WTERMSIG(st));
	return buf;
}

static int data[2];   /* a pipe nobody writes, to wait in */

static int read_blocks(void)
{
	char c;
	tell();
	return (int)read(data[0], &c, 1);
}

static int spins(void)
{
	tell();
	for (;;)
		__asm__ volatile("");
}

static int read_eintr(void)
{
	char c;
	handle(SIGUSR1, on_usr1, 0);
	tell();
	ssize_t n = read(data[0], &c, 1);
	return n == -1 && errno == EINTR && got == SIGUSR1 ? 0 : 1;
}

static int read_restarts(void)
{
	char c = 0;
	handle(SIGUSR1, on_usr1, SA_RESTART);
	tell();
	ssize_t n = read(data[0], &c, 1);   /* the parent writes after the signal */
	return n == 1 && c == 'd' && got == SIGUSR1 ? 0 : 1;
}

static int sleep_eintr(void)
{
	struct timespec t = {10, 0}, left = {0, 0};
	handle(SIGUSR1, on_usr1, SA_RESTART);   /* nanosleep is never restarted */
	tell();
	int r = nanosleep(&t, &left);
	return r == -1 && errno == EINTR && got && left.tv_sec > 5 && left.tv_sec <= 10 ? 0 : 1;
}

static int handler_while_spinning(void)
{
	handle(SIGUSR1, on_usr1, 0);
	tell();
	while (!got)
		__asm__ volatile("");
	return 0;
}

static int waitpid_eintr(void)
{
	pid_t g = fork();
	if (g == 0) {
		pause();
		_exit(0);
	}
	handle(SIGUSR1, on_usr1, 0);
	tell();
	int st, r = waitpid(g, &st, 0), e = errno;
	kill(g, SIGKILL);
	waitpid(g, &st, 0);
	return r == -1 && e == EINTR ? 0 : 1;
}

static int suspends(void)
{
	sigset_t block, none, now;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, 0);
	handle(SIGUSR1, on_usr1, 0);
	sigemptyset(&none);
	tell();
	int r = sigsuspend(&none), e = errno;
	sigprocmask(SIG_BLOCK, 0, &now);
	return r == -1 && e == EINTR && got && sigismember(&now, SIGUSR1) ? 0 : 1;
}

static int pauses(void)
{
	handle(SIGUSR1, on_usr1, 0);
	tell();
	int r = pause();
	return r == -1 && errno == EINTR && got ? 0 : 1;
}

/* Each case: a child running fn, sent sig once it waits, and how it must end. */
static const struct {
	const char *what;
	int (*fn)(void);
	int sig;
	const char *want;
} cases[] = {
	{"SIGTERM ends a child waiting in read", read_blocks, SIGTERM, "signal 15"},
	{"SIGTERM ends a child that computes", spins, SIGTERM, "signal 15"},
	{"SIGKILL too", spins, SIGKILL, "signal 9"},
	{"a handler, then read fails with EINTR", read_eintr, SIGUSR1, "exit 0"},
	{"with SA_RESTART the read is made again", read_restarts, SIGUSR1, "exit 0"},
	{"nanosleep: EINTR and the time left", sleep_eintr, SIGUSR1, "exit 0"},
	{"a handler runs in a child that computes", handler_while_spinning, SIGUSR1, "exit 0"},
	{"waitpid cut short: EINTR", waitpid_eintr, SIGUSR1, "exit 0"},
	{"sigsuspend: the handler, EINTR, the mask back", suspends, SIGUSR1, "exit 0"},
	{"pause: EINTR after the handler", pauses, SIGUSR1, "exit 0"},
};

static void test_delivery(void)
{
	pipe(data);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pid_t pid = spawn(cases[i].fn);
		kill(pid, cases[i].sig);
		if (cases[i].fn == read_restarts) {   /* what the restarted read gets */
			usleep(30000);
			write(data[1], "d", 1);
		}
		result(cases[i].what, status_text(pid), cases[i].want);
	}
	close(data[0]), close(data[1]);
}

static void test_sigchld(void)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(5);
	int st;
	waitpid(pid, &st, 0);
	for (int i = 0; i < 100 && !chld_pid; i++)
		usleep(1000);
	truth("SIGCHLD: si_pid the child, CLD_EXITED, status 5",
	      chld_pid == pid && chld_code == CLD_EXITED && chld_status == 5);
	signal(SIGCHLD, SIG_DFL);
}

static void test_errors(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	err_is("kill with signal 0 of a child", kill(pid, 0), "0");
	err_is("kill with signal 99", kill(pid, 99), "EINVAL");
	err_is("kill with signal -1", kill(pid, -1), "EINVAL");
	kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st, 0);
	err_is("kill of a pid that is gone", kill(pid, 0), "ESRCH");
	err_is("kill of group 12345678", kill(-12345678, SIGTERM), "ESRCH");
	err_is("tgkill of another's thread", syscall(SYS_tgkill, getpid(), 12345678, SIGTERM), "ESRCH");
}

/* In a group of its own, whose parent is in another group of the session: not an
 * orphaned group, where Linux discards SIGTSTP. */
static int stops_itself(void)
{
	setpgid(0, 0);
	tell();
	raise(SIGTSTP);   /* default: stop, until a SIGCONT */
	return 6;
}

/* In the program's own group, whose members' parents are all outside the session (init)
 * or inside the group: orphaned, so SIGTSTP's default action does nothing. */
static int tstp_orphaned(void)
{
	tell();
	raise(SIGTSTP);
	return 7;
}

/* Stop and continue: kill with SIGSTOP and SIGCONT seen by waitpid's WUNTRACED and
 * WCONTINUED, and by waitid's WSTOPPED; a child stopping itself. */
static void test_stops(void)
{
	int st;
	siginfo_t si;
	pipe(data);
	pid_t pid = spawn(read_blocks);
	kill(pid, SIGSTOP);
	truth("SIGSTOP: WUNTRACED reports it stopped by 19",
	      waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	num_is("... once", waitpid(pid, &st, WUNTRACED | WNOHANG), 0);
	kill(pid, SIGCONT);
	truth("SIGCONT: WCONTINUED reports it continued", waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st));
	kill(pid, SIGSTOP);
	memset(&si, 0, sizeof si);
	err_is("waitid WSTOPPED", waitid(P_PID, (id_t)pid, &si, WSTOPPED), "0");
	truth("... CLD_STOPPED, status 19", si.si_pid == pid && si.si_code == CLD_STOPPED && si.si_status == SIGSTOP);
	kill(pid, SIGTERM);   /* pending while it is stopped ... */
	num_is("a stopped child stays while SIGTERM waits", waitpid(pid, &st, WNOHANG), 0);
	kill(pid, SIGCONT);   /* ... and ends it once continued */
	result("... SIGCONT, then SIGTERM ends it", status_text(pid), "signal 15");
	pid = spawn(stops_itself);
	truth("a child stopping itself with SIGTSTP", waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) &&
	                                              WSTOPSIG(st) == SIGTSTP);
	kill(pid, SIGCONT);
	result("... goes on after SIGCONT", status_text(pid), "exit 6");
	pid = spawn(tstp_orphaned);
	result("SIGTSTP does not stop a process of an orphaned group", status_text(pid), "exit 7");
	close(data[0]), close(data[1]);
}

static int group_leader(void)
{
	int ok = setpgid(0, 0) == 0 && getpgid(0) == getpid();
	ok &= setsid() == -1 && errno == EPERM;   /* a group leader */
	tell();
	pause();
	return ok ? 0 : 1;
}

static int group_of_its_own(void)
{
	int ok = setpgid(0, 0) == 0;
	tell();
	return ok ? 0 : 1;
}

static int new_session(void)
{
	pid_t s = setsid();
	int ok = s == getpid() && getsid(0) == s && getpgid(0) == s;
	ok &= setpgid(0, getppid()) == -1;   /* a session leader cannot move */
	tell();
	return ok ? 0 : 1;
}

static void test_groups(void)
{
	err_is("setpgid with a negative group", setpgid(0, -1), "EINVAL");
	err_is("setpgid of a pid that is not a child", setpgid(1, 0), "ESRCH");
	truth("getpgid(0) is getpgid(getpid())", getpgid(0) == getpgid(getpid()));
	truth("getsid(0) is getsid(getpid())", getsid(0) == getsid(getpid()));
	err_is("getpgid of no such pid", getpgid(12345678), "ESRCH");
	pid_t a = spawn(group_leader);
	truth("a child's own group", getpgid(a) == a);
	pipe(ready);
	pid_t b = fork();
	if (b == 0) {
		close(ready[0]);
		close(ready[1]);
		pause();
		_exit(0);
	}
	close(ready[0]), close(ready[1]);
	err_is("setpgid of a child into that group", setpgid(b, a), "0");
	truth("... it is there", getpgid(b) == a);
	err_is("kill of the group", kill(-a, SIGTERM), "0");
	result("... its leader ends", status_text(a), "signal 15");
	result("... and its other member", status_text(b), "signal 15");
	pid_t c = spawn(new_session);
	result("setsid: a new session and group, led by the child", status_text(c), "exit 0");
	/* A group whose only member has ended but is not reaped yet still exists (its pid
	 * holds it): as a shell's pipeline, whose first command may end before the others
	 * join its group. */
	pid_t z = spawn(group_of_its_own);
	usleep(100000);   /* (it has ended: a zombie) */
	err_is("kill of a group of a zombie, signal 0", kill(-z, 0), "0");
	pid_t d = fork();
	if (d == 0)
		_exit(setpgid(0, z) == 0 && getpgid(0) == z ? 0 : 1);
	result("setpgid into the group of a zombie", status_text(d), "exit 0");
	result("... the zombie's status", status_text(z), "exit 0");
	err_is("kill of the group once it is reaped", kill(-z, 0), "ESRCH");
}

int main(void)
{
	test_delivery();
	test_sigchld();
	test_stops();
	test_errors();
	test_groups();
	return summary();
}
