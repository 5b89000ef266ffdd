/* ttyprobe.c - the Linux program tests/console/serial_input.sh drives through QEMU's
 * serial input (serial_drive.py types what each "@@ WANT" line asks for). It takes the
 * console as its controlling terminal and checks, printing "ok - tty: ..." or
 * "not ok - tty: ...": a canonical line edited with erase, word-erase and kill; lines
 * read as cat reads them; ^D as end of file; a read cut short by ^C (EINTR); ^C ending a
 * program in the foreground group; raw mode's single bytes, unechoed; VMIN 0 VTIME 5
 * timing out; a 64 KiB paste arriving whole and in order; poll and FIONREAD. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int failed;

static void check(const char *what, int ok)
{
	printf("%s - tty: %s\n", ok ? "ok" : "not ok", what);
	failed |= !ok;
}

/* Ask the driver for input named what, then read one line (canonical) into buf. */
static long want_line(const char *what, char *buf, size_t n)
{
	printf("@@ WANT %s\n", what);
	fflush(stdout);
	long r = read(0, buf, n - 1);
	buf[r > 0 ? r : 0] = 0;
	return r;
}

static void on_int(int s) { (void)s; }

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
	char buf[256];
	struct termios t0, t;
	setvbuf(stdout, 0, _IONBF, 0);
	check("setsid", setsid() == getpid());
	check("TIOCSCTTY takes the console", ioctl(0, TIOCSCTTY, 0) == 0);
	check("tcgetpgrp is our group", tcgetpgrp(0) == getpgrp());
	check("tcsetpgrp of no group: EPERM", tcsetpgrp(0, 99999) < 0 && errno == EPERM);
	check("tcgetattr: canonical, echo, ICRNL, ONLCR",
	      tcgetattr(0, &t0) == 0 && (t0.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG) &&
	      (t0.c_iflag & ICRNL) && (t0.c_oflag & ONLCR));
	check("isatty(0)", isatty(0));

	long r = want_line("edit", buf, sizeof buf);
	check("a line edited with ^? ^W ^U", r == 12 && !strcmp(buf, "hello world\n"));

	int lines = 0;
	printf("@@ WANT lines\n");
	while ((r = read(0, buf, sizeof buf - 1)) > 0) {   /* as cat: until ^D */
		buf[r] = 0;
		lines += !strcmp(buf, lines == 0 ? "one\n" : lines == 1 ? "two\n" : "three\n");
	}
	check("three lines, then ^D: end of file", r == 0 && lines == 3);

	struct sigaction sa = {.sa_handler = on_int};   /* no SA_RESTART */
	sigaction(SIGINT, &sa, 0);
	printf("@@ WANT intr\n");
	r = read(0, buf, sizeof buf);
	check("^C cuts a read short: EINTR", r < 0 && errno == EINTR);

	signal(SIGINT, SIG_IGN);
	pid_t c = fork();
	if (c == 0) {
		signal(SIGINT, SIG_DFL);
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(c, c);
	check("tcsetpgrp to the child's group", tcsetpgrp(0, c) == 0 && tcgetpgrp(0) == c);
	printf("@@ WANT ctrlc\n");
	int st;
	check("^C ends the foreground program", waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
	check("tcsetpgrp back", tcsetpgrp(0, getpgrp()) == 0);

	t = t0;
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1, t.c_cc[VTIME] = 0;
	check("TCSETS raw", tcsetattr(0, TCSANOW, &t) == 0);
	printf("@@ WANT raw\n");
	unsigned char b[3];
	int got = 0;
	for (int i = 0; i < 3; i++)
		got += read(0, b + i, 1) == 1;
	check("raw: three single bytes, ^U as data, CR read as NL (ICRNL)",
	      got == 3 && b[0] == 'a' && b[1] == 0x15 && b[2] == '\n');
	t.c_cc[VMIN] = 0, t.c_cc[VTIME] = 5;
	tcsetattr(0, TCSANOW, &t);
	double t1 = now();
	r = read(0, b, 1);
	double dt = now() - t1;
	check("VMIN 0 VTIME 5: 0 after half a second", r == 0 && dt > 0.4 && dt < 3);
	t.c_cc[VMIN] = 1, t.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &t);
	struct pollfd p = {0, POLLIN, 0};
	check("poll: nothing to read", poll(&p, 1, 100) == 0);
	printf("@@ WANT poll\n");
	int n = -1;
	check("poll: readable once typed", poll(&p, 1, 5000) == 1 && (p.revents & POLLIN));
	/* poll says readable at the first byte; the second comes a moment later (a busy
	 * host): FIONREAD must reach 2, never more, and both are read before the paste. */
	double t2 = now();
	while (ioctl(0, FIONREAD, &n) == 0 && n < 2 && now() - t2 < 5)
		usleep(10000);
	check("FIONREAD", ioctl(0, FIONREAD, &n) == 0 && n == 2);
	for (int i = 0; i < 2 && n >= 2; i++)
		read(0, b, 1);

	t = t0;
	t.c_lflag &= ~ECHO;   /* canonical, no echo: the paste comes back as lines */
	tcsetattr(0, TCSAFLUSH, &t);
	printf("@@ WANT paste\n");
	sleep(1);   /* let it pile up: the ring and the line discipline hold it */
	long bytes = 0, good = 0;
	for (int i = 0; i < 1024; i++) {
		char want[80];
		r = read(0, buf, sizeof buf - 1);
		if (r <= 0)
			break;
		buf[r] = 0;
		snprintf(want, sizeof want, "%04d %058d\n", i, i);
		good += !strcmp(buf, want);
		bytes += r;
	}
	printf("paste: %ld bytes, %ld lines in order\n", bytes, good);
	check("a 64 KiB paste, whole and in order", bytes == 65536 && good == 1024);
	tcsetattr(0, TCSANOW, &t0);
	printf("@@ DONE\n");
	return failed;
}
