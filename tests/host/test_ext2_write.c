/* test_ext2_write.c - lib/ext2 write paths: every test changes a copy of an image made
 * by mke2fs, unmounts, then e2fsck -fn must find it clean and debugfs must read back the
 * bytes the library wrote. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_ext2_util.h"

static char staging[512];
enum { IMG_1K, IMG_4K, IMG_1K_STAGED, IMG_4K_STAGED, IMG_REV0, IMG_NOLARGE, IMG_TINY, IMG_HTREE,
       IMG_64K, NIMG };
static const struct {
	const char *name;
	unsigned bs, kib;
	const char *opts;
	bool staged;
} images[NIMG] = {
	[IMG_1K] = {"1k", 1024, 8192, "-I 256", false},
	[IMG_4K] = {"4k", 4096, 16384, "-I 256", false},
	[IMG_1K_STAGED] = {"1k_staged", 1024, 16384, "-I 256", true},
	[IMG_4K_STAGED] = {"4k_staged", 4096, 16384, "-I 128", true},
	[IMG_REV0] = {"rev0", 1024, 4096, "-r 0", false},
	[IMG_NOLARGE] = {"nolarge", 4096, 8192, "-O ^large_file", false},
	[IMG_TINY] = {"tiny", 1024, 300, "-N 32 -m 0", false},
	[IMG_HTREE] = {"htree", 1024, 16384, "-I 256", true},
	[IMG_64K] = {"64k", 65536, 32768, "-I 256", false},
};
static char img[NIMG][512];

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
	snprintf(staging, sizeof staging, "%s", wpath("staging"));
	if (build_staging(staging) < 0)
		return false;
	for (int i = 0; i < NIMG; i++) {
		snprintf(img[i], sizeof img[i], "%s", wpath("%s.img", images[i].name));
		if (make_image(img[i], images[i].staged ? staging : NULL, images[i].bs, images[i].kib,
		               images[i].opts) != 0) {
			fprintf(stderr, "mke2fs failed for %s\n", images[i].name);
			return false;
		}
	}
	/* e2fsck -D indexes the big directories (htree). */
	if (sh("e2fsck -fyD '%s' >/dev/null 2>&1; test $? -le 1", img[IMG_HTREE]) != 0)
		return false;
	state = 1;
	return true;
}

static struct tfs *open_rw(int which)
{
	int err;
	struct tfs *t = tfs_open(img[which], 0, &err);
	if (!t)
		fprintf(stderr, "mount %s: %d\n", images[which].name, err);
	return t;
}

/* Unmount, save as <name>.img, run e2fsck -fn. 0 if clean and the device saw no stray
 * accesses. Keeps t open (remountable). */
static int finish(struct tfs *t, const char *name)
{
	int r = ext2_unmount(&t->fs);
	if (r < 0) {
		fprintf(stderr, "%s: unmount %d\n", name, r);
		return -1;
	}
	const char *path = wpath("%s.img", name);
	if (memdev_save(&t->dev, path) < 0 || t->dev.oob)
		return -1;
	int st = e2fsck_status(path);
	if (st != 0) {
		fprintf(stderr, "%s: e2fsck -fn exit %d:\n", name, st);
		sh("cat '%s.fsck' >&2", path);
	}
	return st;
}

/* debugfs must read `len` bytes equal to `want` at `path` of the saved image `name`. */
static int debugfs_same(const char *name, const char *path, const uint8_t *want, size_t len)
{
	uint8_t *got;
	size_t gl;
	if (debugfs_cat(wpath("%s.img", name), path, &got, &gl) < 0)
		return 1;
	int bad = gl != len || memcmp(got, want, len);
	if (bad)
		fprintf(stderr, "debugfs %s:%s: %zu bytes, want %zu\n", name, path, gl, len);
	free(got);
	return bad;
}

static int lib_same(struct ext2_fs *fs, const char *path, const uint8_t *want, size_t len)
{
	uint8_t *got;
	size_t gl;
	uint32_t ino = lib_ino(fs, path);
	if (!ino || lib_read_all(fs, ino, &got, &gl) < 0)
		return 1;
	int bad = gl != len || memcmp(got, want, len);
	if (bad)
		fprintf(stderr, "lib %s: %zu bytes, want %zu\n", path, gl, len);
	free(got);
	return bad;
}

static uint64_t free_blocks(struct ext2_fs *fs)
{
	struct ext2_statfs s;
	return ext2_statfs(fs, &s) == 0 ? s.free_blocks : 0;
}

static uint64_t free_inodes(struct ext2_fs *fs)
{
	struct ext2_statfs s;
	return ext2_statfs(fs, &s) == 0 ? s.free_inodes : 0;
}

/* Write `len` bytes in pieces of `chunk`. */
static int write_chunks(struct ext2_fs *fs, uint32_t ino, uint64_t off, const uint8_t *b, size_t len,
                        size_t chunk)
{
	for (size_t done = 0; done < len;) {
		size_t n = len - done < chunk ? len - done : chunk;
		int64_t w = ext2_write(fs, ino, off + done, b + done, n);
		if (w != (int64_t)n)
			return -1;
		done += n;
	}
	return 0;
}

