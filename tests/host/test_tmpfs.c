/* test_tmpfs.c - the in-memory file system (lib/tmpfs) over malloc'ed pages, with a switch
 * that makes the Nth page allocation fail. After each test every invariant of the
 * instance is checked (consistent()): the pages counted are the pages held, the pages the
 * environment gave are the data and index pages, directories' links and sizes add up. */
#include <stdint.h>
#include "check.h"
#include "tmpfs/tmpfs.h"

#define PG     TMPFS_PAGE
#define NNODES 16
#define E_NOENT 2
#define E_NOMEM 12
#define E_BUSY  16
#define E_EXIST 17
#define E_NOTDIR 20
#define E_ISDIR 21
#define E_INVAL 22
#define E_FBIG  27
#define E_NOSPC 28
#define E_NAMETOOLONG 36
#define E_NOTEMPTY 39

static struct env_state {
	long live;          /* pages given and not freed */
	long allocs;        /* page_alloc calls */
	long fail_at;       /* the page_alloc call (1-based) that fails; 0: none */
	uint64_t clock;
} E;

static void *p_alloc(void *ctx)
{
	(void)ctx;
	if (++E.allocs == E.fail_at)
		return 0;
	void *p = aligned_alloc(PG, PG);
	if (p) {
		memset(p, 0, PG);
		E.live++;
	}
	return p;
}

static void p_free(void *ctx, void *p)
{
	(void)ctx;
	free(p);
	E.live--;
}

static uint64_t now(void *ctx)
{
	(void)ctx;
	return E.clock += 1000;
}

static const struct tmpfs_env env = {0, p_alloc, p_free, now};
static struct tmpfs T;
static struct tmpfs_node nodes[NNODES];

static void setup(uint64_t max_pages)
{
	E = (struct env_state){0, 0, 0, 1000000};
	tmpfs_init(&T, &env, nodes, NNODES, max_pages, 01777);
}

#define P(s) s, strlen(s)

/* Every invariant of T; 0 if all hold, else the line of the first that does not. */
static int consistent(void)
{
	uint64_t pages = 0, used = 0, index_pages = 0;
	for (uint32_t i = 0; i < NNODES; i++) {
		const struct tmpfs_node *x = &nodes[i];
		if (!x->mode)
			continue;
		used++;
		uint64_t np = 0;
		if (x->index) {
			index_pages++;
			for (unsigned h = 0; h < TMPFS_FANOUT; h++) {
				void **leaf = x->index[h];
				if (!leaf)
					continue;
				index_pages++;
				for (unsigned l = 0; l < TMPFS_FANOUT; l++)
					if (leaf[l]) {
						np++;
						if ((uint64_t)h * TMPFS_FANOUT + l >= (x->size + PG - 1) / PG)
							return __LINE__;   /* a page past the end */
					}
			}
		}
		if (np != x->pages)
			return __LINE__;
		pages += np;
		if ((x->mode & TMPFS_S_IFMT) == TMPFS_S_IFDIR) {
			uint64_t entries = 0, subdirs = 0;
			uint32_t last_pos = 0;
			for (uint32_t c = x->child; c; c = nodes[c - 1].next) {
				if (!nodes[c - 1].mode || nodes[c - 1].parent != i + 1 || nodes[c - 1].pos <= last_pos)
					return __LINE__;
				last_pos = nodes[c - 1].pos;
				entries++;
				subdirs += (nodes[c - 1].mode & TMPFS_S_IFMT) == TMPFS_S_IFDIR;
			}
			if (x->nlink && (x->nlink != 2 + subdirs || x->size != 40 + 20 * entries))
				return __LINE__;
		} else if (x->nlink > 1 || (x->nlink == 1) != (x->parent != 0)) {
			return __LINE__;
		}
	}
	if (used != T.used || pages != T.used_pages || pages > T.max_pages)
		return __LINE__;
	if ((long)(pages + index_pages) != E.live)
		return __LINE__;
	return 0;
}

/* A test's end: the invariants, and after destroy nothing held. */
#define TEARDOWN()                                 \
	do {                                           \
		CHECK_EQ(consistent(), 0);                 \
		tmpfs_destroy(&T);                         \
		CHECK_EQ(E.live, 0);                       \
	} while (0)

static uint8_t buf[8 * PG], out[8 * PG];

static void fill(uint8_t seed)
{
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(seed + i * 7 + i / 4096);
}

