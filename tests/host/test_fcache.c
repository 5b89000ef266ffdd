/* test_fcache.c - the file page cache (lib/fcache) over a fake file system (a few files
 * of bytes in memory) and a fake VM server (a list of mappings of cache pages), with a
 * switch to make each callback fail. The cache's region is malloc'ed at its exact size
 * and filled with 0xAA, so ASan sees any stray access and unwritten bytes show. */
#include <stdarg.h>
#include <stdint.h>
#include "check.h"
#include "fcache/fcache.h"

#define PG     FC_PAGE_SIZE
#define NFILES 5
#define FCAP   (64 * PG)      /* bytes a fake file can hold */
#define NPAGES 8              /* the cache's size in most tests */
#define E_IO   5
#define E_NOSPC 28

/* Fail with err the next left calls (-1: every call) about node (0: any node). */
struct sw {
	int err, left;
	uint64_t node;
};

struct ffile {
	uint64_t size, mode;
	uint8_t *data;             /* FCAP bytes */
};

struct mapping {
	uint64_t node, idx;
	uint8_t *page;
};

static struct {
	struct ffile f[NFILES + 1];   /* nodes 1..NFILES */
	struct sw stat, read, write, users, unmap;
	long write_short;             /* a write writes this many bytes less */
	int reads, writes, users_calls, unmaps;
	struct mapping maps[64];
	int nmaps;
	void (*during_write)(void);   /* runs after a write took the bytes */
	char log[2048];
} F;

static struct fcache C;
static uint8_t *region;

static uint8_t pat(uint64_t node, uint64_t off)
{
	return (uint8_t)((node * 37 + off * 11 + off / 251) % 250 + 1);   /* never 0 */
}

__attribute__((format(printf, 1, 2))) static void logf_(const char *fmt, ...)
{
	size_t n = strlen(F.log);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(F.log + n, sizeof F.log - n, fmt, ap);
	va_end(ap);
}

static int fails(struct sw *s, uint64_t node)
{
	if (!s->err || !s->left || (s->node && s->node != node))
		return 0;
	if (s->left > 0)
		s->left--;
	return s->err;
}

static void fail(struct sw *s, int err, int left, uint64_t node)
{
	*s = (struct sw){err, left, node};
}

static int e_stat(void *ctx, uint64_t node, struct fc_stat *st)
{
	(void)ctx;
	int e = fails(&F.stat, node);
	if (e)
		return e;
	*st = (struct fc_stat){F.f[node].size, F.f[node].mode};
	return 0;
}

/* A failing read scribbles on half the buffer first. */
static long e_read(void *ctx, uint64_t node, uint64_t off, void *buf, size_t len)
{
	(void)ctx;
	F.reads++;
	logf_("read(%d,%d) ", (int)node, (int)off);
	int e = fails(&F.read, node);
	if (e) {
		memset(buf, 0xEE, len / 2);
		return e;
	}
	struct ffile *f = &F.f[node];
	size_t n = off >= f->size ? 0 : f->size - off < len ? (size_t)(f->size - off) : len;
	memcpy(buf, f->data + off, n);
	return (long)n;
}

static long e_write(void *ctx, uint64_t node, uint64_t off, const void *buf, size_t len)
{
	(void)ctx;
	F.writes++;
	logf_("write(%d,%d,%d) ", (int)node, (int)off, (int)len);
	int e = fails(&F.write, node);
	if (e)
		return e;
	struct ffile *f = &F.f[node];
	size_t n = len - (size_t)F.write_short;
	memcpy(f->data + off, buf, n);
	if (off + n > f->size)
		f->size = off + n;
	if (F.during_write)
		F.during_write();
	return (long)n;
}

static int e_users(void *ctx, const void *const *pages, unsigned n, uint64_t *used)
{
	(void)ctx;
	F.users_calls++;
	if (n < 1 || n > FC_ASK_MAX)
		return -E_IO;   /* (never asked so: the checks see it as a failure) */
	*used = 0;
	for (unsigned k = 0; k < n; k++)
		for (int i = 0; i < F.nmaps; i++)
			*used |= (uint64_t)(F.maps[i].page == pages[k]) << k;
	return fails(&F.users, 0);
}

static int e_unmap(void *ctx, uint64_t node, uint64_t first, uint64_t last)
{
	(void)ctx;
	F.unmaps++;
	logf_("unmap(%d,%d,%d) ", (int)node, (int)first, (int)last);
	int e = fails(&F.unmap, node);
	if (e)
		return e;
	for (int i = 0; i < F.nmaps; i++)
		if (F.maps[i].node == node && F.maps[i].idx >= first && F.maps[i].idx < last)
			F.maps[i--] = F.maps[--F.nmaps];
	return 0;
}

