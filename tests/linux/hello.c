/* hello.c - a first Linux program for the differential test (scripts/linux-diff.sh):
 * glibc's stdio, malloc of small and of mmap-sized blocks, qsort, floating point, strtod,
 * the arguments (hello.args) and the environment, an atexit handler, and exit(3). It
 * prints only what must be the same on Linux and here: no addresses, no times. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void goodbye(void)
{
	printf("atexit: goodbye\n");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Fill n bytes from malloc with a pattern, check it, free it: 1 if all is well. */
static int malloc_check(size_t n)
{
	unsigned char *p = malloc(n);
	if (!p)
		return 0;
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + n);
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += p[i] != (unsigned char)(i * 7 + n);
	free(p);
	return bad == 0;
}

int main(int argc, char **argv)
{
	atexit(goodbye);
	printf("hello from a static glibc program\n");
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	const char *path = getenv("PATH");
	printf("PATH=%s\n", path ? path : "(unset)");

	static const size_t sizes[] = {1, 24, 1000, 4096, 100000, 256 * 1024, 4 << 20};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		printf("malloc(%zu): %s\n", sizes[i], malloc_check(sizes[i]) ? "ok" : "FAILED");
	/* Many small blocks at once, freed in another order. */
	char *blocks[200];
	for (int i = 0; i < 200; i++) {
		blocks[i] = malloc(16 + i);
		snprintf(blocks[i], 16 + i, "block %d", i);
	}
	int same = 1;
	for (int i = 199; i >= 0; i -= 2) {
		char want[32];
		snprintf(want, sizeof want, "block %d", i);
		same &= strcmp(blocks[i], want) == 0;
		free(blocks[i]);
	}
	for (int i = 0; i < 200; i += 2)
		free(blocks[i]);
	printf("200 small blocks: %s\n", same ? "ok" : "FAILED");

	int v[16];
	for (int i = 0; i < 16; i++)
		v[i] = (i * 37 + 11) % 23 - 10;
	qsort(v, 16, sizeof v[0], cmp_int);
	printf("qsort:");
	for (int i = 0; i < 16; i++)
		printf(" %d", v[i]);
	printf("\n");

	double x = 1.0 / 3.0, y = 0;
	for (int i = 1; i <= 10; i++)
		y += 1.0 / (i * i);
	printf("1/3 = %.6f, sum 1/i^2 (10 terms) = %.6f, sqrt(2) = %.6f, 2^-20 = %.6e\n", x, y,
	       sqrt(2.0), ldexp(1.0, -20));
	char *end;
	double d = strtod("  -12.375e2xyz", &end);
	printf("strtod: %.6f, rest \"%s\"\n", d, end);
	printf("%.6f %.3g %g\n", 2.5 * 4.1, 6.02214076e23, -0.0);
	exit(3);
}
