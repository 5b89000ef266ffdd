/* lx_file.c - Linux's file calls (see lx_file.h): open, I/O, status and directories,
 * each by requests to the FS server (proto/fs.def) in its 4096-byte
 * pieces, with Linux's numbers (asm-generic/unistd.h), flags and errno values.
 * The program's memory is reached only through lx_copy_in/out; the data passes through
 * our own buffers, never straight between the IPC buffer and the program's pages. */
#include "lx_file.h"
#include "base/mem.h"
#include "procfs/procfs.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

static char iobuf[IPC_BUF_MAX];
static char pbuf[LX_PATH_MAX];

/* st_dev of what the FS server serves, and of the devices (Linux: devtmpfs is 0:5). */
#define FS_DEV 0x1
#define DEV_DEV 0x5
#define MKDEV(ma, mi) ((uint64_t)(ma) << 8 | (mi))
#define NS 1000000000u   /* nanoseconds a second */

void lx_device_attr(int kind, struct lx_attr *a)
{
	/* Linux's numbers: mem devices 1:3 (null), 1:5, 1:7, 1:8, 1:9; the console 5:1 */
	static const uint8_t minor[] = {[LXK_NULL] = 3, [LXK_ZERO] = 5, [LXK_FULL] = 7, [LXK_RANDOM] = 8,
	                                [LXK_URANDOM] = 9};
	static const uint8_t ino[] = {[LXK_NULL] = 4, [LXK_ZERO] = 7, [LXK_FULL] = 8, [LXK_RANDOM] = 9,
	                              [LXK_URANDOM] = 10};
	memset(a, 0, sizeof *a);
	a->mode = lx_mem_device(kind) ? LX_S_IFCHR | 0666 : LX_S_IFCHR | 0620;
	a->rdev = lx_mem_device(kind) ? MKDEV(1, minor[kind]) : MKDEV(5, 1);
	a->ino = lx_mem_device(kind) ? ino[kind] : 6;
	a->nlink = 1;
	if (kind == LXK_PIPE)   /* as Linux's pipefs shows one */
		a->mode = LX_S_IFIFO | 0600, a->rdev = 0, a->ino = 1;
}

long lx_file_attr(struct lx_file *f, struct lx_attr *a)
{
	if (f->kind == LXK_PROC)
		return lx_procfs_fattr(f, a);
	if (f->kind != LXK_FS) {
		lx_device_attr(f->kind, a);
		return 0;
	}
	struct fs_fstat_req q = {f->fsfd};
	struct fs_fstat_rep r;
	long e = fs_fstat_call(TH_FS_EP, &q, 0, 0, &r);
	if (e < 0)
		return e;
	*a = LX_ATTR_OF(r);
	f->type = (a->mode & LX_S_IFMT) == LX_S_IFDIR ? LXT_DIR : LXT_OTHER;
	return 0;
}

long lx_file_isdir(struct lx_file *f)
{
	struct lx_attr a;
	long e = f->type == LXT_UNKNOWN ? lx_file_attr(f, &a) : 0;
	return e < 0 ? e : f->type == LXT_DIR;
}

static long fs_seek(struct lx_file *f, int64_t off, uint64_t whence)
{
	struct fs_lseek_req q = {f->fsfd, off, whence};
	struct fs_lseek_rep r;
	long e = fs_lseek_call(TH_FS_EP, &q, 0, 0, &r);
	return e < 0 ? e : (long)r.offset;
}

/* The program's range [buf, buf + n) can be an address range at all (Linux's access_ok). */
static int range_ok(uint64_t buf, uint64_t n) { return buf + n >= buf && buf + n <= USER_TOP; }

