/* test_ext2_read.c - lib/ext2 read-only paths against images made by mke2fs -d: every
 * file, directory and link of the staging tree is found, listed and read back byte for
 * byte, at 1, 4 and 64 KiB blocks, revision 0 and 128-byte inodes. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "test_ext2_util.h"

static char staging[512];
static const struct {
	const char *name;
	unsigned bs, kib;
	const char *opts;
} images[] = {
	{"1k", 1024, 16384, "-I 256"},
	{"4k", 4096, 16384, "-I 256"},
	{"rev0", 1024, 16384, "-r 0"},
	{"i128", 4096, 16384, "-I 128 -O ^dir_index,^resize_inode"},
	{"64k", 65536, 65536, "-I 256"},
};
#define NIMAGES (sizeof images / sizeof images[0])
static char img[NIMAGES][512];

static bool setup(void)
{
	static int state; /* 0: not yet, 1: ready, -1: failed */
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
	for (size_t i = 0; i < NIMAGES; i++) {
		snprintf(img[i], sizeof img[i], "%s", wpath("%s.img", images[i].name));
		if (make_image(img[i], staging, images[i].bs, images[i].kib, images[i].opts) != 0) {
			fprintf(stderr, "mke2fs failed for %s\n", images[i].name);
			return false;
		}
	}
	state = 1;
	return true;
}

static int cmp_sort(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The staging tree as "find" lists it (lib/include/dirent.h shadows the host's, so no
 * opendir here): sorted absolute paths, "/a", "/a/b", ... */
static char **manifest;
static int nmanifest;

static bool load_manifest(void)
{
	if (manifest)
		return true;
	const char *mf = wpath("manifest");
	if (sh("find '%s' -mindepth 1 -printf '/%%P\\n' > '%s'", staging, mf) != 0)
		return false;
	uint8_t *text;
	size_t len;
	if (host_read(mf, &text, &len) < 0)
		return false;
	manifest = calloc(len / 2 + 1, sizeof *manifest);
	char *p = (char *)text, *end = p + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		*nl = 0;
		manifest[nmanifest++] = p;
		p = nl + 1;
	}
	qsort(manifest, (size_t)nmanifest, sizeof *manifest, cmp_sort);
	return true;
}

static bool parent_is(const char *path, const char *dir)
{
	const char *slash = strrchr(path, '/');
	size_t dl = strcmp(dir, "/") ? strlen(dir) : 0;
	return (size_t)(slash - path) == dl && !strncmp(path, dir, dl);
}

/* Compare one staged object with what the library finds at the same path. */
static int compare_one(struct ext2_fs *fs, const char *path, int *nfiles)
{
	char hp[4096];
	snprintf(hp, sizeof hp, "%s%s", staging, path);
	struct stat hs;
	if (lstat(hp, &hs) < 0)
		return 1;
	uint32_t ino;
	struct ext2_stat st;
	int r = ext2_resolve(fs, EXT2_ROOT, path, EXT2_RESOLVE_NOFOLLOW, &ino);
	if (r == 0)
		r = ext2_stat(fs, ino, &st);
	if (r < 0) {
		fprintf(stderr, "%s: resolve/stat %d\n", path, r);
		return 1;
	}
	int bad = 0;
	if (st.mode != (hs.st_mode & 0xffff) || st.uid != hs.st_uid || st.gid != hs.st_gid ||
	    st.links != hs.st_nlink || st.mtime != (uint32_t)hs.st_mtime) {
		fprintf(stderr, "%s: mode %o/%o uid %u/%u links %u/%lu\n", path, st.mode, hs.st_mode, st.uid,
		        hs.st_uid, st.links, (unsigned long)hs.st_nlink);
		bad++;
	}
	if (S_ISREG(hs.st_mode)) {
		uint8_t *a, *b;
		size_t al, bl;
		(*nfiles)++;
		if (st.size != (uint64_t)hs.st_size) {
			fprintf(stderr, "%s: size %lu/%ld\n", path, (unsigned long)st.size, (long)hs.st_size);
			bad++;
		} else if ((r = lib_read_all(fs, ino, &a, &al)) < 0) {
			fprintf(stderr, "%s: read %d\n", path, r);
			bad++;
		} else {
			host_read(hp, &b, &bl);
			if (al != bl || memcmp(a, b, al)) {
				fprintf(stderr, "%s: contents differ\n", path);
				bad++;
			}
			free(a);
			free(b);
		}
	} else if (S_ISLNK(hs.st_mode)) {
		char ht[4096], lt[4096];
		ssize_t hl = readlink(hp, ht, sizeof ht);
		int ll = ext2_readlink(fs, ino, lt, sizeof lt);
		if (hl != ll || ll < 0 || memcmp(ht, lt, (size_t)ll) || st.size != (uint64_t)hl) {
			fprintf(stderr, "%s: link target %d\n", path, ll);
			bad++;
		}
	}
	return bad;
}

