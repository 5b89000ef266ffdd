/* diffcheck.h - the reporting of the differential tests in tests/linux/ and tests/linux/disk/
 * (scripts/linux-diff.sh runs each on ours and on Linux 6.1 and compares their output).
 *
 * Contract: a test includes it once, after "#define _GNU_SOURCE" (strerrorname_np needs
 * it) and its own system headers, from its one .c file: everything here is static, the
 * counters are the program's own. Each check prints one line, flushed at once so that a
 * crash later leaves it on the console:
 *     ok - WHAT: GOT
 *     FAIL - WHAT: GOT (want WANT)
 * GOT must say only what is the same on both systems when the check passes (names of
 * errors, relations, counts), never an address or a time. The .diffok files next to the
 * tests are regexes over these lines: a change of the format here must keep them matching.
 * At the end the program calls summary() and exits with what it returns (sys.c from its
 * last atexit handler, signals.c by a SIGTERM if all passed).
 * What only one test needs (number(), show(), touch(), ...) stays in that test. */
#ifndef TESTS_LINUX_DIFFCHECK_H
#define TESTS_LINUX_DIFFCHECK_H

#ifndef _GNU_SOURCE
#error "diffcheck.h: #define _GNU_SOURCE before the first #include (strerrorname_np)"
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Not every test uses every helper: no "defined but not used" warnings for those. */
#define CHECK_UNUSED __attribute__((unused))

/* How many checks ran and how many of them failed; result() counts every check. */
static int failed, checks;

/* A bad pointer for the EFAULT checks, out of the compiler's sight (it would warn of
 * passing (void *)1 where it knows the object's size). */
static void *volatile bad_pointer CHECK_UNUSED = (void *)1;

/* The name of errno value e: "EPERM" etc. (glibc's strerrorname_np), "0" for 0, and
 * "errno N" for a value without a name. The answer for an unnamed value is in a static
 * buffer, good until the next such call. */
static CHECK_UNUSED const char *ename(int e)
{
	static char other[24];
	const char *n = strerrorname_np(e);
	if (n)
		return n;
	snprintf(other, sizeof other, "errno %d", e);
	return other;
}

/* A check with a result to show: passes if got and want are the same string. Prints
 * "ok - what: got" or "FAIL - what: got (want want)" and counts it. */
static CHECK_UNUSED void result(const char *what, const char *got, const char *want)
{
	int ok = !strcmp(got, want);
	checks++;
	failed += !ok;
	if (ok)
		printf("ok - %s: %s\n", what, got);
	else
		printf("FAIL - %s: %s (want %s)\n", what, got, want);
	fflush(stdout);
}

/* A check of a condition: "yes" if ok is true, which is what passes; else "no". */
static CHECK_UNUSED void truth(const char *what, int ok)
{
	result(what, ok ? "yes" : "no", "yes");
}

/* A call returning -1 with errno when it fails, the result a system call wrapper (or
 * syscall()) gives: got is errno's name if r is -1, "0" if r is 0, and "success" for any
 * other value (a descriptor, a count), so that want "0" also says that the call returned
 * exactly 0. Call it at once after the call, before anything else can change errno. */
static CHECK_UNUSED void err_is(const char *what, long r, const char *want)
{
	result(what, r == -1 ? ename(errno) : r == 0 ? "0" : "success", want);
}

/* A call returning a count (or an offset, a descriptor) or -1 with errno: got is the
 * count in decimal, or "-1 NAME" with errno's name; want is the count expected. */
static CHECK_UNUSED void num_is(const char *what, long r, long want)
{
	char got[48], w[24];
	if (r == -1)
		snprintf(got, sizeof got, "-1 %s", ename(errno));
	else
		snprintf(got, sizeof got, "%ld", r);
	snprintf(w, sizeof w, "%ld", want);
	result(what, got, w);
}

/* A file mode (or permission bits), both shown in octal. */
static CHECK_UNUSED void mode_is(const char *what, long mode, long want)
{
	char got[24], w[24];
	snprintf(got, sizeof got, "%lo", mode);
	snprintf(w, sizeof w, "%lo", want);
	result(what, got, w);
}

/* The end of a test: prints "N checks, M failed", flushes, and returns the exit status
 * the program should end with: 0 if every check passed, else 1. */
static CHECK_UNUSED int summary(void)
{
	printf("%d checks, %d failed\n", checks, failed);
	fflush(stdout);
	return failed != 0;
}

#endif
