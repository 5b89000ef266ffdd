/* orphans.c - what becomes of a process whose parent ends, for the differential test:
 * init adopts it (getppid says 1 from then on), its grandparent cannot wait for it
 * (ECHILD), and when it ends init reaps it (its pid is gone: ESRCH). A process group
 * left orphaned by an exit while one of its members is stopped gets SIGHUP and then
 * SIGCONT, whether the exit is of the member's parent in another group (Linux's
 * kill_orphaned_pgrp for a child) or of a member of that group (for the task itself);
 * a group with nobody stopped gets nothing. The adopted processes report through a pipe. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diffcheck.h"

static int report[2];   /* grandchild -> test: what it saw, a line of text */

/* Wait until pred(pid) holds, polling for up to 5 s: 1 if it did. */
static int eventually(int (*pred)(pid_t), pid_t pid)
{
	for (int i = 0; i < 500; i++) {
		if (pred(pid))
			return 1;
		usleep(10000);
	}
	return 0;
}

static int adopted(pid_t unused) { (void)unused; return getppid() == 1; }
static int gone(pid_t pid) { return kill(pid, 0) == -1 && errno == ESRCH; }

/* Write text to the report pipe in one piece. */
static void say(const char *text)
{
	write(report[1], text, strlen(text));
}

/* Read what the grandchild reported (up to its end of the pipe). */
static void heard(char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;
	while (n < size - 1 && (r = read(report[0], buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = 0;
}

/* The grandchild of the first case: it waits for its parent to end, says whether init
 * adopted it, and ends. */
static void orphan_reports(void)
{
	say(eventually(adopted, 0) ? "adopted" : "not adopted");
	_exit(0);
}

static void test_adoption(void)
{
	pipe(report);
	pid_t mid = fork();
	if (mid == 0) {
		pid_t g = fork();
		if (g == 0)
			orphan_reports();
		_exit(g > 0 ? 0 : 1);   /* the grandchild's parent ends at once */
	}
	close(report[1]);
	int st;
	result("the middle process ends", waitpid(mid, &st, 0) == mid && WIFEXITED(st) ? "exit" : "no", "exit");
	char buf[64];
	heard(buf, sizeof buf);
	close(report[0]);
	result("the orphan's getppid", buf, "adopted");
	errno = 0;
	err_is("waitpid for the grandchild", waitpid(-1, &st, WNOHANG), "ECHILD");
}

/* The second: the orphan's pid is gone once it ends, init having reaped it. */
static void test_reaped(void)
{
	int p[2], go[2];   /* the grandchild's pid to the test; the test's word that it may end */
	pipe(p);
	pipe(go);
	pid_t mid = fork();
	if (mid == 0) {
		pid_t g = fork();
		if (g == 0) {
			char c;
			read(go[0], &c, 1);   /* until the test has its pid */
			_exit(0);
		}
		write(p[1], &g, sizeof g);
		_exit(0);
	}
	pid_t g = 0;
	read(p[0], &g, sizeof g);
	int st;
	waitpid(mid, &st, 0);
	truth("the orphan runs under init", g > 0 && kill(g, 0) == 0);
	write(go[1], "x", 1);   /* it may end now */
	truth("init reaps the orphan when it ends", g > 0 && eventually(gone, g));
	close(p[0]), close(p[1]), close(go[0]), close(go[1]);
}

static volatile sig_atomic_t hups;
static void on_hup(int sig) { (void)sig; hups++; }

/* A member of a group about to be orphaned: it stops itself, and once continued says
 * how many SIGHUPs it had and whether init has adopted it. */
static void stopped_member(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, 0);
	raise(SIGSTOP);
	char line[40];
	snprintf(line, sizeof line, "hup %d %s", (int)hups, eventually(adopted, 0) ? "adopted" : "not adopted");
	say(line);
	_exit(0);
}

/* The group's link to its session ends: with own_group the ending process is itself in
 * the stopped member's group (its parent being in the test's group), else it is the
 * member's parent in the test's group and the member has a group of its own. The member
 * is stopped (stop) or not. What the member reported, into buf. */
static void orphan_group(int own_group, int stop, char *buf, size_t size)
{
	pipe(report);
	pid_t mid = fork();
	if (mid == 0) {
		if (own_group)
			setpgid(0, 0);
		pid_t g = fork();
		if (g == 0) {
			if (!own_group)
				setpgid(0, 0);
			if (stop)
				stopped_member();
			struct sigaction sa = {0};
			sa.sa_handler = on_hup;
			sigaction(SIGHUP, &sa, 0);
			eventually(adopted, 0);
			usleep(50000);   /* a SIGHUP would have come by now */
			char line[40];
			snprintf(line, sizeof line, "hup %d running", (int)hups);
			say(line);
			_exit(0);
		}
		int st;
		if (stop)   /* end only once the member has stopped */
			waitpid(g, &st, WUNTRACED);
		_exit(0);
	}
	close(report[1]);
	int st;
	waitpid(mid, &st, 0);
	heard(buf, size);
	close(report[0]);
}

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	test_adoption();
	test_reaped();
	char buf[64];
	orphan_group(0, 1, buf, sizeof buf);
	result("stopped child in its own group, parent ends", buf, "hup 1 adopted");
	orphan_group(1, 1, buf, sizeof buf);
	result("stopped member, the group's other member ends", buf, "hup 1 adopted");
	orphan_group(0, 0, buf, sizeof buf);
	result("running child in its own group, parent ends", buf, "hup 0 running");
	return summary();
}
