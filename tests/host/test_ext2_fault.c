/* test_ext2_fault.c - lib/ext2 with a failing device. A scenario of changes (create,
 * write across indirect blocks, mkdir, symlink, link, truncate, unlink, rmdir) runs once
 * with every read_block call index failing, then with every write_block call index
 * failing, once or from that call on. The guarantees checked:
 *   - every operation returns its normal result or a clean error (-EIO, or what follows
 *     from an earlier operation having failed), never a crash;
 *   - after read failures the image is e2fsck-clean as it is, without unmounting;
 *   - after write failures ext2_sync reports them while the device fails, and once the
 *     device works again ext2_sync succeeds and the image is e2fsck-clean;
 *   - what the library reads back before unmounting is what a fresh mount reads. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_ext2_util.h"

static struct memdev base;

static bool setup(void)
{
	static int state;
	if (state)
		return state > 0;
	state = -1;
	if (!have_e2fsprogs()) {
		fprintf(stderr, "e2fsprogs (mke2fs, e2fsck, debugfs) not found\n");
		return false;
	}
	const char *st = wpath("staging");
	if (sh("rm -rf '%s' && mkdir -p '%s/a/b' '%s/emptydir' && head -c 283109 /dev/zero | tr '\\0' 'q' > "
	       "'%s/dind1k' && echo 1 > '%s/one' && echo file > '%s/a/b/file'",
	       st, st, st, st, st, st) != 0)
		return false;
	const char *img = wpath("base.img");
	if (make_image(img, st, 1024, 2048, "-I 256 -g 1024 -N 64") != 0 || memdev_load(&base, img) < 0)
		return false;
	state = 1;
	return true;
}

#define NFILES 20
#define NOPS (20 + 3 * NFILES)
static bool is_write[NOPS];
static bool clean_error(int64_t r)
{
	switch (-r) {
	case EXT2_EIO: case EXT2_ENOENT: case EXT2_EINVAL: case EXT2_EEXIST: case EXT2_ENOTDIR:
	case EXT2_ENOTEMPTY:
		return true;
	}
	return false;
}

/* The scenario; res[i] is each operation's result. */
static void scenario(struct ext2_fs *fs, int64_t res[NOPS])
{
	static uint8_t data[40000];
	pattern(data, sizeof data, 1);
	uint32_t f = 0, d = 0, g = 0, s = 0, x;
	int n = 0;
	res[n++] = ext2_create(fs, EXT2_ROOT, "f", 0644, 0, 0, &f);
	res[n++] = ext2_write(fs, f, 0, data, sizeof data);   /* direct and indirect blocks */
	res[n++] = ext2_mkdir(fs, EXT2_ROOT, "d", 0755, 0, 0, &d);
	res[n++] = ext2_create(fs, d, "g", 0600, 0, 0, &g);
	res[n++] = ext2_write(fs, g, 100, "abc", 3);
	res[n++] = ext2_truncate(fs, f, 5000);
	struct ext2_attr at = {.mode = 0640, .uid = 7, .gid = 8, .atime = 10, .atime_nsec = 11,
	                       .mtime = 12, .mtime_nsec = 13};
	res[n++] = ext2_setattr(fs, f, &at, EXT2_ATTR_MODE | EXT2_ATTR_UID | EXT2_ATTR_GID |
	                                        EXT2_ATTR_ATIME | EXT2_ATTR_MTIME);
	res[n++] = ext2_write(fs, f, 70000, data, 2000);       /* after a hole */
	res[n++] = ext2_symlink(fs, EXT2_ROOT, "s", "d/g", 0, 0, &s);
	res[n++] = ext2_link(fs, d, "h", f);
	res[n++] = ext2_unlink(fs, d, "h", 0, NULL);
	res[n++] = ext2_unlink(fs, d, "g", 0, NULL);
	res[n++] = ext2_rmdir(fs, EXT2_ROOT, "d", 0, NULL);
	int r = ext2_resolve(fs, EXT2_ROOT, "/dind1k", 0, &x);
	res[n++] = r;
	res[n++] = r == 0 ? ext2_truncate(fs, x, 100) : r;
	res[n++] = ext2_unlink(fs, EXT2_ROOT, "one", 0, NULL);
	uint32_t ab = 0;
	ext2_resolve(fs, EXT2_ROOT, "/a/b", 0, &ab);
	res[n++] = ext2_rename(fs, EXT2_ROOT, "emptydir", ab, "moved", 0, NULL);
	res[n++] = ext2_rename(fs, ab, "moved", EXT2_ROOT, "emptydir", 0, NULL);
	res[n++] = ext2_rmdir(fs, EXT2_ROOT, "emptydir", 0, NULL);
	/* many inodes: the inode table, bitmaps and a directory growing past a block */
	uint32_t ed = 0, ino[NFILES] = {0};
	ext2_resolve(fs, EXT2_ROOT, "/a/b", 0, &ed);
	char name[80];
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof name, "file_with_a_long_name_to_fill_directory_blocks_%d", i);
		res[n++] = ext2_create(fs, ed, name, 0644, 0, 0, &ino[i]);
		is_write[n] = true;
		res[n++] = ext2_write(fs, ino[i], (uint64_t)i * 1000, name, 10);
	}
	for (int i = 0; i < NFILES; i += 2) {
		snprintf(name, sizeof name, "file_with_a_long_name_to_fill_directory_blocks_%d", i);
		res[n++] = ext2_unlink(fs, ed, name, 0, NULL);
		res[n++] = ext2_truncate(fs, ino[i + 1], 3);
	}
	res[n++] = ext2_rename(fs, ed, "file_with_a_long_name_to_fill_directory_blocks_1", ed,
	                       "file_with_a_long_name_to_fill_directory_blocks_3", 0, NULL);
	is_write[1] = is_write[4] = is_write[6] = true;
}