static void sizes_test(int which)
{
	CHECK(setup());
	struct tfs *t = open_rw(which);
	CHECK(t);
	uint32_t bs = images[which].bs, p = bs / 4;
	size_t sizes[] = {0, 1, bs - 1, bs, bs + 1, 12 * bs, 12 * bs + 1, (12 + p) * (size_t)bs,
	                  (12 + p) * (size_t)bs + 1, 300000};
	size_t chunks[] = {1000, 1, 4096, 65536, 1 << 24, 777, 3, 1 << 24, 5000, 12345};
	int n = sizeof sizes / sizeof sizes[0], bad = 0;
	uint8_t *data[10];
	for (int i = 0; i < n; i++) {
		if (sizes[i] > (size_t)images[which].kib * 1024 / 4)
			sizes[i] = 13 * (size_t)bs + (size_t)i; /* 64 KiB blocks: the indirect range is too big */
		char name[32];
		snprintf(name, sizeof name, "f_%zu", sizes[i]);
		data[i] = malloc(sizes[i] + 1);
		pattern(data[i], sizes[i], (uint32_t)i + 100);
		uint32_t ino;
		int r = ext2_create(&t->fs, EXT2_ROOT, name, 0640, 1000, 100, &ino);
		size_t chunk = sizes[i] > 100000 && chunks[i] < 100 ? 4096 : chunks[i];
		if (r < 0 || write_chunks(&t->fs, ino, 0, data[i], sizes[i], chunk) < 0) {
			fprintf(stderr, "%s: create/write %d\n", name, r);
			bad++;
		}
		char path[40];
		snprintf(path, sizeof path, "/%s", name);
		bad += lib_same(&t->fs, path, data[i], sizes[i]);
	}
	int st = finish(t, images[which].name);
	for (int i = 0; i < n; i++) {
		char path[40];
		snprintf(path, sizeof path, "/f_%zu", sizes[i]);
		bad += debugfs_same(images[which].name, path, data[i], sizes[i]);
		free(data[i]);
	}
	/* and after a remount */
	bad += tfs_remount(t, EXT2_MOUNT_RDONLY) != 0;
	struct ext2_stat s;
	bad += ext2_stat(&t->fs, lib_ino(&t->fs, "/f_1"), &s) != 0 || s.mode != (0x8000 | 0640) ||
	       s.uid != 1000 || s.gid != 100 || s.links != 1 || s.mtime != 1700000000u;
	tfs_close(t);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

TEST(write_sizes_1k) { sizes_test(IMG_1K); }
TEST(write_sizes_4k) { sizes_test(IMG_4K); }
TEST(write_sizes_64k) { sizes_test(IMG_64K); }

TEST(overwrite_existing)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_1K_STAGED);
	CHECK(t);
	uint8_t *data;
	size_t len;
	char hp[600];
	snprintf(hp, sizeof hp, "%s/dind1k", staging);
	CHECK(host_read(hp, &data, &len) == 0);
	uint8_t patch[50000];
	pattern(patch, sizeof patch, 9);
	uint32_t ino = lib_ino(&t->fs, "/dind1k");
	uint64_t before = free_blocks(&t->fs);
	int bad = 0;
	/* inside, across block boundaries, partial first block, past the end */
	bad += ext2_write(&t->fs, ino, 200001, patch, 50000) != 50000;
	memcpy(data + 200001, patch, 50000);
	bad += ext2_write(&t->fs, ino, 3, patch, 10) != 10;
	memcpy(data + 3, patch, 10);
	bad += ext2_write(&t->fs, ino, len - 100, patch, 1000) != 1000;
	memcpy(data + len - 100, patch, 100);
	data = realloc(data, len + 900);
	memcpy(data + len, patch + 100, 900);
	len += 900;
	bad += free_blocks(&t->fs) > before; /* grew by at most a block */
	bad += lib_same(&t->fs, "/dind1k", data, len);
	int st = finish(t, "overwrite");
	bad += debugfs_same("overwrite", "/dind1k", data, len);
	tfs_close(t);
	free(data);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

/* Writes far out: triple indirect blocks, a 3 GiB offset, the maximal size. */
static void far_test(int which, const char *name)
{
	CHECK(setup());
	struct tfs *t = open_rw(which);
	CHECK(t);
	uint32_t ino;
	CHECK(ext2_create(&t->fs, EXT2_ROOT, "far", 0600, 0, 0, &ino) == 0);
	uint64_t offs[] = {0, 70ull << 20, 3ull << 30, (3ull << 30) + 4096 * 3 + 7};
	int bad = 0;
	for (int i = 0; i < 4; i++)
		bad += ext2_write(&t->fs, ino, offs[i], "XYZ", 3) != 3;
	uint64_t max = t->fs.max_file_size;
	bad += ext2_write(&t->fs, ino, max, "A", 1) != -EXT2_EFBIG;
	bad += ext2_write(&t->fs, ino, max - 2, "ABCD", 4) != 2; /* short: up to the limit */
	bad += ext2_truncate(&t->fs, ino, max + 1) != -EXT2_EFBIG;
	struct ext2_stat s;
	bad += ext2_stat(&t->fs, ino, &s) != 0 || s.size != max;
	char buf[8];
	bad += ext2_read(&t->fs, ino, (3ull << 30) - 2, buf, 6) != 6 || memcmp(buf, "\0\0XYZ\0", 6);
	bad += ext2_truncate(&t->fs, ino, (70ull << 20) + 2) != 0;
	bad += ext2_stat(&t->fs, ino, &s) != 0 || s.size != (70ull << 20) + 2;
	bad += ext2_read(&t->fs, ino, 70ull << 20, buf, 8) != 2 || memcmp(buf, "XY", 2);
	int st = finish(t, name);
	uint8_t *got;
	size_t gl;
	bad += debugfs_cat(wpath("%s.img", name), "/far", &got, &gl) != 0 || gl != (70ull << 20) + 2 ||
	       memcmp(got, "XYZ", 3) || memcmp(got + gl - 2, "XY", 2) || got[gl / 2];
	if (bad == 0)
		free(got);
	tfs_close(t);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

TEST(far_writes_1k) { far_test(IMG_1K, "far1k"); }
TEST(far_writes_sets_large_file) { far_test(IMG_NOLARGE, "nolarge"); }

TEST(truncate_shrink_grow)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_1K);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint64_t base = free_blocks(fs);
	size_t len = (12 + 256 + 3 * 256) * 1024 + 100;
	uint8_t *data = malloc(len), *z = calloc(1, len);
	pattern(data, len, 5);
	uint32_t ino;
	int bad = 0;
	bad += ext2_create(fs, EXT2_ROOT, "t", 0644, 0, 0, &ino) != 0;
	bad += ext2_write(fs, ino, 0, data, len) != (int64_t)len;
	size_t cuts[] = {len - 1, (12 + 256 + 256) * 1024 + 5, (12 + 256) * 1024, 12 * 1024 + 5, 5000, 1024, 1, 0};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		bad += ext2_truncate(fs, ino, cuts[i]) != 0;
		bad += lib_same(fs, "/t", data, cuts[i]);
		/* grow again by a hole: the cut part reads as zeros */
		bad += ext2_truncate(fs, ino, cuts[i] + 3000) != 0;
		uint8_t *got;
		size_t gl;
		bad += lib_read_all(fs, ino, &got, &gl) != 0 || gl != cuts[i] + 3000 ||
		       memcmp(got, data, cuts[i]) || memcmp(got + cuts[i], z, 3000);
		free(got);
		bad += ext2_truncate(fs, ino, cuts[i]) != 0;
	}
	bad += free_blocks(fs) != base; /* everything freed, indirect blocks too */
	struct ext2_stat s;
	bad += ext2_stat(fs, ino, &s) != 0 || s.blocks != 0 || s.size != 0;
	/* rewrite after the truncation, with a hole first */
	bad += ext2_write(fs, ino, 20000, data, 3000) != 3000;
	memset(z, 0, 20000);
	memcpy(z + 20000, data, 3000);
	bad += lib_same(fs, "/t", z, 23000);
	int st = finish(t, "trunc");
	bad += debugfs_same("trunc", "/t", z, 23000);
	tfs_close(t);
	free(data);
	free(z);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