static const struct fc_env env = {&F, e_stat, e_read, e_write, e_users, e_unmap};

/* Files: 1 of 5000 bytes, 2 of 12 pages + 100 bytes, 3 a directory, 4 empty, 5 of 60
 * pages; a cache of npages pages. */
static void reset(unsigned npages)
{
	for (int i = 1; i <= NFILES; i++)
		free(F.f[i].data);
	free(region);
	memset(&F, 0, sizeof F);
	static const uint64_t sizes[NFILES + 1] = {0, 5000, 12 * PG + 100, PG, 0, 60 * PG};
	for (int i = 1; i <= NFILES; i++) {
		F.f[i] = (struct ffile){sizes[i], i == 3 ? 0040000 /* S_IFDIR */ : FC_S_IFREG,
		                        malloc(FCAP)};
		for (uint64_t o = 0; o < FCAP; o++)
			F.f[i].data[o] = pat((uint64_t)i, o);
	}
	region = aligned_alloc(PG, (size_t)npages * PG);
	memset(region, 0xAA, (size_t)npages * PG);
	fc_init(&C, &env, region, npages);
}

/* Is (node, idx) cached? Two overlays with different backgrounds agree only if it is. */
static int cached(uint64_t node, uint64_t idx)
{
	uint8_t a = 0x00, b = 0xFF;
	fc_read_overlay(&C, node, idx * PG, &a, 1);
	fc_read_overlay(&C, node, idx * PG, &b, 1);
	return a == b;
}

/* The slots in use; the cache's own count and its node chains (each used slot on the
 * chain of its node's bucket, linked both ways) must agree (or -1). */
static int used_slots(void)
{
	int n = 0, chained = 0;
	for (unsigned i = 0; i < C.npages; i++)
		n += C.slots[i].used;
	for (int b = 0; b < FC_BUCKETS; b++)
		for (int i = C.node_bucket[b], prev = -1; i != -1; prev = i, i = C.slots[i].node_next) {
			if (!C.slots[i].used || C.slots[i].node_prev != prev || chained > n)
				return -1;
			chained++;
		}
	return (unsigned)n == C.nused && chained == n ? n : -1;
}

/* The page as the VM server would get it for a fault, lent to it as the FS server's
 * page-in lends it (only a lent page can be mapped), and a mapping of it. */
static uint8_t *map(uint64_t node, uint64_t idx, int shared_write)
{
	uint8_t *p = 0;
	if (fc_get(&C, node, idx, shared_write, &p) == 0 && F.nmaps < 64) {
		fc_lend(&C, p);
		F.maps[F.nmaps++] = (struct mapping){node, idx, p};
	}
	return p;
}

static uint8_t *get(uint64_t node, uint64_t idx, int shared_write)
{
	uint8_t *p = 0;
	return fc_get(&C, node, idx, shared_write, &p) == 0 ? p : 0;
}

/* Does buf hold file node's pattern bytes [off, off + n)? */
static int is_pat(const uint8_t *buf, uint64_t node, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != pat(node, off + i))
			return 0;
	return 1;
}

static int all(const uint8_t *buf, uint8_t c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != c)
			return 0;
	return 1;
}

#define CHECK_LOG(expect)                                                          \
	do {                                                                           \
		if (strcmp(F.log, (expect)) != 0) {                                        \
			snprintf(check_msg, sizeof check_msg, "%s:%d: log \"%.100s\" want \"%.100s\"", \
			         __FILE__, __LINE__, F.log, (expect));                         \
			check_failed_now = 1;                                                  \
			return;                                                                \
		}                                                                          \
		F.log[0] = 0;                                                              \
	} while (0)

/* ---- reading ---- */

TEST(get_miss_reads_hit_does_not)
{
	reset(NPAGES);
	uint8_t *p = get(2, 1, 0), *q;
	CHECK(p);
	CHECK_EQ(F.reads, 1);
	CHECK(is_pat(p, 2, PG, PG));
	CHECK(get(2, 1, 0) == p);
	CHECK_EQ(F.reads, 1);
	CHECK((q = get(2, 2, 0)) && q != p);
	CHECK(get(1, 1, 0) != q);
	CHECK_EQ(F.reads, 3);
	CHECK_LOG("read(2,4096) read(2,8192) read(1,4096) ");
}

