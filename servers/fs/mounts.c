/* mounts.c - the mount table (see mounts.h): each call of mounts_vfs goes to the file
 * system of its path (lib/mount's resolution: the longest mount point that is a prefix
 * of it) or of its node, as Linux's walk crosses mount points. Renaming across file
 * systems is EXDEV, and a mount's root cannot be renamed or removed (EBUSY). A read-only
 * file system (no write in its table) answers EROFS for every change. */
#include "mounts.h"
#include "mount/mounttab.h"
#include "abi/syscall.h"

#define E_XDEV 18
#define E_BUSY 16
#define E_ROFS 30

struct mount {
	const struct vfs_ops *ops;
	void *fs;
};

static struct mounttab tab;
static struct mount mounts[MT_MAX];

int mounts_add(const char *path, const struct vfs_ops *ops, void *fs)
{
	size_t len = 0;
	while (path[len])
		len++;
	int m = 0;
	if (!len)
		mt_init(&tab);
	else if ((m = mt_add(&tab, path, len)) < 0)
		return m;
	mounts[m] = (struct mount){ops, fs};
	return 0;
}

/* The mount node is in, or NULL if it names none. */
static const struct mount *of_node(uint64_t node)
{
	unsigned m = mt_mount_of(node);
	return m < tab.n && mounts[m].ops ? &mounts[m] : 0;
}

/* The mount path is in (*m), and the path inside it. */
static const struct mount *of_path(const char *path, size_t len, unsigned *m, const char **rest,
                                   size_t *rlen)
{
	*m = mt_resolve(&tab, path, len, rest, rlen);
	return &mounts[*m];
}

int mounts_writable(uint64_t node)
{
	const struct mount *m = of_node(node);
	return m && m->ops->write;
}

/* A call on a node, to its mount's file system with the node inside it: -EIO for a node
 * of no mount, -EROFS where the file system lacks the call (a read-only one's changes). */
#define ON_NODE(node, call, ...)                                           \
	const struct mount *m = of_node(node);                                 \
	if (!m)                                                                \
		return -KE_IO;                                                     \
	return m->ops->call ? m->ops->call(m->fs, mt_inner(node), __VA_ARGS__) : -E_ROFS

static int m_lookup(void *fs, const char *path, size_t len, uint64_t *node)
{
	(void)fs;
	unsigned i;
	const char *rest;
	size_t rlen;
	const struct mount *m = of_path(path, len, &i, &rest, &rlen);
	uint64_t n = 0;
	int e = m->ops->lookup(m->fs, rest, rlen, &n);
	*node = mt_node(i, n);
	return e;
}

static int m_stat(void *fs, uint64_t node, struct vfs_stat *st) { (void)fs; ON_NODE(node, stat, st); }

static long m_read(void *fs, uint64_t node, uint64_t off, void *buf, size_t len)
{
	(void)fs;
	ON_NODE(node, read, off, buf, len);
}

static long m_readdir(void *fs, uint64_t dir, uint64_t cookie, vfs_emit emit, void *arg)
{
	(void)fs;
	ON_NODE(dir, readdir, cookie, emit, arg);
}

static long m_write(void *fs, uint64_t node, uint64_t off, const void *buf, size_t len)
{
	(void)fs;
	ON_NODE(node, write, off, buf, len);
}

static int m_truncate(void *fs, uint64_t node, uint64_t size) { (void)fs; ON_NODE(node, truncate, size); }

static int m_setattr(void *fs, uint64_t node, const struct vfs_attr *a)
{
	(void)fs;
	ON_NODE(node, setattr, a);
}

/* fsync and release: nothing to do where the file system has nothing to do. */
static int m_fsync(void *fs, uint64_t node)
{
	(void)fs;
	const struct mount *m = of_node(node);
	return !m ? -KE_IO : m->ops->fsync ? m->ops->fsync(m->fs, mt_inner(node)) : 0;
}

static int m_release(void *fs, uint64_t node)
{
	(void)fs;
	const struct mount *m = of_node(node);
	return !m ? -KE_IO : m->ops->release ? m->ops->release(m->fs, mt_inner(node)) : 0;
}

static int m_create(void *fs, const char *path, size_t len, uint64_t mode, uint64_t *node)
{
	(void)fs;
	unsigned i;
	const char *rest;
	size_t rlen;
	const struct mount *m = of_path(path, len, &i, &rest, &rlen);
	uint64_t n = 0;
	int e = m->ops->create ? m->ops->create(m->fs, rest, rlen, mode, &n) : -E_ROFS;
	*node = mt_node(i, n);
	return e;
}

static int m_mkdir(void *fs, const char *path, size_t len, uint64_t mode)
{
	(void)fs;
	unsigned i;
	const char *rest;
	size_t rlen;
	const struct mount *m = of_path(path, len, &i, &rest, &rlen);
	return m->ops->mkdir ? m->ops->mkdir(m->fs, rest, rlen, mode) : -E_ROFS;
}

/* unlink and rmdir: call (the table's unlink or rmdir) on path's file system. */
static int remove_name(const char *path, size_t len, int dir, uint64_t *node)
{
	unsigned i;
	const char *rest;
	size_t rlen;
	const struct mount *m = of_path(path, len, &i, &rest, &rlen);
	int (*call)(void *, const char *, size_t, uint64_t *) = dir ? m->ops->rmdir : m->ops->unlink;
	uint64_t n = 0;
	int e = call ? call(m->fs, rest, rlen, &n) : -E_ROFS;
	*node = mt_node(i, n);
	return e;
}

static int m_unlink(void *fs, const char *path, size_t len, uint64_t *node)
{
	(void)fs;
	return remove_name(path, len, 0, node);
}

static int m_rmdir(void *fs, const char *path, size_t len, uint64_t *node)
{
	(void)fs;
	return remove_name(path, len, 1, node);
}

static int m_rename(void *fs, const char *from, size_t flen, const char *to, size_t tlen,
                    uint64_t *replaced)
{
	(void)fs;
	unsigned i, j;
	const char *fr, *tr;
	size_t frl, trl;
	const struct mount *m = of_path(from, flen, &i, &fr, &frl);
	of_path(to, tlen, &j, &tr, &trl);
	*replaced = 0;
	if ((i && !frl) || (j && !trl))
		return -E_BUSY;   /* a mount point */
	if (i != j)
		return -E_XDEV;
	if (!m->ops->rename)
		return -E_ROFS;
	uint64_t n = 0;
	int e = m->ops->rename(m->fs, fr, frl, tr, trl, &n);
	if (n)
		*replaced = mt_node(i, n);
	return e;
}

static int m_statfs(void *fs, uint64_t node, struct vfs_statfs *st)
{
	(void)fs;
	ON_NODE(node, statfs, st);
}

static int m_sync(void *fs)
{
	(void)fs;
	int e = 0;
	for (unsigned i = 0; i < tab.n; i++) {
		int s = mounts[i].ops && mounts[i].ops->sync ? mounts[i].ops->sync(mounts[i].fs) : 0;
		if (e == 0)
			e = s;
	}
	return e;
}

const struct vfs_ops mounts_vfs = {
	.name = "mounts", .lookup = m_lookup, .stat = m_stat, .read = m_read, .readdir = m_readdir,
	.write = m_write, .create = m_create, .truncate = m_truncate, .setattr = m_setattr,
	.unlink = m_unlink, .mkdir = m_mkdir, .rmdir = m_rmdir, .rename = m_rename,
	.fsync = m_fsync, .release = m_release, .sync = m_sync, .statfs = m_statfs,
};