TEST(mkdir_rmdir_links)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_4K);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint64_t fb = free_blocks(fs), fi = free_inodes(fs);
	struct ext2_stat s;
	ext2_stat(fs, EXT2_ROOT, &s);
	uint16_t root_links = s.links;
	uint32_t x, y, z, f;
	int bad = 0;
	bad += ext2_mkdir(fs, EXT2_ROOT, "x", 0755, 0, 0, &x) != 0;
	bad += ext2_mkdir(fs, x, "y", 0700, 0, 0, &y) != 0;
	bad += ext2_mkdir(fs, y, "z", 0755, 0, 0, &z) != 0;
	bad += ext2_create(fs, z, "file", 0644, 0, 0, &f) != 0;
	bad += ext2_write(fs, f, 0, "hello", 5) != 5;
	bad += ext2_stat(fs, EXT2_ROOT, &s) != 0 || s.links != root_links + 1;
	bad += ext2_stat(fs, x, &s) != 0 || s.links != 3 || s.mode != (0x4000 | 0755) || s.size != 4096;
	bad += ext2_stat(fs, z, &s) != 0 || s.links != 2;
	uint32_t r;
	bad += ext2_resolve(fs, EXT2_ROOT, "/x/y/z/../../y/z/file", 0, &r) != 0 || r != f;
	bad += ext2_rmdir(fs, EXT2_ROOT, "x", 0, NULL) != -EXT2_ENOTEMPTY;
	bad += ext2_rmdir(fs, z, "file", 0, NULL) != -EXT2_ENOTDIR;
	bad += ext2_unlink(fs, y, "z", 0, NULL) != -EXT2_EISDIR;
	int st1 = finish(t, "mkdir_mid");
	bad += debugfs_same("mkdir_mid", "/x/y/z/file", (const uint8_t *)"hello", 5);
	bad += tfs_remount(t, 0) != 0;
	bad += ext2_unlink(fs, z, "file", 0, NULL) != 0;
	bad += ext2_rmdir(fs, y, "z", 0, NULL) != 0;
	bad += ext2_stat(fs, y, &s) != 0 || s.links != 2;
	bad += ext2_rmdir(fs, x, "y", 0, NULL) != 0;
	bad += ext2_rmdir(fs, EXT2_ROOT, "x", 0, NULL) != 0;
	bad += ext2_stat(fs, EXT2_ROOT, &s) != 0 || s.links != root_links;
	bad += ext2_stat(fs, x, &s) != -EXT2_ENOENT;
	bad += free_blocks(fs) != fb || free_inodes(fs) != fi;
	int st2 = finish(t, "mkdir_end");
	tfs_close(t);
	CHECK_EQ(st1, 0);
	CHECK_EQ(st2, 0);
	CHECK_EQ(bad, 0);
}