TEST(peek_finds_only_cached_pages_and_reads_nothing)
{
	reset(NPAGES);
	uint8_t *p = get(2, 3, 0);
	CHECK(p);
	CHECK(fc_peek(&C, 2, 3, 0) == p);
	CHECK(fc_peek(&C, 2, 4, 0) == 0);    /* not cached: not read in either */
	CHECK(fc_peek(&C, 1, 3, 0) == 0);
	CHECK_EQ(F.reads, 1);
	CHECK_EQ(fc_writeback_all(&C), 0);
	CHECK_EQ(F.writes, 0);
	CHECK(fc_peek(&C, 2, 3, 1) == p);    /* handed out to a shared writable mapping */
	CHECK_EQ(fc_writeback_all(&C), 0);
	CHECK_EQ(F.writes, 1);
	struct fcache none;
	fc_init(&none, &env, 0, 0);
	CHECK(fc_peek(&none, 2, 3, 0) == 0);
}

TEST(get_zeroes_past_the_end)
{
	reset(NPAGES);
	uint8_t *p = get(1, 1, 0);   /* 904 bytes of the file, then zeros (the region was 0xAA) */
	CHECK(p);
	CHECK(is_pat(p, 1, PG, 904));
	CHECK(all(p + 904, 0, PG - 904));
}

TEST(get_past_eof_is_efault)
{
	reset(NPAGES);
	uint8_t *p;
	CHECK_EQ(fc_get(&C, 1, 2, 0, &p), -FC_EFAULT);
	CHECK_EQ(fc_get(&C, 4, 0, 0, &p), -FC_EFAULT);   /* empty file */
	F.f[1].size = 2 * PG;
	CHECK_EQ(fc_get(&C, 1, 2, 0, &p), -FC_EFAULT);   /* exactly at the end */
	CHECK_EQ(fc_get(&C, 1, 1, 0, &p), 0);
	CHECK_EQ(F.reads, 1);
	CHECK_EQ(used_slots(), 1);
}

TEST(read_across_pages_and_at_eof)
{
	reset(NPAGES);
	uint8_t buf[3 * PG];
	uint64_t size = F.f[2].size;
	CHECK_EQ(fc_read(&C, 2, 4000, buf, 200), 200);
	CHECK(is_pat(buf, 2, 4000, 200));
	CHECK(cached(2, 0) && cached(2, 1) && !cached(2, 2));
	CHECK_EQ(fc_read(&C, 2, PG - 1, buf, 2 * PG + 2), 2 * PG + 2);   /* four pages */
	CHECK(is_pat(buf, 2, PG - 1, 2 * PG + 2));
	CHECK_EQ(fc_read(&C, 2, size - 50, buf, 500), 50);
	CHECK(is_pat(buf, 2, size - 50, 50));
	CHECK_EQ(fc_read(&C, 2, size, buf, 10), 0);
	CHECK_EQ(fc_read(&C, 2, size + 5000, buf, 10), 0);
	uint8_t *p = get(2, 1, 1);   /* the cache, not the disk, is what read() sees */
	p[5] = 'Z';
	CHECK_EQ(fc_read(&C, 2, PG + 5, buf, 1), 1);
	CHECK_EQ(buf[0], 'Z');
	CHECK_EQ(fc_read(&C, 3, 0, buf, 10), -FC_ENOMEM);   /* a directory: not cached */
}

/* A sink that takes at most `room` bytes in all into buf, then says -EIO once full if
 * fail is set. */
struct sink {
	uint8_t buf[3 * PG];
	size_t room, calls;
	int fail;
};

static long put_some(void *arg, size_t at, const void *src, size_t n)
{
	struct sink *k = arg;
	k->calls++;
	if (at >= k->room)
		return k->fail ? -5 : 0;
	if (n > k->room - at)
		n = k->room - at;
	memcpy(k->buf + at, src, n);
	return (long)n;
}

TEST(read_to_stops_where_the_sink_does)
{
	reset(NPAGES);
	struct sink k = {.room = 3 * PG};
	CHECK_EQ(fc_read_to(&C, 2, PG - 1, 2 * PG + 2, put_some, &k), 2 * PG + 2);
	CHECK_EQ(k.calls, 4);   /* one call a page */
	CHECK(is_pat(k.buf, 2, PG - 1, 2 * PG + 2));
	k = (struct sink){.room = PG + 10};   /* short in the second page: the read ends there */
	CHECK_EQ(fc_read_to(&C, 2, 100, 2 * PG, put_some, &k), PG + 10);
	CHECK_EQ(k.calls, 2);
	CHECK(is_pat(k.buf, 2, 100, PG + 10));
	k = (struct sink){.room = 0, .fail = 1};   /* an error before anything: the error */
	CHECK_EQ(fc_read_to(&C, 2, 0, 10, put_some, &k), -5);
	k = (struct sink){.room = PG, .fail = 1};  /* after something: the count */
	CHECK_EQ(fc_read_to(&C, 2, 0, 2 * PG, put_some, &k), PG);
	CHECK_EQ(fc_read_to(&C, 3, 0, 10, put_some, &k), -FC_ENOMEM);   /* a directory */
}

