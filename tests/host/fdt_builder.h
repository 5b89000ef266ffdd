/* fdt_builder.h - build small device tree blobs token by token, for host tests that
 * need a precise (often deliberately broken) structure, and load fixture files.
 *
 * Layout of a finished blob: header (40 bytes, v17) | memory reservation block |
 * structure block | strings block, or with rsv_last the reservation block at the end.
 * Nothing is checked: a test may emit any token sequence it likes.
 *
 * Memory: a failing CHECK returns early, so buffers are never freed by the tests.
 * Instead every buffer handed out stays reachable (keep(): a ring that frees the
 * 16th-oldest; fixtures: a cache), which keeps LeakSanitizer quiet.
 */
#ifndef FDT_BUILDER_H
#define FDT_BUILDER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOK_BEGIN 1u
#define TOK_END_NODE 2u
#define TOK_PROP 3u
#define TOK_NOP 4u
#define TOK_END 9u

struct bld {
	uint8_t st[8192];   /* structure block */
	uint32_t nst;
	char str[2048];     /* strings block */
	uint32_t nstr;
	uint64_t rsv[32][2];
	uint32_t nrsv;
	int rsv_last;       /* place the reservation block after the strings block */
};

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void b_raw(struct bld *b, const void *p, uint32_t n)
{
	memcpy(b->st + b->nst, p, n);
	b->nst += n;
}

static inline void b_u32(struct bld *b, uint32_t v)
{
	put_be32(b->st + b->nst, v);
	b->nst += 4;
}

static inline void b_pad(struct bld *b)
{
	while (b->nst % 4)
		b->st[b->nst++] = 0;
}

static inline void b_begin(struct bld *b, const char *name)
{
	b_u32(b, TOK_BEGIN);
	b_raw(b, name, (uint32_t)strlen(name) + 1);
	b_pad(b);
}

static inline void b_end(struct bld *b)
{
	b_u32(b, TOK_END_NODE);
}

/* Offset of `name` in the strings block, added if new. */
static inline uint32_t b_str(struct bld *b, const char *name)
{
	for (uint32_t i = 0; i < b->nstr; i += (uint32_t)strlen(b->str + i) + 1)
		if (strcmp(b->str + i, name) == 0)
			return i;
	uint32_t off = b->nstr;
	memcpy(b->str + off, name, strlen(name) + 1);
	b->nstr += (uint32_t)strlen(name) + 1;
	return off;
}

static inline void b_prop(struct bld *b, const char *name, const void *val, uint32_t len)
{
	b_u32(b, TOK_PROP);
	b_u32(b, len);
	b_u32(b, b_str(b, name));
	b_raw(b, val, len);
	b_pad(b);
}

static inline void b_prop_str(struct bld *b, const char *name, const char *s)
{
	b_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

/* A property of n u32 cells. */
static inline void b_cells(struct bld *b, const char *name, int n, ...)
{
	uint8_t v[64];
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		put_be32(v + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	b_prop(b, name, v, 4 * (uint32_t)n);
}

/* Remember p until 16 newer buffers have been kept, then free it. */
static inline void *keep(void *p)
{
	static void *ring[16];
	static unsigned next;
	free(ring[next % 16]);
	ring[next++ % 16] = p;
	return p;
}

/* Write header + blocks into a new malloc'd buffer of exactly the blob's size. */
static inline uint8_t *b_finish(const struct bld *b, size_t *size)
{
	uint32_t rsvsz = 16 * (b->nrsv + 1);
	uint32_t strsz = b->nstr;
	uint32_t off_rsv, off_st, off_str, total;
	if (b->rsv_last) {
		off_st = 40;
		off_str = off_st + b->nst;
		off_rsv = (off_str + strsz + 7) & ~7u;
		total = off_rsv + rsvsz;
	} else {
		off_rsv = 40;
		off_st = off_rsv + rsvsz;
		off_str = off_st + b->nst;
		total = off_str + strsz;
	}
	uint8_t *p = calloc(1, total);
	put_be32(p + 0, 0xd00dfeed);
	put_be32(p + 4, total);
	put_be32(p + 8, off_st);
	put_be32(p + 12, off_str);
	put_be32(p + 16, off_rsv);
	put_be32(p + 20, 17);
	put_be32(p + 24, 16);
	put_be32(p + 32, strsz);
	put_be32(p + 36, b->nst);
	for (uint32_t i = 0; i < b->nrsv; i++)
		for (int k = 0; k < 2; k++) {
			put_be32(p + off_rsv + 16 * i + 8 * k, (uint32_t)(b->rsv[i][k] >> 32));
			put_be32(p + off_rsv + 16 * i + 8 * k + 4, (uint32_t)b->rsv[i][k]);
		}
	memcpy(p + off_st, b->st, b->nst);
	memcpy(p + off_str, b->str, strsz);
	*size = total;
	return keep(p);
}

/* Read a whole file into a new malloc'd buffer of exactly its size; NULL if missing. */
static inline uint8_t *load_file(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	uint8_t *p = n > 0 ? malloc((size_t)n) : NULL;
	if (p && fread(p, 1, (size_t)n, fp) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(fp);
	*size = p ? (size_t)n : 0;
	return p;
}

/* A fixture from $(BUILD)/host/fixtures (FDT_FIXTURES, set by host.mk; the tests run
 * from the repository root), loaded once and cached for the life of the program.
 * *size is the blob's totalsize when the file is longer (QEMU 7.2's dumpdtb writes
 * its whole 1 MiB FDT buffer). NULL (and a message) if missing. */
static inline const uint8_t *fixture(const char *name, size_t *size)
{
	static struct { const char *name; uint8_t *p; size_t n; } cache[8];
	char path[512];
	int i;
	for (i = 0; i < 8 && cache[i].name; i++)
		if (strcmp(cache[i].name, name) == 0)
			break;
	if (i == 8)
		return NULL;
	if (!cache[i].name) {
		snprintf(path, sizeof path, "%s/%s", FDT_FIXTURES, name);
		cache[i].p = load_file(path, &cache[i].n);
		cache[i].name = name;
		if (cache[i].n >= 8 && get_be32(cache[i].p + 4) < cache[i].n)
			cache[i].n = get_be32(cache[i].p + 4);
		if (!cache[i].p)
			fprintf(stderr, "missing fixture %s (run from the repository root)\n", path);
	}
	*size = cache[i].n;
	return cache[i].p;
}

/* Copy of `n` bytes into an exact-size heap buffer (kept), so ASan sees any overread. */
static inline uint8_t *dup_exact(const uint8_t *p, size_t n)
{
	uint8_t *q = malloc(n ? n : 1);
	if (n)
		memcpy(q, p, n);
	return keep(q);
}

#endif
