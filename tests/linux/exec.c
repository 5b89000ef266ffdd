/* exec.c - execve for the differential test: the errors that leave the caller running
 * (no such file, a directory, a file without an execute bit, bad pointers), and what a
 * new image keeps and loses: the pid and parent, its arguments and environment as
 * given (AT_EXECFN the path, not argv[0]), descriptors without close-on-exec (sharing their offset), ignored signals, the
 * blocked mask; close-on-exec descriptors, handlers and the old memory are gone; vfork's
 * parent waits for its child's execve or _exit; Linux's limits on the arguments and
 * environment: 1.5 MiB of them arrive whole, one string of 128 KiB or more than a
 * quarter of RLIMIT_STACK in all is E2BIG, and an empty argv gets argv[0] "". The
 * program runs itself again: with the argument "image" it is the new image, reports
 * what it finds and exits with a status its parent checks. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "diffcheck.h"

#define SELF "/bin/exec"

static void on_usr1(int sig) { (void)sig; }

/* The new image: argv[2] is the pid it must have, argv[3] its parent's. */
static int image(int argc, char **argv)
{
	sigset_t set;
	struct sigaction sa;
	int ok = 1;
	ok &= argc == 4 && atoi(argv[2]) == getpid() && atoi(argv[3]) == getppid();
	ok &= !strcmp(argv[0], "exec-image") && !strcmp((const char *)getauxval(AT_EXECFN), "/bin/./exec");
	ok &= getenv("WHO") && !strcmp(getenv("WHO"), "image") && !getenv("PATH");
	ok &= fcntl(5, F_GETFD) == 0 && fcntl(6, F_GETFD) == -1 && errno == EBADF;
	ok &= lseek(5, 0, SEEK_CUR) == 2;
	ok &= sigaction(SIGUSR1, 0, &sa) == 0 && sa.sa_handler == SIG_DFL;
	ok &= sigaction(SIGUSR2, 0, &sa) == 0 && sa.sa_handler == SIG_IGN;
	ok &= sigprocmask(SIG_BLOCK, 0, &set) == 0 && sigismember(&set, SIGHUP) && !sigismember(&set, SIGINT);
	char b;
	ok &= read(5, &b, 1) == 1 && b == 'L';   /* "\177ELF": the third byte */
	return ok ? 42 : 1;
}

#define LONGEST   131071   /* MAX_ARG_STRLEN less its NUL */
#define BIG_ENVS  12
#define BIG_ENV   120000

/* The image of the big case: its arguments and environment as they were sent. */
static int big(int argc, char **argv, char **envp)
{
	int ok = argc == 3 && strlen(argv[2]) == LONGEST && argv[2][LONGEST - 1] == 'a', n = 0;
	for (; envp[n]; n++)
		ok &= strlen(envp[n]) == BIG_ENV && envp[n][0] == 'B' && envp[n][BIG_ENV - 1] == 'a' + n;
	return ok && n == BIG_ENVS ? 44 : 1;
}

/* A string of n bytes c (with a NUL after them), from the heap. */
static char *string_of(size_t n, char c)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = 0;
	return s;
}

