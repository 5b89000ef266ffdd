/* fuzz_ext2.c - libFuzzer harness of the ext2 library (lib/ext2): the input is a disk
 * image, zero-padded to a whole number of KiB and to the size its superblock claims (at
 * most FZ_MAX_DEV), so a seed may leave its trailing zeros out. It is mounted read-only and walked (readdir of
 * every directory, lookup, stat, read and readlink of every entry, path resolution),
 * then mounted read-write and changed (create, write, mkdir, symlink, link, rename,
 * truncate, setattr, unlink, rmdir, sync), walked again and unmounted. Errors are the
 * expected answer to a corrupt image; what must not happen is a sanitizer report, a
 * device call past the end of the device, or a hang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ext2/ext2.h"
#include "ext2/ext2_format.h"

#define FZ_MAX_DEV  (4u * 1024 * 1024)
#define FZ_MAX_CALLS 20000   /* device calls in one input: past this every call fails */
#define FZ_DIRS     16       /* directories walked */
#define FZ_ENTRIES  64       /* entries read of each */

struct dev {
	uint8_t *data;
	uint64_t size;
	long calls;
};

static int dev_io(struct dev *d, uint64_t blk, uint32_t bsize, uint8_t *rd, const uint8_t *wr)
{
	if (++d->calls > FZ_MAX_CALLS)
		return -EXT2_EIO;
	if (bsize == 0 || blk >= d->size / bsize)
		abort();   /* ext2.h: calls never reach past the device */
	if (rd)
		memcpy(rd, d->data + blk * bsize, bsize);
	else
		memcpy(d->data + blk * bsize, wr, bsize);
	return 0;
}

static int dev_read(void *ctx, uint64_t blk, uint32_t bsize, void *buf)
{
	return dev_io(ctx, blk, bsize, buf, NULL);
}

static int dev_write(void *ctx, uint64_t blk, uint32_t bsize, const void *buf)
{
	return dev_io(ctx, blk, bsize, NULL, buf);
}

static uint32_t now(void *ctx)
{
	(void)ctx;
	return 1700000000u;
}

static const struct ext2_dev_ops ops = {dev_read, dev_write, now};

/* Read every entry of the directories reachable from the root (breadth first, bounded)
 * and look at each: lookup by name, stat, the first bytes of a file or a link. */
static void walk(struct ext2_fs *fs)
{
	uint32_t dirs[FZ_DIRS] = {EXT2_ROOT};
	unsigned ndirs = 1;
	static uint8_t buf[3000];
	struct ext2_dirent e;
	struct ext2_stat st;
	uint32_t ino;

	for (unsigned d = 0; d < ndirs; d++) {
		uint64_t cookie = 0;
		for (int k = 0; k < FZ_ENTRIES && ext2_readdir(fs, dirs[d], &cookie, &e) == 1; k++) {
			if (e.name_len == 0 || e.name[e.name_len] != 0)
				abort();   /* (a NUL or '/' inside is the disk's, as Linux shows it) */
			if (ext2_lookup(fs, dirs[d], e.name, &ino) < 0 || ext2_stat(fs, ino, &st) < 0)
				continue;
			if ((st.mode & EXT2_S_IFMT) == EXT2_S_IFREG) {
				(void)ext2_read(fs, ino, 0, buf, sizeof buf);
				(void)ext2_read(fs, ino, st.size > 100 ? st.size - 100 : 0, buf, sizeof buf);
			} else if ((st.mode & EXT2_S_IFMT) == EXT2_S_IFLNK) {
				(void)ext2_readlink(fs, ino, (char *)buf, sizeof buf);
			} else if ((st.mode & EXT2_S_IFMT) == EXT2_S_IFDIR && ndirs < FZ_DIRS &&
			           strcmp(e.name, ".") && strcmp(e.name, "..")) {
				dirs[ndirs++] = ino;
			}
		}
	}
	static const char *const paths[] = {"/", "/a/b/../c", "/dir/link", "file/", "/..", "x/y/z"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		char name[256];
		(void)ext2_resolve(fs, EXT2_ROOT, paths[i], 0, &ino);
		(void)ext2_resolve(fs, EXT2_ROOT, paths[i], EXT2_RESOLVE_NOFOLLOW, &ino);
		(void)ext2_resolve_parent(fs, EXT2_ROOT, paths[i], &ino, name);
	}
	struct ext2_statfs sf;
	(void)ext2_statfs(fs, &sf);
}

