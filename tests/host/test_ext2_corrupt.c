/* test_ext2_corrupt.c - lib/ext2 on corrupt images: fixtures made from valid images by
 * changing one thing (exact errors expected), then random byte flips in the blocks the
 * library reads (fixed seeds: it must never crash, hang, touch the device out of bounds or
 * return an error outside the documented set). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "test_ext2_util.h"

static char staging[512];
static struct memdev base[2]; /* 1 KiB and 4 KiB blocks */
static const unsigned base_bs[2] = {1024, 4096};

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
	if (build_staging(staging) < 0 || sh("rm -f '%s/dind4k' '%s/odd'", staging, staging) != 0)
		return false;
	for (int i = 0; i < 2; i++) {
		const char *p = wpath("base%u.img", base_bs[i]);
		if (make_image(p, staging, base_bs[i], i ? 8192 : 4096, i ? "-I 256 -g 512" : "-I 256 -g 1024") != 0 ||
		    memdev_load(&base[i], p) < 0)
			return false;
	}
	state = 1;
	return true;
}

/* Inode number of a path in a base image. */
static uint32_t base_ino(int which, const char *path)
{
	int err;
	struct tfs *t = tfs_open_dev(&base[which], EXT2_MOUNT_RDONLY, &err);
	if (!t)
		return 0;
	uint32_t ino = lib_ino(&t->fs, path);
	tfs_close(t);
	return ino;
}

static struct ext2_inode *inode_at(struct memdev *d, uint32_t ino)
{
	return (struct ext2_inode *)(d->data + img_inode_off(d, ino));
}

/* The first block of a directory, as bytes. */
static uint8_t *dir_block0(struct memdev *d, uint32_t ino)
{
	return d->data + (uint64_t)inode_at(d, ino)->i_block[0] * img_bsize(d);
}

/* Find entry `name` in a directory block: its offset, or -1. */
static int find_entry(const uint8_t *blk, uint32_t bs, const char *name)
{
	size_t nl = strlen(name);
	for (uint32_t off = 0; off + 8 <= bs;) {
		uint16_t rec = (uint16_t)(blk[off + 4] | blk[off + 5] << 8);
		if (blk[off + 6] == nl && !memcmp(blk + off + 8, name, nl))
			return (int)off;
		if (rec < 8)
			break;
		off += rec;
	}
	return -1;
}

static struct ext2_group_desc *gdesc(struct memdev *d, uint32_t g)
{
	struct ext2_super *s = img_super(d);
	return (struct ext2_group_desc *)(d->data + (uint64_t)(s->s_first_data_block + 1) * img_bsize(d)) + g;
}

static int mount_err(struct memdev *d)
{
	int err;
	struct tfs *t = tfs_open_dev(d, 0, &err);
	long oob = t ? t->dev.oob : 0;
	tfs_close(t);
	return oob ? -10000 : err;
}

TEST(bad_magic)
{
	CHECK(setup());
	struct memdev d;
	memdev_init_copy(&d, &base[0]);
	img_super(&d)->s_magic = 0xEF54;
	int r = mount_err(&d);
	memdev_free(&d);
	CHECK_EQ(r, -EXT2_EINVAL);
}

TEST(superblock_fields)
{
	CHECK(setup());
	int bad = 0;
	for (int k = 0; k < 21; k++) {
		struct memdev d;
		memdev_init_copy(&d, &base[0]);
		struct ext2_super *s = img_super(&d);
		int want = -EXT2_EUCLEAN;
		switch (k) {
		case 0: s->s_log_block_size = 20; break;          /* absurd block size */
		case 1: s->s_log_block_size = 7; break;           /* 128 KiB */
		case 2: s->s_rev_level = 2; want = -EXT2_EOPNOTSUPP; break;
		case 3: s->s_feature_incompat |= EXT2_FEATURE_INCOMPAT_EXTENTS; want = -EXT2_EOPNOTSUPP; break;
		case 4: s->s_feature_incompat |= EXT2_FEATURE_INCOMPAT_RECOVER; want = -EXT2_EOPNOTSUPP; break;
		case 5: s->s_feature_incompat |= 0x80000000u; want = -EXT2_EOPNOTSUPP; break;
		case 6: s->s_blocks_per_group = 0; break;
		case 7: s->s_blocks_per_group = 8 * 1024 + 8; break;
		case 8: s->s_inodes_per_group = 0; break;
		case 9: s->s_inodes_count += 1; break;
		case 10: s->s_first_data_block = 0; break;
		case 11: s->s_inode_size = 100; break;
		case 12: s->s_inode_size = 2048; break;            /* larger than a block */
		case 13: s->s_inode_size = 384; break;             /* not a power of 2 */
		case 14: s->s_first_ino = 5; break;
		case 15: s->s_log_frag_size = 3; want = -EXT2_EOPNOTSUPP; break;
		case 16: s->s_blocks_count = 0x40000000; break;    /* much larger than the device */
		case 17: s->s_reserved_gdt_blocks = 1000; break;
		case 18: s->s_r_blocks_count = s->s_blocks_count + 1; break;
		case 19: s->s_blocks_count = 1; break;
		case 20: s->s_first_ino = s->s_inodes_count; break;
		}
		int r = mount_err(&d);
		long w = d.writes;
		memdev_free(&d);
		if (r != want || w) {
			fprintf(stderr, "superblock case %d: %d, want %d\n", k, r, want);
			bad++;
		}
	}
	CHECK_EQ(bad, 0);
}

