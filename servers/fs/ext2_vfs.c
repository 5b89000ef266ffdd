/* ext2_vfs.c - the ext2 file system on the disk (lib/ext2), behind the vfs table. A node
 * is an inode number; paths are resolved from the root. */
#include "vfs.h"
#include "virtio_blk.h"
#include "clock.h"
#include "ext2/ext2.h"
#include "proto/fs_msgs.h"
#include "base/mem.h"
#include "abi/syscall.h"

static struct ext2_fs fs2;
static uint8_t cache[EXT2_CACHE_MAX * 4096] __attribute__((aligned(4096)));

/* "/path" NUL-terminated, from (path, len) without leading slashes. */
static const char *abs_path(const char *path, size_t len)
{
	static char buf[EXT2_PATH_MAX + 2];
	if (len > EXT2_PATH_MAX)
		return 0;
	buf[0] = '/';
	memcpy(buf + 1, path, len);
	buf[len + 1] = 0;
	return buf;
}

static int dev_read(void *ctx, uint64_t blk, uint32_t bsize, void *buf)
{
	struct vblk *d = ctx;
	uint64_t sector = blk * (bsize / VBLK_SECTOR);
	for (uint32_t done = 0; done < bsize / VBLK_SECTOR; done += VBLK_MAX_SECTORS) {
		uint32_t n = bsize / VBLK_SECTOR - done < VBLK_MAX_SECTORS ? bsize / VBLK_SECTOR - done : VBLK_MAX_SECTORS;
		int e = vblk_read(d, sector + done, (uint8_t *)buf + done * VBLK_SECTOR, n);
		if (e < 0)
			return e;
	}
	return 0;
}

static int dev_write(void *ctx, uint64_t blk, uint32_t bsize, const void *buf)
{
	struct vblk *d = ctx;
	uint64_t sector = blk * (bsize / VBLK_SECTOR);
	for (uint32_t done = 0; done < bsize / VBLK_SECTOR; done += VBLK_MAX_SECTORS) {
		uint32_t n = bsize / VBLK_SECTOR - done < VBLK_MAX_SECTORS ? bsize / VBLK_SECTOR - done : VBLK_MAX_SECTORS;
		int e = vblk_write(d, sector + done, (const uint8_t *)buf + done * VBLK_SECTOR, n);
		if (e < 0)
			return e;
	}
	return 0;
}

/* Seconds since 1970 for time stamps (clock.h), never 0 (e2fsck reads a zero dtime on a
 * freed inode as an orphan): 1 without a clock. */
static uint32_t dev_now(void *ctx)
{
	(void)ctx;
	uint32_t s = (uint32_t)(clock_ns() / 1000000000UL);
	return s ? s : 1;
}

static const struct ext2_dev_ops dev_ops = {dev_read, dev_write, dev_now};

void *ext2_vfs_mount(struct vblk *disk, int *err)
{
	*err = ext2_mount(&fs2, &dev_ops, disk, disk->capacity * VBLK_SECTOR, cache, sizeof cache, 0);
	return *err ? 0 : &fs2;
}

static int e_lookup(void *fs, const char *path, size_t len, uint64_t *node)
{
	const char *p = abs_path(path, len);
	uint32_t ino;
	if (!p)
		return -36;
	int e = ext2_resolve(fs, EXT2_ROOT, p, 0, &ino);
	*node = ino;
	return e;
}

#define NS(sec, nsec) ((uint64_t)(sec) * 1000000000u + (nsec))

static int e_stat(void *fs, uint64_t node, struct vfs_stat *st)
{
	struct ext2_stat s;
	int e = ext2_stat(fs, (uint32_t)node, &s);
	if (e == 0)
		*st = (struct vfs_stat){s.ino, s.mode, s.links, s.size, s.blocks, s.uid, s.gid,
		                        NS(s.atime, s.atime_nsec), NS(s.mtime, s.mtime_nsec),
		                        NS(s.ctime, s.ctime_nsec)};
	return e;
}

/* ext2 keeps 32-bit seconds: times past 2106 wrap, as the on-disk format's would. */
static int e_setattr(void *fs, uint64_t node, const struct vfs_attr *a)
{
	uint32_t now = dev_now(0);
	struct ext2_attr x = {(uint16_t)a->mode, (uint32_t)a->uid, (uint32_t)a->gid,
	                      (uint32_t)(a->atime / 1000000000u), (uint32_t)(a->mtime / 1000000000u),
	                      (uint32_t)(a->atime % 1000000000u), (uint32_t)(a->mtime % 1000000000u)};
	if (a->mask & FS_ATTR_ATIME_NOW)
		x.atime = now, x.atime_nsec = 0;
	if (a->mask & FS_ATTR_MTIME_NOW)
		x.mtime = now, x.mtime_nsec = 0;
	unsigned m = (a->mask & FS_ATTR_MODE ? EXT2_ATTR_MODE : 0) |
	             (a->mask & FS_ATTR_UID ? EXT2_ATTR_UID : 0) |
	             (a->mask & FS_ATTR_GID ? EXT2_ATTR_GID : 0) |
	             (a->mask & (FS_ATTR_ATIME | FS_ATTR_ATIME_NOW) ? EXT2_ATTR_ATIME : 0) |
	             (a->mask & (FS_ATTR_MTIME | FS_ATTR_MTIME_NOW) ? EXT2_ATTR_MTIME : 0);
	return ext2_setattr(fs, (uint32_t)node, &x, m);
}