/* Changes of every kind, each allowed to fail. */
static void change(struct ext2_fs *fs)
{
	static uint8_t data[5000];
	uint32_t f = 0, d = 0, l = 0, gone;
	memset(data, 'x', sizeof data);
	if (ext2_create(fs, EXT2_ROOT, "fz", 0644, 1, 1, &f) == 0) {
		(void)ext2_write(fs, f, 0, data, sizeof data);
		(void)ext2_write(fs, f, 70000, data, 100);   /* past the direct blocks: a hole */
		(void)ext2_truncate(fs, f, 1500);
		(void)ext2_link(fs, EXT2_ROOT, "fz2", f);
	}
	if (ext2_mkdir(fs, EXT2_ROOT, "fzd", 0755, 0, 0, &d) == 0) {
		(void)ext2_symlink(fs, d, "ln", "/fz", 0, 0, &l);
		(void)ext2_rename(fs, EXT2_ROOT, "fz2", d, "moved", 0, &gone);
		(void)ext2_rename(fs, d, "moved", EXT2_ROOT, "fz", 0, &gone);
		(void)ext2_unlink(fs, d, "ln", 0, &gone);
		(void)ext2_rmdir(fs, EXT2_ROOT, "fzd", 0, &gone);
	}
	/* The image's own first entries: change, move and remove them too. */
	struct ext2_dirent e;
	uint64_t cookie = 0;
	for (int k = 0; k < 6 && ext2_readdir(fs, EXT2_ROOT, &cookie, &e) == 1; k++) {
		uint32_t ino;
		if (!strcmp(e.name, ".") || !strcmp(e.name, "..") || !strcmp(e.name, "fz") ||
		    ext2_lookup(fs, EXT2_ROOT, e.name, &ino) < 0)
			continue;
		struct ext2_attr a = {.mode = 0600, .uid = 5, .mtime = 1};
		(void)ext2_setattr(fs, ino, &a, EXT2_ATTR_MODE | EXT2_ATTR_UID | EXT2_ATTR_MTIME);
		(void)ext2_write(fs, ino, 10, data, 10);
		if (k % 2)
			(void)ext2_rename(fs, EXT2_ROOT, e.name, EXT2_ROOT, "fz", EXT2_DEFER_FREE, &gone);
		else if (ext2_unlink(fs, EXT2_ROOT, e.name, EXT2_DEFER_FREE, &gone) == 0)
			(void)ext2_release(fs, gone);
		(void)ext2_rmdir(fs, EXT2_ROOT, e.name, 0, &gone);
	}
	(void)ext2_unlink(fs, EXT2_ROOT, "fz", 0, &gone);
	(void)ext2_fsync(fs, f);
	(void)ext2_sync(fs);
}

/* Mount the device (flags), run fn, unmount; the cache sized for the block size the
 * superblock claims, so ASan sees a block overrun. */
static void with_mount(struct dev *dev, unsigned flags, void (*fn)(struct ext2_fs *))
{
	static struct ext2_fs fs;
	uint32_t log = dev->data[1024 + 24];   /* s_log_block_size */
	size_t len = (size_t)EXT2_CACHE_MAX * (1024u << (log > 6 ? 6 : log));
	uint8_t *cache = malloc(len);
	if (ext2_mount(&fs, &ops, dev, dev->size, cache, len, flags) == 0) {
		fn(&fs);
		(void)ext2_unmount(&fs);
	}
	free(cache);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FZ_MAX_DEV)
		return -1;   /* not kept in the corpus */
	struct dev dev = {0};
	uint32_t blocks = 0, log = 0;   /* s_blocks_count, s_log_block_size */
	if (size >= 1024 + 28) {
		memcpy(&blocks, data + 1024 + 4, 4);
		memcpy(&log, data + 1024 + 24, 4);
	}
	uint64_t claimed = log <= 6 ? (uint64_t)blocks << (10 + log) : 0;
	dev.size = (size + 1023) / 1024 * 1024;
	if (dev.size < 2048)
		dev.size = 2048;
	if (dev.size < claimed)
		dev.size = claimed < FZ_MAX_DEV ? claimed : FZ_MAX_DEV;
	dev.data = calloc(1, dev.size);
	memcpy(dev.data, data, size);
	with_mount(&dev, EXT2_MOUNT_RDONLY, walk);
	dev.calls = 0;
	with_mount(&dev, 0, change);
	dev.calls = 0;
	with_mount(&dev, EXT2_MOUNT_RDONLY, walk);
	free(dev.data);
	return 0;
}
