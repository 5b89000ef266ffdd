/* init.c - the first program. It shows the message of the day from the root file
 * system and reports what the system looks like. Then, if the root has /etc/init.args
 * (`make run PROG=...` puts the program in /bin and its arguments there), it runs that
 * program the way user/initargs.h says and exits with its status; otherwise, if the root
 * has the shell /bin/sh (busybox's ash), it runs the start script /etc/rc with it (if
 * there is one), then an interactive shell on the console, and exits with that shell's
 * status (`exit N`, or 0 at the end of its input; 0 without a shell). The VM server then
 * powers the machine off with init's exit status, which is QEMU's exit status.
 * `make run NATIVE_PROG=file.c` boots a program of lib/rt in its place. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "vmclient.h"
#include "rt/errno.h"
#include "initargs.h"

#define SHELL  "/bin/sh"
#define RC     "/etc/rc"
#define SETSID "/usr/bin/setsid"   /* busybox's: setsid -c gives the shell the console */
#define PRIO  4

/* Start the program in the open file fd with argv and envp and wait for it: 0 and its
 * status (its exit status, or 128 + signal) in *status, or -errno. Closes fd. */
static long spawn_wait(int fd, char *const argv[], char *const envp[], int *status)
{
	fflush(stdout);   /* our output first: the child writes to the console itself */
	long child = vm_spawn_fd(fd, argv, envp, PRIO);
	close(fd);
	struct vm_wait_rep rep;
	long e = child < 0 ? child : vm_wait_reaping(child, &rep);
	if (e >= 0)
		*status = (int)rep.status;
	return e < 0 ? e : 0;
}

/* Start SHELL from the root file system with script, or (script NULL) interactive, in a
 * session of its own whose controlling terminal is the console (through SETSID -c, if
 * the root has it: job control, ^C and ^Z for its foreground job), and wait for it: its
 * exit status, or 1 if it could not be started. No shell on the root is not an error:
 * 0, and *none set. */
static int run_shell(const char *script, int *none)
{
	int fd = open(SHELL, O_RDONLY), status;
	if (fd < 0) {
		printf("init: no %s on the root file system (%s)\n", SHELL, strerror(errno));
		*none = 1;
		return 0;
	}
	char *argv[] = {SHELL, (char *)script, 0}, *session[] = {SETSID, "-c", SHELL, 0};
	char *const *args = argv;
	const char *what = script ? " " : "", *arg = script ? script : "";
	int s = script ? -1 : open(SETSID, O_RDONLY);
	if (s >= 0) {
		close(fd);
		fd = s, args = session;
	}
	printf("init: starting %s%s%s\n", SHELL, what, arg);
	long e = spawn_wait(fd, args, 0, &status);
	if (e < 0) {
		rt_set_errno(-e);
		printf("init: cannot run %s: %s\n", SHELL, strerror(errno));
		return 1;
	}
	printf("init: %s%s%s exited with status %d\n", SHELL, what, arg, status);
	return status;
}

/* Run the program of /etc/init.args between the marker lines: its exit status, or as a
 * shell says, 127 if its file cannot be opened and 126 if it cannot be started. */
static int run_program(char *const argv[])
{
	int status, fd;
	printf("init: running %s with the arguments of %s\n", argv[0], INIT_ARGS_PATH);
	printf(INIT_MARK_START "\n");
	if ((fd = open(argv[0], O_RDONLY)) < 0) {
		printf("init: cannot open %s: %s\n", argv[0], strerror(errno));
		status = 127;
	} else {
		long e = spawn_wait(fd, argv, init_env, &status);
		if (e < 0) {
			rt_set_errno(-e);
			printf("init: cannot run %s: %s\n", argv[0], strerror(errno));
			status = 126;
		}
	}
	printf(INIT_MARK_END, status);
	return status;
}

int main(void)
{
	struct vm_stat_rep st;
	char line[128], args[INIT_ARGS_MAX + 1], *argv[INIT_ARGC_MAX + 1];
	const char *why;
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
	int argc = init_args_load(args, argv, &why);
	if (argc < 0) {
		printf("init: %s: %s\n", INIT_ARGS_PATH, why);
		return 1;
	}
	if (argc > 0)
		return run_program(argv);
	int none = 0, rc = open(RC, O_RDONLY);
	if (rc >= 0) {
		close(rc);
		run_shell(RC, &none);
	}
	if (none)
		return 0;
	printf("init: type commands (busybox's ash); exit or poweroff ends the system\n");
	return run_shell(0, &none);
}
