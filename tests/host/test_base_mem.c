/* test_base_mem.c - lib/base's memcpy and memset against the C library's, for every
 * alignment of source and destination (mod 8) and lengths around the word, unrolled-loop
 * and page sizes, with guard bytes around the destination. */
#include <stdint.h>
#include "check.h"

void *base_memcpy(void *d, const void *s, size_t n);
void *base_memset(void *d, int c, size_t n);
int base_memcmp(const void *a, const void *b, size_t n);

static const size_t lengths[] = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 4096, 4101};

static unsigned char src[8192], dst[8192], want[8192];

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 8));
}

TEST(memcpy_every_alignment_and_length)
{
	fill(src, sizeof src, 1);
	for (size_t so = 0; so < 8; so++)
		for (size_t d_o = 0; d_o < 8; d_o++)
			for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
				size_t n = lengths[k];
				fill(dst, sizeof dst, 2);
				memcpy(want, dst, sizeof dst);
				memcpy(want + 16 + d_o, src + so, n);
				CHECK(base_memcpy(dst + 16 + d_o, src + so, n) == dst + 16 + d_o);
				CHECK(memcmp(dst, want, sizeof dst) == 0);
			}
}

TEST(memset_every_alignment_and_length)
{
	for (int c = 0; c < 2; c++)
		for (size_t d_o = 0; d_o < 8; d_o++)
			for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
				size_t n = lengths[k];
				fill(dst, sizeof dst, 3);
				memcpy(want, dst, sizeof dst);
				memset(want + 16 + d_o, c ? 0xa5 : 0, n);
				CHECK(base_memset(dst + 16 + d_o, c ? 0xa5 : 0, n) == dst + 16 + d_o);
				CHECK(memcmp(dst, want, sizeof dst) == 0);
			}
}

TEST(memcmp_sign_and_length)
{
	CHECK(base_memcmp("abc", "abd", 3) < 0);
	CHECK(base_memcmp("abd", "abc", 3) > 0);
	CHECK(base_memcmp("abc", "abd", 2) == 0);
	CHECK(base_memcmp("\xff", "\x01", 1) > 0);
}

CHECK_MAIN()