/* What the file system holds, as the library reads it: a digest of each path. */
static void digest(struct ext2_fs *fs, uint64_t out[8])
{
	static const char *const paths[] = {"/f", "/dind1k", "/one", "/d/g", "/s", "/emptydir",
	                                    "/a/b/file_with_a_long_name_to_fill_directory_blocks_7", "/a/b"};
	for (int i = 0; i < 8; i++) {
		uint32_t ino;
		struct ext2_stat st;
		uint64_t h = 1469598103934665603ull;
		if (ext2_resolve(fs, EXT2_ROOT, paths[i], EXT2_RESOLVE_NOFOLLOW, &ino) < 0 ||
		    ext2_stat(fs, ino, &st) < 0) {
			out[i] = 0;
			continue;
		}
		h = (h ^ st.size) * 1099511628211ull;
		h = (h ^ st.mode) * 1099511628211ull;
		h = (h ^ st.links) * 1099511628211ull;
		uint8_t *b;
		size_t len;
		if ((st.mode & EXT2_S_IFMT) == EXT2_S_IFREG && lib_read_all(fs, ino, &b, &len) == 0) {
			for (size_t k = 0; k < len; k++)
				h = (h ^ b[k]) * 1099511628211ull;
			free(b);
		}
		out[i] = h;
	}
}

enum mode { READ_ONCE, READ_FROM, WRITE_ONCE, WRITE_FROM };

/* e2fsck -fn of the device's contents. Many runs end with the same image: the results
 * are remembered by a hash of the image. */
static int fsck_dev(const struct memdev *d, const char *img)
{
	static uint64_t seen[4096];
	static int nseen;
	uint64_t h = 1469598103934665603ull;
	const uint64_t *w = (const uint64_t *)d->data;
	for (uint64_t i = 0; i < d->size / 8; i++)
		h = (h ^ w[i]) * 1099511628211ull + (h >> 29);
	for (int i = 0; i < nseen; i++)
		if (seen[i] == h)
			return 0;
	memdev_save(d, img);
	int st = e2fsck_status(img);
	if (st == 0 && nseen < 4096)
		seen[nseen++] = h;
	return st;
}

/* A mount of the base image with a cache of `blocks` blocks. */
static struct tfs *open_base(unsigned blocks)
{
	struct tfs *t = calloc(1, sizeof *t);
	memdev_init_copy(&t->dev, &base);
	t->cache_len = (size_t)blocks * 1024;
	t->cache = malloc(t->cache_len);
	if (tfs_remount(t, 0) < 0) {
		tfs_close(t);
		return NULL;
	}
	return t;
}

