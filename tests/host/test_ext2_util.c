/* test_ext2_util.c - see test_ext2_util.h. */
#define _GNU_SOURCE
#include "test_ext2_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EXT2_WORKDIR
#define EXT2_WORKDIR "build/host/ext2"
#endif

static int memdev_read(void *ctx, uint64_t blk, uint32_t bsize, void *buf)
{
	struct memdev *d = ctx;
	long i = d->reads++;
	if (d->max_calls && d->reads + d->writes > d->max_calls) {
		d->runaway++;
		return -EIO;
	}
	if (d->fail_read_at >= 0 && (i == d->fail_read_at || (d->fail_persist && i > d->fail_read_at))) {
		d->failed++;
		return -EIO;
	}
	if (bsize == 0 || blk >= d->size / bsize) {
		d->oob++;
		return -EIO;
	}
	memcpy(buf, d->data + blk * bsize, bsize);
	if (d->read_map && bsize == d->map_bsize)
		d->read_map[blk] = 1;
	return 0;
}

static int memdev_write(void *ctx, uint64_t blk, uint32_t bsize, const void *buf)
{
	struct memdev *d = ctx;
	long i = d->writes++;
	if (d->max_calls && d->reads + d->writes > d->max_calls) {
		d->runaway++;
		return -EIO;
	}
	if (d->fail_write_at >= 0 && (i == d->fail_write_at || (d->fail_persist && i > d->fail_write_at))) {
		d->failed++;
		return -EIO;
	}
	if (bsize == 0 || blk >= d->size / bsize) {
		d->oob++;
		return -EIO;
	}
	memcpy(d->data + blk * bsize, buf, bsize);
	return 0;
}

static uint32_t fixed_now(void *ctx)
{
	(void)ctx;
	return 1700000000u;
}

const struct ext2_dev_ops memdev_ops = {memdev_read, memdev_write, fixed_now};
const struct ext2_dev_ops memdev_ops_notime = {memdev_read, memdev_write, NULL};

static void memdev_reset(struct memdev *d)
{
	d->reads = d->writes = d->failed = d->oob = d->runaway = 0;
	d->fail_read_at = d->fail_write_at = -1;
	d->fail_persist = false;
	d->max_calls = 0;
	d->read_map = NULL;
}

int memdev_load(struct memdev *d, const char *path)
{
	size_t len;
	memset(d, 0, sizeof *d);
	memdev_reset(d);
	if (host_read(path, &d->data, &len) < 0)
		return -1;
	d->size = len;
	return 0;
}

int memdev_save(const struct memdev *d, const char *path)
{
	return host_write(path, d->data, d->size);
}

void memdev_init_copy(struct memdev *d, const struct memdev *from)
{
	memset(d, 0, sizeof *d);
	memdev_reset(d);
	d->size = from->size;
	d->data = malloc(from->size ? from->size : 1);
	memcpy(d->data, from->data, from->size);
}

void memdev_restore(struct memdev *d, const struct memdev *from)
{
	memcpy(d->data, from->data, from->size);
	d->size = from->size;
	memdev_reset(d);
}

void memdev_free(struct memdev *d)
{
	free(d->data);
	d->data = NULL;
}

void memdev_heal(struct memdev *d)
{
	d->fail_read_at = d->fail_write_at = -1;
	d->fail_persist = false;
}

static size_t cache_len_for(const struct memdev *d)
{
	uint32_t log = 2;
	if (d->size >= 2048)
		log = d->data[1024 + 24]; /* s_log_block_size, if plausible */
	if (log > 6)
		log = 6;
	return (size_t)EXT2_CACHE_MAX * (1024u << log) + 64;
}

int tfs_remount(struct tfs *t, unsigned flags)
{
	return ext2_mount(&t->fs, &memdev_ops, &t->dev, t->dev.size, t->cache, t->cache_len, flags);
}

struct tfs *tfs_open_dev(const struct memdev *from, unsigned flags, int *err)
{
	struct tfs *t = calloc(1, sizeof *t);
	memdev_init_copy(&t->dev, from);
	t->cache_len = cache_len_for(&t->dev);
	t->cache = malloc(t->cache_len);
	int r = tfs_remount(t, flags);
	if (err)
		*err = r;
	if (r < 0) {
		tfs_close(t);
		return NULL;
	}
	return t;
}

