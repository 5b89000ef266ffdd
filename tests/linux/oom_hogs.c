/* oom_hogs.c - out of memory, for the differential test: a child that allocates and
 * touches memory without bound is the one that dies, killed by SIGKILL (Linux 6.1's OOM
 * killer, with the default heuristic overcommit and 256 MiB, no swap: its mmaps never
 * fail, its faults do; here the VM server ends the task that holds the most memory),
 * while a sibling keeps working: it sends a counted pattern through a pipe and maps,
 * touches and unmaps memory of its own all along, so it needs frames just when there
 * are none. It must finish with every byte right. Three hogs: malloc in a loop, one huge
 * MAP_NORESERVE mapping (overcommit), and four threads mallocing at once; and, as that
 * race seldom puts the sibling's fault first, a hog that stops at the brink, so that a
 * small task's fault is the one that finds no frame (brink_round). After the last three
 * the free memory is what it was before them (sysinfo): exactly here, where nothing
 * else runs; within 4 MiB on Linux, whose kernel caches (slab, page tables of the
 * killed) shrink or grow across an OOM kill (0.3 MiB more free after, measured). The
 * first round, malloc's, is outside the measure: it makes the servers' tables and the
 * parent's stdio buffer resident, as forkbomb.c's first bomb does. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "diffcheck.h"

#define CHUNK (1 << 20)
#define WORDS 1024   /* per write of the sibling: 8 KiB */

/* Touch every page of [p, p + len). */
static void touch(char *p, size_t len)
{
	for (size_t off = 0; off < len; off += 4096)
		p[off] = 1;
}

/* malloc and touch 1 MiB at a time until the end; exit 3 if malloc ever fails. */
static void *malloc_forever(void *arg)
{
	(void)arg;
	for (;;) {
		char *p = malloc(CHUNK);
		if (!p)
			_exit(3);
		touch(p, CHUNK);
	}
}

/* One mapping of 64 GiB without reserve, touched page by page; exit 3 if refused. */
static void noreserve_hog(void)
{
	size_t len = 64ul << 30;
	char *p = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		_exit(3);
	touch(p, len);
	_exit(4);
}

/* Four threads mallocing at once; exit 5 if one cannot be made. */
static void threads_hog(void)
{
	pthread_t t;
	for (int i = 0; i < 3; i++)
		if (pthread_create(&t, 0, malloc_forever, 0))
			_exit(5);
	malloc_forever(0);
}

/* Touch 1 MiB at a time until less than 8 MiB is free (above Linux's watermarks, so no
 * reclaim and no OOM yet), then say so on ready and wait to be killed; exit 3 if malloc
 * fails. */