/* openat(dirfd, path, flags, mode) */
static long lx_openat(ARGS)
{
	struct lx_path p;
	uint32_t flags = (uint32_t)a2;
	if (flags & LX_O_TMPFILE) {   /* Linux's checks, before the path is read; then not yet */
		if ((flags & (LX_O_TMPFILE | LX_O_DIRECTORY | LX_O_CREAT)) != (LX_O_TMPFILE | LX_O_DIRECTORY) ||
		    !(flags & LX_O_ACCMODE))
			return -LX_EINVAL;   /* O_TMPFILE is with O_DIRECTORY, without O_CREAT, for writing */
		return -LX_EOPNOTSUPP;
	}
	long e = lx_resolve(a0, (uint64_t)a1, 0, pbuf, &p);
	if (e < 0)
		return e;
	if (p.dir && (flags & LX_O_CREAT))
		return -LX_EISDIR;
	if (procfs_is_proc(pbuf))
		return lx_fd_lowest(0) < 0 ? -LX_EMFILE : lx_procfs_open(pbuf, p.len, flags | (p.dir ? LX_O_DIRECTORY : 0));
	if (lx_fd_lowest(0) < 0)
		return -LX_EMFILE;   /* as Linux: before anything is created */
	int dev = lx_device_path(pbuf);
	int64_t fsfd = -1;
	uint8_t type = LXT_UNKNOWN;
	if (dev) {
		if (p.dir || (flags & LX_O_DIRECTORY))
			return -LX_ENOTDIR;
		if ((flags & (LX_O_CREAT | LX_O_EXCL)) == (LX_O_CREAT | LX_O_EXCL))
			return -LX_EEXIST;
		type = LXT_OTHER;
	} else {
		uint64_t wire = flags & (LX_O_ACCMODE | LX_O_CREAT | LX_O_EXCL | LX_O_TRUNC | LX_O_DIRECTORY);
		if (p.dir)
			wire |= LX_O_DIRECTORY;
		uint64_t mode = flags & LX_O_CREAT ? (uint64_t)a3 & 07777 & ~(uint64_t)lx_umask_get() : 0;
		struct fs_open_req q = {wire, mode};   /* O_APPEND is ours: F_SETFL may change it */
		struct fs_open_rep r;
		e = fs_open_call(TH_FS_EP, &q, pbuf, p.len + 1, &r);
		if (e < 0)
			return lx_path_errno(pbuf, e);
		fsfd = r.fd;
		if (wire & LX_O_DIRECTORY)
			type = LXT_DIR;
	}
	struct lx_file *f = lx_file_new(dev ? dev : LXK_FS);
	if (!f) {
		if (!dev) {
			struct fs_close_req q = {fsfd};
			struct fs_close_rep r;
			fs_close_call(TH_FS_EP, &q, 0, 0, &r);
		}
		return -LX_EMFILE;
	}
	f->fsfd = fsfd;
	f->type = type;
	f->flags = (flags & ~(uint32_t)(LX_O_CREAT | LX_O_EXCL | LX_O_NOCTTY | LX_O_TRUNC | LX_O_CLOEXEC)) |
	           LX_O_LARGEFILE;
	if (p.len < LX_FPATH)
		memcpy(f->path, pbuf, p.len + 1);
	if ((flags & (LX_O_CREAT | LX_O_EXCL)) == LX_O_CREAT && !dev) {   /* it may have been there */
		struct lx_attr a;
		if ((e = lx_file_attr(f, &a)) < 0 || f->type == LXT_DIR) {
			lx_file_put(f);
			return e < 0 ? e : -LX_EISDIR;
		}
	}
	return lx_fd_install(f, 0, flags & LX_O_CLOEXEC);
}

static int readable(const struct lx_file *f) { return (f->flags & LX_O_ACCMODE) != LX_O_WRONLY && (f->flags & LX_O_ACCMODE) != 3; }
static int writable(const struct lx_file *f) { return (f->flags & LX_O_ACCMODE) == LX_O_WRONLY || (f->flags & LX_O_ACCMODE) == LX_O_RDWR; }

/* A read of n bytes from /dev/zero, /dev/full (zeros) or /dev/random, /dev/urandom
 * (lx_random's bytes) into buf: the count (up to LX_RW_MAX), or EFAULT if none could be
 * written; a fault part way ends it with what came before. */
static long device_read(int kind, uint64_t buf, uint64_t n)
{
	if (n > LX_RW_MAX)
		n = LX_RW_MAX;
	uint64_t done = 0;
	memset(iobuf, 0, sizeof iobuf);
	while (done < n) {
		uint64_t chunk = n - done < sizeof iobuf ? n - done : sizeof iobuf;
		if (kind == LXK_RANDOM || kind == LXK_URANDOM)
			lx_random((uint8_t *)iobuf, chunk);
		uint64_t put = lx_copy_out_part(buf + done, iobuf, chunk);
		done += put;
		if (put < chunk)
			return done ? (long)done : -LX_EFAULT;
	}
	return (long)done;
}

/* How much of [a, a + n) a window may lend: the program's memory before the
 * personality's (the kernel lets the server write any page of ours mapped writable). */
static uint64_t lendable(uint64_t a, uint64_t n)
{
	if (lx_own_range(a, 1))
		return 0;
	return a < LX_BASE && n > LX_BASE - a ? LX_BASE - a : n;
}