TEST(truncated_device)
{
	CHECK(setup());
	struct memdev d;
	memdev_init_copy(&d, &base[0]);
	uint64_t full = d.size;
	d.size = full - 1;
	int r1 = mount_err(&d);
	d.size = full / 2;
	int r2 = mount_err(&d);
	d.size = 1500;
	int r3 = mount_err(&d);
	d.size = 0;
	int r4 = mount_err(&d);
	memdev_free(&d);
	CHECK_EQ(r1, -EXT2_EUCLEAN);
	CHECK_EQ(r2, -EXT2_EUCLEAN);
	CHECK_EQ(r3, -EXT2_EINVAL);
	CHECK_EQ(r4, -EXT2_EINVAL);
}

TEST(unknown_ro_compat_mounts_read_only)
{
	CHECK(setup());
	struct memdev d;
	memdev_init_copy(&d, &base[1]);
	img_super(&d)->s_feature_ro_compat |= 0x40000000u;
	int err;
	struct tfs *t = tfs_open_dev(&d, 0, &err);
	memdev_free(&d);
	CHECK(t);
	uint32_t ino;
	bool ro = t->fs.rdonly;
	int r1 = ext2_create(&t->fs, EXT2_ROOT, "x", 0644, 0, 0, &ino);
	int r2 = ext2_resolve(&t->fs, EXT2_ROOT, "/a/b/file", 0, &ino);
	long w = t->dev.writes;
	tfs_close(t);
	CHECK(ro);
	CHECK_EQ(r1, -EXT2_EROFS);
	CHECK_EQ(r2, 0);
	CHECK_EQ(w, 0);
}

TEST(group_descriptors)
{
	CHECK(setup());
	int bad = 0;
	for (int k = 0; k < 7; k++) {
		struct memdev d;
		memdev_init_copy(&d, &base[0]);
		struct ext2_super *s = img_super(&d);
		struct ext2_group_desc *g0 = gdesc(&d, 0), *g1 = gdesc(&d, 1);
		switch (k) {
		case 0: g0->bg_inode_table = s->s_blocks_count - 1; break;
		case 1: g0->bg_block_bitmap = 0; break;
		case 2: g1->bg_inode_bitmap = g1->bg_inode_table + 1; break; /* inside the table */
		case 3: g0->bg_free_blocks_count = (uint16_t)(s->s_blocks_per_group + 1); break;
		case 4: g1->bg_block_bitmap = g0->bg_block_bitmap; break;     /* another group's */
		case 5: g0->bg_inode_table = s->s_first_data_block + 1; break; /* over the descriptors */
		case 6: g1->bg_free_inodes_count = (uint16_t)(s->s_inodes_per_group + 1); break;
		}
		int r = mount_err(&d);
		memdev_free(&d);
		if (r != -EXT2_EUCLEAN) {
			fprintf(stderr, "group case %d: %d\n", k, r);
			bad++;
		}
	}
	CHECK_EQ(bad, 0);
}

/* Directory entries. Each case corrupts /a/b's first block; lookups there must fail with
 * -EUCLEAN, and a create there must fail without writing anything. */
