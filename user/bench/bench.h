/* bench.h - what the benchmark's C files (ops.c, macro.c, smp.c) share: the instruction
 * counter, the data files' words, argv[1]'s words and a few helpers ops.c defines. */
#ifndef BENCH_H
#define BENCH_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PAGE   4096UL
#define FAILED UINT64_MAX
#define FILE_K 0x9e3779b97f4a7c15UL   /* word i of a data file holds (i + 1) * FILE_K */
#define EXIT_NOW_ARG "exit-now"       /* argv[1] of a start of the benchmark that returns at once */
#define LINUX_ROWS_ARG "linux-rows"   /* argv[1] of a Linux build run on our system: its "Linux ..." rows only */

/* Instructions retired so far. A compiler barrier too: nothing is moved across it (a sum
 * whose result is only used after the second reading could otherwise be computed after
 * it). */
static inline uint64_t instret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t file_word(size_t i) { return (uint64_t)(i + 1) * FILE_K; }

/* The sum of words 0 .. n - 1 of a data file: FILE_K * (1 + 2 + ... + n). */
static inline uint64_t words_sum(size_t n) { return FILE_K * (n * (n + 1) / 2); }

/* Sum of the words (every byte read once); the same code for every way of reading. */
uint64_t sum_words(const uint64_t *p, size_t n);
/* A fresh private anonymous read-write mapping of len bytes, or NULL. */
char *map_anon(size_t len);
/* vfork, and execve of path with argv and no environment in the child: the child's pid. */
pid_t vfork_exec(const char *path, char *const argv[]);
/* The benchmark's own path (its argv[0]), for the rows that start it again. */
extern const char *bench_self;
#endif