TEST(create_write_read_stat)
{
	setup(64);
	uint32_t n, m;
	struct tmpfs_stat st;
	CHECK_EQ(tmpfs_create(&T, P("f"), 0644, 5, 6, &n), 0);
	CHECK_EQ(tmpfs_lookup(&T, P("f"), &m), 0);
	CHECK_EQ(m, n);
	CHECK_EQ(tmpfs_create(&T, P("f"), 0644, 0, 0, &m), -E_EXIST);
	fill(1);
	CHECK_EQ(tmpfs_write(&T, n, 100, buf, 5000), 5000);
	CHECK_EQ(tmpfs_stat(&T, n, &st), 0);
	CHECK_EQ(st.size, 5100);
	CHECK_EQ(st.blocks, 16);
	CHECK_EQ(st.mode, TMPFS_S_IFREG | 0644);
	CHECK_EQ(st.nlink, 1);
	CHECK_EQ(st.uid, 5);
	CHECK_EQ(st.gid, 6);
	memset(out, 0xee, sizeof out);
	CHECK_EQ(tmpfs_read(&T, n, 0, out, 8000), 5100);
	for (int i = 0; i < 100; i++)
		CHECK_EQ(out[i], 0);
	CHECK(!memcmp(out + 100, buf, 5000));
	CHECK_EQ(tmpfs_read(&T, n, 5100, out, 10), 0);
	CHECK_EQ(tmpfs_read(&T, n, 99999, out, 10), 0);
	CHECK_EQ(tmpfs_write(&T, n, 0, buf, 0), 0);
	CHECK_EQ(tmpfs_read(&T, TMPFS_ROOT, 0, out, 10), -E_ISDIR);
	CHECK_EQ(tmpfs_write(&T, TMPFS_ROOT, 0, buf, 10), -E_ISDIR);
	CHECK_EQ(tmpfs_read(&T, 9, 0, out, 10), -E_NOENT);
	TEARDOWN();
}

TEST(holes_cost_nothing)
{
	setup(4);
	uint32_t n;
	CHECK_EQ(tmpfs_create(&T, P("sparse"), 0600, 0, 0, &n), 0);
	CHECK_EQ(tmpfs_truncate(&T, n, 100 * PG), 0);
	CHECK_EQ(T.used_pages, 0);
	fill(3);
	CHECK_EQ(tmpfs_write(&T, n, 50 * PG + 10, buf, 10), 10);   /* one page in the middle */
	CHECK_EQ(T.used_pages, 1);
	memset(out, 0xee, sizeof out);
	CHECK_EQ(tmpfs_read(&T, n, 50 * PG, out, PG), PG);
	CHECK(out[0] == 0 && out[9] == 0 && !memcmp(out + 10, buf, 10) && out[20] == 0);
	CHECK_EQ(consistent(), 0);
	TEARDOWN();
}

TEST(bound_short_write_then_enospc_then_unlink_frees)
{
	setup(4);
	uint32_t n, m, gone;
	CHECK_EQ(tmpfs_create(&T, P("big"), 0600, 0, 0, &n), 0);
	fill(5);
	CHECK_EQ(tmpfs_write(&T, n, 100, buf, 5 * PG), 4 * PG - 100);   /* short, as Linux */
	CHECK_EQ(T.used_pages, 4);
	CHECK_EQ(tmpfs_write(&T, n, 4 * PG, buf, 1), -E_NOSPC);
	CHECK_EQ(tmpfs_write(&T, n, 5, buf, 50), 50);   /* a page it has already: fine */
	CHECK_EQ(tmpfs_create(&T, P("other"), 0600, 0, 0, &m), 0);
	CHECK_EQ(tmpfs_write(&T, m, 0, buf, 1), -E_NOSPC);
	struct tmpfs_statfs sf;
	tmpfs_statfs(&T, &sf);
	CHECK(sf.blocks == 4 && sf.bfree == 0 && sf.files == NNODES && sf.ffree == NNODES - 3);
	CHECK_EQ(consistent(), 0);
	CHECK_EQ(tmpfs_unlink(&T, P("big"), &gone), 0);
	CHECK_EQ(gone, n);
	CHECK_EQ(T.used_pages, 4);   /* still held: it may be open */
	CHECK_EQ(tmpfs_read(&T, n, 100, out, 10), 10);
	CHECK(!memcmp(out, buf, 10));
	CHECK_EQ(tmpfs_release(&T, n), 0);
	CHECK_EQ(T.used_pages, 0);
	CHECK_EQ(tmpfs_stat(&T, n, &(struct tmpfs_stat){0}), -E_NOENT);
	CHECK_EQ(tmpfs_write(&T, m, 0, buf, 2 * PG), 2 * PG);
	tmpfs_statfs(&T, &sf);
	CHECK(sf.bfree == 2 && sf.ffree == NNODES - 2);
	TEARDOWN();
}

