/* fork.c - processes for the differential test: fork's two returns and ids, memory
 * copied on write across generations (globals, heap, stack, after the fork on either
 * side), shared mappings that stay shared, MADV_DONTFORK and MADV_WIPEONFORK, mlock not
 * inherited, FP registers kept, descriptors that share their offset, pipes between
 * processes, and wait4/waitpid/waitid: exit statuses, deaths by signal (core bit clear),
 * WNOHANG, ECHILD, any child, waitid's siginfo and WNOWAIT; children not kept when
 * SIGCHLD is ignored or SA_NOCLDWAIT set (a wait then ends with ECHILD once they have
 * gone, and a SIGCHLD handler still runs); then many forks, after which
 * the memory is all back (1000 of them). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "diffcheck.h"

static int global = 1;
static char bss_page[8192];

/* Run fn in a child and wait for it: its wait status, or -1 if fork or wait failed. */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn());
	int status;
	return waitpid(pid, &status, 0) == pid ? status : -1;
}

/* What a wait status says: "exit N", "signal N" (with " core" if the bit is set). */
static const char *status_text(int st)
{
	static char buf[40];
	if (st == -1)
		return "no status";
	if (WIFEXITED(st))
		snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof buf, "signal %d%s", WTERMSIG(st), WCOREDUMP(st) ? " core" : "");
	else
		snprintf(buf, sizeof buf, "status %#x", st);
	return buf;
}

static int *heap;
static int *shared;
static char *dontfork, *wipe;

static int child_ids(void)
{
	return getppid() == (pid_t)global ? 0 : 1;   /* global holds the parent's pid here */
}

static int child_cow(void)
{
	int ok = global == 42 && heap[0] == 7 && heap[262143] == 8 && bss_page[4096] == 'b';
	global = 43, heap[0] = 70, bss_page[4096] = 'c';   /* the parent must not see these */
	*shared = 99;                                      /* ... but this */
	return ok ? 0 : 1;
}

static int child_dontfork(void)
{
	return dontfork[0];   /* SIGSEGV: not in the child */
}

static int child_wipe(void)
{
	return wipe[0] == 0 && wipe[4095] == 0 ? 0 : 1;
}

static int child_segv(void)
{
	*(volatile int *)8 = 1;
	return 0;
}

static int child_term(void)
{
	raise(SIGTERM);
	return 0;
}

static int child_exit3(void) { return 3; }

/* Three generations: each writes its own value over the one it inherited. */
static int child_generations(void)
{
	if (global != 2)
		return 1;
	global = 3;
	pid_t pid = fork();
	if (pid == 0)
		_exit(global == 3 ? (global = 4, 0) : 1);
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return 2;
	return global == 3 ? 0 : 3;
}

static int child_mlock(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;   /* no /proc: nothing to compare */
	int locked = -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "VmLck:", 6))
			locked = atoi(line + 6);
	fclose(f);
	return locked == 0 || locked == -1 ? 0 : 1;
}

static void test_ids_and_memory(void)
{
	pid_t me = getpid();
	global = (int)me;
	result("child: getppid is the parent", status_text(in_child(child_ids)), "exit 0");
	int fds[2];
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		pid_t mine = getpid();
		write(fds[1], &mine, sizeof mine);
		_exit(0);
	}
	pid_t told = 0;
	read(fds[0], &told, sizeof told);
	int st;
	truth("fork returns the child's pid, which is its getpid", pid > 0 && told == pid);
	truth("waitpid returns that pid", waitpid(pid, &st, 0) == pid);
	close(fds[0]), close(fds[1]);

	global = 42;
	heap = malloc(1 << 20);
	heap[0] = 7, heap[262143] = 8;
	bss_page[4096] = 'b';
	shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*shared = 1;
	result("child sees the parent's memory, writes its own copy", status_text(in_child(child_cow)), "exit 0");
	truth("the parent's memory is unchanged", global == 42 && heap[0] == 7 && bss_page[4096] == 'b');
	num_is("MAP_SHARED stays shared", *shared, 99);

	/* the parent writes after the fork: the child must still see the old values */
	if (pipe(fds) == 0 && (pid = fork()) == 0) {
		char c;
		read(fds[0], &c, 1);
		_exit(global == 42 && heap[0] == 7 ? 0 : 1);
	}
	global = 5, heap[0] = 6;
	write(fds[1], "x", 1);
	waitpid(pid, &st, 0);
	result("a write in the parent after fork is not the child's", status_text(st), "exit 0");
	close(fds[0]), close(fds[1]);
	free(heap);

	global = 2;
	result("copy on write across three generations", status_text(in_child(child_generations)), "exit 0");
	truth("... and the first is unchanged", global == 2);

	/* FP registers survive fork in both */
	register double fs0 __asm__("fs0") = 2.5;
	__asm__ volatile("" : "+f"(fs0));
	pid = fork();
	__asm__ volatile("" : "+f"(fs0));
	if (pid == 0)
		_exit(fs0 == 2.5 ? 0 : 1);
	waitpid(pid, &st, 0);
	result("an FP register is kept in the child", status_text(st), "exit 0");
	truth("... and in the parent", fs0 == 2.5);
}