/* The listing of a directory: exactly the staged names, plus ".", ".." (and lost+found
 * in the root). */
static int compare_listing(struct ext2_fs *fs, const char *dir)
{
	uint32_t dino;
	if (ext2_resolve(fs, EXT2_ROOT, dir, 0, &dino) < 0)
		return 1;
	int want = 0, seen = 0, dots = 0, bad = 0, r;
	for (int i = 0; i < nmanifest; i++)
		want += parent_is(manifest[i], dir);
	uint64_t cookie = 0;
	struct ext2_dirent ent;
	while ((r = ext2_readdir(fs, dino, &cookie, &ent)) == 1) {
		if (!strcmp(ent.name, ".") || !strcmp(ent.name, "..")) {
			dots++;
			bad += !strcmp(ent.name, ".") && ent.ino != dino;
			continue;
		}
		if (!strcmp(dir, "/") && !strcmp(ent.name, "lost+found"))
			continue;
		char child[4096];
		snprintf(child, sizeof child, "%s/%s", strcmp(dir, "/") ? dir : "", ent.name);
		char *key = child;
		if (!bsearch(&key, manifest, (size_t)nmanifest, sizeof *manifest, cmp_sort) ||
		    strlen(ent.name) != ent.name_len) {
			fprintf(stderr, "%s: unexpected entry %s\n", dir, ent.name);
			bad++;
		}
		seen++;
	}
	if (r < 0 || seen != want || dots != 2) {
		fprintf(stderr, "%s: readdir %d, %d entries of %d, %d dots\n", dir, r, seen, want, dots);
		bad++;
	}
	return bad;
}

static int compare_tree(struct ext2_fs *fs, int *nfiles)
{
	if (!load_manifest())
		return 1;
	int bad = compare_listing(fs, "/");
	for (int i = 0; i < nmanifest; i++) {
		bad += compare_one(fs, manifest[i], nfiles);
		char hp[4096];
		struct stat hs;
		snprintf(hp, sizeof hp, "%s%s", staging, manifest[i]);
		if (lstat(hp, &hs) == 0 && S_ISDIR(hs.st_mode))
			bad += compare_listing(fs, manifest[i]);
	}
	return bad;
}

static void tree_test(size_t which, unsigned cache_blocks)
{
	CHECK(setup());
	struct memdev d;
	CHECK(memdev_load(&d, img[which]) == 0);
	struct ext2_fs *fs = calloc(1, sizeof *fs);
	size_t clen = (size_t)cache_blocks * images[which].bs;
	uint8_t *cache = malloc(clen);
	int r = ext2_mount(fs, &memdev_ops, &d, d.size, cache, clen, EXT2_MOUNT_RDONLY);
	int nfiles = 0, bad = -1;
	if (r == 0)
		bad = compare_tree(fs, &nfiles);
	long writes = d.writes, oob = d.oob;
	free(cache);
	free(fs);
	memdev_free(&d);
	CHECK_EQ(r, 0);
	CHECK_EQ(bad, 0);
	CHECK(nfiles > 400);
	CHECK_EQ(writes, 0); /* a read-only mount writes nothing */
	CHECK_EQ(oob, 0);
}

TEST(tree_1k) { tree_test(0, EXT2_CACHE_MAX); }
TEST(tree_4k) { tree_test(1, EXT2_CACHE_MAX); }
TEST(tree_rev0) { tree_test(2, EXT2_CACHE_MAX); }
TEST(tree_inode128) { tree_test(3, EXT2_CACHE_MAX); }
TEST(tree_64k) { tree_test(4, EXT2_CACHE_MAX); }
TEST(tree_1k_smallest_cache) { tree_test(0, EXT2_MIN_CACHE_BLOCKS); }