TEST(truncate_frees_and_zeroes)
{
	setup(64);
	uint32_t n;
	CHECK_EQ(tmpfs_create(&T, P("t"), 0600, 0, 0, &n), 0);
	fill(9);
	CHECK_EQ(tmpfs_write(&T, n, 0, buf, 3 * PG), 3 * PG);
	uint64_t before = E.clock;
	CHECK_EQ(tmpfs_truncate(&T, n, PG + 10), 0);
	CHECK_EQ(T.used_pages, 2);
	CHECK(nodes[n - 1].mtime > before && nodes[n - 1].ctime > before);
	CHECK_EQ(tmpfs_truncate(&T, n, 3 * PG), 0);
	CHECK_EQ(tmpfs_read(&T, n, 0, out, 3 * PG), 3 * PG);
	CHECK(!memcmp(out, buf, PG + 10));
	for (size_t i = PG + 10; i < 3 * PG; i++)
		CHECK_EQ(out[i], 0);
	CHECK_EQ(tmpfs_truncate(&T, n, 0), 0);
	CHECK(nodes[n - 1].index == 0);
	CHECK_EQ(tmpfs_truncate(&T, n, TMPFS_MAX_SIZE + 1), -E_FBIG);
	CHECK_EQ(tmpfs_truncate(&T, n, TMPFS_MAX_SIZE), 0);
	CHECK_EQ(tmpfs_write(&T, n, TMPFS_MAX_SIZE, buf, 1), -E_FBIG);
	CHECK_EQ(tmpfs_write(&T, n, TMPFS_MAX_SIZE - 3, buf, 10), 3);
	CHECK_EQ(tmpfs_truncate(&T, TMPFS_ROOT, 0), -E_ISDIR);
	TEARDOWN();
}

TEST(directories)
{
	setup(8);
	uint32_t a, b, f, x;
	struct tmpfs_stat st;
	CHECK_EQ(tmpfs_mkdir(&T, P("a"), 0755, 0, 0, &a), 0);
	CHECK_EQ(tmpfs_mkdir(&T, P("a/b"), 0700, 0, 0, &b), 0);
	CHECK_EQ(tmpfs_create(&T, P("a/b/f"), 0600, 0, 0, &f), 0);
	CHECK_EQ(tmpfs_stat(&T, TMPFS_ROOT, &st), 0);
	CHECK(st.nlink == 3 && st.size == 60 && st.mode == (TMPFS_S_IFDIR | 01777));
	CHECK_EQ(tmpfs_stat(&T, a, &st), 0);
	CHECK(st.nlink == 3 && st.size == 60);
	CHECK_EQ(tmpfs_mkdir(&T, P("a"), 0755, 0, 0, &x), -E_EXIST);
	CHECK_EQ(tmpfs_mkdir(&T, P(""), 0755, 0, 0, &x), -E_EXIST);
	CHECK_EQ(tmpfs_mkdir(&T, P("nope/c"), 0755, 0, 0, &x), -E_NOENT);
	CHECK_EQ(tmpfs_mkdir(&T, P("a/b/f/c"), 0755, 0, 0, &x), -E_NOTDIR);
	CHECK_EQ(tmpfs_lookup(&T, P("a/b/f/c"), &x), -E_NOTDIR);
	CHECK_EQ(tmpfs_lookup(&T, P("a//b/f"), &x), 0);
	CHECK_EQ(x, f);
	CHECK_EQ(tmpfs_rmdir(&T, P("a/b"), &x), -E_NOTEMPTY);
	CHECK_EQ(tmpfs_rmdir(&T, P("a/b/f"), &x), -E_NOTDIR);
	CHECK_EQ(tmpfs_unlink(&T, P("a/b"), &x), -E_ISDIR);
	CHECK_EQ(tmpfs_unlink(&T, P(""), &x), -E_ISDIR);
	CHECK_EQ(tmpfs_rmdir(&T, P(""), &x), -E_BUSY);
	CHECK_EQ(tmpfs_unlink(&T, P("a/b/g"), &x), -E_NOENT);
	CHECK_EQ(tmpfs_unlink(&T, P("a/b/f"), &x), 0);
	CHECK_EQ(tmpfs_release(&T, x), 0);
	CHECK_EQ(tmpfs_rmdir(&T, P("a/b"), &x), 0);
	CHECK_EQ(x, b);
	CHECK_EQ(tmpfs_readdir(&T, b, 0, 0, 0), 0);   /* open and empty: nothing to emit */
	CHECK_EQ(tmpfs_release(&T, b), 0);
	CHECK_EQ(tmpfs_stat(&T, a, &st), 0);
	CHECK(st.nlink == 2 && st.size == 40);
	char name[300];
	memset(name, 'n', sizeof name);
	CHECK_EQ(tmpfs_create(&T, name, 256, 0600, 0, 0, &x), -E_NAMETOOLONG);
	CHECK_EQ(tmpfs_lookup(&T, name, 256, &x), -E_NAMETOOLONG);
	CHECK_EQ(tmpfs_create(&T, name, 255, 0600, 0, 0, &x), 0);
	TEARDOWN();
}