TEST(name_errors)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_1K_STAGED);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t ino, one = lib_ino(fs, "/one"), a = lib_ino(fs, "/a");
	char longname[300];
	memset(longname, 'n', 256);
	longname[256] = 0;
	char buf[4];
	struct {
		int got, want;
	} c[] = {
		{ext2_create(fs, EXT2_ROOT, "one", 0644, 0, 0, &ino), -EXT2_EEXIST},
		{ext2_create(fs, EXT2_ROOT, "a", 0644, 0, 0, &ino), -EXT2_EEXIST},
		{ext2_mkdir(fs, EXT2_ROOT, "one", 0755, 0, 0, &ino), -EXT2_EEXIST},
		{ext2_mkdir(fs, EXT2_ROOT, ".", 0755, 0, 0, &ino), -EXT2_EEXIST},
		{ext2_create(fs, EXT2_ROOT, "..", 0644, 0, 0, &ino), -EXT2_EEXIST},
		{ext2_create(fs, one, "x", 0644, 0, 0, &ino), -EXT2_ENOTDIR},
		{ext2_create(fs, EXT2_ROOT, longname, 0644, 0, 0, &ino), -EXT2_ENAMETOOLONG},
		{ext2_create(fs, EXT2_ROOT, "a/x", 0644, 0, 0, &ino), -EXT2_EINVAL},
		{ext2_create(fs, EXT2_ROOT, "", 0644, 0, 0, &ino), -EXT2_ENOENT},
		{ext2_unlink(fs, EXT2_ROOT, "missing", 0, NULL), -EXT2_ENOENT},
		{ext2_unlink(fs, EXT2_ROOT, "a", 0, NULL), -EXT2_EISDIR},
		{ext2_unlink(fs, EXT2_ROOT, ".", 0, NULL), -EXT2_EISDIR},
		{ext2_rmdir(fs, EXT2_ROOT, "one", 0, NULL), -EXT2_ENOTDIR},
		{ext2_rmdir(fs, a, ".", 0, NULL), -EXT2_EINVAL},
		{ext2_rmdir(fs, a, "..", 0, NULL), -EXT2_ENOTEMPTY},
		{ext2_rmdir(fs, EXT2_ROOT, "a", 0, NULL), -EXT2_ENOTEMPTY},
		{ext2_rmdir(fs, EXT2_ROOT, "missing", 0, NULL), -EXT2_ENOENT},
		{ext2_link(fs, EXT2_ROOT, "alink", a), -EXT2_EPERM},
		{ext2_link(fs, EXT2_ROOT, "b1k", one), -EXT2_EEXIST},
		{ext2_truncate(fs, a, 0), -EXT2_EISDIR},
		{(int)ext2_write(fs, a, 0, "x", 1), -EXT2_EISDIR},
		{(int)ext2_write(fs, lib_ino(fs, "/link_rel"), 0, "x", 1), -EXT2_EINVAL},
		{(int)ext2_write(fs, fs->inodes_count, 0, "x", 1), -EXT2_ENOENT},
		{ext2_symlink(fs, EXT2_ROOT, "emptylink", "", 0, 0, &ino), -EXT2_ENOENT},
		{ext2_release(fs, one), 0}, /* still linked: nothing happens */
		{ext2_release(fs, fs->inodes_count), -EXT2_ENOENT},
		{ext2_release(fs, 8), -EXT2_EINVAL},
		{ext2_readlink(fs, one, buf, 4), -EXT2_EINVAL},
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		if (c[i].got != c[i].want) {
			fprintf(stderr, "case %zu: %d, want %d\n", i, c[i].got, c[i].want);
			bad++;
		}
	int st = finish(t, "errors");
	tfs_close(t);
	CHECK_EQ(bad, 0);
	CHECK_EQ(st, 0);
}

TEST(unlink_and_deferred_release)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_1K);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint64_t fb = free_blocks(fs), fi = free_inodes(fs);
	size_t len = 400000;
	uint8_t *data = malloc(len);
	pattern(data, len, 3);
	uint32_t f, g, d, got;
	int bad = 0;
	bad += ext2_create(fs, EXT2_ROOT, "f", 0644, 0, 0, &f) != 0;
	bad += ext2_write(fs, f, 0, data, len) != (int64_t)len;
	bad += ext2_unlink(fs, EXT2_ROOT, "f", 0, &got) != 0 || got != f;
	bad += free_blocks(fs) != fb || free_inodes(fs) != fi;
	bad += ext2_stat(fs, f, &(struct ext2_stat){0}) != -EXT2_ENOENT;
	bad += ext2_release(fs, f) != -EXT2_ENOENT;
	/* deferred: still readable and writable by inode number until released */
	bad += ext2_create(fs, EXT2_ROOT, "g", 0644, 0, 0, &g) != 0;
	bad += ext2_write(fs, g, 0, data, len) != (int64_t)len;
	bad += ext2_unlink(fs, EXT2_ROOT, "g", EXT2_DEFER_FREE, NULL) != 0;
	bad += ext2_lookup(fs, EXT2_ROOT, "g", &got) != -EXT2_ENOENT;
	struct ext2_stat s;
	bad += ext2_stat(fs, g, &s) != 0 || s.links != 0 || s.size != len;
	bad += ext2_write(fs, g, len, "tail", 4) != 4;
	uint8_t *back;
	size_t bl;
	bad += lib_read_all(fs, g, &back, &bl) != 0 || bl != len + 4 || memcmp(back, data, len);
	free(back);
	bad += free_blocks(fs) >= fb;
	bad += ext2_release(fs, g) != 0;
	bad += ext2_release(fs, g) != -EXT2_ENOENT;
	bad += free_blocks(fs) != fb || free_inodes(fs) != fi;
	/* a removed directory stays listable until released */
	bad += ext2_mkdir(fs, EXT2_ROOT, "d", 0755, 0, 0, &d) != 0;
	bad += ext2_rmdir(fs, EXT2_ROOT, "d", EXT2_DEFER_FREE, &got) != 0 || got != d;
	uint64_t ck = 0;
	struct ext2_dirent e;
	bad += ext2_readdir(fs, d, &ck, &e) != 1 || strcmp(e.name, ".");
	bad += ext2_create(fs, d, "x", 0644, 0, 0, &got) != -EXT2_ENOENT;
	bad += ext2_stat(fs, d, &s) != 0 || s.links != 0;
	bad += ext2_release(fs, d) != 0;
	bad += free_blocks(fs) != fb || free_inodes(fs) != fi;
	int st = finish(t, "unlink");
	tfs_close(t);
	free(data);
	CHECK_EQ(bad, 0);
	CHECK_EQ(st, 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

TEST(many_entries)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_1K);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t d, ino;
	int bad = ext2_mkdir(fs, EXT2_ROOT, "big", 0755, 0, 0, &d) != 0;
	enum { N = 1500 };
	static char names[N][256];
	static bool present[N];
	for (int i = 0; i < N; i++) {
		int n = snprintf(names[i], 256, "n%d_", i);
		int extra = (i * 53) % 240;
		memset(names[i] + n, 'a' + i % 26, (size_t)extra);
		names[i][n + extra] = 0;
		bad += ext2_create(fs, d, names[i], 0644, 0, 0, &ino) != 0;
		present[i] = true;
	}
	for (int i = 0; i < N; i += 3) {
		bad += ext2_unlink(fs, d, names[i], 0, NULL) != 0;
		present[i] = false;
	}
	for (int i = 0; i < N; i += 6) { /* back into the freed space */
		bad += ext2_create(fs, d, names[i], 0644, 0, 0, &ino) != 0;
		present[i] = true;
	}
	for (int i = 0; i < N; i++)
		bad += (ext2_lookup(fs, d, names[i], &ino) == 0) != present[i];
	int st = finish(t, "many");
	bad += tfs_remount(t, EXT2_MOUNT_RDONLY) != 0;
	/* the listing after a remount: exactly the present names */
	static char *listed[N + 2];
	int nl = 0, r;
	uint64_t ck = 0;
	struct ext2_dirent e;
	while ((r = ext2_readdir(fs, d, &ck, &e)) == 1 && nl < N + 2)
		if (strcmp(e.name, ".") && strcmp(e.name, ".."))
			listed[nl++] = strdup(e.name);
	qsort(listed, (size_t)nl, sizeof listed[0], cmp_str);
	int want = 0;
	for (int i = 0; i < N; i++) {
		char *key = names[i];
		want += present[i];
		bad += (bsearch(&key, listed, (size_t)nl, sizeof listed[0], cmp_str) != NULL) != present[i];
	}
	bad += r != 0 || nl != want;
	for (int i = 0; i < nl; i++)
		free(listed[i]);
	struct ext2_stat s;
	bad += ext2_stat(fs, d, &s) != 0 || s.size < 40 * 1024;
	tfs_close(t);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

