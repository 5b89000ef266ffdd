/* tmpfs_vfs.c - tmpfs instances (lib/tmpfs) behind the vfs table: files in memory, pages
 * from tmpfs_mem.c. A node is the instance's node number. Each instance holds
 * TMPFS_VFS_NODES nodes and TMPFS_VFS_PAGES pages of data (see tmpfs_vfs.h). Files and
 * directories are made owned by root (the protocol does not carry the caller's ids). */
#include "vfs.h"
#include "tmpfs_vfs.h"
#include "tmpfs_mem.h"
#include "clock.h"
#include "tmpfs/tmpfs.h"
#include "proto/fs_msgs.h"

struct instance {
	struct tmpfs t;
	struct tmpfs_node nodes[TMPFS_VFS_NODES];
};

static struct instance instances[TMPFS_VFS_MAX];
static unsigned ninstances;

static void *page_alloc(void *ctx) { (void)ctx; return tmem_alloc(); }
static void page_free(void *ctx, void *page) { (void)ctx; tmem_free(page); }
static uint64_t now(void *ctx) { (void)ctx; return clock_ns(); }

static const struct tmpfs_env env = {0, page_alloc, page_free, now};

void *tmpfs_vfs_mount(void)
{
	if (ninstances == TMPFS_VFS_MAX)
		return 0;
	struct instance *in = &instances[ninstances++];
	tmpfs_init(&in->t, &env, in->nodes, TMPFS_VFS_NODES, TMPFS_VFS_PAGES, 01777);
	return &in->t;
}

static int t_lookup(void *fs, const char *path, size_t len, uint64_t *node)
{
	uint32_t n;
	int e = tmpfs_lookup(fs, path, len, &n);
	*node = n;
	return e;
}

static int t_stat(void *fs, uint64_t node, struct vfs_stat *st)
{
	struct tmpfs_stat s;
	int e = tmpfs_stat(fs, (uint32_t)node, &s);
	if (e == 0)
		*st = (struct vfs_stat){s.ino, s.mode, s.nlink, s.size, s.blocks, s.uid, s.gid,
		                        s.atime, s.mtime, s.ctime};
	return e;
}

static long t_read(void *fs, uint64_t node, uint64_t off, void *buf, size_t len)
{
	return tmpfs_read(fs, (uint32_t)node, off, buf, len);
}

static long t_readdir(void *fs, uint64_t dir, uint64_t cookie, vfs_emit emit, void *arg)
{
	return tmpfs_readdir(fs, (uint32_t)dir, cookie, emit, arg);
}

static long t_write(void *fs, uint64_t node, uint64_t off, const void *buf, size_t len)
{
	return tmpfs_write(fs, (uint32_t)node, off, buf, len);
}

static int t_create(void *fs, const char *path, size_t len, uint64_t mode, uint64_t *node)
{
	uint32_t n = 0;
	int e = tmpfs_create(fs, path, len, (uint32_t)mode, 0, 0, &n);
	*node = n;
	return e;
}

static int t_truncate(void *fs, uint64_t node, uint64_t size)
{
	return tmpfs_truncate(fs, (uint32_t)node, size);
}

static int t_setattr(void *fs, uint64_t node, const struct vfs_attr *a)
{
	uint64_t t = clock_ns();
	struct tmpfs_attr x = {0, (uint32_t)a->mode, (uint32_t)a->uid, (uint32_t)a->gid,
	                       a->mask & FS_ATTR_ATIME_NOW ? t : a->atime,
	                       a->mask & FS_ATTR_MTIME_NOW ? t : a->mtime};
	x.mask = (a->mask & FS_ATTR_MODE ? TMPFS_ATTR_MODE : 0) |
	         (a->mask & FS_ATTR_UID ? TMPFS_ATTR_UID : 0) |
	         (a->mask & FS_ATTR_GID ? TMPFS_ATTR_GID : 0) |
	         (a->mask & (FS_ATTR_ATIME | FS_ATTR_ATIME_NOW) ? TMPFS_ATTR_ATIME : 0) |
	         (a->mask & (FS_ATTR_MTIME | FS_ATTR_MTIME_NOW) ? TMPFS_ATTR_MTIME : 0);
	return tmpfs_setattr(fs, (uint32_t)node, &x);
}

static int t_unlink(void *fs, const char *path, size_t len, uint64_t *node)
{
	uint32_t n = 0;
	int e = tmpfs_unlink(fs, path, len, &n);
	*node = n;
	return e;
}

static int t_mkdir(void *fs, const char *path, size_t len, uint64_t mode)
{
	uint32_t n;
	return tmpfs_mkdir(fs, path, len, (uint32_t)mode, 0, 0, &n);
}

static int t_rmdir(void *fs, const char *path, size_t len, uint64_t *node)
{
	uint32_t n = 0;
	int e = tmpfs_rmdir(fs, path, len, &n);
	*node = n;
	return e;
}

static int t_rename(void *fs, const char *from, size_t flen, const char *to, size_t tlen,
                    uint64_t *replaced)
{
	uint32_t n = 0;
	int e = tmpfs_rename(fs, from, flen, to, tlen, &n);
	*replaced = n;
	return e;
}

static int t_release(void *fs, uint64_t node)
{
	return tmpfs_release(fs, (uint32_t)node);
}

static int t_statfs(void *fs, uint64_t node, struct vfs_statfs *st)
{
	(void)node;
	struct tmpfs_statfs s;
	tmpfs_statfs(fs, &s);
	*st = (struct vfs_statfs){TMPFS_MAGIC, TMPFS_PAGE, s.blocks, s.bfree, s.bfree, s.files,
	                          s.ffree, TMPFS_NAME_MAX};
	return 0;
}

/* Nothing to sync or fsync: memory is where the files live. */
const struct vfs_ops tmpfs_vfs = {
	.name = "tmpfs", .lookup = t_lookup, .stat = t_stat, .read = t_read, .readdir = t_readdir,
	.write = t_write, .create = t_create, .truncate = t_truncate, .setattr = t_setattr,
	.unlink = t_unlink, .mkdir = t_mkdir, .rmdir = t_rmdir, .rename = t_rename,
	.release = t_release, .statfs = t_statfs,
};