TEST(mount_geometry)
{
	CHECK(setup());
	for (size_t i = 0; i < NIMAGES; i++) {
		int err;
		struct tfs *t = tfs_open(img[i], EXT2_MOUNT_RDONLY, &err);
		CHECK(t);
		struct ext2_super *s = img_super(&t->dev);
		struct ext2_statfs sf;
		int r = ext2_statfs(&t->fs, &sf);
		bool ok = r == 0 && t->fs.block_size == images[i].bs && sf.block_size == images[i].bs &&
		          sf.blocks == (uint64_t)images[i].kib * 1024 / images[i].bs &&
		          sf.free_blocks == s->s_free_blocks_count && sf.inodes == s->s_inodes_count &&
		          sf.free_inodes == s->s_free_inodes_count && t->fs.rdonly &&
		          t->fs.rev_level == (i == 2 ? 0u : 1u) && sf.name_max == 255;
		tfs_close(t);
		CHECK(ok);
	}
}

TEST(cache_too_small)
{
	CHECK(setup());
	struct memdev d;
	CHECK(memdev_load(&d, img[1]) == 0);
	struct ext2_fs *fs = calloc(1, sizeof *fs);
	size_t clen = (EXT2_MIN_CACHE_BLOCKS - 1) * 4096 + 63;
	uint8_t *cache = malloc(clen);
	int r = ext2_mount(fs, &memdev_ops, &d, d.size, cache, clen, 0);
	free(cache);
	free(fs);
	long w = d.writes;
	memdev_free(&d);
	CHECK_EQ(r, -EXT2_ENOMEM);
	CHECK_EQ(w, 0);
}

TEST(read_offsets)
{
	CHECK(setup());
	int err;
	struct tfs *t = tfs_open(img[0], EXT2_MOUNT_RDONLY, &err);
	CHECK(t);
	static const char *const files[] = {"dind1k", "d12k1", "odd", "one", "empty", "ind1k_end"};
	int bad = 0;
	uint64_t seed = 42;
	for (size_t f = 0; f < 6; f++) {
		uint8_t *host;
		size_t hl;
		char hp[600];
		snprintf(hp, sizeof hp, "%s/%s", staging, files[f]);
		host_read(hp, &host, &hl);
		char p[64];
		snprintf(p, sizeof p, "/%s", files[f]);
		uint32_t ino = lib_ino(&t->fs, p);
		uint8_t buf[20000];
		for (int i = 0; i < 300 && ino; i++) {
			uint64_t off = rnd(&seed) % (hl + 3000);
			size_t len = rnd(&seed) % (i % 3 ? 3000 : 20000);
			if (i % 50 == 0)
				off = hl; /* exactly at the end */
			memset(buf, 0xAA, sizeof buf);
			int64_t n = ext2_read(&t->fs, ino, off, buf, len);
			int64_t want = off >= hl ? 0 : (int64_t)(len < hl - off ? len : hl - off);
			if (n != want || (n > 0 && memcmp(buf, host + off, (size_t)n)) || buf[n] != 0xAA)
				bad++;
		}
		if (!ino)
			bad++;
		free(host);
	}
	tfs_close(t);
	CHECK_EQ(bad, 0);
}

TEST(sparse_holes)
{
	CHECK(setup());
	for (int which = 0; which < 2; which++) {
		int err;
		struct tfs *t = tfs_open(img[which], EXT2_MOUNT_RDONLY, &err);
		CHECK(t);
		uint32_t ino = lib_ino(&t->fs, "/sparse");
		struct ext2_stat st;
		int r = ext2_stat(&t->fs, ino, &st);
		uint8_t chunk[5000], buf[8192];
		pattern(chunk, sizeof chunk, 77);
		bool ok = r == 0 && st.size == (68u << 20) + 3000 && st.blocks < 100;
		/* data, hole, data, hole, data (the last in the triple indirect range at 1 KiB) */
		ok = ok && ext2_read(&t->fs, ino, 0, buf, 100) == 100 && !memcmp(buf, chunk, 100);
		ok = ok && ext2_read(&t->fs, ino, 100, buf, 8192) == 8192;
		for (int i = 0; i < 8192 && ok; i++)
			ok = buf[i] == 0;
		ok = ok && ext2_read(&t->fs, ino, (5u << 20) - 10, buf, 5020) == 5020;
		for (int i = 0; i < 10 && ok; i++)
			ok = buf[i] == 0;
		ok = ok && !memcmp(buf + 10, chunk, 5000) && buf[5010] == 0;
		ok = ok && ext2_read(&t->fs, ino, (68u << 20) - 1, buf, 8192) == 3001 && buf[0] == 0 &&
		     !memcmp(buf + 1, chunk, 3000);
		ok = ok && ext2_read(&t->fs, ino, (40u << 20), buf, 4096) == 4096 && buf[4095] == 0;
		tfs_close(t);
		CHECK(ok);
	}
}