/* do_read of a file: the FS server copies straight from its page cache into the
 * program's buf, the window FS_READ_INTO lends (one copy); where a page of buf is not
 * mapped writable yet, its first byte is written back as it is (the page faults in, or
 * this is Linux's EFAULT) and the read goes on. -LX_ESPIPE: not a file read this way. */
static long read_into(struct lx_file *f, uint64_t buf, uint64_t n, int64_t *at)
{
	uint64_t done = 0;
	while (done < n) {
		uint64_t left = n - done, len = lendable(buf + done, left);
		if (!len)
			return done ? (long)done : -LX_EFAULT;
		struct fs_read_into_req q = {f->fsfd, at ? *at : -1, buf + done, len};
		struct fs_read_into_rep r;
		long e = fs_read_into_call(TH_FS_EP, &q, 0, 0, &r);
		if (e < 0)
			return done ? (long)done : e;
		if (r.next == FS_READ_INTO_USE_READ)
			return done ? (long)done : -LX_ESPIPE;
		done += r.count;
		if (at)
			*at += (int64_t)r.count;
		if (r.next == FS_READ_INTO_TOUCH) {
			char c;
			if (lx_copy_in(&c, buf + done, 1) < 0 || lx_copy_out_part(buf + done, &c, 1) != 1)
				return done ? (long)done : -LX_EFAULT;
			continue;
		}
		if (r.next != FS_READ_INTO_MORE && !(len < left && r.count == len))
			break;   /* the end of the file (not a window stopped at the personality) */
	}
	return (long)done;
}

/* read, and write below: n bytes between the program's buf and f, at *at (which moves
 * past them) or, with at NULL, at the descriptor's offset. */
static long do_read(struct lx_file *f, uint64_t buf, uint64_t n, int64_t *at)
{
	if (!readable(f))
		return -LX_EBADF;
	if (!range_ok(buf, n))
		return -LX_EFAULT;
	if (f->kind == LXK_ZERO || f->kind == LXK_FULL || f->kind == LXK_RANDOM || f->kind == LXK_URANDOM)
		return device_read(f->kind, buf, n);
	if (f->kind == LXK_PROC)
		return lx_procfs_read(f, buf, n, at);
	if (f->kind == LXK_CONSOLE)
		return lx_tty_read(f, buf, n);
	if (f->kind != LXK_FS && f->kind != LXK_PIPE)
		return 0;   /* /dev/null: end of file */
	if (n > LX_RW_MAX)
		n = LX_RW_MAX;
	long r = f->kind == LXK_FS ? read_into(f, buf, n, at) : -LX_ESPIPE;
	if (r != -LX_ESPIPE)
		return r;
	uint64_t done = 0;
	do {
		uint64_t chunk = n - done < IPC_BUF_MAX ? n - done : IPC_BUF_MAX;
		struct fs_read_req q = {f->fsfd, chunk, at ? *at : -1, 0};
		struct fs_read_rep r;
		long e = f->kind == LXK_PIPE && !at && !done && !(f->flags & LX_O_NONBLOCK)
		         ? lx_pipe_read_wait(f, chunk, &r)   /* an empty pipe: wait for a writer there */
		         : fs_read_call(TH_FS_EP, &q, 0, 0, &r);
		if (e == -LX_ERESTARTSYS)
			return e;
		if (e == -LX_EAGAIN && !done && !(f->flags & LX_O_NONBLOCK)) {
			if ((e = lx_pipe_wait(f, POLLIN)) < 0)   /* an empty pipe: wait for a writer */
				return e;
			continue;
		}
		if (e < 0)
			return done ? (long)done : e;
		uint64_t got = r.count < chunk ? r.count : chunk;
		memcpy(iobuf, IPC_BUFFER, got);
		uint64_t put = lx_copy_out_part(buf + done, iobuf, got);
		done += put;
		if (at)
			*at += (int64_t)put;
		if (put < got) {   /* a fault: the program has what came before it, as on Linux */
			if (!at)
				fs_seek(f, -(int64_t)(got - put), 1);
			return done ? (long)done : -LX_EFAULT;
		}
		if (got < chunk)
			break;   /* end of file */
	} while (done < n);
	return (long)done;
}

/* The writing of do_write and sendfile: n bytes to f from the program's buf, or (from
 * not NULL) from our own from. The checks are the caller's. */
