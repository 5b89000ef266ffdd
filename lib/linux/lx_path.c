/* lx_path.c - Linux paths on the FS server: resolving a program's path (dirfd, the
 * current directory, "." and "..") to the absolute one the server takes, and the calls
 * that act on names. The FS has no symbolic links, so ".." is resolved by name; a
 * component that "." or ".." follows is checked to be a directory, as Linux's walk would.
 * Where the server's answer is coarser than Linux's (a read-only file system answers
 * EROFS before looking anything up; a missing name may hide a file in the middle of the
 * path), the error is made Linux's with a stat or two, on the error path only. */
#include "lx_file.h"
#include "base/mem.h"
#include "procfs/procfs.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

char lx_cwd[LX_FPATH] = "/";
static char ubuf[LX_PATH_MAX];              /* the program's path */
static char pa[LX_PATH_MAX], pb[LX_PATH_MAX];   /* resolved paths */
static char scratch[LX_PATH_MAX];

static long fs_stat(const char *path, struct lx_attr *a)
{
	struct fs_stat_req q;
	struct fs_stat_rep r;
	long e = fs_stat_call(TH_FS_EP, &q, path, strlen(path) + 1, &r);
	if (e == 0)
		*a = LX_ATTR_OF(r);
	return e;
}

int lx_device_path(const char *path)
{
	static const struct { const char *path; int kind; } mem[] = {
		{"/dev/null", LXK_NULL}, {"/dev/zero", LXK_ZERO}, {"/dev/full", LXK_FULL},
		{"/dev/random", LXK_RANDOM}, {"/dev/urandom", LXK_URANDOM},
	};
	for (size_t i = 0; i < sizeof mem / sizeof mem[0]; i++)
		if (!strcmp(path, mem[i].path))
			return mem[i].kind;
	if (!strcmp(path, "/dev/console") || !strcmp(path, "/dev/tty"))
		return LXK_CONSOLE;
	return 0;
}

/* Is path[0, len) a directory? 0, or -errno as Linux's walk would give. */
static long check_dir(char *path, size_t len)
{
	struct lx_attr a;
	char c = path[len];
	path[len] = 0;
	long e = procfs_is_proc(path) ? lx_procfs_attr(path, 1, &a) : fs_stat(path, &a);
	if (e < 0)
		e = lx_path_errno(path, e);
	else if ((a.mode & LX_S_IFMT) != LX_S_IFDIR)
		e = -LX_ENOTDIR;
	path[len] = c;
	return e;
}

long lx_resolve(long dirfd, uint64_t upath, unsigned flags, char *buf, struct lx_path *p)
{
	long n = lx_copy_str(ubuf, upath, LX_PATH_MAX);
	if (n < 0)
		return n;
	*p = (struct lx_path){buf, 0, LXL_ROOT, 0, 0, 0, (flags & LXR_NOFOLLOW) != 0};
	const char *base = flags & LXR_ROOT ? "/" : lx_cwd;
	if (n == 0 && !(flags & LXR_EMPTY))
		return -LX_ENOENT;
	if (ubuf[0] != '/' && (int)dirfd != LX_AT_FDCWD) {   /* dirfd is an int */
		struct lx_file *f = lx_fd_get(dirfd);
		if (!f)
			return -LX_EBADF;
		p->at = f;
		if (n == 0) {   /* AT_EMPTY_PATH: the descriptor itself */
			p->empty = 1;
			p->len = strlen(f->path);
			memcpy(buf, f->path, p->len + 1);
			return 0;
		}
		long d = lx_file_isdir(f);
		if (d <= 0)
			return d < 0 ? d : -LX_ENOTDIR;
		if (!f->path[0])
			return -LX_ENAMETOOLONG;   /* too long to have been kept */
		base = f->path;
	}
	size_t len = 0, ok;   /* buf[0, ok) is known to be a directory */
	if (ubuf[0] != '/') {
		len = strlen(base);
		memcpy(buf, base, len);
		if (len == 1)
			len = 0;   /* "/": components add their own slash */
	}
	ok = len;
	if (n == 0) {
		p->empty = 1;
		p->last = LXL_DOT;
	}
	for (const char *s = ubuf; *s;) {
		while (*s == '/')
			s++;
		if (!*s) {
			p->dir = 1;   /* a trailing slash */
			break;
		}
		const char *c = s;
		while (*s && *s != '/')
			s++;
		size_t cl = (size_t)(s - c);
		if (c[0] == '.' && (cl == 1 || (cl == 2 && c[1] == '.'))) {
			long e = len > ok ? check_dir(buf, len) : 0;
			if (e < 0)
				return e;
			if (cl == 2) {
				while (len && buf[len - 1] != '/')
					len--;
				if (len)
					len--;
			}
			ok = len;
			p->last = cl == 1 ? LXL_DOT : LXL_DOTDOT;
			continue;
		}
		if (cl > 255)
			return -LX_ENAMETOOLONG;
		if (len + 1 + cl >= LX_PATH_MAX)
			return -LX_ENAMETOOLONG;
		buf[len++] = '/';
		memcpy(buf + len, c, cl);
		len += cl;
		p->last = LXL_NORM;
	}
	if (p->last == LXL_DOT || p->last == LXL_DOTDOT)
		p->dir = 1;
	if (!len)
		buf[len++] = '/';
	buf[len] = 0;
	p->len = len;
	return 0;
}