/* Run the scenario failing call `k`; 0 if every guarantee held. */
static int one_run(enum mode m, unsigned cache, long k, const int64_t good[NOPS], bool *hit)
{
	struct tfs *t = open_base(cache);
	if (!t)
		return 1;
	struct memdev *dv = &t->dev;
	dv->reads = dv->writes = 0; /* count from after the mount */
	if (m == READ_ONCE || m == READ_FROM)
		dv->fail_read_at = k;
	else
		dv->fail_write_at = k;
	dv->fail_persist = m == READ_FROM || m == WRITE_FROM;
	int64_t res[NOPS];
	scenario(&t->fs, res);
	*hit = dv->failed > 0;
	int bad = 0;
	for (int i = 0; i < NOPS; i++) {
		bool short_write = is_write[i] && res[i] >= 0 && res[i] < good[i];
		if (res[i] != good[i] && !clean_error(res[i]) && !short_write) {
			fprintf(stderr, "mode %d call %ld: op %d returned %ld (fault-free %ld)\n", m, k, i,
			        (long)res[i], (long)good[i]);
			bad++;
		}
	}
	const char *img = wpath("run.img");
	if (m == READ_ONCE || m == READ_FROM) {
		/* Nothing failed to be written: the device is consistent as it is. */
		if (fsck_dev(dv, img) != 0) {
			fprintf(stderr, "mode %d call %ld: not clean before unmount\n", m, k);
			sh("cat '%s.fsck' >&2", img);
			bad++;
		}
	} else if (m == WRITE_FROM && *hit) {
		int r = ext2_sync(&t->fs);
		if (r != -EXT2_EIO && r != 0) { /* 0 if the failed blocks were superseded */
			fprintf(stderr, "mode %d call %ld: sync while failing %d\n", m, k, r);
			bad++;
		}
	}
	memdev_heal(dv);
	uint64_t before[8], after[8];
	digest(&t->fs, before);
	int r = ext2_sync(&t->fs);
	int u = ext2_unmount(&t->fs);
	int fsck = fsck_dev(dv, img);
	if (r != 0 || u != 0 || fsck != 0 || dv->oob) {
		fprintf(stderr, "mode %d call %ld: sync %d unmount %d e2fsck %d\n", m, k, r, u, fsck);
		if (fsck)
			sh("cat '%s.fsck' >&2", img);
		bad++;
	}
	if (tfs_remount(t, EXT2_MOUNT_RDONLY) == 0) {
		digest(&t->fs, after);
		if (memcmp(before, after, sizeof before)) {
			fprintf(stderr, "mode %d call %ld: a fresh mount reads something else\n", m, k);
			bad++;
		}
	} else {
		bad++;
	}
	tfs_close(t);
	return bad;
}

static void fault_test(enum mode m, unsigned cache)
{
	CHECK(setup());
	/* The fault-free run: results and how many calls there are. */
	struct tfs *t = open_base(cache);
	CHECK(t);
	t->dev.reads = t->dev.writes = 0;
	int64_t good[NOPS];
	scenario(&t->fs, good);
	long calls = m == READ_ONCE || m == READ_FROM ? t->dev.reads : t->dev.writes;
	tfs_close(t);
	for (int i = 0; i < NOPS; i++)
		CHECK(good[i] >= 0);
	CHECK(calls > 10);
	int bad = 0, hits = 0;
	for (long k = 0; k < calls; k++) {
		bool hit;
		int b = one_run(m, cache, k, good, &hit);
		hits += hit;
		bad += b != 0;
	}
	fprintf(stderr, "mode %d, %u cache blocks: %ld call indices, %d failed runs\n", m, cache, calls, bad);
	CHECK_EQ(bad, 0);
	CHECK(hits >= calls * 9 / 10); /* the same calls happen as long as nothing fails */
}

TEST(read_fails_once) { fault_test(READ_ONCE, EXT2_CACHE_MAX); }
TEST(read_fails_from) { fault_test(READ_FROM, EXT2_CACHE_MAX); }
TEST(write_fails_once) { fault_test(WRITE_ONCE, EXT2_CACHE_MAX); }
TEST(write_fails_from) { fault_test(WRITE_FROM, EXT2_CACHE_MAX); }
/* The smallest cache: more reads (evictions), and long operations commit in steps. */
TEST(read_fails_once_small_cache) { fault_test(READ_ONCE, EXT2_MIN_CACHE_BLOCKS); }
TEST(read_fails_from_small_cache) { fault_test(READ_FROM, EXT2_MIN_CACHE_BLOCKS); }
TEST(write_fails_once_small_cache) { fault_test(WRITE_ONCE, EXT2_MIN_CACHE_BLOCKS); }
TEST(write_fails_from_small_cache) { fault_test(WRITE_FROM, EXT2_MIN_CACHE_BLOCKS); }

/* While the device refuses writes, pending blocks stay in the cache, readable, and sync
 * keeps failing; when it works again everything lands. */