static void test_advice(void)
{
	dontfork = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dontfork[0] = 1;
	err_is("madvise MADV_DONTFORK", madvise(dontfork, 8192, MADV_DONTFORK), "0");
	result("a MADV_DONTFORK area is not in the child", status_text(in_child(child_dontfork)), "signal 11");
	err_is("madvise MADV_DOFORK", madvise(dontfork, 8192, MADV_DOFORK), "0");
	result("... and is after MADV_DOFORK", status_text(in_child(child_dontfork)), "exit 1");
	wipe = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(wipe, 0x5a, 4096);
	err_is("madvise MADV_WIPEONFORK", madvise(wipe, 4096, MADV_WIPEONFORK), "0");
	result("a MADV_WIPEONFORK area comes up empty", status_text(in_child(child_wipe)), "exit 0");
	truth("... and keeps its contents in the parent", wipe[0] == 0x5a && wipe[4095] == 0x5a);
	err_is("mlock", mlock(wipe, 4096), "0");
	result("mlock is not inherited", status_text(in_child(child_mlock)), "exit 0");
	munlock(wipe, 4096);
}

static void test_wait(void)
{
	int st;
	result("exit status 3", status_text(in_child(child_exit3)), "exit 3");
	result("killed by SIGSEGV", status_text(in_child(child_segv)), "signal 11");
	result("killed by its own SIGTERM", status_text(in_child(child_term)), "signal 15");
	err_is("wait with no children", wait(&st), "ECHILD");
	err_is("waitpid(-1, WNOHANG) with no children", waitpid(-1, &st, WNOHANG), "ECHILD");
	err_is("waitpid of a pid that is not a child", waitpid(1, &st, 0), "ECHILD");
	err_is("wait4 with bad options", wait4(-1, &st, 0x100, 0), "EINVAL");

	int fds[2];
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(fds[1]);
		_exit(read(fds[0], &c, 1) == 0 ? 7 : 8);   /* end of file: every writer is gone */
	}
	close(fds[0]);
	num_is("WNOHANG while the child runs", waitpid(-1, &st, WNOHANG), 0);
	siginfo_t si;
	memset(&si, 0x55, sizeof si);
	err_is("waitid WNOHANG while it runs", waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG), "0");
	truth("... leaves si_pid 0", si.si_pid == 0 && si.si_signo == 0);
	close(fds[1]);
	memset(&si, 0, sizeof si);
	err_is("waitid WNOWAIT", waitid(P_ALL, 0, &si, WEXITED | WNOWAIT), "0");
	truth("... names the child, CLD_EXITED, status 7",
	      si.si_pid == pid && si.si_signo == SIGCHLD && si.si_code == CLD_EXITED && si.si_status == 7);
	result("wait(-1) then reaps it", status_text(wait4(-1, &st, 0, 0) == pid ? st : -1), "exit 7");

	pid = fork();
	if (pid == 0) {
		raise(SIGKILL);
		_exit(0);
	}
	memset(&si, 0, sizeof si);
	err_is("waitid P_PID", waitid(P_PID, (id_t)pid, &si, WEXITED), "0");
	truth("... CLD_KILLED by SIGKILL", si.si_pid == pid && si.si_code == CLD_KILLED && si.si_status == SIGKILL);
	err_is("waitid without WEXITED", waitid(P_ALL, 0, &si, WNOHANG), "EINVAL");
	err_is("waitid P_PID 0", waitid(P_PID, 0, &si, WEXITED), "EINVAL");

	/* two children: any order, both reaped */
	pid_t a = fork();
	if (a == 0)
		_exit(1);
	pid_t b = fork();
	if (b == 0)
		_exit(2);
	int sa = -1, sb = -1;
	for (int i = 0; i < 2; i++) {
		pid_t w = wait(&st);
		if (w == a)
			sa = st;
		else if (w == b)
			sb = st;
	}
	truth("two children, each reaped with its status",
	      WIFEXITED(sa) && WEXITSTATUS(sa) == 1 && WIFEXITED(sb) && WEXITSTATUS(sb) == 2);
}

