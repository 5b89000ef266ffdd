/* files.c - POSIX file calls on the FS server (proto/fs.def). Descriptors 0-2 are the
 * console; the FS server hands out 3 and up. Flags and errno numbers are Linux's on the
 * wire; picolibc shares the O_* values but O_EXCL and O_DIRECTORY. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "kcall.h"
#include "rt/errno.h"
#include "abi/bootinfo.h"
#include "proto/fs_msgs.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

#define LINUX_O_EXCL      0200
#define LINUX_O_DIRECTORY 0200000

static int console_fd(int fd) { return fd >= 0 && fd <= 2; }

/* Send a path request: the path goes in the buffer, NUL included. */
#define PATH_ARGS(path) path, strlen(path) + 1

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	uint64_t wire = (uint64_t)(unsigned)flags & ~(uint64_t)(O_DIRECTORY | O_EXCL);
	if (flags & O_DIRECTORY)
		wire |= LINUX_O_DIRECTORY;
	if (flags & O_EXCL)
		wire |= LINUX_O_EXCL;
	struct fs_open_req q = {wire, mode};
	struct fs_open_rep r;
	if (strlen(path) >= IPC_BUF_MAX)
		return rt_set_errno(36);
	long e = fs_open_call(TH_FS_EP, &q, PATH_ARGS(path), &r);
	return e < 0 ? rt_set_errno(-e) : (int)r.fd;
}

int close(int fd)
{
	if (console_fd(fd))
		return 0;
	struct fs_close_req q = {fd};
	struct fs_close_rep r;
	long e = fs_close_call(TH_FS_EP, &q, 0, 0, &r);
	return e < 0 ? rt_set_errno(-e) : 0;
}

/* read() of what FS_READ_INTO does not serve (pipes, the terminal): through the IPC
 * buffer, 4 KiB a request. */
static ssize_t read_through_buffer(int fd, char *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		struct fs_read_req q = {fd, n - done < IPC_BUF_MAX ? n - done : IPC_BUF_MAX, -1, 0};
		struct fs_read_rep r;
		long e = fs_read_call(TH_FS_EP, &q, 0, 0, &r);
		if (e < 0)
			return done ? (ssize_t)done : rt_set_errno(-e);
		memcpy(buf + done, __ipc_buffer, r.count);
		done += r.count;
		if (r.count < q.len)
			break;   /* end of file */
	}
	return (ssize_t)done;
}

/* Files are read straight into buf: the FS server copies from its page cache into the
 * window this call lends (one copy, FS_READ_INTO). */
ssize_t read(int fd, void *buf, size_t n)
{
	if (fd == 0)
		return 0;   /* end of file: there is no console input */
	char *b = buf;
	size_t done = 0;
	while (done < n) {
		struct fs_read_into_req q = {fd, -1, (uint64_t)(b + done), n - done};
		struct fs_read_into_rep r;
		long e = fs_read_into_call(TH_FS_EP, &q, 0, 0, &r);
		if (e < 0)
			return done ? (ssize_t)done : rt_set_errno(-e);
		done += r.count;
		if (r.next == FS_READ_INTO_USE_READ) {
			ssize_t m = read_through_buffer(fd, b + done, n - done);
			return m < 0 ? (done ? (ssize_t)done : m) : (ssize_t)(done + (size_t)m);
		}
		if (r.next == FS_READ_INTO_TOUCH) {
			volatile char *p = b + done;   /* fault the page in, writable, as the */
			*p = *p;                       /* program's own store would */
		} else if (r.next != FS_READ_INTO_MORE) {
			break;
		}
	}
	return (ssize_t)done;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;
	if (console_fd(fd)) {
		if (fd == 0)
			return rt_set_errno(9);
		fflush(stdout);
		while (done < n) {
			long r = k_console_write(p + done, n - done);
			if (r < 0)
				return done ? (ssize_t)done : rt_set_errno(-r);
			done += (size_t)r;
		}
		return (ssize_t)n;
	}
	while (done < n) {
		size_t chunk = n - done < IPC_BUF_MAX ? n - done : IPC_BUF_MAX;
		struct fs_write_req q = {fd, -1, 0};   /* O_APPEND was given at open */
		struct fs_write_rep r;
		long e = fs_write_call(TH_FS_EP, &q, p + done, chunk, &r);
		if (e < 0)
			return done ? (ssize_t)done : rt_set_errno(-e);
		done += r.count;
		if (r.count < chunk)
			break;
	}
	return (ssize_t)done;
}

off_t lseek(int fd, off_t off, int whence)
{
	if (console_fd(fd))
		return rt_set_errno(29);   /* ESPIPE */
	struct fs_lseek_req q = {fd, off, (uint64_t)whence};
	struct fs_lseek_rep r;
	long e = fs_lseek_call(TH_FS_EP, &q, 0, 0, &r);
	return e < 0 ? rt_set_errno(-e) : (off_t)r.offset;
}

/* pread/pwrite: at an offset, leaving the descriptor's own where it was. (Through the
 * shared offset, so not atomic against another thread of the task using fd meanwhile.) */
static ssize_t io_at(int fd, void *buf, size_t n, off_t off, int writing)
{
	off_t was = lseek(fd, 0, SEEK_CUR);
	if (was < 0 || lseek(fd, off, SEEK_SET) < 0)
		return -1;
	ssize_t r = writing ? write(fd, buf, n) : read(fd, buf, n);
	lseek(fd, was, SEEK_SET);
	return r;
}