static long put(struct lx_file *f, uint64_t buf, const char *from, uint64_t n, int64_t *at)
{
	uint64_t done = 0;
	do {
		uint64_t chunk = n - done < IPC_BUF_MAX ? n - done : IPC_BUF_MAX;
		/* The program's bytes go straight into the IPC buffer, which the call sends as it
		 * is (the terminal's through iobuf: its calls use the buffer on the way). */
		char *to = f->kind == LXK_CONSOLE ? iobuf : IPC_BUFFER;
		const char *src = from ? from + done : to;
		if (!from && lx_copy_in(to, buf + done, chunk) < 0)
			return done ? (long)done : -LX_EFAULT;
		if (f->kind == LXK_CONSOLE) {
			long w = lx_tty_write(f, src, chunk);
			if (w < 0)
				return done ? (long)done : w;
			done += (uint64_t)w;
			continue;
		}
		struct fs_write_req q = {f->fsfd, at ? *at : -1, (f->flags & LX_O_APPEND) != 0};
		struct fs_write_rep r;
		long e = fs_write_call(TH_FS_EP, &q, src, chunk, &r);
		if (e == -LX_EAGAIN && !(f->flags & LX_O_NONBLOCK)) {
			if ((e = lx_pipe_wait(f, POLLOUT)) < 0)   /* a full pipe: wait for room, then the same chunk */
				return done ? (long)done : e;
			continue;
		}
		if (e == -LX_EPIPE)
			lx_pipe_broken();
		if (e < 0)
			return done ? (long)done : e;
		uint64_t got = r.count < chunk ? r.count : chunk;
		done += got;
		if (at)
			*at += (int64_t)got;
		if (got < chunk)
			break;   /* the disk is full */
	} while (done < n);
	return (long)done;
}

static long do_write(struct lx_file *f, uint64_t buf, uint64_t n, int64_t *at)
{
	if (!writable(f))
		return -LX_EBADF;
	if (!range_ok(buf, n))
		return -LX_EFAULT;
	if (n > LX_RW_MAX)
		n = LX_RW_MAX;
	if (f->kind == LXK_FULL)
		return -LX_ENOSPC;
	if (lx_mem_device(f->kind))
		return (long)n;   /* null, zero, random: taken and dropped */
	if (f->kind == LXK_PROC)
		return -LX_EINVAL;   /* no file made here has a write (root may open one for it) */
	return put(f, buf, 0, n, at);
}

/* sendfile(out_fd, in_fd, offset, count): count bytes of the file in_fd (a regular file
 * of the FS server's, as Linux's splice needs: else EINVAL), from *offset (which moves;
 * the descriptor's offset stays) or from its offset (which moves past what was written),
 * to out_fd, a chunk at a time through our buffer. EBADF (not open for reading or
 * writing), EINVAL (out_fd appends), EFAULT. */
static long lx_sendfile(ARGS)
{
	struct lx_file *out = lx_fd_get(a0), *in = lx_fd_get(a1);
	uint64_t n = (uint64_t)a3, done = 0;
	int64_t off = 0, *at = 0;
	if (!out || !in || !readable(in) || !writable(out))
		return -LX_EBADF;
	if (in->kind != LXK_FS || lx_file_isdir(in) || (out->flags & LX_O_APPEND))
		return -LX_EINVAL;
	if (a2) {
		if (lx_copy_in(&off, (uint64_t)a2, sizeof off))
			return -LX_EFAULT;
		if (off < 0)
			return -LX_EINVAL;
		at = &off;
	}
	if (n > LX_RW_MAX)
		n = LX_RW_MAX;
	long e = 0;
	while (done < n) {
		uint64_t chunk = n - done < IPC_BUF_MAX ? n - done : IPC_BUF_MAX;
		struct fs_read_req q = {in->fsfd, chunk, at ? *at : -1, 0};
		struct fs_read_rep r;
		if ((e = fs_read_call(TH_FS_EP, &q, 0, 0, &r)) < 0)
			break;
		uint64_t got = r.count < chunk ? r.count : chunk;
		memcpy(iobuf, IPC_BUFFER, got);   /* (the write's request uses the IPC buffer) */
		e = got ? (lx_mem_device(out->kind) ? (long)got : put(out, 0, iobuf, got, 0)) : 0;
		uint64_t wrote = e > 0 ? (uint64_t)e : 0;
		if (at)
			*at += (int64_t)wrote;
		else if (wrote < got)
			fs_seek(in, -(int64_t)(got - wrote), 1);   /* what was not written is still to read */
		done += wrote;
		if (e < 0 || wrote < chunk)
			break;   /* an error, the end of the file, or a short write */
	}
	if (at && lx_copy_out((uint64_t)a2, &off, sizeof off))
		return -LX_EFAULT;
	return done ? (long)done : e;
}

