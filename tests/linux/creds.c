/* creds.c - user and group ids and what they allow, for the differential test: the
 * get*id and getres*id calls, set*id's rules for root and for an ordinary user (setuid,
 * seteuid and back through the saved id, setreuid and setresuid, the gid twins, setfsuid),
 * kill's permission check between users (SIGCONT within the session allowed), and
 * RLIMIT_NPROC: an ordinary user's fork fails with EAGAIN at the limit and works again
 * once its children are reaped, root is not held to it, raising the hard limit needs
 * root, and an execve after a setuid that put the user over the limit fails with EAGAIN.
 * Each case runs in a child (ids do not come back), which writes what it saw into a
 * shared page for the parent to check. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "diffcheck.h"

static char *seen;        /* MAP_SHARED: what the child saw */
static int release[2];    /* children wait for this pipe's end */
static const char *self;  /* argv[0], for the execve case */

/* Run fn in a child and wait for it; what it wrote into seen (cleared first), or "child
 * status N" if it ended other than with 0. */
static const char *in_child(void (*fn)(void))
{
	memset(seen, 0, 4096);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st)) {
		snprintf(seen, 4096, "child status %#x", st);
	}
	return seen;
}

/* Append text to seen. */
static void note(const char *fmt, long v)
{
	size_t n = strlen(seen);
	snprintf(seen + n, 4096 - n, fmt, v);
}

/* Append "name=r/e/s " for the three uids (or gids). */
static void note_ids(int gid)
{
	uid_t r, e, s;
	if (gid)
		getresgid(&r, &e, &s);
	else
		getresuid(&r, &e, &s);
	size_t n = strlen(seen);
	snprintf(seen + n, 4096 - n, "%u/%u/%u ", r, e, s);
}

/* Append what a call gave: "0", or errno's name. */
static void note_call(long r)
{
	size_t n = strlen(seen);
	snprintf(seen + n, 4096 - n, "%s ", r == -1 ? ename(errno) : r == 0 ? "0" : "success");
}

static void seteuid_and_back(void)
{
	note_call(seteuid(1000));
	note_ids(0);
	note_call(setresuid(2000, -1, -1));   /* not one it has */
	note_call(setuid(0));                 /* the real id: only the effective one changes */
	note_ids(0);
}

static void setuid_for_good(void)
{
	note_call(setuid(1000));
	note_ids(0);
	note_call(setuid(0));
	note_call(seteuid(0));
	note_call(setresuid(-1, -1, -1));
	note_call(setuid(-1));
	note_call(setreuid(1000, 1000));
	note("geteuid %ld", (long)geteuid());
}

static void setreuid_rules(void)
{
	note_call(setreuid(1000, 2000));   /* root: the saved id follows the effective one */
	note_ids(0);
	note_call(setreuid(-1, 1000));     /* effective back to the real id: saved stays */
	note_ids(0);
	note_call(setreuid(3000, -1));     /* not the real or effective id */
	note_call(setreuid(2000, -1));     /* the saved id will not do for the real one */
	note_call(setreuid(-1, 2000));     /* ... but will for the effective one */
	note_ids(0);
}

static void gid_rules(void)
{
	note_call(setresgid(10, 20, 30));
	note_ids(1);
	note_call(setgid(40));   /* root: all three */
	note_ids(1);
	note_call(setresgid(10, 20, 30));
	note_call(setuid(1000));
	note_call(setgid(20));   /* the effective gid is neither the real nor the saved one */
	note_call(setgid(30));
	note_ids(1);
	note_call(setregid(30, 10));
	note_ids(1);
	note("getgid %ld ", (long)getgid());
	note("getegid %ld", (long)getegid());
}

static void groups_rules(void)
{
	gid_t list[4] = {30, 10, 20, 10}, got[8];
	note("getgroups %ld ", (long)getgroups(0, 0));
	note_call(setgroups(4, list));
	long n = getgroups(8, got);
	note("then %ld:", n);
	for (long i = 0; i < n && i < 8; i++)
		note(" %ld", (long)got[i]);
	note(" ", 0);
	note_call(getgroups(2, got) < 0 ? -1 : 1);   /* too small: EINVAL */
	note_call(getgroups(8, bad_pointer) < 0 ? -1 : 1);
	note_call(setgroups(1, bad_pointer));
	note_call(setgroups(70000, list));
	note_call(setuid(1000));
	note_call(setgroups(0, 0));
	note("kept %ld", (long)getgroups(0, 0));
}

static void fsuid_rules(void)
{
	note("setfsuid 500 %ld ", (long)setfsuid(500));
	note("query %ld ", (long)setfsuid(-1));
	note_call(setuid(1000));   /* follows the effective id */
	note("query %ld ", (long)setfsuid(-1));
	note("setfsuid 0 %ld ", (long)setfsuid(0));   /* not allowed: unchanged */
	note("query %ld", (long)setfsuid(-1));
}

