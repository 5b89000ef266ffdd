/* lx_statfs.c - statfs and fstatfs, each FS_STATFS (proto/fs.def) on the resolved path or
 * the FS server's descriptor, and whether a file's file system can be written (EROFS
 * before the permission checks, as Linux's mnt_want_write): the root may be the
 * read-only packed archive while /tmp is tmpfs. */
#include "lx_file.h"
#include "base/mem.h"
#include "procfs/procfs.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

#define ST_RDONLY 1
#define ST_VALID  0x20

/* Linux's struct statfs on 64-bit. */
struct lx_statfs {
	int64_t type, bsize, blocks, bfree, bavail, files, ffree;
	int32_t fsid[2];
	int64_t namelen, frsize, flags, spare[4];
};

static char sbuf[LX_PATH_MAX], wbuf[LX_PATH_MAX];

/* FS_STATFS of the FS server's descriptor fsfd, or with -1 of path. */
static long fs_statfs(int64_t fsfd, const char *path, struct fs_statfs_rep *r)
{
	struct fs_statfs_req q = {fsfd};
	return fs_statfs_call(TH_FS_EP, &q, fsfd == -1 ? path : 0, fsfd == -1 ? strlen(path) + 1 : 0, r);
}

int lx_fs_writable(int64_t fsfd, const char *path)
{
	struct fs_statfs_rep r;
	long e = fs_statfs(fsfd, path, &r);
	size_t len = fsfd == -1 ? strlen(path) : 0;
	if (e < 0 && len < LX_PATH_MAX) {   /* a name not there: its nearest ancestor's */
		memcpy(wbuf, path, len + 1);
		while (e < 0 && len > 1) {
			while (len > 1 && wbuf[len - 1] != '/')
				len--;
			wbuf[len > 1 ? --len : len] = 0;
			e = fs_statfs(-1, wbuf, &r);
		}
	}
	return e < 0 || !((r.name >> 32) & ST_RDONLY);
}

static long put_statfs(uint64_t buf, const struct fs_statfs_rep *r)
{
	uint64_t flags = (r->name >> 32) & ST_RDONLY;
	struct lx_statfs s = {(int64_t)r->type, (int64_t)r->bsize, (int64_t)r->blocks, (int64_t)r->bfree,
	                      (int64_t)r->bavail, (int64_t)r->files, (int64_t)r->ffree, {0, 0},
	                      (int64_t)(uint32_t)r->name, (int64_t)r->bsize, (int64_t)(flags | ST_VALID),
	                      {0}};
	return lx_copy_out(buf, &s, sizeof s);
}

/* /proc's, served here (lx_procfs.c): Linux's PROC_SUPER_MAGIC, no blocks, a name of
 * at most 255 bytes; not read-only (root may open a file to write, as on Linux). */
static const struct fs_statfs_rep proc_statfs = {0x9fa0, 4096, 0, 0, 0, 0, 0, 255};

/* statfs(path, buf); a device's path is answered for the root, which holds /dev. */
static long lx_statfs_path(ARGS)
{
	struct lx_path p;
	struct fs_statfs_rep r;
	long e = lx_resolve(LX_AT_FDCWD, (uint64_t)a0, 0, sbuf, &p);
	if (e < 0)
		return e;
	if (procfs_is_proc(sbuf)) {
		struct lx_attr a;
		return (e = lx_stat_path(&p, &a)) < 0 ? e : put_statfs((uint64_t)a1, &proc_statfs);
	}
	if ((e = fs_statfs(-1, lx_device_path(sbuf) ? "/" : sbuf, &r)) < 0)
		return lx_path_errno(sbuf, e);
	return put_statfs((uint64_t)a1, &r);
}

/* fstatfs(fd, buf): a descriptor not of the FS (the console, a pipe) as the root. */
static long lx_fstatfs(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	struct fs_statfs_rep r;
	if (!f)
		return -LX_EBADF;
	if (f->kind == LXK_PROC)
		return put_statfs((uint64_t)a1, &proc_statfs);
	long e = fs_statfs(f->kind == LXK_FS ? f->fsfd : -1, "/", &r);
	return e < 0 ? e : put_statfs((uint64_t)a1, &r);
}

const struct lx_call lx_statfs_calls[] = {{43, lx_statfs_path}, {44, lx_fstatfs}};
const size_t lx_statfs_ncalls = sizeof lx_statfs_calls / sizeof lx_statfs_calls[0];