static void test_descriptors(void)
{
	int fd = open("/bin/fork", O_RDONLY);
	char b[4];
	if (fd < 0) {
		result("open /bin/fork", ename(errno), "0");
		return;
	}
	pid_t pid = fork();
	if (pid == 0)
		_exit(read(fd, b, 4) == 4 && !memcmp(b, "\177ELF", 4) ? 0 : 1);
	int st;
	waitpid(pid, &st, 0);
	result("the child reads the parent's descriptor", status_text(st), "exit 0");
	num_is("... and the offset it moved is the parent's", lseek(fd, 0, SEEK_CUR), 4);
	close(fd);

	/* a round trip over two pipes */
	int up[2], down[2];
	pipe(up), pipe(down);
	pid = fork();
	if (pid == 0) {
		char buf[16];
		close(down[1]), close(up[0]);
		ssize_t n = read(down[0], buf, sizeof buf);
		for (ssize_t i = 0; i < n; i++)
			buf[i] = (char)(buf[i] - 'a' + 'A');
		write(up[1], buf, (size_t)n);
		_exit(0);
	}
	close(down[0]), close(up[1]);
	write(down[1], "hello", 5);
	char got[16] = {0};
	ssize_t n = read(up[0], got, sizeof got - 1);
	result("a pipe round trip through the child", n == 5 ? got : "short", "HELLO");
	waitpid(pid, &st, 0);
	close(down[1]), close(up[0]);
}

/* Many forks: every one succeeds, and the free memory comes back (exactly here, where
 * nothing else runs; within 4 MiB on Linux, whose caches move). */
static void test_many(void)
{
	struct sysinfo before, after;
	struct utsname u;
	uname(&u);
	int exact = strstr(u.release, "rvmk") != 0, bad = 0;
	char *touched = malloc(1 << 20);
	memset(touched, 1, 1 << 20);
	if (in_child(child_exit3) != 3 << 8)   /* the first makes what the server keeps for reuse */
		bad++;
	sysinfo(&before);
	for (int i = 0; i < 1000; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			touched[i % 256 * 4096] = 2;   /* one copy on write */
			_exit(i & 0x7f);
		}
		int st;
		if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != (i & 0x7f))
			bad++;
	}
	sysinfo(&after);
	num_is("1000 fork + exit + wait, failures", bad, 0);
	long diff = (long)before.freeram - (long)after.freeram;
	truth("the free memory is back", exact ? diff == 0 : diff < (4l << 20));
	free(touched);
}

static volatile sig_atomic_t chld_calls;
static void on_chld(int sig) { (void)sig; chld_calls++; }

/* A child that ends after a moment, while its parent waits. */
static pid_t short_child(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		_exit(3);
	}
	return pid;
}

static void test_no_zombies(void)
{
	int st;
	signal(SIGCHLD, SIG_IGN);
	pid_t pid = short_child();
	err_is("SIGCHLD ignored: waitpid waits, then", waitpid(-1, &st, 0), "ECHILD");
	/* (On Linux with several CPUs the child's pid may outlive the wait by a moment: the
	 * child releases itself on its own CPU. Look again for up to a second.) */
	int gone = kill(pid, 0);
	for (int i = 0; i < 100 && gone == 0; i++) {
		usleep(10000);
		gone = kill(pid, 0);
	}
	err_is("... the child is gone", gone, "ESRCH");
	pid = fork();
	if (pid == 0)
		_exit(4);
	usleep(50000);
	err_is("... one that ended before the wait is gone too", waitpid(pid, &st, WNOHANG), "ECHILD");
	struct sigaction sa = {0};
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, 0);
	short_child();
	err_is("SA_NOCLDWAIT: waitpid waits, then", waitpid(-1, &st, 0), "ECHILD");
	num_is("... and the SIGCHLD handler ran", chld_calls, 1);
	signal(SIGCHLD, SIG_DFL);
	pid = fork();
	if (pid == 0)
		_exit(5);
	truth("SIGCHLD back to its default: the child is kept for wait",
	      waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 5);
}

int main(void)
{
	test_ids_and_memory();
	test_advice();
	test_wait();
	test_descriptors();
	test_no_zombies();
	test_many();
	return summary();
}