TEST(enospc_blocks_and_inodes)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_TINY);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint64_t fb = free_blocks(fs), fi = free_inodes(fs);
	uint8_t *data = malloc(1 << 20);
	pattern(data, 1 << 20, 8);
	uint32_t f, ino;
	int bad = ext2_create(fs, EXT2_ROOT, "fill", 0644, 0, 0, &f) != 0;
	int64_t w = ext2_write(fs, f, 0, data, 1 << 20);
	bad += w <= 0 || w >= (1 << 20); /* short */
	bad += free_blocks(fs) != 0;
	bad += ext2_write(fs, f, (uint64_t)w, data, 10) != -EXT2_ENOSPC;
	bad += ext2_mkdir(fs, EXT2_ROOT, "nd", 0755, 0, 0, &ino) != -EXT2_ENOSPC;
	bad += ext2_lookup(fs, EXT2_ROOT, "nd", &ino) != -EXT2_ENOENT; /* rolled back */
	bad += lib_same(fs, "/fill", data, (size_t)w);
	int st1 = finish(t, "enospc_full");
	bad += debugfs_same("enospc_full", "/fill", data, (size_t)w);
	bad += tfs_remount(t, 0) != 0;
	bad += ext2_unlink(fs, EXT2_ROOT, "fill", 0, NULL) != 0;
	bad += free_blocks(fs) != fb;
	/* inodes run out */
	int made = 0, r = 0;
	char name[16];
	while (made < 100) {
		snprintf(name, sizeof name, "i%d", made);
		if ((r = ext2_create(fs, EXT2_ROOT, name, 0644, 0, 0, &ino)) < 0)
			break;
		made++;
	}
	bad += r != -EXT2_ENOSPC || (uint64_t)made != fi;
	int st2 = finish(t, "enospc_inodes");
	free(data);
	tfs_close(t);
	CHECK_EQ(st1, 0);
	CHECK_EQ(st2, 0);
	CHECK_EQ(bad, 0);
}

TEST(symlinks_and_hard_links)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_4K);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t d, f, s1, s2, r;
	char longt[300];
	memset(longt, 0, sizeof longt);
	strcpy(longt, "/dir");
	for (int i = 0; i < 60; i++)
		strcat(longt, "/.");
	strcat(longt, "/file");
	int bad = 0;
	bad += ext2_mkdir(fs, EXT2_ROOT, "dir", 0755, 0, 0, &d) != 0;
	bad += ext2_create(fs, d, "file", 0644, 0, 0, &f) != 0;
	bad += ext2_write(fs, f, 0, "content", 7) != 7;
	bad += ext2_symlink(fs, EXT2_ROOT, "fast", "dir/file", 0, 0, &s1) != 0;
	bad += ext2_symlink(fs, EXT2_ROOT, "slow", longt, 0, 0, &s2) != 0;
	bad += ext2_resolve(fs, EXT2_ROOT, "/fast", 0, &r) != 0 || r != f;
	bad += ext2_resolve(fs, EXT2_ROOT, "/slow", 0, &r) != 0 || r != f;
	struct ext2_stat s;
	bad += ext2_stat(fs, s1, &s) != 0 || s.blocks != 0 || s.size != 8 || s.mode != 0xA1FF;
	bad += ext2_stat(fs, s2, &s) != 0 || s.blocks != 8 || s.size != strlen(longt);
	bad += ext2_link(fs, EXT2_ROOT, "hard", f) != 0;
	bad += ext2_stat(fs, f, &s) != 0 || s.links != 2;
	bad += ext2_unlink(fs, d, "file", 0, NULL) != 0;
	bad += ext2_stat(fs, f, &s) != 0 || s.links != 1;
	bad += ext2_resolve(fs, EXT2_ROOT, "/fast", 0, &r) != -EXT2_ENOENT; /* now dangling */
	bad += ext2_unlink(fs, EXT2_ROOT, "slow", 0, NULL) != 0; /* frees its block */
	bad += ext2_symlink(fs, EXT2_ROOT, "slow2", longt, 0, 0, &s2) != 0;
	int st = finish(t, "links");
	bad += debugfs_same("links", "/hard", (const uint8_t *)"content", 7);
	tfs_close(t);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

TEST(rev0_writes)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_REV0);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t d, f;
	int bad = 0;
	bad += ext2_mkdir(fs, EXT2_ROOT, "d", 0755, 0, 0, &d) != 0;
	bad += ext2_create(fs, d, "f", 0644, 0, 0, &f) != 0;
	bad += ext2_write(fs, f, 5000, "rev0", 4) != 4;
	bad += ext2_write(fs, f, 1ull << 31, "x", 1) != -EXT2_EFBIG; /* no large files */
	uint64_t ck = 0;
	struct ext2_dirent e;
	bad += ext2_readdir(fs, d, &ck, &e) != 1 || e.type != EXT2_FT_UNKNOWN; /* no filetype */
	int st = finish(t, "rev0w");
	uint8_t want[5004] = {0};
	memcpy(want + 5000, "rev0", 4);
	bad += debugfs_same("rev0w", "/d/f", want, sizeof want);
	tfs_close(t);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

