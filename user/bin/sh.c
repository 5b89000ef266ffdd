/* sh.c - a small shell (/bin/sh) that runs a script one line at a time: the file its
 * argument names, or SCRIPT (init starts it at boot so). There is no console input, so
 * the script is all it reads.
 *   blank lines, # comments   skipped
 *   echo WORDS...             prints the rest of the line
 *   cat PATH                  prints a file
 *   ls [PATH]                 lists a directory (default /), directories marked with /
 *   exit [N]                  ends the shell with status N (default: the last status)
 *   PROGRAM [ARGS...]         an absolute path or a name in /bin, started from its
 *                             file with the words as its arguments, waited for
 * A failed command prints "sh: ..." and the script goes on. The shell exits with the
 * status of the last command: a program's exit status, 0 for a builtin that worked,
 * 1 for one that failed, 2 for bad usage, 126 for a file that cannot run, 127 for none. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vmclient.h"
#include "rt/errno.h"

#define SCRIPT  "/etc/rc"
#define BIN_DIR "/bin/"
#define PRIO    4       /* children run at init's priority */
#define LINE    256     /* longest script line, newline included */
#define MAX_ARGS 16     /* words of a line, the command included */
#define MAX_ARGS_TEXT "16"

enum { ST_FAIL = 1, ST_USAGE = 2, ST_NOEXEC = 126, ST_NOTFOUND = 127 };

static int last;        /* the status of the last command */

/* The next blank-separated word of *s, NUL-terminated in place; 0 at the end. */
static char *word(char **s)
{
	char *w = *s + strspn(*s, " \t");
	if (!*w)
		return 0;
	char *end = w + strcspn(w, " \t");
	*s = *end ? end + 1 : end;
	*end = 0;
	return w;
}

/* Report what failed on path with errno; returns ST_FAIL. */
static int fail(const char *what, const char *path)
{
	fprintf(stderr, "sh: %s: %s: %s\n", what, path, strerror(errno));
	return ST_FAIL;
}

static int usage(const char *how)
{
	fprintf(stderr, "sh: usage: %s\n", how);
	return ST_USAGE;
}

/* The builtins return 0, or ST_FAIL after saying why. */
static int cat(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return fail("cat", path);
	char buf[512];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
	int bad = ferror(f);
	fclose(f);
	return bad ? fail("cat", path) : 0;
}

static int ls(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return fail("ls", path);
	struct dirent *e;
	errno = 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			printf("%s%s\n", e->d_name, e->d_type == DT_DIR ? "/" : "");
	int bad = errno != 0;
	closedir(d);
	return bad ? fail("ls", path) : 0;
}

/* exit [N]: ends the shell; returns only on a bad N. */
static int quit(const char *arg)
{
	char *end = 0;
	long n = arg ? strtol(arg, &end, 10) : last;
	if (arg && (end == arg || *end || n < 0 || n > 255))
		return usage("exit [N], N from 0 to 255");
	exit((int)n);
}

/* Start the program named argv[0] from its file with the arguments argv (NULL-ended)
 * and wait for it; returns its exit status. */
static int run(char **argv)
{
	char path[LINE + sizeof BIN_DIR];
	const char *cmd = argv[0];
	if (cmd[0] != '/' && strchr(cmd, '/')) {
		fprintf(stderr, "sh: %s: not an absolute path or a name in %s\n", cmd, BIN_DIR);
		return ST_NOTFOUND;
	}
	snprintf(path, sizeof path, "%s%s", cmd[0] == '/' ? "" : BIN_DIR, cmd);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		int err = errno;
		fprintf(stderr, "sh: %s: %s\n", path, strerror(err));
		return err == ENOENT ? ST_NOTFOUND : ST_NOEXEC;
	}
	fflush(stdout);     /* our output first: the child writes to the console itself */
	long child = vm_spawn_fd(fd, argv, 0, PRIO);
	close(fd);
	if (child < 0) {
		rt_set_errno(-child);
		fprintf(stderr, "sh: %s: cannot run: %s\n", path, strerror(errno));
		return ST_NOEXEC;
	}
	struct vm_wait_rep rep;
	long e = vm_wait(child, &rep);
	if (e < 0) {
		rt_set_errno(-e);
		return fail("wait", path);
	}
	if (rep.status)
		printf("sh: %s exited with %ld\n", path, (long)rep.status);
	return (int)rep.status;
}

/* Run one script line (trailing blanks removed); returns the command's status. */
static int run_line(char *line)
{
	char *s = line, *cmd = word(&s);
	if (!cmd || cmd[0] == '#')
		return last;
	if (!strcmp(cmd, "echo")) {
		printf("%s\n", s + strspn(s, " \t"));
		return 0;
	}
	char *argv[MAX_ARGS + 1] = {cmd};
	int argc = 1;
	while (argc <= MAX_ARGS && (argv[argc] = word(&s)))
		argc++;
	if (argc > MAX_ARGS)
		return usage("at most " MAX_ARGS_TEXT " words a line");
	char *arg = argv[1];
	if (!strcmp(cmd, "cat"))
		return argc == 2 ? cat(arg) : usage("cat PATH");
	if (!strcmp(cmd, "ls"))
		return argc <= 2 ? ls(arg ? arg : "/") : usage("ls [PATH]");
	if (!strcmp(cmd, "exit"))
		return argc <= 2 ? quit(arg) : usage("exit [N]");
	return run(argv);
}

int main(int argc, char **argv)
{
	const char *script = argc > 1 ? argv[1] : SCRIPT;   /* sh [SCRIPT] */
	FILE *f = fopen(script, "r");
	if (!f) {
		fail("cannot read the script", script);
		return ST_NOTFOUND;
	}
	char line[LINE];
	while (fgets(line, sizeof line, f)) {
		size_t n = strlen(line);
		if (n && line[n - 1] != '\n' && !feof(f)) {
			int c;
			while ((c = getc(f)) != '\n' && c != EOF)
				;
			fprintf(stderr, "sh: %s: a line longer than %d characters, skipped\n", script, LINE - 2);
			last = ST_USAGE;
			continue;
		}
		while (n && strchr(" \t\r\n", line[n - 1]))
			line[--n] = 0;
		last = run_line(line);
	}
	if (ferror(f))
		last = fail("cannot read the script", script);
	fclose(f);
	return last;
}