TEST(directory_entries)
{
	CHECK(setup());
	uint32_t b = base_ino(0, "/a/b"), a = base_ino(0, "/a");
	CHECK(b && a);
	int bad = 0;
	for (int k = 0; k < 9; k++) {
		struct memdev d;
		memdev_init_copy(&d, &base[0]);
		uint8_t *blk = dir_block0(&d, b);
		int off = find_entry(blk, 1024, "file"), dd = find_entry(blk, 1024, "..");
		uint32_t inodes = img_super(&d)->s_inodes_count;
		const char *probe = "c";
		switch (k) {
		case 0: blk[dd + 4] = blk[dd + 5] = 0; break;                 /* rec_len 0 */
		case 1: blk[dd + 4] = 0xF0; blk[dd + 5] = 0x0F; break;        /* past the block */
		case 2: blk[dd + 4] = 13; blk[dd + 5] = 0; break;             /* not a multiple of 4 */
		case 3: blk[dd + 6] = 5; break;                                /* name_len > rec_len */
		case 4: inodes++; memcpy(blk + off, &inodes, 4); break;        /* inode past the count */
		case 5: blk[dd + 4] = 4; blk[dd + 5] = 0; break;              /* rec_len < 8 */
		case 6: blk[off] = 7; blk[off + 1] = blk[off + 2] = blk[off + 3] = 0; probe = "file"; break;
		case 7: { /* an entry naming a free inode */
			uint32_t free_ino = inodes - 1;
			memcpy(blk + off, &free_ino, 4);
			probe = "file";
			break;
		}
		case 8: { /* a hole in the directory: i_size of two blocks */
			inode_at(&d, b)->i_size = 2048;
			inode_at(&d, b)->i_blocks += 2;
			probe = "zzz"; /* not in the first block: the hole is reached */
			break;
		}
		}
		int err;
		struct tfs *t = tfs_open_dev(&d, 0, &err);
		memdev_free(&d);
		if (!t) {
			bad++;
			continue;
		}
		uint32_t ino;
		long w0 = t->dev.writes;
		int r1 = ext2_lookup(&t->fs, b, probe, &ino);
		char path[32];
		snprintf(path, sizeof path, "/a/b/%s", probe);
		int r2 = ext2_resolve(&t->fs, EXT2_ROOT, path, 0, &ino);
		int r3 = ext2_create(&t->fs, b, "new", 0644, 0, 0, &ino);
		uint64_t ck = 0;
		struct ext2_dirent e;
		int r4;
		while ((r4 = ext2_readdir(&t->fs, b, &ck, &e)) == 1)
			;
		int r5 = ext2_lookup(&t->fs, a, "b", &ino); /* the parent is fine */
		long w = t->dev.writes - w0, oob = t->dev.oob;
		tfs_close(t);
		/* A bad entry in a sound block (6, 7) spoils only itself: a create succeeds; readdir
		 * does not read inodes, so it lists an entry naming a free inode (7). */
		bool entry_only = k == 6 || k == 7;
		if (r1 != -EXT2_EUCLEAN || r2 != -EXT2_EUCLEAN || r3 != (entry_only ? 0 : -EXT2_EUCLEAN) ||
		    r4 != (k == 7 ? 0 : -EXT2_EUCLEAN) || r5 != 0 || (w && !entry_only) || oob) {
			fprintf(stderr, "dirent case %d: %d %d %d %d %d writes %ld\n", k, r1, r2, r3, r4, r5, w);
			bad++;
		}
	}
	CHECK_EQ(bad, 0);
}