TEST(rename_rules)
{
	setup(8);
	uint32_t d1, d2, e, f, g, r;
	CHECK_EQ(tmpfs_mkdir(&T, P("d1"), 0755, 0, 0, &d1), 0);
	CHECK_EQ(tmpfs_mkdir(&T, P("d2"), 0755, 0, 0, &d2), 0);
	CHECK_EQ(tmpfs_mkdir(&T, P("d2/e"), 0755, 0, 0, &e), 0);
	CHECK_EQ(tmpfs_create(&T, P("f"), 0600, 0, 0, &f), 0);
	CHECK_EQ(tmpfs_create(&T, P("g"), 0600, 0, 0, &g), 0);
	CHECK_EQ(tmpfs_rename(&T, P("f"), P("g"), &r), 0);   /* a file over a file */
	CHECK_EQ(r, g);
	CHECK_EQ(nodes[g - 1].nlink, 0);
	CHECK_EQ(tmpfs_release(&T, g), 0);
	CHECK_EQ(tmpfs_lookup(&T, P("g"), &r), 0);
	CHECK_EQ(r, f);
	CHECK_EQ(tmpfs_rename(&T, P("g"), P("g"), &r), 0);
	CHECK_EQ(r, 0);
	CHECK_EQ(tmpfs_rename(&T, P("nope"), P("x"), &r), -E_NOENT);
	CHECK_EQ(tmpfs_rename(&T, P("g"), P("d1"), &r), -E_ISDIR);
	CHECK_EQ(tmpfs_rename(&T, P("d1"), P("g"), &r), -E_NOTDIR);
	CHECK_EQ(tmpfs_rename(&T, P("d1"), P("d2"), &r), -E_NOTEMPTY);
	CHECK_EQ(tmpfs_rename(&T, P("d2"), P("d2/e/x"), &r), -E_INVAL);
	CHECK_EQ(tmpfs_rename(&T, P("d2/e"), P("d2"), &r), -E_NOTEMPTY);
	CHECK_EQ(tmpfs_rename(&T, P(""), P("x"), &r), -E_BUSY);
	CHECK_EQ(tmpfs_rename(&T, P("g"), P("g/x"), &r), -E_NOTDIR);
	CHECK_EQ(tmpfs_rename(&T, P("d2/e"), P("d1/e2"), &r), 0);   /* a directory moves */
	CHECK_EQ(nodes[d2 - 1].nlink, 2);
	CHECK_EQ(nodes[d1 - 1].nlink, 3);
	CHECK_EQ(tmpfs_rename(&T, P("d2"), P("d1/e2"), &r), 0);   /* over an empty directory */
	CHECK_EQ(r, e);
	CHECK_EQ(tmpfs_release(&T, e), 0);
	CHECK_EQ(nodes[TMPFS_ROOT - 1].nlink, 3);
	CHECK_EQ(tmpfs_lookup(&T, P("d1/e2"), &r), 0);
	CHECK_EQ(r, d2);
	TEARDOWN();
}

struct seen {
	char names[16][8];
	int n, room;
};

static int emit(void *arg, uint64_t ino, unsigned type, const char *name, size_t len)
{
	struct seen *s = arg;
	(void)ino, (void)type;
	if (s->n == s->room)
		return 1;
	memcpy(s->names[s->n], name, len);
	s->names[s->n++][len] = 0;
	return 0;
}