TEST(lookup_errors)
{
	CHECK(setup());
	int err;
	struct tfs *t = tfs_open(img[0], EXT2_MOUNT_RDONLY, &err);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t ino = 0, f = lib_ino(fs, "/one"), a = lib_ino(fs, "/a");
	char longname[300];
	memset(longname, 'L', 256);
	longname[256] = 0;
	int r1 = ext2_lookup(fs, EXT2_ROOT, "missing", &ino);
	int r2 = ext2_lookup(fs, f, "x", &ino);
	int r3 = ext2_lookup(fs, EXT2_ROOT, longname, &ino);
	int r4 = ext2_lookup(fs, EXT2_ROOT, "a/b", &ino);
	int r5 = ext2_lookup(fs, EXT2_ROOT, "", &ino);
	longname[255] = 0;
	int r6 = ext2_lookup(fs, EXT2_ROOT, longname, &ino); /* exists: 255 x 'L' */
	uint32_t dot, dotdot, rootup;
	int r7 = ext2_lookup(fs, a, ".", &dot);
	int r8 = ext2_lookup(fs, a, "..", &dotdot);
	int r9 = ext2_lookup(fs, EXT2_ROOT, "..", &rootup);
	int r10 = ext2_lookup(fs, 0, "a", &ino);
	int r11 = ext2_lookup(fs, fs->inodes_count + 1, "a", &ino);
	int r12 = ext2_lookup(fs, 7, "a", &ino); /* reserved inode */
	int r13 = ext2_lookup(fs, fs->inodes_count, "a", &ino); /* free inode */
	tfs_close(t);
	CHECK_EQ(r1, -EXT2_ENOENT);
	CHECK_EQ(r2, -EXT2_ENOTDIR);
	CHECK_EQ(r3, -EXT2_ENAMETOOLONG);
	CHECK_EQ(r4, -EXT2_EINVAL);
	CHECK_EQ(r5, -EXT2_ENOENT);
	CHECK_EQ(r6, 0);
	CHECK(r7 == 0 && dot == a);
	CHECK(r8 == 0 && dotdot == EXT2_ROOT);
	CHECK(r9 == 0 && rootup == EXT2_ROOT);
	CHECK_EQ(r10, -EXT2_EINVAL);
	CHECK_EQ(r11, -EXT2_EINVAL);
	CHECK_EQ(r12, -EXT2_EINVAL);
	CHECK_EQ(r13, -EXT2_ENOENT);
}