static long e_read(void *fs, uint64_t node, uint64_t off, void *buf, size_t len)
{
	return (long)ext2_read(fs, (uint32_t)node, off, buf, len);
}

static long e_write(void *fs, uint64_t node, uint64_t off, const void *buf, size_t len)
{
	return (long)ext2_write(fs, (uint32_t)node, off, buf, len);
}

static long e_readdir(void *fs, uint64_t dir, uint64_t cookie, vfs_emit emit, void *arg)
{
	struct ext2_dirent ent;
	uint64_t c = cookie ? cookie - 1 : 0, before = c;   /* our cookies are offsets + 1 */
	int r;
	while ((r = ext2_readdir(fs, (uint32_t)dir, &c, &ent)) == 1) {
		int dot = ent.name_len == 1 && ent.name[0] == '.';
		int dotdot = ent.name_len == 2 && ent.name[0] == '.' && ent.name[1] == '.';
		unsigned type = ent.type == 2 ? 4 : ent.type == 1 ? 8 : 0;   /* EXT2_FT_DIR/REG_FILE */
		if (!dot && !dotdot && emit(arg, ent.ino, type, ent.name, ent.name_len))
			return (long)before + 1;   /* full: start again at this entry */
		before = c;
	}
	return r < 0 ? r : 0;
}

/* Split "a/b/c" into the parent directory's inode and "c". */
static int parent_of(void *fs, const char *path, size_t len, uint32_t *dir, char name[256])
{
	const char *p = abs_path(path, len);
	return p ? ext2_resolve_parent(fs, EXT2_ROOT, p, dir, name) : -36;
}

static int e_create(void *fs, const char *path, size_t len, uint64_t mode, uint64_t *node)
{
	uint32_t dir, ino;
	char name[256];
	int e = parent_of(fs, path, len, &dir, name);
	if (e == 0 && (e = ext2_create(fs, dir, name, (uint16_t)(mode & 07777), 0, 0, &ino)) == 0)
		*node = ino;
	return e;
}

static int e_truncate(void *fs, uint64_t node, uint64_t size)
{
	return ext2_truncate(fs, (uint32_t)node, size);
}

static int e_unlink(void *fs, const char *path, size_t len, uint64_t *node)
{
	uint32_t dir, ino = 0;
	char name[256];
	int e = parent_of(fs, path, len, &dir, name);
	if (e == 0)
		e = ext2_unlink(fs, dir, name, EXT2_DEFER_FREE, &ino);
	*node = ino;
	return e;
}

static int e_mkdir(void *fs, const char *path, size_t len, uint64_t mode)
{
	uint32_t dir, ino;
	char name[256];
	int e = parent_of(fs, path, len, &dir, name);
	return e ? e : ext2_mkdir(fs, dir, name, (uint16_t)(mode & 07777), 0, 0, &ino);
}

static int e_rmdir(void *fs, const char *path, size_t len, uint64_t *node)
{
	uint32_t dir, ino = 0;
	char name[256];
	int e = parent_of(fs, path, len, &dir, name);
	if (e == 0)
		e = ext2_rmdir(fs, dir, name, EXT2_DEFER_FREE, &ino);
	*node = ino;
	return e;
}

static int e_rename(void *fs, const char *from, size_t flen, const char *to, size_t tlen,
                    uint64_t *replaced)
{
	uint32_t od, nd, gone = 0;
	char on[256], nn[256];
	int e = parent_of(fs, from, flen, &od, on);
	if (e == 0)
		e = parent_of(fs, to, tlen, &nd, nn);
	if (e == 0)
		e = ext2_rename(fs, od, on, nd, nn, EXT2_DEFER_FREE, &gone);
	*replaced = gone;
	return e;
}

static int e_statfs(void *fs, uint64_t node, struct vfs_statfs *st)
{
	(void)node;
	struct ext2_statfs s;
	int e = ext2_statfs(fs, &s);
	if (e == 0)
		*st = (struct vfs_statfs){0xef53 /* EXT2_SUPER_MAGIC */, s.block_size, s.blocks,
		                          s.free_blocks, s.free_blocks > s.reserved_blocks ?
		                          s.free_blocks - s.reserved_blocks : 0,
		                          s.inodes, s.free_inodes, s.name_max};
	return e;
}

static int e_fsync(void *fs, uint64_t node) { return ext2_fsync(fs, (uint32_t)node); }
static int e_release(void *fs, uint64_t node) { return ext2_release(fs, (uint32_t)node); }
static int e_sync(void *fs) { return ext2_sync(fs); }

const struct vfs_ops ext2_vfs = {
	.name = "ext2", .lookup = e_lookup, .stat = e_stat, .read = e_read, .readdir = e_readdir,
	.write = e_write, .create = e_create, .truncate = e_truncate, .setattr = e_setattr,
	.unlink = e_unlink,
	.mkdir = e_mkdir, .rmdir = e_rmdir, .rename = e_rename, .fsync = e_fsync, .release = e_release, .sync = e_sync,
	.statfs = e_statfs,
};