TEST(indirect_block_out_of_range)
{
	CHECK(setup());
	uint32_t f = base_ino(0, "/dind1k");
	CHECK(f);
	struct memdev d;
	memdev_init_copy(&d, &base[0]);
	struct ext2_inode *in = inode_at(&d, f);
	in->i_block[EXT2_IND_BLOCK] = img_super(&d)->s_blocks_count + 5;
	int err;
	struct tfs *t = tfs_open_dev(&d, 0, &err);
	memdev_free(&d);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	uint8_t buf[2048];
	uint64_t fb;
	struct ext2_statfs sf;
	ext2_statfs(fs, &sf);
	fb = sf.free_blocks;
	int64_t r1 = ext2_read(fs, f, 0, buf, 1024);         /* direct blocks: fine */
	int64_t r2 = ext2_read(fs, f, 12 * 1024, buf, 100);  /* through the bad pointer */
	int64_t r3 = ext2_read(fs, f, 11 * 1024, buf, 2048); /* a short read up to it */
	int64_t r4 = ext2_write(fs, f, 13 * 1024, "x", 1);
	int r5 = ext2_truncate(fs, f, 0);
	int r6 = ext2_unlink(fs, EXT2_ROOT, "dind1k", 0, NULL);
	uint32_t ino;
	int r7 = ext2_lookup(fs, EXT2_ROOT, "dind1k", &ino); /* rolled back: still there */
	ext2_statfs(fs, &sf);
	struct ext2_stat st;
	int r8 = ext2_stat(fs, f, &st);
	long oob = t->dev.oob;
	tfs_close(t);
	CHECK_EQ(r1, 1024);
	CHECK_EQ(r2, -EXT2_EUCLEAN);
	CHECK_EQ(r3, 1024);
	CHECK_EQ(r4, -EXT2_EUCLEAN);
	CHECK_EQ(r5, -EXT2_EUCLEAN);
	CHECK_EQ(r6, -EXT2_EUCLEAN);
	CHECK_EQ(r7, 0);
	CHECK_EQ(sf.free_blocks, fb);
	CHECK(r8 == 0 && st.links == 1 && st.size > 12 * 1024);
	CHECK_EQ(oob, 0);
}

TEST(pointers_into_metadata)
{
	CHECK(setup());
	uint32_t f = base_ino(0, "/d12k1");
	CHECK(f);
	struct memdev d;
	memdev_init_copy(&d, &base[0]);
	/* the file's single indirect block is said to be group 0's inode table */
	inode_at(&d, f)->i_block[EXT2_IND_BLOCK] = gdesc(&d, 0)->bg_inode_table + 1;
	int err;
	struct tfs *t = tfs_open_dev(&d, 0, &err);
	memdev_free(&d);
	CHECK(t);
	int64_t w = ext2_write(&t->fs, f, 20 * 1024, "x", 1);
	int r = ext2_unlink(&t->fs, EXT2_ROOT, "d12k1", 0, NULL);
	uint32_t ino;
	int l = ext2_lookup(&t->fs, EXT2_ROOT, "d12k1", &ino);
	long writes_after_mount = t->dev.writes - 1;
	tfs_close(t);
	CHECK_EQ(w, -EXT2_EUCLEAN);
	CHECK_EQ(r, -EXT2_EUCLEAN);
	CHECK_EQ(l, 0);
	CHECK_EQ(writes_after_mount, 0); /* nothing reached the device */
}

TEST(inodes_and_links)
{
	CHECK(setup());
	uint32_t one = base_ino(0, "/one"), root = EXT2_ROOT, fast = base_ino(0, "/link_rel"),
	         slow = base_ino(0, "/link_long");
	CHECK(one && fast && slow);
	int bad = 0;
	for (int k = 0; k < 6; k++) {
		struct memdev d;
		memdev_init_copy(&d, &base[0]);
		const char *path = "/one";
		switch (k) {
		case 0: inode_at(&d, one)->i_mode = 0xF1A4; break;          /* no such type */
		case 1: inode_at(&d, root)->i_size = 1000; path = "/a"; break; /* not whole blocks */
		case 2: inode_at(&d, fast)->i_size = 200; path = "/link_rel/d"; break; /* fast, too long */
		case 3: inode_at(&d, fast)->i_size = 0; path = "/link_rel/d"; break;
		case 4: inode_at(&d, slow)->i_block[0] = 0; path = "/link_long"; break; /* slow, no block */
		case 5: inode_at(&d, one)->i_links_count = 0; break;      /* named but free */
		}
		int err;
		struct tfs *t = tfs_open_dev(&d, 0, &err);
		memdev_free(&d);
		uint32_t ino;
		int r = t ? ext2_resolve(&t->fs, EXT2_ROOT, path, 0, &ino) : err;
		tfs_close(t);
		if (r != -EXT2_EUCLEAN) {
			fprintf(stderr, "inode case %d: %d\n", k, r);
			bad++;
		}
	}
	CHECK_EQ(bad, 0);
}