struct tfs *tfs_open(const char *img, unsigned flags, int *err)
{
	struct memdev d;
	if (memdev_load(&d, img) < 0) {
		if (err)
			*err = -9999;
		return NULL;
	}
	struct tfs *t = tfs_open_dev(&d, flags, err);
	memdev_free(&d);
	return t;
}

void tfs_close(struct tfs *t)
{
	if (!t)
		return;
	memdev_free(&t->dev);
	free(t->cache);
	free(t);
}

const char *ext2_test_name = "misc";

const char *wpath(const char *fmt, ...)
{
	static char bufs[8][512];
	static int next;
	static bool made;
	char *b = bufs[next++ % 8];
	if (!made) {
		sh("mkdir -p '%s/%s'", EXT2_WORKDIR, ext2_test_name);
		made = true;
	}
	int n = snprintf(b, 512, "%s/%s/", EXT2_WORKDIR, ext2_test_name);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b + n, 512 - (size_t)n, fmt, ap);
	va_end(ap);
	return b;
}

int sh(const char *fmt, ...)
{
	char cmd[4096];
	int n = snprintf(cmd, sizeof cmd, "PATH=\"$PATH:/sbin:/usr/sbin\"; ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof cmd - (size_t)n, fmt, ap);
	va_end(ap);
	int st = system(cmd);
	/* WIFEXITED/WEXITSTATUS by hand: <sys/wait.h> would pull lib/include/signal.h */
	return st != -1 && (st & 0x7f) == 0 ? (st >> 8) & 0xff : -1;
}

bool have_e2fsprogs(void)
{
	return sh("command -v mke2fs >/dev/null 2>&1 && command -v e2fsck >/dev/null 2>&1 && "
	          "command -v debugfs >/dev/null 2>&1") == 0;
}

uint32_t rnd(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return (uint32_t)(x >> 11);
}

void pattern(uint8_t *buf, size_t len, uint32_t seed)
{
	uint64_t s = 0x9E3779B97F4A7C15ull ^ ((uint64_t)seed * 0x100000001B3ull);
	if (!s)
		s = 1;
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)rnd(&s);
}

int host_read(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	*out = malloc(n > 0 ? (size_t)n : 1);
	*len = fread(*out, 1, (size_t)n, f);
	fclose(f);
	return *len == (size_t)n ? 0 : -1;
}

int host_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(data, 1, len, f);
	return fclose(f) == 0 && n == len ? 0 : -1;
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static int make_file(const char *dir, const char *name, size_t len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	uint8_t *b = malloc(len ? len : 1);
	pattern(b, len, hash(name));
	int r = host_write(path, b, len);
	free(b);
	return r;
}

int build_staging(const char *d)
{
	if (sh("rm -rf '%s' && mkdir -p '%s/a/b/c/d/e' '%s/many' '%s/emptydir'", d, d, d, d) != 0)
		return -1;
	static const struct {
		const char *name;
		size_t len;
	} files[] = {
		{"empty", 0}, {"one", 1}, {"b1k", 1024}, {"b4k", 4096}, {"d12k", 12 * 1024},
		{"d12k1", 12 * 1024 + 1}, {"d48k", 12 * 4096}, {"d48k1", 12 * 4096 + 1},
		{"ind1k_end", (12 + 256) * 1024}, {"dind1k", (12 + 256) * 1024 + 7777},
		{"dind4k", (12 + 1024) * 4096 + 5000}, {"odd", 100000},
		{"a/b/c/d/e/deep.txt", 333}, {"a/b/file", 2000}, {"a/b/c/mid", 70000},
	};
	int r = 0;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		r |= make_file(d, files[i].name, files[i].len);
	char name[300];
	for (int i = 0; i < 400; i++) {
		int n = snprintf(name, sizeof name, "many/entry_%04d_", i);
		int extra = (i * 37) % 200; /* names from 16 to 215 bytes */
		for (int k = 0; k < extra; k++)
			name[n + k] = (char)('a' + (i + k) % 26);
		name[n + extra] = 0;
		r |= make_file(d, name, (size_t)(i * 7) % 3000);
	}
	memset(name, 'L', 255);
	name[255] = 0;
	r |= make_file(d, name, 55);
	/* Sparse: data at 0, 5 MiB and 68 MiB (the triple indirect block at 1 KiB). */
	char path[1024];
	snprintf(path, sizeof path, "%s/sparse", d);
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	uint8_t chunk[5000];
	pattern(chunk, sizeof chunk, 77);
	fwrite(chunk, 1, 100, f);
	fseek(f, 5l << 20, SEEK_SET);
	fwrite(chunk, 1, 5000, f);
	fseek(f, 68l << 20, SEEK_SET);
	fwrite(chunk, 1, 3000, f);
	fclose(f);
	char target[200];
	snprintf(target, sizeof target, "a/b/c/d/e/");
	for (int i = 0; i < 40; i++)
		strcat(target, "./");
	strcat(target, "deep.txt");
	r |= sh("cd '%s' && ln -s a/b/c link_rel && ln -s /a/b/file link_abs && ln -s '%s' link_long && "
	        "ln -s ../.. a/b/up && ln -s loop2 loop1 && ln -s loop1 loop2 && ln -s nowhere dangling && "
	        "ln -s self self && ln -s link_rel link_chain",
	        d, target);
	return r ? -1 : 0;
}