static long lx_read(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	return f ? do_read(f, (uint64_t)a1, (uint64_t)a2, 0) : -LX_EBADF;
}

static long lx_write(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	return f ? do_write(f, (uint64_t)a1, (uint64_t)a2, 0) : -LX_EBADF;
}

/* readv and writev (at as for do_read): the vector is checked whole first, then each
 * piece in turn; a short one ends the call. */
static long do_vec(long fd, uint64_t iov, uint64_t cnt, int writing, int64_t *at)
{
	struct lx_file *f = lx_fd_get(fd);
	uint64_t v[2], total = 0, i;
	if (!f)
		return -LX_EBADF;
	if (cnt > 1024)
		return -LX_EINVAL;   /* UIO_MAXIOV */
	for (i = 0; i < cnt; i++) {
		if (lx_copy_in(v, iov + 16 * i, sizeof v) < 0)
			return -LX_EFAULT;
		if ((int64_t)v[1] < 0)
			return -LX_EINVAL;
		if (!range_ok(v[0], v[1]))
			return -LX_EFAULT;
	}
	if (writing ? !writable(f) : !readable(f))
		return -LX_EBADF;
	for (i = 0; i < cnt && total < LX_RW_MAX; i++) {
		if (lx_copy_in(v, iov + 16 * i, sizeof v) < 0)
			return total ? (long)total : -LX_EFAULT;
		uint64_t len = v[1] < LX_RW_MAX - total ? v[1] : LX_RW_MAX - total;
		if (!len)
			continue;
		long r = writing ? do_write(f, v[0], len, at) : do_read(f, v[0], len, at);
		if (r < 0)
			return total ? (long)total : r;
		total += (uint64_t)r;
		if ((uint64_t)r < len)
			break;
	}
	return (long)total;
}

static long lx_readv(ARGS) { return do_vec(a0, (uint64_t)a1, (uint64_t)a2, 0, 0); }
static long lx_writev(ARGS) { return do_vec(a0, (uint64_t)a1, (uint64_t)a2, 1, 0); }

/* pread64, pwrite64, preadv and pwritev: at an offset (FS_READ/FS_WRITE's `at`), the
 * descriptor's own untouched. With O_APPEND a write appends, as on Linux. */
static long do_at(long fd, uint64_t buf, uint64_t n, int64_t off, int writing, int vec)
{
	if (off < 0)
		return -LX_EINVAL;
	struct lx_file *f = lx_fd_get(fd);
	if (!f)
		return -LX_EBADF;
	if (f->kind == LXK_CONSOLE || f->kind == LXK_PIPE)
		return -LX_ESPIPE;
	if (vec)
		return do_vec(fd, buf, n, writing, &off);
	return writing ? do_write(f, buf, n, &off) : do_read(f, buf, n, &off);
}

static long lx_pread64(ARGS) { return do_at(a0, (uint64_t)a1, (uint64_t)a2, a3, 0, 0); }
static long lx_pwrite64(ARGS) { return do_at(a0, (uint64_t)a1, (uint64_t)a2, a3, 1, 0); }
/* (fd, iov, count, offset low, offset high): on a 64-bit machine the low half is all */
static long lx_preadv(ARGS) { return do_at(a0, (uint64_t)a1, (uint64_t)a2, a3, 0, 1); }
static long lx_pwritev(ARGS) { return do_at(a0, (uint64_t)a1, (uint64_t)a2, a3, 1, 1); }

static long lx_lseek(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	struct lx_attr a;
	int64_t off = a1;
	uint64_t whence = (uint32_t)a2;
	if (!f)
		return -LX_EBADF;
	if (whence > 4)
		return -LX_EINVAL;
	if (f->kind == LXK_CONSOLE || f->kind == LXK_PIPE)
		return -LX_ESPIPE;
	if (lx_mem_device(f->kind))
		return 0;
	if (f->kind == LXK_PROC && f->type != LXT_DIR)
		return lx_procfs_lseek(f, off, whence);
	if (f->type == LXT_DIR) {   /* a position in getdents64's sequence (as tmpfs) */
		if (whence > 1 || (whence == 1 && off < 0 && (uint64_t)-off > f->dirpos) || (whence == 0 && off < 0))
			return -LX_EINVAL;
		f->dirpos = whence ? f->dirpos + (uint64_t)off : (uint64_t)off;
		return (long)f->dirpos;
	}
	if (whence >= 3) {   /* SEEK_DATA, SEEK_HOLE: the whole file is data */
		long e = lx_file_attr(f, &a);
		if (e < 0)
			return e;
		if ((uint64_t)off >= a.size)
			return -LX_ENXIO;
		return fs_seek(f, whence == 3 ? off : (int64_t)a.size, 0);
	}
	long r = fs_seek(f, off, whence);
	if (r >= 0)
		f->dirpos = (uint64_t)r;   /* a directory not yet known to be one */
	return r;
}