TEST(pending_blocks_survive)
{
	CHECK(setup());
	int err;
	struct tfs *t = tfs_open_dev(&base, 0, &err);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t f, g;
	int r1 = ext2_create(fs, EXT2_ROOT, "p", 0644, 0, 0, &f);
	t->dev.fail_write_at = t->dev.writes;
	t->dev.fail_persist = true;
	int64_t r2 = ext2_write(fs, f, 10, "pending", 7);           /* accepted: pending blocks */
	int r3 = ext2_create(fs, EXT2_ROOT, "q", 0644, 0, 0, &g);  /* needs pending blocks: refused */
	uint32_t ino;
	int r4 = ext2_lookup(fs, EXT2_ROOT, "p", &ino);
	char buf[17];
	int64_t r5 = ext2_read(fs, f, 0, buf, 17);
	int r6 = ext2_sync(fs);
	memdev_heal(&t->dev);
	int r7 = ext2_sync(fs);
	int r8 = ext2_unmount(fs);
	const char *img = wpath("pending.img");
	memdev_save(&t->dev, img);
	int fsck = e2fsck_status(img);
	uint8_t *got;
	size_t gl;
	int dc = debugfs_cat(img, "/p", &got, &gl);
	bool same = dc == 0 && gl == 17 && !memcmp(got + 10, "pending", 7);
	if (dc == 0)
		free(got);
	tfs_close(t);
	CHECK_EQ(r1, 0);
	CHECK_EQ(r2, 7);
	CHECK_EQ(r3, -EXT2_EIO);
	CHECK(r4 == 0 && ino == f);
	CHECK(r5 == 17 && !memcmp(buf + 10, "pending", 7));
	CHECK_EQ(r6, -EXT2_EIO);
	CHECK_EQ(r7, 0);
	CHECK_EQ(r8, 0);
	CHECK_EQ(fsck, 0);
	CHECK(same);
}

/* Freeing a file larger than the cache commits in steps after its name is removed. A
 * read error in a later step leaves an inode without links (the only state e2fsck would
 * complain about); ext2_release finishes freeing it. */
TEST(unlink_fails_midway_then_release)
{
	CHECK(setup());
	struct tfs *t = open_base(EXT2_MIN_CACHE_BLOCKS);
	CHECK(t);
	t->dev.reads = 0;
	CHECK(ext2_unlink(&t->fs, EXT2_ROOT, "dind1k", 0, NULL) == 0);
	long calls = t->dev.reads;
	tfs_close(t);
	int bad = 0, orphans = 0, rolled_back = 0;
	for (long k = 0; k < calls; k++) {
		t = open_base(EXT2_MIN_CACHE_BLOCKS);
		if (!t) {
			bad++;
			continue;
		}
		t->dev.reads = 0;
		t->dev.fail_read_at = k;
		uint32_t ino = 0, again;
		int r = ext2_unlink(&t->fs, EXT2_ROOT, "dind1k", 0, &ino);
		memdev_heal(&t->dev);
		struct ext2_stat st;
		if (r == 0) {
			bad++; /* the failure went unnoticed */
		} else if (r != -EXT2_EIO) {
			bad++;
		} else if (ext2_lookup(&t->fs, EXT2_ROOT, "dind1k", &again) == 0) {
			rolled_back++; /* nothing happened */
			bad += ext2_stat(&t->fs, again, &st) != 0 || st.size != 283109 || st.links != 1;
		} else {
			orphans++;
			bad += ext2_stat(&t->fs, ino, &st) != 0 || st.links != 0;
			bad += ext2_release(&t->fs, ino) != 0;
		}
		bad += ext2_unmount(&t->fs) != 0;
		const char *img = wpath("midway.img");
		memdev_save(&t->dev, img);
		if (e2fsck_status(img) != 0) {
			fprintf(stderr, "unlink failing at read %ld: not clean\n", k);
			sh("cat '%s.fsck' >&2", img);
			bad++;
		}
		tfs_close(t);
	}
	fprintf(stderr, "unlink: %ld reads, %d rolled back, %d left an orphan\n", calls, rolled_back, orphans);
	CHECK_EQ(bad, 0);
	CHECK(orphans > 0 && rolled_back > 0);
}

TEST(mount_fails_cleanly)
{
	CHECK(setup());
	int bad = 0;
	for (long k = 0; k < 8; k++) {
		struct tfs *t = calloc(1, sizeof *t);
		memdev_init_copy(&t->dev, &base);
		t->dev.fail_read_at = k;
		t->cache_len = EXT2_CACHE_MAX * 1024 + 64;
		t->cache = malloc(t->cache_len);
		int r = tfs_remount(t, 0);
		/* the mount reads the superblock, the descriptors and the superblock's block */
		if (k < t->dev.reads ? r != -EXT2_EIO : r != 0)
			bad++;
		tfs_close(t);
	}
	CHECK_EQ(bad, 0);
}

CHECK_MAIN()

__attribute__((constructor)) static void name_tests(void)
{
	ext2_test_name = "fault";
}
