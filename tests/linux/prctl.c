/* prctl.c - the prctl options a process asks about itself, for the differential test:
 * PR_GET_NAME (the program's name at first, and after an execve), PR_SET_NAME (cut to 15
 * bytes), PR_GET/SET_DUMPABLE, PR_GET/SET_NO_NEW_PRIVS (kept across execve), EFAULT and
 * EINVAL. With the argument "image" it is the new image and reports by exit status. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "diffcheck.h"

static const char *name(void)
{
	static char n[17];
	memset(n, 0, sizeof n);
	return prctl(PR_GET_NAME, n) == 0 ? n : ename(errno);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "image"))
		return !strcmp(name(), "prctl") && prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 &&
		       prctl(PR_GET_DUMPABLE) == 1 ? 42 : 1;
	setvbuf(stdout, 0, _IOLBF, 0);
	result("PR_GET_NAME at first", name(), "prctl");
	err_is("PR_SET_NAME", prctl(PR_SET_NAME, "a-rather-long-name"), "0");
	result("... cut to 15 bytes", name(), "a-rather-long-n");
	err_is("PR_SET_NAME from a bad pointer", prctl(PR_SET_NAME, bad_pointer), "EFAULT");
	err_is("PR_GET_NAME into a bad pointer", prctl(PR_GET_NAME, bad_pointer), "EFAULT");
	num_is("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE), 1);
	err_is("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2), "EINVAL");
	err_is("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0), "0");
	num_is("... then", prctl(PR_GET_DUMPABLE), 0);
	num_is("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0);
	err_is("PR_SET_NO_NEW_PRIVS with a stray argument", prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0), "EINVAL");
	err_is("PR_SET_NO_NEW_PRIVS", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "0");
	num_is("... then", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 1);
	err_is("an unknown option", prctl(9999, 0, 0, 0, 0), "EINVAL");
	pid_t pid = fork();
	if (pid == 0) {
		result("a fork's child keeps the name", name(), "a-rather-long-n");
		char *av[] = {argv[0], "image", 0};
		execv(argv[0], av);
		_exit(2);
	}
	int st;
	waitpid(pid, &st, 0);
	num_is("after execve: the new name, no_new_privs kept, dumpable 1 (42)", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 42);
	return summary();
}
