/* fuzz_tmpfs.c - libFuzzer harness of tmpfs (lib/tmpfs) and the mount table's path
 * resolution (lib/mount): the input is a sequence of operations, each an opcode byte
 * and its arguments (paths over a small alphabet so that names collide, offsets and
 * lengths, node numbers), run on one instance of 16 nodes and 48 pages whose page
 * allocation may fail, and on one mount table. After the sequence every node must stat,
 * directories list only nodes in use, the page count matches, and tmpfs_destroy gives
 * every page back (no leak). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mount/mounttab.h"
#include "tmpfs/tmpfs.h"

#define NNODES    16
#define MAX_PAGES 48

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t byte(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint64_t word(struct in *in, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++)
		v = v << 8 | byte(in);
	return v;
}

/* A path: up to 15 characters of "a/b/c/d." chosen by the input, or a name of 255
 * or 256 bytes (the longest allowed and one more) below "a". */
static size_t path(struct in *in, char *buf)
{
	uint8_t len = byte(in);
	if (len >= 0xfe) {
		size_t n = 2 + 255 + (len & 1);
		memcpy(buf, "a/", 2);
		memset(buf + 2, 'n', n - 2);
		return n;
	}
	len %= 16;
	for (uint8_t i = 0; i < len; i++)
		buf[i] = "a/b/c/d."[byte(in) % 8];
	return len;
}

static struct {
	long live, allocs, fail_every;
	uint64_t clock;
} E;

static void *p_alloc(void *ctx)
{
	(void)ctx;
	if (E.fail_every && ++E.allocs % E.fail_every == 0)
		return NULL;
	void *p = aligned_alloc(TMPFS_PAGE, TMPFS_PAGE);
	memset(p, 0, TMPFS_PAGE);
	E.live++;
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

static int emit_n;   /* entries readdir takes before it says full */

static int emit(void *arg, uint64_t ino, unsigned type, const char *name, size_t len)
{
	struct tmpfs *t = arg;
	struct tmpfs_stat st;
	if (tmpfs_stat(t, (uint32_t)ino, &st) < 0 || !len || len > TMPFS_NAME_MAX ||
	    memchr(name, '/', len) || (type != 4 && type != 8))
		abort();   /* an entry names a live node by a proper name */
	return --emit_n <= 0;
}

/* The mount table's answer must be a whole-component prefix of the path, and the rest
 * the path after it. */
static void resolve(const struct mounttab *m, const char *p, size_t len)
{
	const char *rest;
	size_t rlen;
	unsigned k = mt_resolve(m, p, len, &rest, &rlen);
	if (k >= m->n || rest < p || rest + rlen != p + len ||
	    (k && (m->at[k].len > len || memcmp(m->at[k].path, p, m->at[k].len))))
		abort();
	if (mt_mount_of(mt_node(k, 12345)) != k || mt_inner(mt_node(k, 12345)) != 12345)
		abort();
}

static void op(struct tmpfs *t, struct mounttab *m, struct in *in)
{
	static char a[300], b[300];
	static uint8_t data[3 * TMPFS_PAGE];
	uint32_t node = 0;
	size_t la, lb;
	uint64_t off;
	size_t len;
	struct tmpfs_stat st;
	uint8_t code = byte(in);

	switch (code % 16) {
	case 0:
		la = path(in, a);
		(void)tmpfs_create(t, a, la, byte(in), 1, 2, &node);
		break;
	case 1:
		la = path(in, a);
		(void)tmpfs_mkdir(t, a, la, 0755, 0, 0, &node);
		break;
	case 2:
		la = path(in, a);
		if (tmpfs_unlink(t, a, la, &node) == 0 && (code & 0x10))
			(void)tmpfs_release(t, node);
		break;
	case 3:
		la = path(in, a);
		if (tmpfs_rmdir(t, a, la, &node) == 0 && (code & 0x10))
			(void)tmpfs_release(t, node);
		break;
	case 4:
		la = path(in, a);
		lb = path(in, b);
		if (tmpfs_rename(t, a, la, b, lb, &node) == 0 && node && (code & 0x10))
			(void)tmpfs_release(t, node);
		break;
	case 5:
		(void)tmpfs_release(t, byte(in) % (NNODES + 2));
		break;
	case 6:   /* write: a small offset, or one anywhere up to past the largest file */
		la = path(in, a);
		off = code & 0x10 ? word(in, 5) : word(in, 2);
		len = word(in, 2) % sizeof data;
		memset(data, code, len);
		if (tmpfs_lookup(t, a, la, &node) == 0)
			(void)tmpfs_write(t, node, off, data, len);
		break;
	case 7:
		la = path(in, a);
		off = code & 0x10 ? word(in, 5) : word(in, 2);
		len = word(in, 2) % sizeof data;
		if (tmpfs_lookup(t, a, la, &node) == 0)
			(void)tmpfs_read(t, node, off, data, len);
		break;
	case 8:
		la = path(in, a);
		off = code & 0x10 ? word(in, 5) : word(in, 2);
		if (tmpfs_lookup(t, a, la, &node) == 0)
			(void)tmpfs_truncate(t, node, off);
		break;
	case 9: {
		struct tmpfs_attr at = {byte(in), (uint32_t)word(in, 2), byte(in), byte(in), word(in, 8),
		                        word(in, 8)};
		(void)tmpfs_setattr(t, byte(in) % (NNODES + 2), &at);
		break;
	}
	case 10:
		emit_n = byte(in) % 8;
		(void)tmpfs_readdir(t, byte(in) % (NNODES + 2), byte(in) % 20, emit, t);
		break;
	case 11:
		(void)tmpfs_stat(t, byte(in) % (NNODES + 2), &st);
		break;
	case 12:
		la = path(in, a);
		(void)mt_add(m, a, la);
		break;
	case 13:
		la = path(in, a);
		resolve(m, a, la);
		break;
	case 14:
		E.fail_every = byte(in) % 8;
		break;
	default: {
		struct tmpfs_statfs sf;
		tmpfs_statfs(t, &sf);
		if (sf.bfree > sf.blocks || sf.ffree > sf.files)
			abort();
	}
	}
}

/* Every node in use stats, every directory lists only live nodes, the pages add up. */
static void check(struct tmpfs *t)
{
	struct tmpfs_stat st;
	uint64_t pages = 0;
	uint32_t used = 0;
	for (uint32_t n = 1; n <= NNODES; n++) {
		if (!t->nodes[n - 1].mode)
			continue;
		used++;
		pages += t->nodes[n - 1].pages;
		if (tmpfs_stat(t, n, &st) < 0)
			abort();
		emit_n = NNODES + 1;
		if (((st.mode & TMPFS_S_IFMT) == TMPFS_S_IFDIR) != (tmpfs_readdir(t, n, 0, emit, t) == 0))
			abort();
	}
	if (used != t->used || pages != t->used_pages || t->used_pages > MAX_PAGES)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tmpfs_node nodes[NNODES];
	static const struct tmpfs_env env = {0, p_alloc, p_free, now};
	struct tmpfs t;
	struct mounttab m;
	struct in in = {data, size};

	E.live = E.allocs = E.fail_every = 0;
	E.clock = 1000000;
	tmpfs_init(&t, &env, nodes, NNODES, MAX_PAGES, 01777);
	mt_init(&m);
	for (int k = 0; k < 400 && in.n; k++)
		op(&t, &m, &in);
	check(&t);
	tmpfs_destroy(&t);
	if (E.live != 0)
		abort();   /* a page lost */
	return 0;
}