TEST(resolve_paths)
{
	CHECK(setup());
	int err;
	struct tfs *t = tfs_open(img[1], EXT2_MOUNT_RDONLY, &err);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t c = 0, deep = 0, file = 0, x = 0, b = 0, root = 0;
	int bad = 0;
	/* the component-by-component answers */
	uint32_t a;
	bad += ext2_lookup(fs, EXT2_ROOT, "a", &a) != 0;
	bad += ext2_lookup(fs, a, "b", &b) != 0;
	bad += ext2_lookup(fs, b, "c", &c) != 0;
	bad += ext2_lookup(fs, b, "file", &file) != 0;
	bad += ext2_resolve(fs, EXT2_ROOT, "/a/b/c/d/e/deep.txt", 0, &deep) != 0;
	struct {
		uint32_t start;
		const char *path;
		unsigned flags;
		int want_err;
		uint32_t *want;
	} cases[] = {
		{EXT2_ROOT, "/", 0, 0, &root},
		{EXT2_ROOT, "///a//b/./c/", 0, 0, &c},
		{EXT2_ROOT, "a/b/c/../c/./d/../../c", 0, 0, &c},
		{EXT2_ROOT, "/link_rel", 0, 0, &c},            /* relative link */
		{EXT2_ROOT, "/link_rel/", EXT2_RESOLVE_NOFOLLOW, 0, &c}, /* trailing '/' follows */
		{EXT2_ROOT, "/link_chain", 0, 0, &c},          /* link to a link */
		{EXT2_ROOT, "/link_abs", 0, 0, &file},         /* absolute link */
		{EXT2_ROOT, "/link_long", 0, 0, &deep},        /* slow (block) symlink */
		{EXT2_ROOT, "/a/b/up/a/b/up/a/b/c", 0, 0, &c}, /* ".." in links */
		{EXT2_ROOT, "/link_rel/d/e/deep.txt", 0, 0, &deep},
		{EXT2_ROOT, "../../a/b/c", 0, 0, &c},          /* ".." of the root is the root */
		{0, "d/e/deep.txt", 0, 0, &deep},              /* relative to c (start filled below) */
		{EXT2_ROOT, "/loop1", 0, -EXT2_ELOOP, NULL},
		{EXT2_ROOT, "/self/x", 0, -EXT2_ELOOP, NULL},
		{EXT2_ROOT, "/dangling", 0, -EXT2_ENOENT, NULL},
		{EXT2_ROOT, "/a/b/file/", 0, -EXT2_ENOTDIR, NULL},
		{EXT2_ROOT, "/a/b/file/x", 0, -EXT2_ENOTDIR, NULL},
		{EXT2_ROOT, "/a/nothere/x", 0, -EXT2_ENOENT, NULL},
		{EXT2_ROOT, "", 0, -EXT2_ENOENT, NULL},
		{0, "x", 0, -EXT2_ENOTDIR, NULL},              /* relative to a file (filled below) */
	};
	root = EXT2_ROOT;
	cases[11].start = c;
	cases[19].start = file;
	size_t ncases = sizeof cases / sizeof cases[0];
	for (size_t i = 0; i < ncases; i++) {
		int r = ext2_resolve(fs, cases[i].start, cases[i].path, cases[i].flags, &x);
		if (r != cases[i].want_err || (r == 0 && x != *cases[i].want)) {
			fprintf(stderr, "resolve %s: %d ino %u\n", cases[i].path, r, x);
			bad++;
		}
	}
	/* NOFOLLOW gives the link itself */
	uint32_t l1, l2;
	bad += ext2_resolve(fs, EXT2_ROOT, "/loop1", EXT2_RESOLVE_NOFOLLOW, &l1) != 0;
	bad += ext2_lookup(fs, EXT2_ROOT, "loop1", &l2) != 0 || l1 != l2;
	/* too long: a path of PATH_MAX bytes */
	char *longp = malloc(EXT2_PATH_MAX + 10);
	for (int i = 0; i < EXT2_PATH_MAX + 5; i += 2)
		memcpy(longp + i, "./", 2);
	longp[EXT2_PATH_MAX + 5] = 0;
	bad += ext2_resolve(fs, EXT2_ROOT, longp, 0, &x) != -EXT2_ENAMETOOLONG;
	longp[EXT2_PATH_MAX - 1] = 0; /* 4095 bytes of "././..." resolve to the root */
	bad += ext2_resolve(fs, EXT2_ROOT, longp, 0, &x) != 0 || x != EXT2_ROOT;
	free(longp);
	/* parent resolution */
	char name[256];
	uint32_t dir;
	bad += ext2_resolve_parent(fs, EXT2_ROOT, "/link_rel/newfile", &dir, name) != 0 || dir != c ||
	       strcmp(name, "newfile");
	bad += ext2_resolve_parent(fs, EXT2_ROOT, "/a/b/", &dir, name) != 0 || dir != a || strcmp(name, "b");
	bad += ext2_resolve_parent(fs, EXT2_ROOT, "/", &dir, name) != 0 || dir != EXT2_ROOT || name[0];
	bad += ext2_resolve_parent(fs, EXT2_ROOT, "/loop1", &dir, name) != 0 || strcmp(name, "loop1");
	bad += ext2_resolve_parent(fs, EXT2_ROOT, "/nothere/x", &dir, name) != -EXT2_ENOENT;
	tfs_close(t);
	CHECK_EQ(bad, 0);
}