TEST(no_memory_caches_nothing)
{
	reset(NPAGES);
	fc_init(&C, &env, 0, NPAGES);
	uint8_t buf[16] = {0}, *p;
	CHECK_EQ(fc_get(&C, 2, 0, 0, &p), -FC_ENOMEM);
	CHECK_EQ(fc_read(&C, 2, 0, buf, sizeof buf), -FC_ENOMEM);
	fc_read_overlay(&C, 2, 0, buf, sizeof buf);
	fc_write_through(&C, 2, 0, buf, sizeof buf);
	fc_resized(&C, 2, 100, 10);
	CHECK_EQ(fc_writeback_all(&C), 0);
	CHECK_EQ(fc_forget(&C, 2), 0);
	CHECK(all(buf, 0, sizeof buf));
	CHECK_EQ(F.reads + F.writes, 0);
}

TEST(overlay_and_write_through_touch_cached_pages_only)
{
	reset(NPAGES);
	static uint8_t w[2 * PG + 200], d[2 * PG + 200];
	uint8_t *p1 = get(2, 1, 0), *p3 = get(2, 3, 0);
	CHECK(p1 && p3);
	memset(w, 'W', sizeof w);   /* [PG - 100, 3 PG + 100): pages 0 and 2 are not cached */
	fc_write_through(&C, 2, PG - 100, w, sizeof w);
	CHECK(!cached(2, 0) && !cached(2, 2));
	CHECK_EQ(F.reads, 2);
	CHECK(all(p1, 'W', PG));
	CHECK(all(p3, 'W', 100));
	CHECK(is_pat(p3 + 100, 2, 3 * PG + 100, PG - 100));
	memset(d, 'D', sizeof d);
	fc_read_overlay(&C, 2, PG - 100, d, sizeof d);
	CHECK(all(d, 'D', 100));
	CHECK(all(d + 100, 'W', PG));
	CHECK(all(d + 100 + PG, 'D', PG));
	CHECK(all(d + 100 + 2 * PG, 'W', 100));
	CHECK(is_pat(F.f[2].data, 2, 0, FCAP));   /* neither touches the file */
	uint8_t *p0 = get(2, 0, 0), v[50], e[50];
	CHECK(p0);
	memset(v, 'V', sizeof v);   /* inside one page */
	fc_write_through(&C, 2, PG - 100, v, sizeof v);
	CHECK(is_pat(p0, 2, 0, PG - 100));
	CHECK(all(p0 + PG - 100, 'V', 50));
	CHECK(is_pat(p0 + PG - 50, 2, PG - 50, 50));
	memset(e, 'E', sizeof e);
	fc_read_overlay(&C, 2, PG - 75, e, sizeof e);
	CHECK(all(e, 'V', 25));
	CHECK(is_pat(e + 25, 2, PG - 50, 25));
}

/* ---- write-back ---- */

TEST(only_shared_write_makes_maybe_dirty)
{
	reset(NPAGES);
	uint8_t *p = get(2, 0, 0);
	p[0] = 'A';
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), 0);
	CHECK_EQ(F.writes, 0);
	CHECK(get(2, 0, 1) == p);   /* a hit marks it too */
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), 0);
	CHECK_LOG("read(2,0) write(2,0,4096) ");
	CHECK_EQ(F.f[2].data[0], 'A');
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), 0);   /* no mapping: clean now */
	CHECK_EQ(F.writes, 1);
}

TEST(writeback_stops_at_eof)
{
	reset(NPAGES);
	uint8_t *p = map(1, 1, 1);
	memset(p, 'X', PG);   /* the mapping writes past the end too */
	CHECK_EQ(fc_writeback(&C, 1, 0, 0), 0);
	CHECK_LOG("read(1,4096) write(1,4096,904) ");
	CHECK_EQ(F.f[1].size, 5000);
	CHECK(all(F.f[1].data + PG, 'X', 904));
	CHECK(is_pat(F.f[1].data + 5000, 1, 5000, 100));
}

TEST(writeback_range_and_all)
{
	reset(NPAGES);
	for (uint64_t i = 0; i < 3; i++)
		CHECK(get(2, i, 1));
	CHECK(get(1, 0, 1));
	F.log[0] = 0;
	CHECK_EQ(fc_writeback(&C, 2, PG, 1), 0);
	CHECK_LOG("write(2,4096,4096) ");
	CHECK_EQ(fc_writeback(&C, 2, PG + 1, PG), 0);   /* meets pages 1 (clean now) and 2 */
	CHECK_LOG("write(2,8192,4096) ");
	CHECK_EQ(fc_writeback_all(&C), 0);
	CHECK_LOG("write(2,0,4096) write(1,0,4096) ");
	CHECK_EQ(fc_writeback_all(&C), 0);
	CHECK_LOG("");
}

