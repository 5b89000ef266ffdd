/* init.c - the first program. It shows the message of the day from the root file
 * system, reports what the system looks like, then runs the shell /bin/sh (which runs
 * the start script /etc/rc) if the root has one, and exits with the shell's status (0
 * without a shell); the VM server then powers the machine off with init's exit status.
 * `make run PROG=file.c` replaces it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "vmclient.h"
#include "rt/errno.h"

#define SHELL "/bin/sh"

/* Start SHELL from the root file system and wait for it: its exit status, or 1 if it
 * could not be started. No shell on the root is not an error: 0. */
static int run_shell(void)
{
	int fd = open(SHELL, O_RDONLY);
	if (fd < 0) {
		printf("init: no %s on the root file system (%s)\n", SHELL, strerror(errno));
		return 0;
	}
	printf("init: starting %s\n", SHELL);
	char *argv[] = {SHELL, 0};
	long child = vm_spawn_fd(fd, argv, 4);
	close(fd);
	struct vm_wait_rep rep;
	long e = child < 0 ? child : vm_wait(child, &rep);
	if (e < 0) {
		rt_set_errno(-e);
		printf("init: cannot run %s: %s\n", SHELL, strerror(errno));
		return 1;
	}
	printf("init: %s exited with status %ld\n", SHELL, (long)rep.status);
	return (int)rep.status;
}

int main(void)
{
	struct vm_stat_rep st;
	char line[128];
	printf("init: started\n");
	FILE *motd = fopen("/etc/motd", "r");
	if (motd && fgets(line, sizeof line, motd))
		printf("init: %s", line);
	else
		printf("init: no /etc/motd on the root file system\n");
	if (motd)
		fclose(motd);
	if (vm_stat(&st) != 0) {
		printf("init: the VM server does not answer\n");
		return 1;
	}
	printf("init: %lu tasks, %lu of %lu frames free (%lu KiB)\n", (unsigned long)st.tasks,
	       (unsigned long)st.free_frames, (unsigned long)st.total_frames,
	       (unsigned long)st.free_frames * 4);
	int status = run_shell();
	printf("init: to boot your own program instead, try make run PROG=user/examples/hello.c\n");
	return status;
}