/* struct stat of asm-generic/stat.h */
struct lx_stat {
	uint64_t dev, ino;
	uint32_t mode, nlink, uid, gid;
	uint64_t rdev, pad1;
	int64_t size;
	int32_t blksize, pad2;
	int64_t blocks;
	int64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	uint32_t unused[2];
};
_Static_assert(sizeof(struct lx_stat) == 128, "struct stat is 128 bytes on riscv64");

static long put_stat(uint64_t buf, const struct lx_attr *a)
{
	struct lx_stat st;
	memset(&st, 0, sizeof st);
	st.dev = (a->mode & LX_S_IFMT) == LX_S_IFCHR ? DEV_DEV : FS_DEV;
	st.ino = a->ino;
	st.mode = (uint32_t)a->mode;
	st.nlink = (uint32_t)a->nlink;
	st.rdev = a->rdev;
	st.size = (int64_t)a->size;
	st.blksize = 4096;
	st.blocks = (int64_t)a->blocks;
	st.uid = (uint32_t)a->uid;
	st.gid = (uint32_t)a->gid;
	st.atime = (int64_t)(a->atime / NS), st.atime_ns = (int64_t)(a->atime % NS);
	st.mtime = (int64_t)(a->mtime / NS), st.mtime_ns = (int64_t)(a->mtime % NS);
	st.ctime = (int64_t)(a->ctime / NS), st.ctime_ns = (int64_t)(a->ctime % NS);
	return lx_copy_out(buf, &st, sizeof st);
}

static long lx_fstat(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	struct lx_attr a;
	if (!f)
		return -LX_EBADF;
	long e = lx_file_attr(f, &a);
	return e < 0 ? e : put_stat((uint64_t)a1, &a);
}

/* The attributes of (dirfd, path): "" with AT_EMPTY_PATH is dirfd itself. */
static long stat_at(long dirfd, uint64_t path, long flags, struct lx_attr *a)
{
	struct lx_path p;
	long e = lx_resolve(dirfd, path, (flags & LX_AT_EMPTY_PATH ? LXR_EMPTY : 0) |
	                                     (flags & LX_AT_SYMLINK_NOFOLLOW ? LXR_NOFOLLOW : 0), pbuf, &p);
	if (e < 0)
		return e;
	return p.empty && p.at ? lx_file_attr(p.at, a) : lx_stat_path(&p, a);
}

static long lx_newfstatat(ARGS)
{
	struct lx_attr a;
	if (a3 & ~(long)(LX_AT_SYMLINK_NOFOLLOW | LX_AT_NO_AUTOMOUNT | LX_AT_EMPTY_PATH))
		return -LX_EINVAL;
	long e = stat_at(a0, (uint64_t)a1, a3, &a);
	return e < 0 ? e : put_stat((uint64_t)a2, &a);
}

/* struct statx of linux/stat.h */
struct lx_statx_ts {
	int64_t sec;
	uint32_t nsec;
	int32_t reserved;
};
struct lx_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct lx_statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint32_t dio_mem_align, dio_offset_align;
	uint64_t spare3[12];
};
_Static_assert(sizeof(struct lx_statx) == 256, "struct statx is 256 bytes");
#define STATX_BASIC_STATS 0x7ffu
#define STATX_MNT_ID 0x1000u
#define AT_STATX_SYNC_TYPE 0x6000