/* The mapping writes after the write-back copied the page, then goes away. */
static void mapping_writes_and_leaves(void)
{
	F.maps[0].page[0] = 'Z';
	F.nmaps = 0;
}

TEST(writeback_race_keeps_mapped_page_dirty)
{
	reset(NPAGES);
	uint8_t *p = map(1, 0, 1);
	p[0] = 'Y';
	F.during_write = mapping_writes_and_leaves;
	CHECK_EQ(fc_writeback(&C, 1, 0, 0), 0);
	CHECK_EQ(F.f[1].data[0], 'Y');
	F.during_write = 0;
	CHECK_EQ(fc_writeback(&C, 1, 0, 0), 0);   /* mapped when asked: still maybe dirty */
	CHECK_EQ(F.writes, 2);
	CHECK_EQ(F.f[1].data[0], 'Z');
	CHECK_EQ(fc_writeback(&C, 1, 0, 0), 0);   /* unmapped when asked: clean */
	CHECK_EQ(F.writes, 2);
}

TEST(writeback_short_write_keeps_dirty)
{
	reset(NPAGES);
	uint8_t *p = get(2, 0, 1);
	memset(p, 'S', PG);
	F.write_short = 10;
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), -E_IO);
	F.write_short = 0;
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), 0);
	CHECK_EQ(F.writes, 2);
	CHECK(all(F.f[2].data, 'S', PG));
}

/* ---- reuse ---- */

/* Pages 0..n-1 of node in slots 0..n-1. */
static int fill(uint64_t node, unsigned n, uint8_t **pages)
{
	for (unsigned i = 0; i < n; i++)
		if (!(pages[i] = get(node, i, 0)))
			return -1;
	F.log[0] = 0;
	return 0;
}

TEST(eviction_prefers_unmapped_and_writes_it_back)
{
	reset(NPAGES);
	uint8_t *pg[NPAGES];
	CHECK_EQ(fill(2, NPAGES, pg), 0);
	for (uint64_t i = 0; i < 3; i++)
		CHECK(map(2, i, 0));
	CHECK(get(2, 3, 1) == pg[3]);   /* unmapped, maybe dirty */
	pg[3][0] = 'E';
	CHECK(get(2, 8, 0) == pg[3]);
	CHECK_LOG("write(2,12288,4096) read(2,32768) ");
	CHECK_EQ(F.unmaps, 0);
	CHECK_EQ(F.f[2].data[3 * PG], 'E');
	CHECK(is_pat(pg[3], 2, 8 * PG, PG));
	CHECK(!cached(2, 3));
	for (uint64_t i = 0; i < NPAGES; i++)
		CHECK(i == 3 || cached(2, i));
	CHECK(get(2, 9, 0) == pg[4]);   /* the clock goes on from there */
}

TEST(pages_never_lent_are_not_asked_about)
{
	reset(NPAGES);
	uint8_t *pg[NPAGES];
	CHECK_EQ(fill(2, NPAGES, pg), 0);   /* read, never lent: no mapping can use them */
	CHECK(get(2, 3, 1) == pg[3]);
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), 0);
	CHECK(get(2, 8, 0) == pg[0]);
	CHECK_EQ(F.users_calls, 0);
	CHECK_EQ(F.unmaps, 0);
}

TEST(eviction_unmaps_when_all_are_mapped)
{
	reset(NPAGES);
	uint8_t *pg[NPAGES];
	CHECK_EQ(fill(2, NPAGES, pg), 0);
	CHECK(map(2, 0, 1));
	for (uint64_t i = 1; i < NPAGES; i++)
		CHECK(map(2, i, 0));
	memset(pg[0], 'M', PG);
	CHECK(get(2, 8, 0) == pg[0]);
	CHECK_LOG("unmap(2,0,1) write(2,0,4096) read(2,32768) ");
	CHECK(all(F.f[2].data, 'M', PG));
	CHECK_EQ(F.nmaps, NPAGES - 1);
	CHECK(!cached(2, 0));
	CHECK(is_pat(pg[0], 2, 8 * PG, PG));
}

TEST(eviction_write_failure_keeps_the_page)
{
	reset(NPAGES);
	uint8_t *pg[NPAGES];
	uint8_t *q = get(1, 0, 1);   /* slot 0: maybe dirty, unmapped */
	memset(q, 'Q', PG);
	for (unsigned i = 0; i < NPAGES - 1; i++)
		CHECK((pg[i] = get(2, i, 0)));
	fail(&F.write, -E_IO, -1, 1);
	F.log[0] = 0;
	CHECK(get(2, 7, 0) == pg[0]);   /* the next one by the clock */
	CHECK_LOG("write(1,0,4096) read(2,28672) ");
	CHECK(cached(1, 0));
	CHECK(all(get(1, 0, 0), 'Q', PG));
	fail(&F.write, 0, 0, 0);
	CHECK_EQ(fc_writeback(&C, 1, 0, 0), 0);   /* still maybe dirty */
	CHECK(all(F.f[1].data, 'Q', PG));
}