static void kill_between_users(void)
{
	pid_t parent = getppid();
	pipe(release);
	pid_t root_child = fork();
	if (root_child == 0) {
		char b;
		close(release[1]);
		read(release[0], &b, 1);   /* until its parent closes the pipe */
		_exit(0);
	}
	note_call(setuid(1000));
	note_call(kill(parent, 0));
	note_call(kill(root_child, SIGTERM));
	note_call(kill(parent, SIGCONT));   /* the same session: allowed */
	note_call(kill(root_child, SIGCONT));
	close(release[0]), close(release[1]);
	waitpid(root_child, 0, 0);
}


/* Fork children that wait until release is closed, until fork fails: how many. */
static int fork_until_refused(void)
{
	int n = 0;
	for (; n < 5; n++) {
		pid_t c = fork();
		if (c < 0)
			break;
		if (c == 0) {
			char b;
			close(release[1]);
			read(release[0], &b, 1);
			_exit(0);
		}
	}
	return n;
}

static void nproc_user(void)
{
	struct rlimit lim = {3, 3};
	note_call(setrlimit(RLIMIT_NPROC, &lim));
	note_call(setuid(1000));
	pipe(release);
	int n = fork_until_refused();
	note("forks %ld ", n);
	note_call(-1);
	close(release[0]), close(release[1]);
	while (wait(0) > 0)
		;
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	note_call(c > 0 ? 0 : -1);
	waitpid(c, 0, 0);
	lim.rlim_max = 10;
	note_call(setrlimit(RLIMIT_NPROC, &lim));   /* raising the hard limit */
	getrlimit(RLIMIT_NPROC, &lim);
	note("limit %ld", (long)lim.rlim_cur);
}

static void nproc_root(void)
{
	struct rlimit lim = {1, 1};
	note_call(setrlimit(RLIMIT_NPROC, &lim));
	pipe(release);
	int n = fork_until_refused();
	close(release[0]), close(release[1]);
	while (wait(0) > 0)
		;
	note("root forks past the limit %ld", n >= 3);
}

/* A child that takes uid 1000, says so on ready, and waits for release. */
static void user_child(const int ready[2])
{
	char b;
	if (fork() == 0) {
		setuid(1000);
		write(ready[1], "u", 1);
		close(release[1]);
		read(release[0], &b, 1);
		_exit(0);
	}
	read(ready[0], &b, 1);
}

static void nproc_exec(void)
{
	struct rlimit lim = {1, 1};
	setrlimit(RLIMIT_NPROC, &lim);
	int ready[2];
	pipe(release);
	pipe(ready);
	user_child(ready);   /* two tasks of uid 1000 */
	user_child(ready);
	note_call(setuid(1000));   /* over the limit: not an error here ... */
	char *argv[] = {(char *)self, "exec-child", 0};
	note_call(execv(self, argv));   /* ... but for execve */
	close(release[0]), close(release[1]);
	while (wait(0) > 0)
		;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-child"))
		return 77;
	self = argv[0];
	setvbuf(stdout, 0, _IOLBF, 0);
	seen = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uid_t r, e, s;
	num_is("getuid", getuid(), 0);
	num_is("geteuid", geteuid(), 0);
	num_is("getgid", getgid(), 0);
	num_is("getegid", getegid(), 0);
	err_is("getresuid", getresuid(&r, &e, &s), "0");
	truth("getresuid: all 0", r == 0 && e == 0 && s == 0);
	err_is("getresuid into a bad pointer", getresuid(bad_pointer, &e, &s), "EFAULT");
	result("seteuid and back", in_child(seteuid_and_back), "0 0/1000/0 EPERM 0 0/0/0 ");
	result("setuid as root", in_child(setuid_for_good), "0 1000/1000/1000 EPERM EPERM 0 EINVAL 0 geteuid 1000");
	result("setreuid", in_child(setreuid_rules),
	       "0 1000/2000/2000 0 1000/1000/2000 EPERM EPERM 0 1000/2000/2000 ");
	result("gids", in_child(gid_rules),
	       "0 10/20/30 0 40/40/40 0 0 EPERM 0 10/30/30 0 30/10/10 getgid 30 getegid 10");
	result("groups", in_child(groups_rules), "getgroups 0 0 then 4: 10 10 20 30 EINVAL EFAULT EFAULT EINVAL 0 EPERM kept 4");
	result("setfsuid", in_child(fsuid_rules), "setfsuid 500 0 query 500 0 query 1000 setfsuid 0 1000 query 1000");
	result("kill between users", in_child(kill_between_users), "0 EPERM EPERM 0 0 ");
	result("RLIMIT_NPROC for a user", in_child(nproc_user), "0 0 forks 2 EAGAIN 0 EPERM limit 3");
	result("RLIMIT_NPROC for root", in_child(nproc_root), "0 root forks past the limit 1");
	result("execve over RLIMIT_NPROC", in_child(nproc_exec), "0 EAGAIN ");
	return summary();
}
