/* prog-init.c - /init of the Linux side of scripts/linux-diff.sh: what our init does with
 * /etc/init.args (user/init.c, user/initargs.h), on Linux. It mounts /proc and, as ours
 * has them, tmpfs of 16 MiB and 1024 inodes on /tmp and /dev/shm, starts the
 * program with the arguments of /etc/init.args and the same environment, between the same
 * marker lines, waits for it (reaping the orphans it adopts meanwhile), prints its
 * status as our init does (128 + signal if a signal ended it) and powers the machine off. Built static with riscv64-linux-gnu-gcc -Iuser. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "initargs.h"

/* Let the console finish writing, then power off (RB_POWER_OFF is the reboot(2) command
 * LINUX_REBOOT_CMD_POWER_OFF). If init returned, the kernel would panic instead. */
static _Noreturn void power_off(void)
{
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	sync();
	reboot(RB_POWER_OFF);
	printf("init: reboot(RB_POWER_OFF): %s\n", strerror(errno));
	for (;;)
		pause();
}

/* Run argv[0] between the marker lines: its status, 127 if there is no such file and 126
 * if it cannot be started (our init's numbers). */
static int run_program(char *const argv[])
{
	printf("init: running %s with the arguments of %s\n", argv[0], INIT_ARGS_PATH);
	printf(INIT_MARK_START "\n");
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		execve(argv[0], argv, init_env);
		int missing = errno == ENOENT;
		printf("init: cannot %s %s: %s\n", missing ? "open" : "run", argv[0], strerror(errno));
		fflush(stdout);
		_exit(missing ? 127 : 126);
	}
	int st = 0;
	pid_t r = -1;
	if (child > 0)
		while ((r = waitpid(-1, &st, 0)) != child && (r >= 0 || errno == EINTR))
			;   /* orphans it adopted are reaped on the way, as our init does */
	int status = r < 0 ? 126 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (r < 0)
		printf("init: cannot run %s: %s\n", argv[0], strerror(errno));
	printf(INIT_MARK_END, status);
	return status;
}

int main(void)
{
	char args[INIT_ARGS_MAX + 1], *argv[INIT_ARGC_MAX + 1];
	const char *why = 0;
	printf("init: started (Linux baseline)\n");
	if (mount("proc", "/proc", "proc", 0, 0) < 0)
		printf("init: cannot mount /proc: %s\n", strerror(errno));
	for (int i = 0; i < 2; i++) {   /* ours: servers/fs/tmpfs_vfs.h */
		const char *at = i ? "/dev/shm" : "/tmp";
		mkdir(at, 01777);
		if (mount("tmpfs", at, "tmpfs", 0, "size=16m,nr_inodes=1024,mode=1777") < 0)
			printf("init: cannot mount tmpfs on %s: %s\n", at, strerror(errno));
	}
	int argc = init_args_load(args, argv, &why);
	if (argc > 0)
		run_program(argv);
	else
		printf("init: %s: %s\n", INIT_ARGS_PATH, argc == 0 ? "no such file" : why);
	power_off();
}