/* statx(dirfd, path, flags, mask, buf) */
static long lx_statx(ARGS)
{
	struct lx_attr a;
	long flags = (long)(uint32_t)a2;
	if (flags & ~(long)(LX_AT_SYMLINK_NOFOLLOW | LX_AT_NO_AUTOMOUNT | LX_AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -LX_EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || ((uint32_t)a3 & 0x80000000u))
		return -LX_EINVAL;
	long e = stat_at(a0, (uint64_t)a1, flags, &a);
	if (e < 0)
		return e;
	struct lx_statx sx;
	uint64_t dev = (a.mode & LX_S_IFMT) == LX_S_IFCHR ? DEV_DEV : FS_DEV;
	memset(&sx, 0, sizeof sx);
	sx.mask = STATX_BASIC_STATS | STATX_MNT_ID;
	sx.blksize = 4096;
	sx.nlink = (uint32_t)a.nlink;
	sx.mode = (uint16_t)a.mode;
	sx.ino = a.ino;
	sx.size = a.size;
	sx.blocks = a.blocks;
	sx.uid = (uint32_t)a.uid;
	sx.gid = (uint32_t)a.gid;
	sx.atime = (struct lx_statx_ts){(int64_t)(a.atime / NS), (uint32_t)(a.atime % NS), 0};
	sx.ctime = (struct lx_statx_ts){(int64_t)(a.ctime / NS), (uint32_t)(a.ctime % NS), 0};
	sx.mtime = (struct lx_statx_ts){(int64_t)(a.mtime / NS), (uint32_t)(a.mtime % NS), 0};
	sx.rdev_major = (uint32_t)(a.rdev >> 8);
	sx.rdev_minor = (uint32_t)(a.rdev & 0xff);
	sx.dev_major = (uint32_t)(dev >> 8);
	sx.dev_minor = (uint32_t)(dev & 0xff);
	sx.mnt_id = dev == FS_DEV ? 1 : 2;
	return lx_copy_out((uint64_t)a4, &sx, sizeof sx);
}

/* getdents64. A directory's position: 0 ".", 1 "..", then 2 + (cookie << 10 | i): the
 * i-th entry of the FS_READDIR batch that starts at cookie (a batch has fewer than 1024:
 * each takes 7 bytes at least). The FS server leaves "." and ".." out; we add them. */
#define DPOS(cookie, i) (2 + ((cookie) << 10 | (i)))
static uint8_t dbuf[IPC_BUF_MAX];
static uint16_t doff[IPC_BUF_MAX / 7 + 1];

/* FS_READDIR at cookie into dbuf/doff: the number of entries, or -errno. */
static long fetch(struct lx_file *f, uint64_t cookie, uint64_t *next)
{
	struct fs_readdir_req q = {f->fsfd, cookie};
	struct fs_readdir_rep r;
	long e = fs_readdir_call(TH_FS_EP, &q, 0, 0, &r);
	if (e < 0)
		return e;
	size_t used = 0;
	uint64_t n = 0;
	for (; n < r.count && n < 1024 && used + 6 <= IPC_BUF_MAX; n++) {
		size_t len = 6 + (uint8_t)IPC_BUFFER[used + 5];
		if (used + len > IPC_BUF_MAX)
			break;
		doff[n] = (uint16_t)used;
		used += len;
	}
	memcpy(dbuf, IPC_BUFFER, used);
	*next = r.next;
	return (long)n;
}

static long lx_getdents64(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	uint64_t buf = (uint64_t)a1, count = (uint32_t)a2, done = 0;
	if (!f)
		return -LX_EBADF;
	if (f->kind == LXK_PROC && f->type == LXT_DIR)
		return range_ok(buf, count) ? lx_procfs_getdents(f, buf, count) : -LX_EFAULT;
	if (f->kind != LXK_FS)
		return -LX_ENOTDIR;
	long d = lx_file_isdir(f), err = 0;
	if (d <= 0)
		return d < 0 ? d : -LX_ENOTDIR;
	if (!range_ok(buf, count))
		return -LX_EFAULT;
	uint64_t pos = f->dirpos, have = (uint64_t)-1, n = 0, next = 0;
	static uint8_t rec[24 + 256];
	for (;;) {
		uint64_t ino, after;
		const char *name;
		size_t len;
		uint8_t type = 4;   /* DT_DIR */
		struct lx_attr a;
		if (pos < 2) {
			name = pos ? ".." : ".";
			len = pos + 1;
			if (pos == 0 || !f->path[0] || !f->path[1]) {
				err = lx_file_attr(f, &a);
			} else {   /* the parent, by name */
				struct lx_path pp = {pbuf, 0, LXL_NORM, 0, 0, 0, 0};
				size_t l = strlen(f->path);
				memcpy(pbuf, f->path, l + 1);
				while (l > 1 && pbuf[l - 1] != '/')
					l--;
				pbuf[l > 1 ? l - 1 : 1] = 0;
				err = lx_stat_path(&pp, &a);
			}
			if (err < 0)
				break;
			ino = a.ino;
			after = pos + 1 < 2 ? pos + 1 : DPOS(0, 0);
		} else {
			uint64_t cookie = (pos - 2) >> 10, i = (pos - 2) & 1023;
			if (cookie != have) {
				long c = fetch(f, cookie, &next);
				if (c < 0) {
					err = c;
					break;
				}
				n = (uint64_t)c;
				have = cookie;
			}
			if (i >= n) {
				if (!next || next == cookie)
					break;   /* the end */
				pos = DPOS(next, 0);
				continue;
			}
			const uint8_t *e = dbuf + doff[i];
			uint32_t ino32;
			memcpy(&ino32, e, 4);
			ino = ino32;
			type = e[4];
			len = e[5];
			name = (const char *)e + 6;
			after = i + 1 < n ? DPOS(cookie, i + 1) : next ? DPOS(next, 0) : DPOS(cookie, n);
		}
		/* struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, name, NUL */
		size_t reclen = (19 + len + 1 + 7) & ~(size_t)7;
		if (done + reclen > count) {
			if (!done)
				err = -LX_EINVAL;   /* not even one fits */
			break;
		}
		uint16_t rl = (uint16_t)reclen;
		memset(rec, 0, reclen);
		memcpy(rec, &ino, 8);
		memcpy(rec + 8, &after, 8);
		memcpy(rec + 16, &rl, 2);
		rec[18] = type;
		memcpy(rec + 19, name, len);
		if (lx_copy_out(buf + done, rec, reclen) < 0) {
			err = -LX_EFAULT;
			break;
		}
		done += reclen;
		pos = after;
	}
	f->dirpos = pos;
	return done ? (long)done : err;
}

static long lx_ftruncate(ARGS)
{
	if (a1 < 0)
		return -LX_EINVAL;
	struct lx_file *f = lx_fd_get(a0);
	if (!f)
		return -LX_EBADF;
	if (f->kind != LXK_FS)
		return -LX_EINVAL;
	struct fs_ftruncate_req q = {f->fsfd, (uint64_t)a1};
	struct fs_ftruncate_rep r;
	return fs_ftruncate_call(TH_FS_EP, &q, 0, 0, &r);
}

static long lx_fsync(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	if (!f)
		return -LX_EBADF;
	if (f->kind != LXK_FS)
		return -LX_EINVAL;   /* the devices have nothing to write */
	struct fs_fsync_req q = {f->fsfd};
	struct fs_fsync_rep r;
	return fs_fsync_call(TH_FS_EP, &q, 0, 0, &r);
}

/* sync(): everything the FS server holds goes to the disk; Linux's sync cannot fail. */
static long lx_sync(ARGS)
{
	struct fs_sync_req q = {0};
	struct fs_sync_rep r;
	fs_sync_call(TH_FS_EP, &q, 0, 0, &r);
	return 0;
}

/* syncfs(fd): there is one file system; for a device's descriptor, nothing to write. */
static long lx_syncfs(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	if (!f)
		return -LX_EBADF;
	if (f->kind != LXK_FS)
		return 0;
	struct fs_sync_req q = {0};
	struct fs_sync_rep r;
	return fs_sync_call(TH_FS_EP, &q, 0, 0, &r);
}

const struct lx_call lx_file_calls[] = {
	{17, lx_getcwd}, {23, lx_dup}, {24, lx_dup3}, {25, lx_fcntl}, {29, lx_ioctl}, {71, lx_sendfile},
	{34, lx_mkdirat}, {35, lx_unlinkat}, {46, lx_ftruncate},
	{48, lx_faccessat}, {49, lx_chdir}, {50, lx_fchdir}, {56, lx_openat}, {57, lx_close},
	{61, lx_getdents64}, {62, lx_lseek}, {63, lx_read}, {64, lx_write}, {65, lx_readv},
	{66, lx_writev}, {67, lx_pread64}, {68, lx_pwrite64}, {69, lx_preadv},
	{70, lx_pwritev}, {78, lx_readlinkat},
	{79, lx_newfstatat}, {80, lx_fstat}, {81, lx_sync}, {82, lx_fsync}, {83, lx_fsync}, {267, lx_syncfs},
	{276, lx_renameat2},
	{291, lx_statx}, {439, lx_faccessat2},
};
const size_t lx_file_ncalls = sizeof lx_file_calls / sizeof lx_file_calls[0];