/* execve(SELF, av, ev) in a child: its exit status, or -1. */
static int exec_status(char *const av[], char *const ev[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execve(SELF, av, ev);
		_exit(2);
	}
	int st;
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void limits(void)
{
	char *av[] = {SELF, "big", string_of(LONGEST, 'a'), 0}, *ev[BIG_ENVS + 1];
	for (int i = 0; i < BIG_ENVS; i++)
		ev[i] = string_of(BIG_ENV, 'a' + i), ev[i][0] = 'B';
	ev[BIG_ENVS] = 0;
	num_is("execve with 1.5 MiB of arguments and environment: all there (44)", exec_status(av, ev), 44);
	char *too_long[] = {SELF, string_of(LONGEST + 1, 'a'), 0};
	err_is("execve with a string of 128 KiB", execve(SELF, too_long, 0), "E2BIG");
	char *many[20];
	for (int i = 0; i < 18; i++)
		many[i] = av[2];
	many[18] = 0;
	err_is("execve with 2.25 MiB of arguments", execve(SELF, many, 0), "E2BIG");
	struct rlimit old, low = {1 << 20, 1 << 20};
	getrlimit(RLIMIT_STACK, &old);
	setrlimit(RLIMIT_STACK, &low);
	char *quarter[] = {SELF, av[2], av[2], 0};
	err_is("... 256 KiB under an RLIMIT_STACK of 1 MiB", execve(SELF, quarter, 0), "E2BIG");
	setrlimit(RLIMIT_STACK, &old);
	char *none[] = {0}, *mode[] = {"EXEC_MODE=noargs", 0};
	num_is("execve with an empty argv: argv[0] is \"\" (43)", exec_status(none, mode), 43);
}

int main(int argc, char **argv, char **envp)
{
	if (getenv("EXEC_MODE") && !strcmp(getenv("EXEC_MODE"), "noargs"))
		return argc == 1 && argv[0] && !argv[0][0] && !argv[1] ? 43 : 1;
	if (argc > 1 && !strcmp(argv[1], "image"))
		return image(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "big"))
		return big(argc, argv, envp);
	if (argc > 1 && !strcmp(argv[1], "vforked")) {
		printf("the vfork child's new image runs\n");
		return 7;
	}
	char *noargs[] = {SELF, 0};
	err_is("execve of a missing file", execve("/nonexistent", noargs, 0), "ENOENT");
	err_is("execve of a directory", execve("/bin", noargs, 0), "EACCES");
	err_is("execve of a file without an execute bit", execve("/etc/rc", noargs, 0), "EACCES");
	err_is("execve of a path through a file", execve(SELF "/x", noargs, 0), "ENOTDIR");
	err_is("execve with a bad path pointer", execve(bad_pointer, noargs, 0), "EFAULT");
	err_is("execve with a bad argv", execve(SELF, bad_pointer, 0), "EFAULT");
	char *badv[] = {SELF, bad_pointer, 0};
	err_is("execve with a bad argument string", execve(SELF, badv, 0), "EFAULT");
	err_is("execve with a bad envp", execve(SELF, noargs, bad_pointer), "EFAULT");
	truth("the caller runs on after them", 1);
	limits();

	int fd = open(SELF, O_RDONLY);
	char hdr[2];
	read(fd, hdr, 2);
	dup2(fd, 5);
	close(fd);
	dup2(5, 6);
	fcntl(6, F_SETFD, FD_CLOEXEC);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, 0);
	pid_t pid = fork();
	if (pid == 0) {
		char me[16], parent[16];
		snprintf(me, sizeof me, "%d", getpid());
		snprintf(parent, sizeof parent, "%d", getppid());
		char *av[] = {"exec-image", "image", me, parent, 0};
		char *ev[] = {"WHO=image", 0};
		execve("/bin/./exec", av, ev);   /* AT_EXECFN is this path, not argv[0] */
		_exit(2);
	}
	int st;
	truth("waitpid for the child", waitpid(pid, &st, 0) == pid);
	num_is("the new image found everything as it should be (42)", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 42);
	num_is("... and moved the shared offset", lseek(5, 0, SEEK_CUR), 3);

	/* vfork: the parent goes on only once the child has its new image (or has ended) */
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		char *av[] = {SELF, "vforked", 0};
		execve(SELF, av, 0);
		_exit(2);
	}
	printf("the vfork parent goes on\n");
	truth("vfork: waitpid for the child", waitpid(pid, &st, 0) == pid);
	num_is("... which exited with 7", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 7);
	pid = vfork();
	if (pid == 0)
		_exit(9);
	truth("vfork and _exit: status 9", waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 9);
	return summary();
}