TEST(readdir_cookies)
{
	CHECK(setup());
	int err;
	struct tfs *t = tfs_open(img[0], EXT2_MOUNT_RDONLY, &err);
	CHECK(t);
	uint32_t many = lib_ino(&t->fs, "/many");
	static uint64_t cookies[500];
	static uint32_t inos[500];
	int n = 0, r;
	uint64_t ck = 0;
	struct ext2_dirent e;
	cookies[0] = 0;
	while (n < 499 && (r = ext2_readdir(&t->fs, many, &ck, &e)) == 1) {
		inos[n++] = e.ino;
		cookies[n] = ck;
	}
	int bad = n != 402; /* 400 files, ".", ".." */
	/* Resuming at any saved cookie continues with the same entries. */
	for (int i = 0; i < n; i += 7) {
		uint64_t c2 = cookies[i];
		for (int j = i; j < n && j < i + 5; j++) {
			if (ext2_readdir(&t->fs, many, &c2, &e) != 1 || e.ino != inos[j])
				bad++;
		}
	}
	ck = cookies[n];
	bad += ext2_readdir(&t->fs, many, &ck, &e) != 0; /* the end stays the end */
	ck = (uint64_t)1 << 40;
	bad += ext2_readdir(&t->fs, many, &ck, &e) != 0;
	ck = 0;
	bad += ext2_readdir(&t->fs, lib_ino(&t->fs, "/one"), &ck, &e) != -EXT2_ENOTDIR;
	tfs_close(t);
	CHECK_EQ(bad, 0);
}

TEST(wrong_types)
{
	CHECK(setup());
	int err;
	struct tfs *t = tfs_open(img[0], EXT2_MOUNT_RDONLY, &err);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	char buf[100];
	int64_t r1 = ext2_read(fs, EXT2_ROOT, 0, buf, 10);
	int64_t r2 = ext2_read(fs, lib_ino(fs, "/link_rel"), 0, buf, 10);
	int r3 = ext2_readlink(fs, lib_ino(fs, "/one"), buf, sizeof buf);
	int r4 = ext2_readlink(fs, lib_ino(fs, "/link_rel"), buf, 3); /* truncated like readlink(2) */
	tfs_close(t);
	CHECK_EQ(r1, -EXT2_EISDIR);
	CHECK_EQ(r2, -EXT2_EINVAL);
	CHECK_EQ(r3, -EXT2_EINVAL);
	CHECK(r4 == 3 && !memcmp(buf, "a/b", 3));
}

TEST(readonly_refuses_writes)
{
	CHECK(setup());
	int err;
	struct tfs *t = tfs_open(img[0], EXT2_MOUNT_RDONLY, &err);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint32_t ino;
	struct ext2_attr a = {0};
	int bad = 0;
	bad += ext2_create(fs, EXT2_ROOT, "new", 0644, 0, 0, &ino) != -EXT2_EROFS;
	bad += ext2_write(fs, lib_ino(fs, "/one"), 0, "x", 1) != -EXT2_EROFS;
	bad += ext2_truncate(fs, lib_ino(fs, "/one"), 0) != -EXT2_EROFS;
	bad += ext2_mkdir(fs, EXT2_ROOT, "nd", 0755, 0, 0, &ino) != -EXT2_EROFS;
	bad += ext2_unlink(fs, EXT2_ROOT, "one", 0, NULL) != -EXT2_EROFS;
	bad += ext2_rmdir(fs, EXT2_ROOT, "emptydir", 0, NULL) != -EXT2_EROFS;
	bad += ext2_setattr(fs, EXT2_ROOT, &a, EXT2_ATTR_MODE) != -EXT2_EROFS;
	bad += ext2_release(fs, lib_ino(fs, "/one")) != -EXT2_EROFS;
	bad += ext2_sync(fs) != 0;
	bad += ext2_unmount(fs) != 0;
	long w = t->dev.writes;
	tfs_close(t);
	CHECK_EQ(bad, 0);
	CHECK_EQ(w, 0);
}

TEST(rw_mount_marks_unclean)
{
	CHECK(setup());
	int err;
	struct tfs *t = tfs_open(img[1], 0, &err);
	CHECK(t);
	struct ext2_super *s = img_super(&t->dev);
	uint16_t during = s->s_state, count = s->s_mnt_count;
	long w1 = t->dev.writes;
	int r = ext2_unmount(&t->fs);
	uint16_t after = s->s_state;
	tfs_close(t);
	CHECK_EQ(r, 0);
	CHECK_EQ(w1, 1); /* the superblock, once */
	CHECK_EQ(during & EXT2_VALID_FS, 0);
	CHECK_EQ(after & EXT2_VALID_FS, EXT2_VALID_FS);
	CHECK(count >= 1);
}

CHECK_MAIN()

__attribute__((constructor)) static void name_tests(void)
{
	ext2_test_name = "read";
}
