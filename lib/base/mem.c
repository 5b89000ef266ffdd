/* mem.c - byte routines; word-at-a-time where both pointers allow it. */
#include <stdint.h>
#include "base/mem.h"

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;
	if (((uintptr_t)p & 7) == 0 && c == 0) {
		for (; n >= 64; n -= 64, p += 64) {   /* pages are zeroed often: 8 stores a turn */
			uint64_t *q = (uint64_t *)p;
			q[0] = q[1] = q[2] = q[3] = q[4] = q[5] = q[6] = q[7] = 0;
		}
		for (; n >= 8; n -= 8, p += 8)
			*(uint64_t *)p = 0;
	}
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

/* Word copies when both pointers can be brought to the same alignment (8 bytes, eight
 * words a turn; else 4 bytes, four a turn); bytes for the rest. */
void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	uintptr_t skew = (uintptr_t)dp ^ (uintptr_t)sp;
	if (n >= 16 && (skew & 7) == 0) {
		for (; (uintptr_t)dp & 7; n--)
			*dp++ = *sp++;
		for (; n >= 64; n -= 64, dp += 64, sp += 64) {
			const uint64_t *q = (const uint64_t *)sp;
			uint64_t a = q[0], b = q[1], c = q[2], e = q[3], f = q[4], g = q[5], h = q[6], i = q[7];
			uint64_t *o = (uint64_t *)dp;
			o[0] = a, o[1] = b, o[2] = c, o[3] = e, o[4] = f, o[5] = g, o[6] = h, o[7] = i;
		}
		for (; n >= 8; n -= 8, dp += 8, sp += 8)
			*(uint64_t *)dp = *(const uint64_t *)sp;
	} else if (n >= 16 && (skew & 3) == 0) {
		for (; (uintptr_t)dp & 3; n--)
			*dp++ = *sp++;
		for (; n >= 16; n -= 16, dp += 16, sp += 16) {
			const uint32_t *q = (const uint32_t *)sp;
			uint32_t a = q[0], b = q[1], c = q[2], e = q[3];
			uint32_t *o = (uint32_t *)dp;
			o[0] = a, o[1] = b, o[2] = c, o[3] = e;
		}
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}
