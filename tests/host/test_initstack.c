/* test_initstack.c - lib/exec's initial stack: the layout a Linux program's start code
 * (glibc's _start, __libc_start_main, _dl_aux_init) reads, checked word by word as it
 * would walk it, and every way the arguments can be malformed or too big. */
#include <string.h>
#include "check.h"
#include "exec/initstack.h"

#define VA 0x3fffffe000ull
static uint8_t page[4096] __attribute__((aligned(16)));
static const uint8_t rnd[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

/* The user address va as a pointer into page. */
static const void *at(uint64_t va) { return page + (va - VA); }

TEST(layout_as_linux)
{
	static const char strs[] = "/bin/prog\0-x\0PATH=/bin\0HOME=/";
	const uint64_t aux[][2] = {{AT_PAGESZ, 4096}, {AT_ENTRY, 0x10abc}};
	long sp = initstack_build(page, sizeof page, VA, strs, sizeof strs, 2, 2, aux, 2, rnd, 0);
	CHECK(sp > 0);
	CHECK_EQ(sp % 16, 0);
	const uint64_t *w = (const uint64_t *)(page + sp);
	CHECK_EQ(w[0], 2);
	CHECK(!strcmp(at(w[1]), "/bin/prog"));
	CHECK(!strcmp(at(w[2]), "-x"));
	CHECK_EQ(w[3], 0);
	CHECK(!strcmp(at(w[4]), "PATH=/bin"));
	CHECK(!strcmp(at(w[5]), "HOME=/"));
	CHECK_EQ(w[6], 0);
	const uint64_t *a = &w[7];
	CHECK_EQ(a[0], AT_PAGESZ);
	CHECK_EQ(a[1], 4096);
	CHECK_EQ(a[2], AT_ENTRY);
	CHECK_EQ(a[3], 0x10abc);
	CHECK_EQ(a[4], AT_RANDOM);
	CHECK(!memcmp(at(a[5]), rnd, 16));
	CHECK_EQ(a[6], AT_EXECFN);
	CHECK_EQ(a[7], w[1]);
	CHECK_EQ(a[8], AT_NULL);
	CHECK(a[5] > (uint64_t)(VA + sp + 8 * 17));   /* the vectors lie below what they point to */
	CHECK(w[5] + 7 <= VA + sizeof page);          /* the last string ends inside the page */
}

TEST(no_environment)
{
	static const char strs[] = "a";
	long sp = initstack_build(page, sizeof page, VA, strs, sizeof strs, 1, 0, 0, 0, rnd, 0);
	const uint64_t *w = (const uint64_t *)(page + sp);
	CHECK(sp > 0);
	CHECK_EQ(w[0], 1);
	CHECK_EQ(w[2], 0);
	CHECK_EQ(w[3], 0);
	CHECK_EQ(w[4], AT_RANDOM);
}

TEST(malformed_strings_refused)
{
	static const char two[] = "a\0b";
	CHECK_EQ(initstack_build(page, sizeof page, VA, two, sizeof two, 3, 0, 0, 0, rnd, 0), -1);   /* too few */
	CHECK_EQ(initstack_build(page, sizeof page, VA, two, sizeof two, 1, 0, 0, 0, rnd, 0), -1);   /* extra bytes */
	CHECK_EQ(initstack_build(page, sizeof page, VA, two, 3, 2, 0, 0, 0, rnd, 0), -1);            /* no NUL at end */
	CHECK_EQ(initstack_build(page, sizeof page, VA, two, sizeof two, 0, 2, 0, 0, rnd, 0), -1);   /* argc 0 */
}

TEST(too_big_refused)
{
	static char big[4096];
	memset(big, 'x', sizeof big - 1);
	CHECK_EQ(initstack_build(page, sizeof page, VA, big, sizeof big, 1, 0, 0, 0, rnd, 0), -1);
	static char many[2048];   /* 1024 empty strings: their vector does not fit */
	CHECK_EQ(initstack_build(page, sizeof page, VA, many, 1024, 1024, 0, 0, 0, rnd, 0), -1);
	const uint64_t aux[INITSTACK_AUX_MAX + 1][2] = {{0}};
	CHECK_EQ(initstack_build(page, sizeof page, VA, "a", 2, 1, 0, aux, INITSTACK_AUX_MAX + 1, rnd, 0), -1);
	CHECK(initstack_build(page, sizeof page, VA, "a", 2, 1, 0, aux, INITSTACK_AUX_MAX, rnd, 0) > 0);
}

TEST(largest_that_fits_stays_inside)
{
	static char s[3000];
	memset(s, 'y', sizeof s - 1);
	long sp = initstack_build(page, sizeof page, VA, s, sizeof s, 1, 0, 0, 0, rnd, 0);
	CHECK(sp >= 0);
	const uint64_t *w = (const uint64_t *)(page + sp);
	CHECK_EQ(strlen(at(w[1])), sizeof s - 1);
}

/* The value of tag in aux (n pairs), or ~0 if it is not there. */
static uint64_t aux_value(const uint64_t (*aux)[2], size_t n, uint64_t tag)
{
	for (size_t i = 0; i < n; i++)
		if (aux[i][0] == tag)
			return aux[i][1];
	return ~0ull;
}

TEST(linux_aux_says_ids_and_secure)
{
	uint64_t aux[INITSTACK_AUX_MAX][2];
	const uint32_t root[4] = {0, 0, 0, 0}, setuid[4] = {1000, 0, 5, 5}, setgid[4] = {7, 7, 5, 0};
	size_t n = initstack_linux_aux(aux, 0x10040, 9, 0x10100, root, 10000000);
	CHECK(n <= INITSTACK_AUX_MAX);
	CHECK_EQ(aux_value(aux, n, AT_PHDR), 0x10040);
	CHECK_EQ(aux_value(aux, n, AT_PHNUM), 9);
	CHECK_EQ(aux_value(aux, n, AT_PHENT), 56);
	CHECK_EQ(aux_value(aux, n, AT_ENTRY), 0x10100);
	CHECK_EQ(aux_value(aux, n, AT_SECURE), 0);
	CHECK_EQ(aux_value(aux, n, AT_RVMK_TIMEBASE), 10000000);
	CHECK_EQ(aux_value(aux, n, AT_SYSINFO_EHDR), 0);   /* the personality sets it (lx_init) */
	n = initstack_linux_aux(aux, 0, 0, 0, setuid, 1);
	CHECK_EQ(aux_value(aux, n, AT_UID), 1000);
	CHECK_EQ(aux_value(aux, n, AT_EUID), 0);
	CHECK_EQ(aux_value(aux, n, AT_SECURE), 1);
	n = initstack_linux_aux(aux, 0, 0, 0, setgid, 1);
	CHECK_EQ(aux_value(aux, n, AT_GID), 5);
	CHECK_EQ(aux_value(aux, n, AT_SECURE), 1);
	CHECK(initstack_build(page, sizeof page, VA, "a", 2, 1, 0, (const uint64_t(*)[2])aux, n, rnd, 0) > 0);
}

TEST(execfn_is_the_path_at_the_top)
{
	static const char strs[] = "prog\0";
	long sp = initstack_build(page, sizeof page, VA, strs, sizeof strs - 1, 1, 0, 0, 0, rnd, "/bin/./prog");
	CHECK(sp > 0);
	const uint64_t *w = (const uint64_t *)(page + sp);
	CHECK(!strcmp(at(w[1]), "prog"));
	const uint64_t *a = w + 4;   /* argc, argv[0], NULL, envp's NULL: then auxv */
	while (a[0] != AT_EXECFN)
		a += 2;
	CHECK(!strcmp(at(a[1]), "/bin/./prog"));
	CHECK_EQ(a[1] + sizeof "/bin/./prog", VA + sizeof page);   /* the very top */
}

CHECK_MAIN()