TEST(readdir_cookies_survive_changes)
{
	setup(8);
	uint32_t x;
	const char *names[] = {"a", "b", "c", "d", "e"};
	for (int i = 0; i < 5; i++)
		CHECK_EQ(tmpfs_create(&T, P(names[i]), 0600, 0, 0, &x), 0);
	struct seen s = {.room = 2};
	long c = tmpfs_readdir(&T, TMPFS_ROOT, 0, emit, &s);
	CHECK(c > 0 && s.n == 2 && !strcmp(s.names[0], "a") && !strcmp(s.names[1], "b"));
	CHECK_EQ(tmpfs_unlink(&T, P("c"), &x), 0);   /* the next one goes meanwhile */
	CHECK_EQ(tmpfs_release(&T, x), 0);
	CHECK_EQ(tmpfs_unlink(&T, P("a"), &x), 0);   /* and one already seen */
	CHECK_EQ(tmpfs_release(&T, x), 0);
	CHECK_EQ(tmpfs_create(&T, P("f"), 0600, 0, 0, &x), 0);
	s.room = 16;
	CHECK_EQ(tmpfs_readdir(&T, TMPFS_ROOT, (uint64_t)c, emit, &s), 0);
	CHECK_EQ(s.n, 5);
	CHECK(!strcmp(s.names[2], "d") && !strcmp(s.names[3], "e") && !strcmp(s.names[4], "f"));
	CHECK_EQ(tmpfs_readdir(&T, x, 0, emit, &s), -E_NOTDIR);
	TEARDOWN();
}

TEST(inodes_run_out)
{
	setup(8);
	uint32_t x;
	char name[16];
	for (int i = 0; i < NNODES - 1; i++) {
		snprintf(name, sizeof name, "f%d", i);
		CHECK_EQ(tmpfs_create(&T, P(name), 0600, 0, 0, &x), 0);
	}
	CHECK_EQ(tmpfs_create(&T, P("more"), 0600, 0, 0, &x), -E_NOSPC);
	CHECK_EQ(tmpfs_mkdir(&T, P("more"), 0700, 0, 0, &x), -E_NOSPC);
	CHECK_EQ(tmpfs_unlink(&T, P("f3"), &x), 0);
	CHECK_EQ(tmpfs_create(&T, P("more"), 0600, 0, 0, &x), -E_NOSPC);   /* held till release */
	CHECK_EQ(tmpfs_release(&T, x), 0);
	CHECK_EQ(tmpfs_create(&T, P("more"), 0600, 0, 0, &x), 0);
	TEARDOWN();
}

TEST(setattr_keeps_the_type)
{
	setup(8);
	uint32_t x;
	struct tmpfs_stat st;
	CHECK_EQ(tmpfs_mkdir(&T, P("d"), 0700, 0, 0, &x), 0);
	struct tmpfs_attr a = {TMPFS_ATTR_MODE | TMPFS_ATTR_UID | TMPFS_ATTR_MTIME, 0170755, 42, 43, 5, 77};
	CHECK_EQ(tmpfs_setattr(&T, x, &a), 0);
	CHECK_EQ(tmpfs_stat(&T, x, &st), 0);
	CHECK(st.mode == (TMPFS_S_IFDIR | 0755) && st.uid == 42 && st.gid == 0);
	CHECK(st.mtime == 77 && st.atime != 5 && st.ctime == E.clock);
	CHECK_EQ(tmpfs_setattr(&T, 99, &a), -E_NOENT);
	TEARDOWN();
}

/* Each page allocation of a write that needs several (an index, two leaves, data pages),
 * failing in turn: the write is short or ENOMEM, never corrupt, and the bytes it says it
 * wrote are there. */
TEST(fault_injection_every_allocation)
{
	for (long k = 1;; k++) {
		setup(64);
		uint32_t n;
		CHECK_EQ(tmpfs_create(&T, P("f"), 0600, 0, 0, &n), 0);
		E.fail_at = k;
		fill((uint8_t)k);
		uint64_t off = (uint64_t)TMPFS_FANOUT * PG - 2 * PG + 7;   /* across two leaves */
		long w = tmpfs_write(&T, n, off, buf, 4 * PG);
		CHECK(w == 4 * PG || w == -E_NOMEM || (w > 0 && w < 4 * PG));
		CHECK_EQ(consistent(), 0);
		if (w > 0) {
			CHECK_EQ(nodes[n - 1].size, off + (uint64_t)w);
			CHECK_EQ(tmpfs_read(&T, n, off, out, (size_t)w), w);
			CHECK(!memcmp(out, buf, (size_t)w));
		} else {
			CHECK_EQ(nodes[n - 1].size, 0);
		}
		E.fail_at = 0;
		CHECK_EQ(tmpfs_truncate(&T, n, 0), 0);   /* the empty index pages go too */
		CHECK_EQ(E.live, 0);
		int all = w == 4 * PG && E.allocs < k;
		TEARDOWN();
		if (all)
			break;   /* no allocation left to fail */
	}
}

CHECK_MAIN()