TEST(htree_directory_changes)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_HTREE);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t many = lib_ino(fs, "/many"), ino;
	struct ext2_stat s;
	int bad = ext2_stat(fs, many, &s) != 0;
	bool indexed = s.flags & EXT2_INDEX_FL;
	/* read linearly through the index blocks */
	bad += ext2_lookup(fs, many, "entry_0399_", &ino) == 0; /* has a suffix: not this */
	int found = 0, r;
	uint64_t ck = 0;
	struct ext2_dirent e;
	while ((r = ext2_readdir(fs, many, &ck, &e)) == 1)
		found += !strncmp(e.name, "entry_", 6) && ext2_lookup(fs, many, e.name, &ino) == 0;
	bad += found != 400 || r != 0;
	bad += ext2_create(fs, many, "added", 0644, 0, 0, &ino) != 0;
	bad += ext2_unlink(fs, many, "added", 0, NULL) != 0;
	bad += ext2_stat(fs, many, &s) != 0 || (s.flags & EXT2_INDEX_FL);
	int st = finish(t, "htree");
	tfs_close(t);
	CHECK(indexed);
	CHECK_EQ(bad, 0);
	CHECK_EQ(st, 0);
}

TEST(smallest_cache_large_operations)
{
	CHECK(setup());
	struct memdev d;
	CHECK(memdev_load(&d, img[IMG_1K]) == 0);
	struct tfs *t = calloc(1, sizeof *t);
	t->dev = d;
	t->cache_len = EXT2_MIN_CACHE_BLOCKS * 1024;
	t->cache = malloc(t->cache_len);
	int r = tfs_remount(t, 0);
	if (r < 0)
		tfs_close(t);
	CHECK_EQ(r, 0);
	struct ext2_fs *fs = &t->fs;
	uint64_t fb = free_blocks(fs);
	size_t len = 3 << 20;
	uint8_t *data = malloc(len);
	pattern(data, len, 11);
	uint32_t f;
	int bad = ext2_create(fs, EXT2_ROOT, "big", 0644, 0, 0, &f) != 0;
	bad += ext2_write(fs, f, 0, data, len) != (int64_t)len;       /* whole blocks */
	bad += ext2_write(fs, f, 1, data + 1, len - 2) != (int64_t)len - 2; /* through the cache */
	bad += lib_same(fs, "/big", data, len);
	int st1 = finish(t, "smallcache");
	bad += debugfs_same("smallcache", "/big", data, len);
	bad += tfs_remount(t, 0) != 0;
	bad += ext2_truncate(fs, f, 1000) != 0;
	bad += ext2_unlink(fs, EXT2_ROOT, "big", 0, NULL) != 0;
	bad += free_blocks(fs) != fb;
	int st2 = finish(t, "smallcache2");
	free(data);
	tfs_close(t);
	CHECK_EQ(st1, 0);
	CHECK_EQ(st2, 0);
	CHECK_EQ(bad, 0);
}

TEST(setattr_owner_mode_times)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_4K);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t f;
	int bad = ext2_create(fs, EXT2_ROOT, "a", 0600, 0, 0, &f) != 0;
	struct ext2_attr a = {.mode = 0x8000 | 04751, .uid = 70000, .gid = 80000, .atime = 111, .mtime = 222};
	bad += ext2_setattr(fs, f, &a, EXT2_ATTR_MODE | EXT2_ATTR_UID | EXT2_ATTR_GID | EXT2_ATTR_ATIME |
	                                    EXT2_ATTR_MTIME) != 0;
	int st = finish(t, "setattr");
	bad += tfs_remount(t, EXT2_MOUNT_RDONLY) != 0;
	struct ext2_stat s;
	bad += ext2_stat(fs, f, &s) != 0 || s.mode != (0x8000 | 04751) || s.uid != 70000 ||
	       s.gid != 80000 || s.atime != 111 || s.mtime != 222 || s.ctime != 1700000000u;
	bad += sh("debugfs -R 'stat /a' '%s' 2>/dev/null | grep -q 'User: 70000'", wpath("setattr.img")) != 0;
	tfs_close(t);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

/* Nanoseconds live in a large inode's extra words: set, read back after a remount, seen by
 * debugfs; an impossible one is EINVAL changing nothing; ctime-only changes zero ctime's. */
TEST(setattr_nanoseconds)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_4K);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t f;
	struct ext2_stat s;
	int bad = ext2_create(fs, EXT2_ROOT, "n", 0644, 0, 0, &f) != 0;
	struct ext2_attr a = {.atime = 1000, .atime_nsec = 123456789, .mtime = 2000,
	                      .mtime_nsec = 999999999};
	bad += ext2_setattr(fs, f, &a, EXT2_ATTR_ATIME | EXT2_ATTR_MTIME) != 0;
	struct ext2_attr wrong = {.mtime = 5, .mtime_nsec = 1000000000u};
	bad += ext2_setattr(fs, f, &wrong, EXT2_ATTR_MTIME) != -EXT2_EINVAL;
	bad += ext2_setattr(fs, f, &wrong, EXT2_ATTR_ATIME) != 0;   /* mtime_nsec not asked */
	int st = finish(t, "setattr_ns");
	bad += tfs_remount(t, EXT2_MOUNT_RDONLY) != 0;
	bad += ext2_stat(fs, f, &s) != 0 || s.atime != 0 || s.atime_nsec != 0 || s.mtime != 2000 ||
	       s.mtime_nsec != 999999999 || s.ctime != 1700000000u || s.ctime_nsec != 0;
	bad += sh("debugfs -R 'stat /n' '%s' 2>/dev/null | grep -q 'mtime: 0x000007d0:ee6b27fc'",
	          wpath("setattr_ns.img")) != 0;
	tfs_close(t);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);

	t = open_rw(IMG_4K);
	CHECK(t);
	fs = &t->fs;
	bad = ext2_create(fs, EXT2_ROOT, "w", 0644, 0, 0, &f) != 0;
	a = (struct ext2_attr){.mtime = 3000, .mtime_nsec = 5};
	bad += ext2_setattr(fs, f, &a, EXT2_ATTR_MTIME) != 0;
	bad += ext2_write(fs, f, 0, "x", 1) != 1;   /* mtime = now, whole seconds */
	bad += ext2_stat(fs, f, &s) != 0 || s.mtime != 1700000000u || s.mtime_nsec != 0;
	st = finish(t, "setattr_ns2");
	tfs_close(t);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

