/* lx_attr.c - Linux's calls that change a file's attributes: fchmod, fchmodat, fchown,
 * fchownat and utimensat, each one FS_SETATTR (proto/fs.def) on the FS server's
 * descriptor or on the resolved path. The FS server checks no permissions, so Linux's
 * rules are applied here, against the process's fsuid and groups (lx_cred.c): root may
 * do anything; otherwise only the owner may chmod, set explicit times, or change the
 * group (to one of its own; the owner never changes), and "now" needs the owner or write
 * permission. The devices and pipes keep no attributes: root's changes to them succeed
 * and are not kept. */
#include "lx_file.h"
#include "base/mem.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

#define UTIME_NOW ((1l << 30) - 1)
#define UTIME_OMIT ((1l << 30) - 2)
#define NS 1000000000u
#define S_ISUID 04000u
#define S_ISGID 02000u
#define S_IXGRP 00010u

static char abuf[LX_PATH_MAX];

/* What a call changes: a descriptor's open file (f), else the path in abuf. */
struct target {
	struct lx_file *f;
	struct lx_attr a;   /* its attributes before the change */
};

/* The file of (dirfd, upath) with Linux's errors; "" with rflags LXR_EMPTY is dirfd. */
static long target_at(long dirfd, uint64_t upath, unsigned rflags, struct target *t)
{
	struct lx_path p;
	long e = lx_resolve(dirfd, upath, rflags, abuf, &p);
	if (e < 0)
		return e;
	t->f = p.empty && p.at ? p.at : 0;
	return t->f ? lx_file_attr(t->f, &t->a) : lx_stat_path(&p, &t->a);
}

static long target_fd(long fd, struct target *t)
{
	t->f = lx_fd_get(fd);
	return t->f ? lx_file_attr(t->f, &t->a) : -LX_EBADF;
}

/* Is t on the FS server (not a device or a pipe)? */
static int on_fs(const struct target *t)
{
	return t->f ? t->f->kind == LXK_FS : !lx_device_path(abuf);
}

/* The read-only root refuses before the permission checks, as Linux's mnt_want_write. */
static int read_only(const struct target *t)
{
	return on_fs(t) && !lx_fs_writable(t->f ? t->f->fsfd : -1, abuf);
}

/* Is the caller root or the file's owner? */
static int owner(const struct target *t)
{
	uint32_t u = lx_cred_fsuid();
	return u == 0 || u == t->a.uid;
}

/* FS_SETATTR of mask (FS_ATTR_*) on t, checked already: 0 or -errno. */
static long setattr(const struct target *t, uint64_t mask, uint64_t mode, uint64_t uid,
                    uint64_t gid, uint64_t atime, uint64_t mtime)
{
	if (!on_fs(t))
		return 0;
	struct fs_setattr_req q = {t->f ? t->f->fsfd : -1, mask, mode, uid | gid << 32, atime, mtime};
	struct fs_setattr_rep r;
	if (t->f)
		return fs_setattr_call(TH_FS_EP, &q, 0, 0, &r);
	return lx_path_errno(abuf, fs_setattr_call(TH_FS_EP, &q, abuf, strlen(abuf) + 1, &r));
}

/* chmod: the owner or root; S_ISGID goes if a non-root caller is not in the file's group. */
static long do_chmod(const struct target *t, uint64_t mode)
{
	if (read_only(t))
		return -LX_EROFS;
	if (!owner(t))
		return -LX_EPERM;
	mode &= 07777;
	if (lx_cred_fsuid() != 0 && !lx_cred_in_group((uint32_t)t->a.gid))
		mode &= ~(uint64_t)S_ISGID;
	return setattr(t, FS_ATTR_MODE, mode, 0, 0, 0, 0);
}

static long lx_fchmod(ARGS)
{
	struct target t;
	long e = target_fd(a0, &t);
	return e < 0 ? e : do_chmod(&t, (uint64_t)a1);
}

/* fchmodat(dirfd, path, mode): Linux 6.1's has no flags (glibc handles them). */
static long lx_fchmodat(ARGS)
{
	struct target t;
	long e = target_at(a0, (uint64_t)a1, 0, &t);
	return e < 0 ? e : do_chmod(&t, (uint64_t)a2);
}

/* chown: (uid_t)-1 leaves a field. The uid only by root (or to itself by the owner), the
 * group by root or by the owner to a group it is in. A non-directory loses S_ISUID, and
 * S_ISGID if group-executable, as Linux's ATTR_KILL_SUID/SGID do, even for root. */