TEST(bitmaps_disagree)
{
	CHECK(setup());
	/* Block bitmaps cleared: the allocator would hand out the superblock. */
	struct memdev d;
	memdev_init_copy(&d, &base[0]);
	for (uint32_t g = 0; g < 4; g++)
		memset(d.data + (uint64_t)gdesc(&d, g)->bg_block_bitmap * 1024, 0, 1024);
	int err;
	struct tfs *t = tfs_open_dev(&d, 0, &err);
	CHECK(t);
	uint32_t ino;
	int r1 = ext2_mkdir(&t->fs, EXT2_ROOT, "x", 0755, 0, 0, &ino);
	int r2 = ext2_lookup(&t->fs, EXT2_ROOT, "x", &ino);
	/* Freeing blocks that are free already: double free. */
	int r3 = ext2_unlink(&t->fs, EXT2_ROOT, "dind1k", 0, NULL);
	int r4 = ext2_lookup(&t->fs, EXT2_ROOT, "dind1k", &ino);
	tfs_close(t);
	memdev_free(&d);
	CHECK_EQ(r1, -EXT2_EUCLEAN);
	CHECK_EQ(r2, -EXT2_ENOENT);
	CHECK_EQ(r3, -EXT2_EUCLEAN);
	CHECK_EQ(r4, 0);
}

/* Bounded recursive walk: every entry, stat, link target and a byte of every mapping
 * level of each file. Returns the first error outside `allowed`, or 0. */
static bool allowed(int64_t r)
{
	switch (-r) {
	case 0: case EXT2_ENOENT: case EXT2_ENOTDIR: case EXT2_EISDIR: case EXT2_EINVAL:
	case EXT2_EUCLEAN: case EXT2_ELOOP: case EXT2_ENAMETOOLONG: case EXT2_EFBIG: case EXT2_ENOSPC:
	case EXT2_EEXIST: case EXT2_ENOTEMPTY: case EXT2_EMLINK: case EXT2_EOPNOTSUPP: case EXT2_EROFS:
	case EXT2_EPERM: case EXT2_EBUSY:
		return true;
	}
	return r > 0;
}

static int walk(struct ext2_fs *fs, uint32_t dir, int depth, int *budget)
{
	uint64_t ck = 0;
	struct ext2_dirent e;
	int r = 0;
	while (*budget > 0 && (r = ext2_readdir(fs, dir, &ck, &e)) == 1) {
		(*budget)--;
		if (!strcmp(e.name, ".") || !strcmp(e.name, ".."))
			continue;
		uint32_t ino;
		struct ext2_stat st;
		if (!allowed(r = ext2_lookup(fs, dir, e.name, &ino)) || r < 0)
			return allowed(r) ? 0 : r;
		if (!allowed(r = ext2_stat(fs, ino, &st)) || r < 0)
			return allowed(r) ? 0 : r;
		uint16_t type = st.mode & EXT2_S_IFMT;
		if (type == EXT2_S_IFDIR && depth < 8) {
			if ((r = walk(fs, ino, depth + 1, budget)) != 0)
				return r;
		} else if (type == EXT2_S_IFLNK) {
			char buf[EXT2_PATH_MAX];
			if (!allowed(r = ext2_readlink(fs, ino, buf, sizeof buf)))
				return r;
		} else if (type == EXT2_S_IFREG) {
			uint64_t p = fs->block_size / 4, bs = fs->block_size;
			uint64_t offs[] = {0, 12 * bs, (12 + p) * bs, (12 + p + p * p) * bs, st.size - 1, st.size / 2};
			uint8_t b[3];
			for (int i = 0; i < 6; i++) {
				int64_t n = ext2_read(fs, ino, offs[i], b, 3);
				if (!allowed(n))
					return (int)n;
			}
		}
	}
	return allowed(r) ? 0 : r;
}

