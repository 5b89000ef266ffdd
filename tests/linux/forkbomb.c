/* forkbomb.c - a fork bomb is bounded, for the differential test: the program forks
 * children that wait, until fork fails or 200 exist. Here the task table ends it first
 * (fork fails with EAGAIN, as when Linux's RLIMIT_NPROC or pid space runs out); Linux
 * 6.1 with 256 MiB makes all 200. Either way the system keeps working: the children
 * end when their pipe closes, each is reaped, fork works again, and a second bomb
 * leaves the free memory as it found it (exactly here, where nothing else runs; within
 * 16 MiB on Linux, whose per-CPU page lists keep pages). The first bomb is what makes the servers' tables resident. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "diffcheck.h"

#define MAX 200

/* One bomb: how many children were made; *err the errno that stopped it (0: none). */
static int bomb(int *err)
{
	int fds[2], n = 0, reaped = 0, st;
	*err = 0;
	pipe(fds);
	while (n < MAX) {
		pid_t pid = fork();
		if (pid < 0) {
			*err = errno;
			break;
		}
		if (pid == 0) {
			char c;
			close(fds[1]);
			_exit((int)read(fds[0], &c, 1));   /* 0 at end of file */
		}
		n++;
	}
	close(fds[0]);
	close(fds[1]);
	while (wait(&st) > 0)
		reaped += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	truth("every child ended at end of file and was reaped", reaped == n);
	return n;
}

int main(void)
{
	struct sysinfo before, after;
	struct utsname u;
	int err, st;
	uname(&u);
	int exact = strstr(u.release, "rvmk") != 0;
	int n = bomb(&err);
	truth("forks until EAGAIN or 200", n == MAX || err == EAGAIN);
	truth("more than 20 made", n > 20);   /* here: 28, the kernel's 32 tasks less those running */
	pid_t again = fork();
	if (again == 0)
		_exit(4);
	truth("fork works again", again > 0 && waitpid(again, &st, 0) == again && WEXITSTATUS(st) == 4);
	sysinfo(&before);
	truth("a second bomb makes as many", bomb(&err) == n);
	sysinfo(&after);
	long diff = (long)before.freeram - (long)after.freeram;
	truth("the free memory is back", exact ? diff == 0 : diff < (16l << 20));   /* Linux: its
	                                                    per-CPU page lists, 4 harts' worth */
	return summary();
}