TEST(eviction_nothing_writable_is_enomem)
{
	reset(NPAGES);
	uint8_t *pg[NPAGES], buf[10], *p;
	for (unsigned i = 0; i < NPAGES; i++) {
		CHECK((pg[i] = get(2, i, 1)));
		memset(pg[i], 'a' + (int)i, PG);
	}
	fail(&F.write, -E_NOSPC, -1, 0);
	CHECK_EQ(fc_get(&C, 2, 8, 0, &p), -FC_ENOMEM);
	CHECK_EQ(fc_read(&C, 2, 8 * PG, buf, sizeof buf), -FC_ENOMEM);   /* read the disk */
	CHECK_EQ(F.reads, NPAGES);
	CHECK_EQ(used_slots(), NPAGES);
	fail(&F.write, 0, 0, 0);
	CHECK_EQ(fc_writeback_all(&C), 0);
	for (unsigned i = 0; i < NPAGES; i++)
		CHECK(all(F.f[2].data + i * PG, (uint8_t)('a' + i), PG));
}

/* ---- size changes and forgetting ---- */

TEST(resized_shrink_drops_and_zeroes_tail)
{
	reset(NPAGES);
	uint8_t *p0 = get(2, 0, 0), *p1 = map(2, 1, 1);
	CHECK(p0 && p1 && get(2, 2, 0) && get(1, 1, 0));
	memset(p1, 'T', PG);
	F.f[2].size = PG + 10;
	fc_resized(&C, 2, 12 * PG + 100, PG + 10);
	CHECK(!cached(2, 2));
	CHECK(cached(2, 1) && cached(2, 0) && cached(1, 1));
	CHECK(all(p1, 'T', 10));
	CHECK(all(p1 + 10, 0, PG - 10));
	CHECK(is_pat(p0, 2, 0, PG));
	F.f[2].size = PG;   /* to a page boundary: page 1 goes, page 0 is whole */
	fc_resized(&C, 2, PG + 10, PG);
	CHECK(!cached(2, 1) && cached(2, 0));
	CHECK(is_pat(p0, 2, 0, PG));
}

TEST(resized_grow_zeroes_from_old_end)
{
	reset(NPAGES);
	uint8_t *p = map(1, 1, 1);
	memset(p + 904, 'G', PG - 904);   /* a mapping wrote past the end */
	F.f[1].size = 9000;
	fc_resized(&C, 1, 5000, 9000);
	CHECK(cached(1, 1));
	CHECK(is_pat(p, 1, PG, 904));
	CHECK(all(p + 904, 0, PG - 904));
}

TEST(forget_writes_back_then_drops)
{
	reset(NPAGES);
	uint8_t *p = get(1, 0, 1);
	memset(p, 'F', PG);
	CHECK(get(1, 1, 0) && get(2, 0, 1));
	F.log[0] = 0;
	CHECK_EQ(fc_forget(&C, 1), 0);
	CHECK_LOG("write(1,0,4096) ");
	CHECK(all(F.f[1].data, 'F', PG));
	CHECK(!cached(1, 0) && !cached(1, 1) && cached(2, 0));
	CHECK_EQ(used_slots(), 1);
	fail(&F.write, -E_IO, -1, 0);   /* dropped all the same: the node may be reused */
	CHECK_EQ(fc_forget(&C, 2), -E_IO);
	CHECK(!cached(2, 0));
	CHECK_EQ(used_slots(), 0);
}

TEST(hash_chains_survive_removals)
{
	reset(300);   /* more pages than buckets: chains */
	uint8_t *pg[5][60];
	for (uint64_t n = 1; n <= 5; n++) {
		F.f[n].size = 60 * PG;
		for (uint64_t i = 0; i < 60; i++)
			CHECK((pg[n - 1][i] = get(n, i, 0)));
	}
	CHECK_EQ(fc_forget(&C, 3), 0);
	fc_resized(&C, 1, 60 * PG, 30 * PG);
	int reads = F.reads;
	for (uint64_t n = 1; n <= 5; n++)
		for (uint64_t i = 0; i < 60; i++) {
			int gone = n == 3 || (n == 1 && i >= 30);
			CHECK_EQ(cached(n, i), !gone);
			CHECK(gone || get(n, i, 0) == pg[n - 1][i]);
			CHECK(gone || is_pat(pg[n - 1][i], n, i * PG, PG));
		}
	CHECK_EQ(F.reads, reads);
	CHECK_EQ(used_slots(), 210);
}