/* Is the parent of path a directory? 0, or -errno (ENOENT, ENOTDIR, ...). */
static long parent_errno(const char *path)
{
	size_t len = strlen(path);
	if (len >= LX_PATH_MAX)
		return -LX_ENAMETOOLONG;
	memcpy(scratch, path, len + 1);
	long missing = 0;   /* an ancestor did not exist */
	for (;;) {
		while (len && scratch[len - 1] != '/')
			len--;
		if (len > 1)
			len--;
		if (len <= 1)
			return missing;   /* the root */
		scratch[len] = 0;
		struct lx_attr a;
		long e = fs_stat(scratch, &a);
		if (e == 0)
			return (a.mode & LX_S_IFMT) != LX_S_IFDIR ? -LX_ENOTDIR : missing;
		if (e != -LX_ENOENT)
			return e;
		missing = -LX_ENOENT;
	}
}

long lx_path_errno(const char *path, long e)
{
	if (e != -LX_ENOENT && e != -LX_EROFS)
		return e;
	long pe = parent_errno(path);
	return pe ? pe : e;
}

long lx_stat_path(const struct lx_path *p, struct lx_attr *a)
{
	int dev = lx_device_path(p->p);
	long e = 0;
	if (procfs_is_proc(p->p)) {
		if ((e = lx_procfs_attr(p->p, !p->nofollow, a)) < 0)
			return e;
	} else if (dev)
		lx_device_attr(dev, a);
	else if ((e = fs_stat(p->p, a)) < 0)
		return lx_path_errno(p->p, e);
	if (p->dir && (a->mode & LX_S_IFMT) != LX_S_IFDIR)
		return -LX_ENOTDIR;
	return 0;
}

/* A request that names one path and answers 0 or an error. */
#define PATH_REQ(call, path, ...)                                                    \
	({                                                                               \
		struct call##_req q_ = {__VA_ARGS__};                                        \
		struct call##_rep r_;                                                        \
		call##_call(TH_FS_EP, &q_, path, strlen(path) + 1, &r_);                     \
	})

long lx_mkdirat(ARGS)
{
	struct lx_path p;
	long e = lx_resolve(a0, (uint64_t)a1, 0, pa, &p);
	if (e < 0)
		return e;
	if (p.last != LXL_NORM || lx_device_path(pa))
		return -LX_EEXIST;   /* "/", "x/." and "x/..": there is no new name */
	if (procfs_is_proc(pa))
		return lx_procfs_name_op(pa, -LX_EEXIST);
	uint64_t mode = (uint64_t)a2 & 01777 & ~(uint64_t)lx_umask_get();
	e = PATH_REQ(fs_mkdir, pa, mode);
	if (e == -LX_EROFS) {   /* Linux looks the name up first */
		struct lx_attr a;
		long pe = parent_errno(pa);
		return pe ? pe : fs_stat(pa, &a) == 0 ? -LX_EEXIST : -LX_EROFS;
	}
	return lx_path_errno(pa, e);
}