TEST(rename_cases)
{
	CHECK(setup());
	struct tfs *t = open_rw(IMG_4K);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint64_t fb = free_blocks(fs), fi = free_inodes(fs);
	struct ext2_stat s;
	ext2_stat(fs, EXT2_ROOT, &s);
	uint16_t root_links = s.links;
	uint32_t a, b, sub, f, g, e, x, gone;
	int bad = 0;
	bad += ext2_mkdir(fs, EXT2_ROOT, "a", 0755, 0, 0, &a) != 0;
	bad += ext2_mkdir(fs, EXT2_ROOT, "b", 0755, 0, 0, &b) != 0;
	bad += ext2_mkdir(fs, a, "sub", 0755, 0, 0, &sub) != 0;
	bad += ext2_create(fs, a, "f", 0644, 0, 0, &f) != 0;
	bad += ext2_write(fs, f, 0, "ffff", 4) != 4;
	bad += ext2_create(fs, b, "g", 0644, 0, 0, &g) != 0;
	bad += ext2_write(fs, g, 0, "gggggggg", 8) != 8;
	bad += ext2_mkdir(fs, b, "empty", 0755, 0, 0, &e) != 0;
	/* a file within a directory, then across, then over another file */
	bad += ext2_rename(fs, a, "f", a, "f2", 0, &gone) != 0 || gone != 0;
	bad += ext2_lookup(fs, a, "f", &x) != -EXT2_ENOENT || ext2_lookup(fs, a, "f2", &x) != 0 || x != f;
	bad += ext2_rename(fs, a, "f2", b, "f3", 0, NULL) != 0;
	bad += ext2_rename(fs, b, "f3", b, "g", 0, &gone) != 0 || gone != g; /* g is freed */
	bad += ext2_stat(fs, g, &s) != -EXT2_ENOENT;
	bad += ext2_lookup(fs, b, "g", &x) != 0 || x != f;
	/* errors */
	bad += ext2_rename(fs, b, "g", b, "empty", 0, NULL) != -EXT2_EISDIR;
	bad += ext2_rename(fs, a, "sub", b, "g", 0, NULL) != -EXT2_ENOTDIR;
	bad += ext2_rename(fs, EXT2_ROOT, "a", sub, "a2", 0, NULL) != -EXT2_EINVAL; /* below itself */
	bad += ext2_rename(fs, EXT2_ROOT, "a", a, "a2", 0, NULL) != -EXT2_EINVAL;
	bad += ext2_rename(fs, EXT2_ROOT, "b", EXT2_ROOT, "a", 0, NULL) != -EXT2_ENOTEMPTY;
	bad += ext2_rename(fs, a, "nothere", b, "x", 0, NULL) != -EXT2_ENOENT;
	bad += ext2_rename(fs, a, ".", b, "x", 0, NULL) != -EXT2_EINVAL;
	bad += ext2_rename(fs, b, "g", b, "g", 0, NULL) != 0; /* onto itself */
	bad += ext2_link(fs, a, "same", f) != 0;
	bad += ext2_rename(fs, a, "same", b, "g", 0, NULL) != 0; /* another link of it: no-op */
	bad += ext2_lookup(fs, a, "same", &x) != 0;
	bad += ext2_unlink(fs, a, "same", 0, NULL) != 0;
	/* a directory to another parent: "..", link counts */
	bad += ext2_rename(fs, a, "sub", b, "sub", 0, NULL) != 0;
	bad += ext2_lookup(fs, sub, "..", &x) != 0 || x != b;
	bad += ext2_stat(fs, a, &s) != 0 || s.links != 2;
	bad += ext2_stat(fs, b, &s) != 0 || s.links != 4; /* ., entry, sub/.., empty/.. */
	/* a directory over an empty one elsewhere, then over one in the same directory */
	bad += ext2_rename(fs, b, "sub", a, "sub", 0, NULL) != 0;
	bad += ext2_mkdir(fs, a, "tmp", 0755, 0, 0, &x) != 0;
	bad += ext2_rename(fs, b, "empty", a, "tmp", 0, &gone) != 0 || gone != x;
	bad += ext2_stat(fs, a, &s) != 0 || s.links != 4; /* sub and tmp (= old empty) */
	bad += ext2_stat(fs, b, &s) != 0 || s.links != 2;
	bad += ext2_rename(fs, a, "sub", a, "tmp", 0, &gone) != 0 || gone != e;
	bad += ext2_stat(fs, a, &s) != 0 || s.links != 3;
	bad += ext2_lookup(fs, a, "tmp", &x) != 0 || x != sub;
	bad += ext2_resolve(fs, EXT2_ROOT, "/a/tmp/../../b/g", 0, &x) != 0 || x != f;
	int st1 = finish(t, "rename");
	bad += debugfs_same("rename", "/b/g", (const uint8_t *)"ffff", 4);
	/* clean up: back to the start */
	bad += tfs_remount(t, 0) != 0;
	bad += ext2_rmdir(fs, a, "tmp", 0, NULL) != 0;
	bad += ext2_unlink(fs, b, "g", 0, NULL) != 0;
	bad += ext2_rmdir(fs, EXT2_ROOT, "a", 0, NULL) != 0;
	bad += ext2_rmdir(fs, EXT2_ROOT, "b", 0, NULL) != 0;
	bad += free_blocks(fs) != fb || free_inodes(fs) != fi;
	bad += ext2_stat(fs, EXT2_ROOT, &s) != 0 || s.links != root_links;
	int st2 = finish(t, "rename2");
	tfs_close(t);
	CHECK_EQ(st1, 0);
	CHECK_EQ(st2, 0);
	CHECK_EQ(bad, 0);
}