int make_image(const char *img, const char *staging, unsigned bs, unsigned size_kib, const char *extra)
{
	char dopt[600] = "";
	if (staging)
		snprintf(dopt, sizeof dopt, "-d '%s'", staging);
	return sh("rm -f '%s' && mke2fs -q -F -t ext2 -b %u %s %s '%s' %uk >/dev/null 2>&1", img, bs,
	          extra ? extra : "", dopt, img, size_kib);
}

int e2fsck_status(const char *img)
{
	return sh("e2fsck -fn '%s' >'%s.fsck' 2>&1", img, img);
}

int debugfs_cat(const char *img, const char *path, uint8_t **out, size_t *len)
{
	const char *tmp = wpath("debugfs.out");
	if (sh("debugfs -R 'cat \"%s\"' '%s' >'%s' 2>/dev/null", path, img, tmp) != 0)
		return -1;
	return host_read(tmp, out, len);
}

int lib_read_all(struct ext2_fs *fs, uint32_t ino, uint8_t **out, size_t *len)
{
	struct ext2_stat st;
	int r = ext2_stat(fs, ino, &st);
	if (r < 0)
		return r;
	uint8_t *b = malloc(st.size + 1);
	size_t done = 0;
	while (done < st.size) {
		size_t want = 65536 + 13;
		int64_t n = ext2_read(fs, ino, done, b + done, want);
		if (n < 0) {
			free(b);
			return (int)n;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	if (ext2_read(fs, ino, done, b, 1) != 0) { /* the end is the end */
		free(b);
		return -1000;
	}
	*out = b;
	*len = done;
	return 0;
}

uint32_t lib_ino(struct ext2_fs *fs, const char *path)
{
	uint32_t ino;
	return ext2_resolve(fs, EXT2_ROOT, path, EXT2_RESOLVE_NOFOLLOW, &ino) == 0 ? ino : 0;
}

struct ext2_super *img_super(struct memdev *d)
{
	return (struct ext2_super *)(d->data + EXT2_SUPER_OFFSET);
}

uint32_t img_bsize(const struct memdev *d)
{
	const struct ext2_super *s = (const struct ext2_super *)(d->data + EXT2_SUPER_OFFSET);
	return 1024u << s->s_log_block_size;
}

uint64_t img_inode_off(const struct memdev *d, uint32_t ino)
{
	const struct ext2_super *s = (const struct ext2_super *)(d->data + EXT2_SUPER_OFFSET);
	uint32_t bs = img_bsize(d);
	uint32_t isz = s->s_rev_level ? s->s_inode_size : 128;
	uint32_t g = (ino - 1) / s->s_inodes_per_group, idx = (ino - 1) % s->s_inodes_per_group;
	const struct ext2_group_desc *gd =
		(const struct ext2_group_desc *)(d->data + (uint64_t)(s->s_first_data_block + 1) * bs) + g;
	return (uint64_t)gd->bg_inode_table * bs + (uint64_t)idx * isz;
}