long lx_unlinkat(ARGS)
{
	struct lx_path p;
	long flags = a2;
	if (flags & ~(long)LX_AT_REMOVEDIR)
		return -LX_EINVAL;
	long e = lx_resolve(a0, (uint64_t)a1, 0, pa, &p);
	if (e < 0)
		return e;
	if (procfs_is_proc(pa) && p.last == LXL_NORM)
		return lx_procfs_name_op(pa, -LX_EPERM);
	if (flags & LX_AT_REMOVEDIR) {
		if (p.last != LXL_NORM)
			return p.last == LXL_DOT ? -LX_EINVAL : p.last == LXL_DOTDOT ? -LX_ENOTEMPTY : -LX_EBUSY;
		e = PATH_REQ(fs_rmdir, pa, );
	} else {
		if (p.last != LXL_NORM)
			return -LX_EISDIR;
		if (p.dir && lx_fs_writable(-1, pa)) {   /* "name/": Linux says what name is */
			struct lx_attr a;
			e = fs_stat(pa, &a);
			if (e == 0)
				return (a.mode & LX_S_IFMT) == LX_S_IFDIR ? -LX_EISDIR : -LX_ENOTDIR;
			return lx_path_errno(pa, e);
		}
		e = p.dir ? -LX_EROFS : PATH_REQ(fs_unlink, pa, );
	}
	if (e == -LX_EROFS) {
		long pe = parent_errno(pa);
		return pe ? pe : e;
	}
	return lx_path_errno(pa, e);
}

static long do_rename(long olddir, long oldpath, long newdir, long newpath, long flags)
{
	struct lx_path o, n;
	if (flags)
		return -LX_EINVAL;   /* RENAME_NOREPLACE, _EXCHANGE, _WHITEOUT: not yet */
	long e = lx_resolve(olddir, (uint64_t)oldpath, 0, pa, &o);
	if (e < 0 || (e = lx_resolve(newdir, (uint64_t)newpath, 0, pb, &n)) < 0)
		return e;
	if (o.last != LXL_NORM || n.last != LXL_NORM)
		return -LX_EBUSY;
	if (o.dir || n.dir) {   /* a trailing slash: only a directory may move so */
		struct lx_attr a;
		o.dir = 1;
		if ((e = lx_stat_path(&o, &a)) < 0)
			return e;
	}
	if (o.len + n.len + 2 > IPC_BUF_MAX)
		return -LX_ENAMETOOLONG;
	static char both[IPC_BUF_MAX];
	memcpy(both, pa, o.len + 1);
	memcpy(both + o.len + 1, pb, n.len + 1);
	struct fs_rename_req q;
	struct fs_rename_rep r;
	e = fs_rename_call(TH_FS_EP, &q, both, o.len + n.len + 2, &r);
	if (e == -LX_EROFS || e == -LX_ENOENT) {   /* which one: as Linux's walk finds it */
		long pe = parent_errno(pa);
		if (!pe)
			pe = parent_errno(pb);
		return pe ? pe : e;
	}
	return e;
}

long lx_renameat2(ARGS) { return do_rename(a0, a1, a2, a3, (long)(uint32_t)a4); }

/* faccessat2(dirfd, path, mode, flags): as root: read and write always (but EROFS),
 * execute if a directory or any x bit is set. */
static long do_access(long dirfd, long path, long mode, long flags)
{
	if (mode & ~7L)
		return -LX_EINVAL;
	if (flags & ~(long)(LX_AT_EACCESS | LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH))
		return -LX_EINVAL;
	struct lx_path p;
	struct lx_attr a;
	long e = lx_resolve(dirfd, (uint64_t)path, flags & LX_AT_EMPTY_PATH ? LXR_EMPTY : 0, pa, &p);
	if (e < 0)
		return e;
	e = p.empty && p.at ? lx_file_attr(p.at, &a) : lx_stat_path(&p, &a);
	if (e < 0)
		return e;
	uint64_t type = a.mode & LX_S_IFMT;
	if ((mode & 2) && type != LX_S_IFCHR && !procfs_is_proc(pa) && !lx_fs_writable(p.empty && p.at ? p.at->fsfd : -1, pa))
		return -LX_EROFS;
	if ((mode & 1) && type != LX_S_IFDIR && !(a.mode & 0111))
		return -LX_EACCES;
	return 0;
}