/* Changes on a (maybe corrupt) file system; errors outside the set fail the test. */
static int mutate(struct ext2_fs *fs)
{
	uint32_t ino = 0, d = 0, x;
	uint8_t buf[5000];
	memset(buf, 0x5A, sizeof buf);
	int64_t rs[24];
	int n = 0;
	rs[n++] = ext2_create(fs, EXT2_ROOT, "fz_new", 0644, 0, 0, &ino);
	if (ino) {
		rs[n++] = ext2_write(fs, ino, 0, buf, sizeof buf);
		rs[n++] = ext2_write(fs, ino, 300000, buf, 100);
		rs[n++] = ext2_truncate(fs, ino, 10);
	}
	rs[n++] = ext2_mkdir(fs, EXT2_ROOT, "fz_dir", 0755, 0, 0, &d);
	if (d)
		rs[n++] = ext2_create(fs, d, "inner", 0644, 0, 0, &x);
	if (ext2_resolve(fs, EXT2_ROOT, "/dind1k", 0, &x) == 0)
		rs[n++] = ext2_truncate(fs, x, 1000);
	if (ext2_resolve(fs, EXT2_ROOT, "/a/b/c/mid", 0, &x) == 0)
		rs[n++] = ext2_write(fs, x, 100, buf, 3000);
	rs[n++] = ext2_unlink(fs, EXT2_ROOT, "one", 0, NULL);
	rs[n++] = ext2_rename(fs, EXT2_ROOT, "d12k", EXT2_ROOT, "d12k_moved", 0, NULL);
	rs[n++] = ext2_rename(fs, EXT2_ROOT, "b4k", EXT2_ROOT, "d48k", 0, NULL);
	if (ext2_resolve(fs, EXT2_ROOT, "/a/b", 0, &x) == 0) {
		rs[n++] = ext2_rename(fs, x, "c", EXT2_ROOT, "c_moved", 0, NULL);
		rs[n++] = ext2_rename(fs, EXT2_ROOT, "a", x, "under", 0, NULL); /* below itself */
	}
	rs[n++] = ext2_rmdir(fs, EXT2_ROOT, "emptydir", 0, NULL);
	rs[n++] = ext2_unlink(fs, d ? d : EXT2_ROOT, "inner", 0, NULL);
	rs[n++] = ext2_rmdir(fs, EXT2_ROOT, "fz_dir", 0, NULL);
	rs[n++] = ext2_unlink(fs, EXT2_ROOT, "fz_new", EXT2_DEFER_FREE, NULL);
	if (ino)
		rs[n++] = ext2_release(fs, ino);
	for (int i = 0; i < n; i++)
		if (!allowed(rs[i]))
			return (int)rs[i];
	return 0;
}

TEST(directory_loops)
{
	CHECK(setup());
	uint32_t a = base_ino(0, "/a"), b = base_ino(0, "/a/b"), c = base_ino(0, "/a/b/c");
	CHECK(a && b && c);
	struct memdev d;
	memdev_init_copy(&d, &base[0]);
	/* /a/b/file names /a (an ancestor); /a/b/c/mid names /a/b/c itself */
	uint8_t *bb = dir_block0(&d, b), *cb = dir_block0(&d, c);
	int fo = find_entry(bb, 1024, "file"), mo = find_entry(cb, 1024, "mid");
	CHECK(fo >= 0 && mo >= 0);
	memcpy(bb + fo, &a, 4);
	bb[fo + 7] = EXT2_FT_DIR;
	memcpy(cb + mo, &c, 4);
	cb[mo + 7] = EXT2_FT_DIR;
	int err;
	struct tfs *t = tfs_open_dev(&d, 0, &err);
	memdev_free(&d);
	CHECK(t);
	struct ext2_fs *fs = &t->fs;
	t->dev.max_calls = 5000000;
	uint32_t ino;
	int r1 = ext2_resolve(fs, EXT2_ROOT, "/a/b/file/b/file/b/file/b/c/mid/mid/mid", 0, &ino);
	bool r1ok = r1 == 0 && ino == c;
	/* a path of 4000 bytes going round the loop */
	char *p = malloc(EXT2_PATH_MAX);
	strcpy(p, "/a");
	while (strlen(p) < 4000)
		strcat(p, "/b/file");
	int r2 = ext2_resolve(fs, EXT2_ROOT, p, 0, &ino);
	free(p);
	int budget = 20000;
	int r3 = walk(fs, EXT2_ROOT, 0, &budget);
	int r4 = ext2_rmdir(fs, b, "file", 0, NULL); /* /a is not empty */
	int r5 = ext2_rmdir(fs, c, "mid", 0, NULL);  /* itself */
	int r6 = ext2_unlink(fs, b, "file", 0, NULL);
	int r7 = mutate(fs);
	long runaway = t->dev.runaway, oob = t->dev.oob;
	tfs_close(t);
	CHECK(r1ok);
	CHECK(r2 == 0 && ino == a);
	CHECK_EQ(r3, 0);
	CHECK_EQ(r4, -EXT2_ENOTEMPTY);
	CHECK_EQ(r5, -EXT2_EUCLEAN);
	CHECK_EQ(r6, -EXT2_EISDIR);
	CHECK_EQ(r7, 0);
	CHECK_EQ(runaway, 0);
	CHECK_EQ(oob, 0);
}