/* Random operations against a model of the files' contents. */
#define RF 24
struct model {
	uint8_t *data[RF];
	size_t len[RF];
	bool exists[RF];
	uint32_t ino[RF];
};

static void random_ops(int which, const char *name, unsigned seed0)
{
	CHECK(setup());
	struct tfs *t = open_rw(which);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint64_t fb = free_blocks(fs), fi = free_inodes(fs);
	static struct model m;
	memset(&m, 0, sizeof m);
	uint32_t dirs[3] = {EXT2_ROOT};
	int bad = ext2_mkdir(fs, EXT2_ROOT, "d1", 0755, 0, 0, &dirs[1]) != 0;
	bad += ext2_mkdir(fs, dirs[1], "d2", 0755, 0, 0, &dirs[2]) != 0;
	uint64_t seed = seed0;
	const size_t maxlen = 300000;
	uint8_t *buf = malloc(maxlen);
	for (int op = 0; op < 600 && !bad; op++) {
		int i = (int)(rnd(&seed) % RF);
		uint32_t dir = dirs[i % 3];
		char fname[16];
		snprintf(fname, sizeof fname, "f%d", i);
		switch (rnd(&seed) % 7) {
		case 0: /* create */
			if (!m.exists[i]) {
				bad += ext2_create(fs, dir, fname, 0644, 0, 0, &m.ino[i]) != 0;
				m.exists[i] = true;
				m.data[i] = calloc(1, maxlen);
				m.len[i] = 0;
			} else {
				bad += ext2_create(fs, dir, fname, 0644, 0, 0, &(uint32_t){0}) != -EXT2_EEXIST;
			}
			break;
		case 1: case 2: { /* write */
			if (!m.exists[i])
				break;
			size_t off = rnd(&seed) % (maxlen / 2), n = rnd(&seed) % (maxlen / 2);
			if (rnd(&seed) % 3 == 0)
				n %= 100;
			pattern(buf, n, rnd(&seed));
			bad += ext2_write(fs, m.ino[i], off, buf, n) != (int64_t)n;
			memcpy(m.data[i] + off, buf, n);
			if (off + n > m.len[i] && n)
				m.len[i] = off + n;
			break;
		}
		case 3: { /* truncate */
			if (!m.exists[i])
				break;
			size_t sz = rnd(&seed) % maxlen;
			bad += ext2_truncate(fs, m.ino[i], sz) != 0;
			if (sz < m.len[i])
				memset(m.data[i] + sz, 0, m.len[i] - sz);
			m.len[i] = sz;
			break;
		}
		case 4: /* unlink */
			if (m.exists[i]) {
				bad += ext2_unlink(fs, dir, fname, 0, NULL) != 0;
				m.exists[i] = false;
				free(m.data[i]);
			} else {
				bad += ext2_unlink(fs, dir, fname, 0, NULL) != -EXT2_ENOENT;
			}
			break;
		case 6: { /* rename onto another slot (replacing it if it exists) */
			int j = (int)(rnd(&seed) % RF);
			char jname[16];
			snprintf(jname, sizeof jname, "f%d", j);
			int r = ext2_rename(fs, dir, fname, dirs[j % 3], jname, 0, NULL);
			if (!m.exists[i]) {
				bad += r != -EXT2_ENOENT;
			} else if (i != j) {
				bad += r != 0;
				if (m.exists[j])
					free(m.data[j]);
				m.data[j] = m.data[i];
				m.len[j] = m.len[i];
				m.ino[j] = m.ino[i];
				m.exists[j] = true;
				m.exists[i] = false;
			} else {
				bad += r != 0;
			}
			break;
		}
		case 5: /* check one */
			if (m.exists[i]) {
				uint8_t *got;
				size_t gl;
				bad += lib_read_all(fs, m.ino[i], &got, &gl) != 0 || gl != m.len[i] ||
				       memcmp(got, m.data[i], gl);
				free(got);
			}
			break;
		}
		if (bad)
			fprintf(stderr, "%s: op %d on f%d failed\n", name, op, i);
	}
	int st = finish(t, name);
	for (int i = 0; i < RF && !bad; i++) {
		if (!m.exists[i])
			continue;
		const char *pre[3] = {"", "/d1", "/d1/d2"};
		char path[40];
		snprintf(path, sizeof path, "%s/f%d", pre[i % 3], i);
		if (i % 4 == 0) /* debugfs is slow: a sample */
			bad += debugfs_same(name, path, m.data[i], m.len[i]);
		bad += lib_same(fs, path, m.data[i], m.len[i]);
	}
	/* remove everything: back to the start */
	bad += tfs_remount(t, 0) != 0;
	for (int i = 0; i < RF; i++) {
		if (!m.exists[i])
			continue;
		char fname[16];
		snprintf(fname, sizeof fname, "f%d", i);
		bad += ext2_unlink(fs, dirs[i % 3], fname, 0, NULL) != 0;
		free(m.data[i]);
	}
	bad += ext2_rmdir(fs, dirs[1], "d2", 0, NULL) != 0;
	bad += ext2_rmdir(fs, EXT2_ROOT, "d1", 0, NULL) != 0;
	bad += free_blocks(fs) != fb || free_inodes(fs) != fi;
	free(buf);
	tfs_close(t);
	CHECK_EQ(st, 0);
	CHECK_EQ(bad, 0);
}

TEST(random_ops_1k) { random_ops(IMG_1K_STAGED, "random1k", 1); }
TEST(random_ops_4k) { random_ops(IMG_4K_STAGED, "random4k", 2); }

CHECK_MAIN()

__attribute__((constructor)) static void name_tests(void)
{
	ext2_test_name = "write";
}
