/* macro.c - the macro rows (macro.h): a 16 MiB file written to /tmp with write(), the
 * same file mapped and summed, and a busybox shell loop starting a static program 100
 * times. Built into the Linux build of the benchmark (scripts/bench.mk) with ops.c, so one
 * binary makes them on both systems: Linux's /init, and our /bin/ops under our init. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"
#include "macro.h"

#define MACRO_PATH  "/tmp/bench-16m.dat"   /* tmpfs of 16 MiB on both: exactly full */
#define MACRO_SIZE  (16UL << 20)
#define MACRO_WORDS (MACRO_SIZE / 8)
#define MACRO_CHUNK (1UL << 20)             /* bytes a write() */
#define BUSYBOX     "/busybox"              /* in both roots (scripts/bench.mk, bench.sh) */

/* Write MACRO_SIZE bytes of buf to a new MACRO_PATH, MACRO_CHUNK a write() (a short write
 * goes on where it stopped); 0 on success. */
static int write_file(const char *buf)
{
	int fd = open(MACRO_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < MACRO_SIZE) {
		ssize_t n = write(fd, buf + done, MACRO_SIZE - done < MACRO_CHUNK ? MACRO_SIZE - done : MACRO_CHUNK);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return close(fd) || done != MACRO_SIZE ? -1 : 0;
}

/* MACRO_SIZE bytes of data-file words written from a buffer already filled (no faults):
 * open (creating) + write()s + close, MACRO_FILE_ROUNDS + 1 times, the first untimed, the
 * file unlinked before each (not timed). The last file stays for op_macro_map(). */
uint64_t op_macro_write(void)
{
	uint64_t *buf = (uint64_t *)map_anon(MACRO_SIZE), t = 0;
	int bad = !buf;
	for (size_t w = 0; !bad && w < MACRO_WORDS; w++)
		buf[w] = file_word(w);
	for (int r = 0; !bad && r <= MACRO_FILE_ROUNDS; r++) {
		unlink(MACRO_PATH);
		uint64_t t0 = instret();
		bad |= write_file((const char *)buf);
		uint64_t dt = instret() - t0;
		t += r ? dt : 0;
	}
	if (buf)
		bad |= munmap(buf, MACRO_SIZE);
	return bad ? FAILED : t;
}

/* The file op_macro_write() left, read through mmap: open + mmap (PROT_READ, MAP_PRIVATE)
 * + sum of every word + munmap + close, MACRO_FILE_ROUNDS + 1 times, the first untimed;
 * the sum is checked. The file is unlinked after. */
uint64_t op_macro_map(void)
{
	uint64_t t = 0;
	int bad = 0;
	for (int r = 0; !bad && r <= MACRO_FILE_ROUNDS; r++) {
		uint64_t t0 = instret();
		int fd = open(MACRO_PATH, O_RDONLY);
		void *p = fd < 0 ? MAP_FAILED : mmap(NULL, MACRO_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
		uint64_t s = p == MAP_FAILED ? 0 : sum_words(p, MACRO_WORDS);
		bad |= p == MAP_FAILED || munmap(p, MACRO_SIZE);
		bad |= fd < 0 || close(fd);
		uint64_t dt = instret() - t0;
		t += r ? dt : 0;
		bad |= s != words_sum(MACRO_WORDS);
	}
	bad |= unlink(MACRO_PATH);
	return bad ? FAILED : t;
}

/* busybox sh -c with a loop starting the benchmark (EXIT_NOW_ARG: it returns at once) n
 * times, each a new program (a path, so neither a builtin nor an applet), stopping at the
 * first failure: vfork + execve of busybox + waitpid; the instructions, or FAILED. */
static uint64_t shell_loop(int n)
{
	char script[256];
	snprintf(script, sizeof script, "i=0; while [ $i -lt %d ]; do %s %s || exit 1; i=$((i + 1)); done", n,
	         bench_self, EXIT_NOW_ARG);
	char *argv[] = {"sh", "-c", script, 0};
	int st;
	uint64_t t0 = instret();
	pid_t pid = vfork_exec(BUSYBOX, argv);
	int bad = pid < 0 || waitpid(pid, &st, 0) != pid || st != 0;
	uint64_t t = instret() - t0;
	return bad ? FAILED : t;
}

/* shell_loop() of 1 program untimed (busybox and the benchmark paged in), then of
 * MACRO_PROGRAMS: all the shell's work counted, its start and end once. */
uint64_t op_macro_shell(void)
{
	return shell_loop(1) == FAILED ? FAILED : shell_loop(MACRO_PROGRAMS);
}