static void brink_hog(int ready)
{
	struct sysinfo si;
	for (sysinfo(&si); si.freeram * si.mem_unit >= (8ul << 20); sysinfo(&si)) {
		char *p = malloc(CHUNK);
		if (!p)
			_exit(3);
		touch(p, CHUNK);
	}
	if (write(ready, "x", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

/* The sibling: words 0, 1, 2, ... into out, 8 KiB at a time, and after each write
 * 256 KiB mapped, touched and unmapped, until a byte arrives on stop; then exits 0
 * (1 if a write or a mapping failed). */
static void sibling(int out, int stop)
{
	uint64_t buf[WORDS], n = 0;
	struct pollfd pf = {stop, POLLIN, 0};
	while (poll(&pf, 1, 0) == 0) {
		for (int i = 0; i < WORDS; i++)
			buf[i] = n++;
		if (write(out, buf, sizeof buf) != sizeof buf)
			_exit(1);
		char *p = mmap(0, 256 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		touch(p, 256 << 10);
		munmap(p, 256 << 10);
	}
	_exit(0);
}

/* Read what the sibling sends until its end: 1 if it was 0, 1, 2, ... in whole words,
 * more than min of them. Meanwhile (polling), once the hog has ended, tells the sibling
 * to stop; *hog_status is its wait status. */
static int follow(int in, int stop, pid_t hog, int *hog_status, uint64_t min)
{
	uint64_t buf[WORDS], next = 0;
	size_t have = 0;   /* bytes of a partial word at the start of buf */
	int good = 1, hog_done = 0;
	for (;;) {
		if (!hog_done && waitpid(hog, hog_status, WNOHANG) == hog) {
			hog_done = 1;
			if (write(stop, "x", 1) != 1)
				return 0;
		}
		ssize_t r = read(in, (char *)buf + have, sizeof buf - have);
		if (r <= 0)
			break;
		have += (size_t)r;
		for (size_t i = 0; i < have / 8; i++)
			good &= buf[i] == next++;
		size_t rest = have % 8;
		memmove(buf, (char *)buf + have - rest, rest);
		have = rest;
	}
	if (!hog_done)
		waitpid(hog, hog_status, 0);
	return good && have == 0 && next > min;
}

/* One round: a sibling, then the hog kind (0 malloc, 1 MAP_NORESERVE, 2 threads), the
 * sibling's data followed until it ends. Checks and reports. */
static void round_of(int kind, const char *name)
{
	int data[2], stop[2], st, hog_st = 0;
	char what[96];
	if (pipe(data) || pipe(stop))
		return truth("pipes", 0);
	pid_t sib = fork();
	if (sib == 0) {
		close(data[0]);
		close(stop[1]);
		sibling(data[1], stop[0]);
	}
	close(data[1]);
	close(stop[0]);
	pid_t hog = fork();
	if (hog == 0) {
		if (kind == 1)
			noreserve_hog();
		if (kind == 2)
			threads_hog();
		malloc_forever(0);
	}
	int ok = follow(data[0], stop[1], hog, &hog_st, 1000);
	close(data[0]);
	close(stop[1]);
	int sib_ok = waitpid(sib, &st, 0) == sib && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	snprintf(what, sizeof what, "%s: the hog is killed by SIGKILL", name);
	result(what, WIFSIGNALED(hog_st) ? strsignal(WTERMSIG(hog_st)) : "exited", strsignal(SIGKILL));
	snprintf(what, sizeof what, "%s: the sibling's data all came, in order", name);
	truth(what, ok);
	snprintf(what, sizeof what, "%s: the sibling ended well", name);
	truth(what, sib_ok);
}

/* A hog that fills memory to the brink and stops, then a small task that needs 32 MiB:
 * the small one gets it (exit 0) and the hog, which is not running, is killed: the
 * task with the most memory dies, not the one whose fault found none. */
static void brink_round(void)
{
	int ready[2], st, hog_st;
	char c;
	if (pipe(ready))
		return truth("pipe", 0);
	pid_t hog = fork();
	if (hog == 0) {
		close(ready[0]);
		brink_hog(ready[1]);
	}
	close(ready[1]);
	int full = read(ready[0], &c, 1) == 1;
	close(ready[0]);
	pid_t small = fork();
	if (small == 0) {
		char *p = mmap(0, 32 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		touch(p, 32 << 20);
		_exit(0);
	}
	int small_ok = waitpid(small, &st, 0) == small && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	if (waitpid(hog, &hog_st, WNOHANG) == 0) {   /* still there: end it */
		kill(hog, SIGTERM);
		waitpid(hog, &hog_st, 0);
	}
	truth("brink: the hog filled memory to 8 MiB free", full);
	truth("brink: the small task got its 32 MiB", small_ok);
	result("brink: the idle hog is the one killed", WIFSIGNALED(hog_st) ? strsignal(WTERMSIG(hog_st)) : "exited",
	       strsignal(SIGKILL));
}

int main(void)
{
	struct sysinfo before, after;
	struct utsname u;
	uname(&u);
	int exact = strstr(u.release, "rvmk") != 0;
	round_of(0, "malloc");
	sysinfo(&before);
	round_of(1, "MAP_NORESERVE");
	round_of(2, "4 threads");
	brink_round();
	sysinfo(&after);
	long diff = (long)before.freeram - (long)after.freeram;
	truth("the free memory is back", exact ? diff == 0 : diff < (4l << 20) && diff > -(4l << 20));
	return summary();
}
