/* initargs.h - running one program at boot, shared by init (user/init.c, picolibc) and
 * the /init of the Linux baseline (scripts/linux-baseline/prog-init.c, glibc), so that
 * both systems start it the same way: its argv is read from /etc/init.args (one argument
 * per line, the first the program's path; `make run PROG=...` writes it), its environment
 * is init_env, and its output is framed by the marker lines below, which
 * scripts/linux-diff.sh looks for on both consoles. */
#ifndef INITARGS_H
#define INITARGS_H
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

#define INIT_ARGS_PATH  "/etc/init.args"
#define INIT_ARGS_MAX   1024   /* bytes of arguments: the VM server's limit (with envp) */
#define INIT_ARGC_MAX   60     /* the VM server takes 64 strings, init_env has 3 */
/* Printed on a line of their own before the program starts and after it ended (the end
 * marker may follow the program's last line if that had no newline). */
#define INIT_MARK_START "@@ init: program start"
#define INIT_MARK_END   "@@ init: program end, exit status %d\n"

static char *const init_env[] = {"PATH=/bin", "HOME=/", "TERM=vt100", 0};

/* Read INIT_ARGS_PATH into buf (INIT_ARGS_MAX + 1 bytes) and point argv (INIT_ARGC_MAX + 1
 * entries) at its lines, NULL-terminated. Returns argc (>= 1); 0 if there is no such file;
 * -1 with *why set if it cannot be used. */
static int init_args_load(char *buf, char **argv, const char **why)
{
	int fd = open(INIT_ARGS_PATH, O_RDONLY);
	if (fd < 0) {
		*why = "cannot open it";
		return errno == ENOENT ? 0 : -1;
	}
	size_t len = 0;
	long n = 0;
	while (len <= INIT_ARGS_MAX && (n = read(fd, buf + len, INIT_ARGS_MAX + 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	*why = n < 0 ? "cannot read it" : len > INIT_ARGS_MAX ? "longer than 1024 bytes" : 0;
	if (*why)
		return -1;
	int argc = 0;
	for (size_t i = 0; i < len; argc++) {   /* each line, the last maybe without '\n' */
		if (argc == INIT_ARGC_MAX) {
			*why = "more than 60 arguments";
			return -1;
		}
		argv[argc] = buf + i;
		while (i < len && buf[i] != '\n')
			i++;
		buf[i++] = 0;   /* buf has a byte to spare past len */
	}
	argv[argc] = 0;
	*why = argc == 0 ? "empty" : argv[0][0] != '/' ? "its first line is not an absolute path" : 0;
	return *why ? -1 : argc;
}
#endif