long lx_faccessat(ARGS) { return do_access(a0, a1, a2, 0); }
long lx_faccessat2(ARGS) { return do_access(a0, a1, a2, (long)(uint32_t)a3); }

long lx_getcwd(ARGS)
{
	size_t len = strlen(lx_cwd) + 1;
	if ((uint64_t)a1 < len)
		return -LX_ERANGE;
	long e = lx_copy_out((uint64_t)a0, lx_cwd, len);
	return e < 0 ? e : (long)len;
}

static long set_cwd(const char *path, size_t len)
{
	if (len >= LX_FPATH)
		return -LX_ENAMETOOLONG;
	memcpy(lx_cwd, path, len + 1);
	return 0;
}

long lx_chdir(ARGS)
{
	struct lx_path p;
	struct lx_attr a;
	long e = lx_resolve(LX_AT_FDCWD, (uint64_t)a0, 0, pa, &p);
	if (e < 0)
		return e;
	p.dir = 1;
	e = lx_stat_path(&p, &a);
	return e < 0 ? e : set_cwd(pa, p.len);
}

long lx_fchdir(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	if (!f)
		return -LX_EBADF;
	long d = lx_file_isdir(f);
	if (d <= 0)
		return d < 0 ? d : -LX_ENOTDIR;
	return f->path[0] ? set_cwd(f->path, strlen(f->path)) : -LX_ENAMETOOLONG;
}

/* The links of /proc/self: exe, cwd and fd/N. Their target into buf, or 0 if path is not
 * one of them. */
static const char *proc_link(const char *path, long *err)
{
	static const char self[] = "/proc/self/";
	*err = 0;
	if (memcmp(path, self, sizeof self - 1))
		return 0;
	path += sizeof self - 1;
	if (!strcmp(path, "cwd"))
		return lx_cwd;
	if (!strcmp(path, "exe")) {   /* AT_EXECFN, made absolute (we started in "/") */
		struct lx_path p;
		*err = lx_resolve(LX_AT_FDCWD, (uint64_t)lx_execfn, LXR_ROOT, pb, &p);
		return pb;
	}
	if (!memcmp(path, "fd/", 3) && path[3]) {
		long fd = 0;
		for (path += 3; *path; path++) {
			if (*path < '0' || *path > '9' || fd > LX_NFD)
				return 0;
			fd = fd * 10 + (*path - '0');
		}
		struct lx_file *f = lx_fd_get(fd);
		if (!f)
			*err = -LX_ENOENT;
		else if (!f->path[0])
			*err = -LX_ENAMETOOLONG;
		return f ? f->path : "";
	}
	return 0;
}

long lx_readlinkat(ARGS)
{
	struct lx_path p;
	struct lx_attr a;
	if ((int)a3 <= 0)
		return -LX_EINVAL;
	long e = lx_resolve(a0, (uint64_t)a1, LXR_EMPTY, pa, &p);
	if (e < 0)
		return e;
	if (p.empty)
		return -LX_ENOENT;   /* "" names dirfd, which is no link */
	const char *t = proc_link(pa, &e);
	if (e < 0)
		return e;
	if (!t && procfs_is_proc(pa)) {
		if ((e = lx_procfs_readlink(pa, pb, sizeof pb)) < 0)
			return e;
		t = pb;
	}
	if (t) {
		size_t n = strlen(t);
		if (n > (size_t)(int)a3)
			n = (size_t)(int)a3;
		e = lx_copy_out((uint64_t)a2, t, n);
		return e < 0 ? e : (long)n;
	}
	e = lx_stat_path(&p, &a);
	return e < 0 ? e : -LX_EINVAL;   /* it exists and is not a link */
}