/* Blocks the library reads while walking and changing a base image (the fuzzing targets:
 * superblock, descriptors, bitmaps, inode tables, directories, indirect blocks). */
static uint32_t *targets[2];
static uint32_t ntargets[2];

static bool find_targets(int which)
{
	if (targets[which])
		return true;
	struct memdev *d = &base[which];
	uint32_t bs = img_bsize(d);
	uint64_t nblk = d->size / bs;
	int err;
	struct tfs *t = tfs_open_dev(d, 0, &err);
	if (!t)
		return false;
	t->dev.read_map = calloc(nblk, 1);
	t->dev.map_bsize = bs;
	/* the mount read these before the map existed */
	t->dev.read_map[1024 / bs] = 1;
	for (uint32_t b = 0; b < t->fs.gdt_blocks; b++)
		t->dev.read_map[t->fs.first_data_block + 1 + b] = 1;
	int budget = 100000;
	int r = walk(&t->fs, EXT2_ROOT, 0, &budget);
	if (r == 0)
		r = mutate(&t->fs);
	targets[which] = malloc(nblk * sizeof(uint32_t));
	for (uint64_t b = 0; b < nblk; b++)
		if (t->dev.read_map[b])
			targets[which][ntargets[which]++] = (uint32_t)b;
	free(t->dev.read_map);
	tfs_close(t);
	return r == 0 && ntargets[which] > 20;
}

static void fuzz(int which, uint64_t seed, int iterations)
{
	CHECK(setup());
	CHECK(find_targets(which));
	alarm(900); /* a hang ends the program (and fails the test) */
	uint32_t bs = base_bs[which];
	int mounted = 0, failures = 0;
	/* One device and cache, restored for each iteration (no page faults). */
	struct tfs *t = calloc(1, sizeof *t);
	memdev_init_copy(&t->dev, &base[which]);
	t->cache_len = (size_t)EXT2_CACHE_MAX * 65536 + 64;
	t->cache = malloc(t->cache_len);
	for (int it = 0; it < iterations; it++) {
		memdev_restore(&t->dev, &base[which]);
		uint8_t *data = t->dev.data;
		int flips = 1 + (int)(rnd(&seed) % 8);
		for (int f = 0; f < flips; f++) {
			uint64_t blk = rnd(&seed) % 10 == 0 ? 1024 / bs : targets[which][rnd(&seed) % ntargets[which]];
			uint64_t off = blk * bs + (blk == 1024 / bs ? 1024 % bs + rnd(&seed) % 256 : rnd(&seed) % bs);
			uint8_t v = (uint8_t)rnd(&seed);
			switch (rnd(&seed) % 4) {
			case 0: data[off] ^= (uint8_t)(1u << (v & 7)); break;
			case 1: data[off] = 0; break;
			case 2: data[off] = 0xFF; break;
			default: data[off] = v; break;
			}
		}
		int err = tfs_remount(t, 0);
		if (err < 0) {
			if (!allowed(err) || t->dev.oob) {
				fprintf(stderr, "fuzz %d: mount %d\n", it, err);
				failures++;
			}
			continue;
		}
		mounted++;
		t->dev.max_calls = 2000000;
		int budget = 3000;
		int r1 = walk(&t->fs, EXT2_ROOT, 0, &budget);
		int r2 = mutate(&t->fs);
		budget = 3000;
		int r3 = walk(&t->fs, EXT2_ROOT, 0, &budget);
		int r4 = ext2_unmount(&t->fs);
		if (r1 || r2 || r3 || !allowed(r4) || t->dev.oob || t->dev.runaway) {
			fprintf(stderr, "fuzz %d: walk %d mutate %d walk %d unmount %d oob %ld runaway %ld\n", it, r1, r2,
			        r3, r4, t->dev.oob, t->dev.runaway);
			failures++;
		}
	}
	tfs_close(t);
	alarm(0);
	fprintf(stderr, "fuzz %u: %d of %d corrupted images mounted\n", bs, mounted, iterations);
	CHECK_EQ(failures, 0);
	CHECK(mounted > iterations / 4);
}

TEST(fuzz_1k) { fuzz(0, 0x1234567, 600); }
TEST(fuzz_4k) { fuzz(1, 0x7654321, 400); }

CHECK_MAIN()

__attribute__((constructor)) static void name_tests(void)
{
	ext2_test_name = "corrupt";
}