/* ---- fault injection ---- */

TEST(fault_stat)
{
	reset(NPAGES);
	uint8_t *p, buf[8];
	fail(&F.stat, -E_IO, -1, 0);
	CHECK_EQ(fc_get(&C, 2, 0, 0, &p), -E_IO);
	CHECK_EQ(fc_read(&C, 2, 0, buf, sizeof buf), -E_IO);
	CHECK_EQ(F.reads, 0);
	CHECK_EQ(used_slots(), 0);
	fail(&F.stat, 0, 0, 0);
	CHECK((p = get(2, 0, 1)));
	p[0] = 'S';
	fail(&F.stat, -E_IO, -1, 0);
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), -E_IO);
	CHECK_EQ(fc_writeback_all(&C), -E_IO);
	CHECK_EQ(F.writes, 0);
	fail(&F.stat, 0, 0, 0);
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), 0);   /* still maybe dirty */
	CHECK_EQ(F.f[2].data[0], 'S');
}

TEST(fault_stat_of_victim_skips_it)
{
	reset(NPAGES);
	uint8_t *pg[NPAGES];
	CHECK_EQ(fill(2, NPAGES - 1, pg), 0);
	CHECK((pg[7] = get(1, 0, 0)));
	CHECK(get(2, 0, 1) == pg[0]);   /* slot 0 maybe dirty, its file's stat will fail */
	fail(&F.stat, -E_IO, -1, 2);
	CHECK(get(1, 1, 0) == pg[1]);
	CHECK(cached(2, 0));
	CHECK_EQ(F.writes, 0);
}

TEST(fault_read_leaves_no_half_page)
{
	reset(NPAGES);
	uint8_t *p, buf[2 * PG];
	fail(&F.read, -E_IO, 1, 0);   /* scribbles, then fails */
	CHECK_EQ(fc_get(&C, 2, 0, 0, &p), -E_IO);
	CHECK_EQ(used_slots(), 0);
	CHECK(!cached(2, 0));
	CHECK((p = get(2, 0, 0)));
	CHECK_EQ(F.reads, 2);
	CHECK(is_pat(p, 2, 0, PG));
	fail(&F.read, -E_IO, 1, 0);   /* page 0 cached, page 1 fails: a short read */
	CHECK_EQ(fc_read(&C, 2, 0, buf, sizeof buf), PG);
	CHECK(is_pat(buf, 2, 0, PG));
	CHECK(!cached(2, 1));
	uint8_t *pg[NPAGES];
	reset(NPAGES);
	CHECK_EQ(fill(2, NPAGES, pg), 0);
	fail(&F.read, -E_IO, 1, 0);   /* after a page was given up for it */
	CHECK_EQ(fc_get(&C, 2, 8, 0, &p), -E_IO);
	CHECK(!cached(2, 0) && !cached(2, 8));
	CHECK_EQ(used_slots(), NPAGES - 1);
	CHECK(get(2, 8, 0) == pg[0]);
	CHECK(is_pat(pg[0], 2, 8 * PG, PG));
}

TEST(fault_write_during_writeback)
{
	reset(NPAGES);
	uint8_t *a = get(2, 0, 1), *b = get(2, 1, 1);
	memset(a, 'A', PG);
	memset(b, 'B', PG);
	fail(&F.write, -E_IO, 1, 0);   /* the first fails, the other is written all the same */
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), -E_IO);
	CHECK_EQ(F.writes, 2);
	CHECK(all(F.f[2].data, 'A', PG) != all(F.f[2].data + PG, 'B', PG));
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), 0);   /* only the failed one is still dirty */
	CHECK_EQ(F.writes, 3);
	CHECK(all(F.f[2].data, 'A', PG) && all(F.f[2].data + PG, 'B', PG));
}

/* get(), the page lent to the VM server but not mapped by anyone (the question decides). */
static uint8_t *lent(uint64_t node, uint64_t idx, int shared_write)
{
	uint8_t *p = get(node, idx, shared_write);
	if (p)
		fc_lend(&C, p);
	return p;
}