static long do_chown(const struct target *t, long uid, long gid)
{
	uint32_t u = (uint32_t)uid, g = (uint32_t)gid, me = lx_cred_fsuid();
	uint64_t mask = 0;
	if (read_only(t))
		return -LX_EROFS;
	if (u != (uint32_t)-1) {
		if (me != 0 && (me != t->a.uid || u != t->a.uid))
			return -LX_EPERM;
		mask |= FS_ATTR_UID;
	}
	if (g != (uint32_t)-1) {
		if (me != 0 && (me != t->a.uid || (g != t->a.gid && !lx_cred_in_group(g))))
			return -LX_EPERM;
		mask |= FS_ATTR_GID;
	}
	uint64_t mode = t->a.mode & 07777;
	if ((t->a.mode & LX_S_IFMT) != LX_S_IFDIR) {
		mode &= ~(uint64_t)S_ISUID;
		if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			mode &= ~(uint64_t)S_ISGID;
		if (mode != (t->a.mode & 07777))
			mask |= FS_ATTR_MODE;
	}
	return setattr(t, mask, mode, u, g, 0, 0);
}

static long lx_fchown(ARGS)
{
	struct target t;
	long e = target_fd(a0, &t);
	return e < 0 ? e : do_chown(&t, a1, a2);
}

/* fchownat(dirfd, path, uid, gid, flags): AT_SYMLINK_NOFOLLOW (the FS has no links) and
 * AT_EMPTY_PATH. */
static long lx_fchownat(ARGS)
{
	struct target t;
	if ((int)a4 & ~(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH))
		return -LX_EINVAL;
	long e = target_at(a0, (uint64_t)a1, (int)a4 & LX_AT_EMPTY_PATH ? LXR_EMPTY : 0, &t);
	return e < 0 ? e : do_chown(&t, a2, a3);
}

/* utimensat(dirfd, path, times[2], flags): NULL times, or both UTIME_NOW, is "now"
 * (the owner, root, or write permission: else EACCES); explicit times need the owner or
 * root (EPERM); UTIME_OMIT leaves one, both OMIT do nothing without looking at the path.
 * A NULL path with a descriptor (glibc's futimens) is the descriptor itself. */
static long lx_utimensat(ARGS)
{
	struct { int64_t sec, nsec; } ts[2];
	int flags = (int)a3;
	if (a2 && lx_copy_in(ts, (uint64_t)a2, sizeof ts))
		return -LX_EFAULT;
	if (a2 && ts[0].nsec == UTIME_OMIT && ts[1].nsec == UTIME_OMIT)
		return 0;   /* Linux: "we must not even check the path" */
	for (int i = 0; a2 && i < 2; i++)
		if (ts[i].nsec != UTIME_NOW && ts[i].nsec != UTIME_OMIT &&
		    (ts[i].nsec < 0 || ts[i].nsec >= NS))
			return -LX_EINVAL;
	if (flags & ~(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH))
		return -LX_EINVAL;
	struct target t;
	long e;
	if (!a1 && (int)a0 != LX_AT_FDCWD)
		e = flags ? -LX_EINVAL : target_fd(a0, &t);
	else
		e = target_at(a0, (uint64_t)a1, flags & LX_AT_EMPTY_PATH ? LXR_EMPTY : 0, &t);
	if (e < 0)
		return e;
	if (read_only(&t))
		return -LX_EROFS;
	uint64_t mask = 0, at = 0, mt = 0;
	int now = !a2 || (ts[0].nsec == UTIME_NOW && ts[1].nsec == UTIME_NOW);
	for (int i = 0; i < 2; i++) {
		int64_t n = a2 ? ts[i].nsec : UTIME_NOW;
		if (n == UTIME_NOW)
			mask |= i ? FS_ATTR_MTIME_NOW : FS_ATTR_ATIME_NOW;
		else if (n != UTIME_OMIT) {
			mask |= i ? FS_ATTR_MTIME : FS_ATTR_ATIME;
			*(i ? &mt : &at) = (uint64_t)ts[i].sec * NS + (uint64_t)n;
		}
	}
	if (!owner(&t)) {
		if (!now)
			return -LX_EPERM;
		uint64_t m = t.a.mode;
		uint64_t w = lx_cred_in_group((uint32_t)t.a.gid) ? m & 020 : m & 02;
		if (!w)
			return -LX_EACCES;
	}
	return setattr(&t, mask, 0, 0, 0, at, mt);
}

const struct lx_call lx_attr_calls[] = {
	{52, lx_fchmod}, {53, lx_fchmodat}, {54, lx_fchownat}, {55, lx_fchown}, {88, lx_utimensat},
};
const size_t lx_attr_ncalls = sizeof lx_attr_calls / sizeof lx_attr_calls[0];