ssize_t pread(int fd, void *buf, size_t n, off_t off) { return io_at(fd, buf, n, off, 0); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return io_at(fd, (void *)buf, n, off, 1); }

/* FS_STAT's and FS_FSTAT's reply (proto/fs.def) as a struct stat (whole seconds). */
static void to_stat(struct stat *st, uint64_t ino, uint64_t mode, uint64_t owner, uint64_t size,
                    uint64_t blocks, uint64_t atime, uint64_t mtime, uint64_t ctime)
{
	memset(st, 0, sizeof *st);
	st->st_ino = (ino_t)ino;
	st->st_mode = (mode_t)(uint32_t)mode;
	st->st_nlink = (nlink_t)(mode >> 32);
	st->st_uid = (uid_t)(uint32_t)owner;
	st->st_gid = (gid_t)(owner >> 32);
	st->st_size = (off_t)size;
	st->st_blocks = (blkcnt_t)blocks;
	st->st_blksize = 4096;
	st->st_atime = (time_t)(atime / 1000000000u);
	st->st_mtime = (time_t)(mtime / 1000000000u);
	st->st_ctime = (time_t)(ctime / 1000000000u);
}

int fstat(int fd, struct stat *st)
{
	if (console_fd(fd)) {
		memset(st, 0, sizeof *st);
		st->st_mode = S_IFCHR | 0620;
		return 0;
	}
	struct fs_fstat_req q = {fd};
	struct fs_fstat_rep r;
	long e = fs_fstat_call(TH_FS_EP, &q, 0, 0, &r);
	if (e < 0)
		return rt_set_errno(-e);
	to_stat(st, r.ino, r.mode, r.owner, r.size, r.blocks, r.atime, r.mtime, r.ctime);
	return 0;
}

int stat(const char *path, struct stat *st)
{
	struct fs_stat_req q;
	struct fs_stat_rep r;
	if (strlen(path) >= IPC_BUF_MAX)
		return rt_set_errno(36);
	long e = fs_stat_call(TH_FS_EP, &q, PATH_ARGS(path), &r);
	if (e < 0)
		return rt_set_errno(-e);
	to_stat(st, r.ino, r.mode, r.owner, r.size, r.blocks, r.atime, r.mtime, r.ctime);
	return 0;
}

/* The requests that name a path and answer only success or an error. */
#define PATH_CALL(call, path, ...)                                          \
	do {                                                                    \
		struct call##_req q = {__VA_ARGS__};                                \
		struct call##_rep r;                                                \
		if (strlen(path) >= IPC_BUF_MAX)                                    \
			return rt_set_errno(36);                                        \
		long e = call##_call(TH_FS_EP, &q, PATH_ARGS(path), &r);            \
		return e < 0 ? rt_set_errno(-e) : 0;                                \
	} while (0)

int unlink(const char *path) { PATH_CALL(fs_unlink, path, ); }
int mkdir(const char *path, mode_t mode) { PATH_CALL(fs_mkdir, path, mode); }
int rmdir(const char *path) { PATH_CALL(fs_rmdir, path, ); }

int ftruncate(int fd, off_t len)
{
	struct fs_ftruncate_req q = {fd, (uint64_t)len};
	struct fs_ftruncate_rep r;
	long e = fs_ftruncate_call(TH_FS_EP, &q, 0, 0, &r);
	return e < 0 ? rt_set_errno(-e) : 0;
}

int fsync(int fd)
{
	struct fs_fsync_req q = {fd};
	struct fs_fsync_rep r;
	long e = fs_fsync_call(TH_FS_EP, &q, 0, 0, &r);
	return e < 0 ? rt_set_errno(-e) : 0;
}

/* Directories: a batch of FS_READDIR records at a time. */
struct rt_dir {
	int fd;
	uint64_t cookie;
	int done;
	size_t pos, len;
	char buf[IPC_BUF_MAX];
	struct dirent ent;
};

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return 0;
	DIR *d = calloc(1, sizeof *d);
	if (!d) {
		close(fd);
		errno = ENOMEM;
		return 0;
	}
	d->fd = fd;
	return d;
}

struct dirent *readdir(DIR *d)
{
	if (d->pos >= d->len) {
		if (d->done)
			return 0;
		struct fs_readdir_req q = {d->fd, d->cookie};
		struct fs_readdir_rep r;
		long e = fs_readdir_call(TH_FS_EP, &q, 0, 0, &r);
		if (e < 0) {
			rt_set_errno(-e);
			return 0;
		}
		size_t used = 0;
		for (uint64_t i = 0; i < r.count; i++)
			used += 6 + (uint8_t)__ipc_buffer[used + 5];
		memcpy(d->buf, __ipc_buffer, used);
		d->len = used;
		d->pos = 0;
		d->cookie = r.next;
		d->done = r.next == 0;
		if (!d->len)
			return 0;
	}
	const unsigned char *p = (const unsigned char *)d->buf + d->pos;
	uint32_t ino;
	memcpy(&ino, p, 4);
	d->ent.d_ino = ino;
	d->ent.d_type = p[4];
	memcpy(d->ent.d_name, p + 6, p[5]);
	d->ent.d_name[p[5]] = 0;
	d->pos += 6 + p[5];
	return &d->ent;
}

int closedir(DIR *d)
{
	int r = close(d->fd);
	free(d);
	return r;
}