TEST(fault_users_counts_as_mapped)
{
	reset(NPAGES);
	uint8_t *p = lent(2, 0, 1), *q;
	p[0] = 'U';
	fail(&F.users, -E_IO, -1, 0);
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), 0);
	CHECK_EQ(F.f[2].data[0], 'U');
	CHECK_EQ(fc_writeback(&C, 2, 0, 0), 0);   /* kept maybe dirty */
	CHECK_EQ(F.writes, 2);
	uint8_t *pg[NPAGES];
	reset(NPAGES);
	CHECK_EQ(fill(2, NPAGES, pg), 0);
	for (unsigned i = 0; i < NPAGES; i++)
		fc_lend(&C, pg[i]);
	fail(&F.users, -E_IO, -1, 0);   /* no page looks free: the clock unmaps one */
	CHECK(get(2, 8, 0) == pg[0]);
	CHECK_LOG("unmap(2,0,1) read(2,32768) ");
	reset(NPAGES);
	for (unsigned i = 0; i < NPAGES; i++)
		CHECK((pg[i] = lent(2, i, 1)));
	fail(&F.users, -E_IO, -1, 0);   /* dirty ones written but never known unmapped: */
	fail(&F.unmap, -E_IO, -1, 0);   /* neither question nor unmap can say so */
	CHECK_EQ(fc_get(&C, 2, 8, 0, &q), -FC_ENOMEM);
	CHECK_EQ(used_slots(), NPAGES);
	CHECK_EQ(F.reads, NPAGES);
}

TEST(fault_unmap_skips_the_page)
{
	reset(NPAGES);
	uint8_t *pg[NPAGES], *p;
	CHECK_EQ(fill(2, NPAGES, pg), 0);
	for (uint64_t i = 0; i < NPAGES; i++)
		CHECK(map(2, i, 0));
	fail(&F.unmap, -E_IO, 1, 0);
	CHECK(get(2, 8, 0) == pg[1]);
	CHECK_LOG("unmap(2,0,1) unmap(2,1,2) read(2,32768) ");
	CHECK(cached(2, 0) && !cached(2, 1));
	CHECK(map(2, 8, 0));
	fail(&F.unmap, -E_IO, -1, 0);
	CHECK_EQ(fc_get(&C, 2, 9, 0, &p), -FC_ENOMEM);
	CHECK_EQ(used_slots(), NPAGES);
	CHECK_EQ(F.nmaps, NPAGES);
	CHECK_EQ(F.reads, NPAGES + 1);
}

/* A lent page (fc_lend: the VM server remembers it) is reused only after env->unmap of
 * it succeeded, even when no mapping uses it; one that was never lent needs no call. */
TEST(lent_page_taken_back_before_reuse)
{
	reset(NPAGES);
	uint8_t *pg[NPAGES];
	CHECK_EQ(fill(2, NPAGES, pg), 0);
	fc_lend(&C, pg[0]);
	CHECK(get(2, 8, 0) == pg[0]);   /* unused but lent: taken back first */
	CHECK_LOG("unmap(2,0,1) read(2,32768) ");
	CHECK(get(2, 9, 0) == pg[1]);   /* never lent: no call */
	CHECK_LOG("read(2,36864) ");
	CHECK_EQ(F.unmaps, 1);
	fc_lend(&C, pg[2]);
	fail(&F.unmap, -E_IO, 1, 0);    /* it cannot be taken back: the clock goes on */
	CHECK(get(2, 10, 0) == pg[3]);
	CHECK(cached(2, 2) && !cached(2, 3));
	CHECK(get(2, 11, 0) == pg[4]);  /* (the hand has passed it) */
	CHECK(get(2, 2, 0) == pg[2]);   /* still there, still the same page */
}

TEST(lent_pages_forgotten_when_dropped)
{
	reset(NPAGES);
	uint8_t *a = get(5, 0, 0), *b = get(5, 1, 0), *c = get(5, 2, 0);
	fc_lend(&C, a);
	fc_lend(&C, c);
	F.log[0] = 0;
	fc_resized(&C, 5, 60 * PG, PG + 1);   /* page 2 goes, lent: one call from page 2 on */
	CHECK_LOG("unmap(5,2,-1) ");
	CHECK(cached(5, 0) && cached(5, 1) && !cached(5, 2));
	fc_resized(&C, 5, PG + 1, PG + 2);    /* nothing lent goes: no call */
	CHECK_LOG("");
	fail(&F.unmap, -E_IO, 1, 0);          /* the VM server did not forget: the freed */
	CHECK_EQ(fc_forget(&C, 5), 0);        /* slot is taken back before its reuse */
	CHECK_LOG("unmap(5,0,-1) ");
	CHECK(!cached(5, 0) && !cached(5, 1));
	(void)b;
	uint8_t *p;
	for (unsigned i = 0; i < NPAGES; i++)   /* the free slots first, the lent one taken back */
		CHECK_EQ(fc_get(&C, 2, i, 0, &p), 0);
	CHECK(strstr(F.log, "unmap(5,0,1) ") != 0);
	CHECK_EQ(F.unmaps, 3);
}

CHECK_MAIN()
