/* lx_file.h - private to the personality's file calls (lx_file.c: I/O and status;
 * lx_fdtab.c: the descriptor table, fcntl and ioctl; lx_path.c: paths and the calls on
 * names).
 *
 * A Linux descriptor names an open file (struct lx_file, Linux's "open file
 * description"): dup and fcntl(F_DUPFD) share one, with its offset and status flags;
 * close-on-exec belongs to the descriptor. An open file is the console, /dev/null (or
 * /dev/zero, /dev/full, /dev/random, /dev/urandom), a pipe, a /proc node (lx_procfs.c), or a
 * descriptor of the FS server, closed there when its last Linux descriptor goes. It keeps
 * the absolute path it was opened by, for the *at() calls, fchdir and /proc/self/fd. */
#ifndef LX_FILE_H
#define LX_FILE_H
#include "linux/lx.h"
#include "kcall.h"
#include "abi/bootinfo.h"
#include "proto/fs_msgs.h"
#include "abi/poll_bits.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U

/* errno values lx.h does not have */
#define LX_ENXIO 6
#define LX_ENFILE 23
#define LX_EPIPE 32
#define LX_EBUSY 16
#define LX_ENOSPC 28
#define LX_EROFS 30
#define LX_ENOTEMPTY 39

/* O_* (asm-generic/fcntl.h) */
#define LX_O_ACCMODE 03
#define LX_O_WRONLY 01
#define LX_O_RDWR 02
#define LX_O_CREAT 0100
#define LX_O_EXCL 0200
#define LX_O_NOCTTY 0400
#define LX_O_TRUNC 01000
#define LX_O_APPEND 02000
#define LX_O_NONBLOCK 04000
#define LX_O_DIRECT 040000
#define LX_O_LARGEFILE 0100000
#define LX_O_DIRECTORY 0200000
#define LX_O_NOATIME 01000000
#define LX_O_CLOEXEC 02000000
#define LX_O_TMPFILE 020000000
#define LX_AT_FDCWD (-100)
#define LX_AT_SYMLINK_NOFOLLOW 0x100
#define LX_AT_REMOVEDIR 0x200
#define LX_AT_EACCESS 0x200
#define LX_AT_NO_AUTOMOUNT 0x800
#define LX_AT_EMPTY_PATH 0x1000
#define LX_S_IFMT 0170000
#define LX_S_IFDIR 0040000
#define LX_S_IFREG 0100000
#define LX_S_IFCHR 0020000
#define LX_S_IFIFO 0010000

#define LX_PATH_MAX 4096   /* Linux's PATH_MAX, NUL included */
#define LX_FPATH 1024      /* an open file's path: what the FS server takes (files.c) */
#define LX_NFD 1024        /* descriptors: Linux's default RLIMIT_NOFILE */
#define LX_NFILE 48        /* open files: the FS server's 32 descriptors, and the devices */

enum { LXK_FREE, LXK_CONSOLE, LXK_NULL, LXK_FS, LXK_PIPE,   /* FS and PIPE: fsfd */
       LXK_ZERO, LXK_FULL, LXK_RANDOM, LXK_URANDOM,             /* Linux's mem devices */
       LXK_PROC };                                              /* a /proc node (fsfd: which) */
/* A device whose data the personality makes (lx_file.c): null, zero, full, random. */
static inline int lx_mem_device(int kind) { return kind == LXK_NULL || (kind >= LXK_ZERO && kind <= LXK_URANDOM); }
enum { LXT_UNKNOWN, LXT_OTHER, LXT_DIR };

struct lx_file {
	uint16_t refs;       /* descriptors naming it */
	uint8_t kind;        /* LXK_* */
	uint8_t type;        /* LXT_*: known after an fstat (or O_DIRECTORY) */
	uint32_t flags;      /* access mode and status flags, as F_GETFL gives them */
	int64_t fsfd;        /* LXK_FS, LXK_PIPE, LXK_CONSOLE: the FS server's descriptor */
	uint64_t dirpos;     /* getdents64's position (lx_file.c) */
	char path[LX_FPATH]; /* absolute, normalised; "" if too long to keep */
};

/* What FS_STAT and FS_FSTAT answer (their reply layout). */
struct lx_attr {
	uint64_t ino, mode, nlink, size, blocks, uid, gid;
	uint64_t atime, mtime, ctime;   /* nanoseconds since 1970 */
	uint64_t rdev;   /* ours: the devices' numbers */
};
/* The attributes in an FS_STAT or FS_FSTAT reply r (mode and links, uid and gid share a
 * word: proto/fs.def). */
#define LX_ATTR_OF(r)                                                                    \
	((struct lx_attr){(r).ino, (uint32_t)(r).mode, (r).mode >> 32, (r).size, (r).blocks, \
	                  (uint32_t)(r).owner, (r).owner >> 32, (r).atime, (r).mtime, (r).ctime, 0})

/* lx_fdtab.c */
/* The open file of descriptor fd, or NULL. As Linux's int and unsigned int descriptor
 * arguments, only fd's low 32 bits count (callers index the tables with LX_FD(fd)). */
#define LX_FD(fd) ((long)(uint32_t)(fd))
struct lx_file *lx_fd_get(long fd);
struct lx_file *lx_file_new(int kind);        /* refs 0; NULL if none is free */
long lx_fd_lowest(long min);                  /* the lowest free descriptor >= min, or -LX_EMFILE */
/* Give f the lowest free descriptor >= min (f->refs++): it, or -LX_EMFILE. */
long lx_fd_install(struct lx_file *f, long min, int cloexec);
/* Drop a reference (the last closes it at the FS server). */
void lx_file_put(struct lx_file *f);
long lx_close(ARGS);
/* execve's point of no return: every close-on-exec descriptor is closed. */
void lx_fdtab_exec(void);
long lx_dup(ARGS);
long lx_dup3(ARGS);
long lx_fcntl(ARGS);
long lx_ioctl(ARGS);

/* lx_path.c */
enum { LXL_NORM, LXL_DOT, LXL_DOTDOT, LXL_ROOT };
struct lx_path {
	char *p;             /* absolute, normalised, NUL-terminated (in the caller's buffer) */
	size_t len;
	uint8_t last;        /* what the last component was: LXL_* */
	uint8_t dir;         /* it must be a directory (a trailing '/', "." or "..") */
	uint8_t empty;       /* the path was "" (allowed only with LXR_EMPTY) */
	struct lx_file *at;  /* ... then the file it names (NULL: the current directory) */
	uint8_t nofollow;    /* LXR_NOFOLLOW: a link at the end is itself meant (lstat) */
};
#define LXR_EMPTY 1u     /* AT_EMPTY_PATH: "" names dirfd itself */
#define LXR_ROOT 2u      /* a relative path starts at "/", not the current directory */
#define LXR_NOFOLLOW 4u  /* AT_SYMLINK_NOFOLLOW (only /proc has links) */
/* Resolve the program's path upath against dirfd into buf[LX_PATH_MAX]: 0 or -errno. */
long lx_resolve(long dirfd, uint64_t upath, unsigned flags, char *buf, struct lx_path *p);
/* FS_STAT of an absolute path; with the file's type checked if p->dir. -errno as Linux
 * gives it (ENOTDIR for a file in the middle of the path). */
long lx_stat_path(const struct lx_path *p, struct lx_attr *a);
/* A failed request's errno as Linux gives it: ENOENT or EROFS from the server may mean
 * that a component on the way is missing or not a directory. */
long lx_path_errno(const char *path, long e);
/* Which device a normalised path names: LXK_CONSOLE, LXK_NULL, LXK_ZERO, LXK_FULL,
 * LXK_RANDOM, LXK_URANDOM, or 0 for the FS. */
int lx_device_path(const char *path);
/* Can the file system of the FS server's descriptor fsfd, or with -1 of the absolute path,
 * be written (EROFS otherwise)? Yes when the server cannot say (lx_statfs.c). */
int lx_fs_writable(int64_t fsfd, const char *path);
extern char lx_cwd[LX_FPATH];
long lx_mkdirat(ARGS);
long lx_unlinkat(ARGS);
long lx_renameat2(ARGS);
long lx_faccessat(ARGS);
long lx_faccessat2(ARGS);
long lx_getcwd(ARGS);
long lx_chdir(ARGS);
long lx_fchdir(ARGS);
long lx_readlinkat(ARGS);

/* lx_pipe.c */
/* Wait until the FS server reports one of events (POLL*) for f's descriptor, or an error
 * or hang-up. */
long lx_pipe_wait(struct lx_file *f, unsigned events);
/* FS_READ of up to len bytes of pipe f, waiting in the FS server while it is empty
 * (FS_READ's wait), the personality's lock let go meanwhile: the call's result into *r,
 * -LX_ERESTARTSYS when a signal for this thread cut the wait short, -LX_EAGAIN when the
 * FS server has no room for another waiter (then lx_pipe_wait polls). */
struct fs_read_rep;
long lx_pipe_read_wait(struct lx_file *f, uint64_t len, struct fs_read_rep *r);
/* A write found no reader: SIGPIPE to the task, as Linux sends it. */
void lx_pipe_broken(void);

/* lx_tty.c: the console terminal (LXK_CONSOLE; its fsfd the FS server's descriptor on
 * it, 0 until first used). Read n bytes into the program's buf as Linux's tty does
 * (waiting, EAGAIN with O_NONBLOCK, -LX_ERESTARTSYS for a signal), write n bytes of ours,
 * a terminal ioctl; its descriptor for FS_POLL (or -errno); close it at the FS server. */
long lx_tty_read(struct lx_file *f, uint64_t buf, uint64_t n);
long lx_tty_write(struct lx_file *f, const void *buf, uint64_t n);
long lx_tty_ioctl(struct lx_file *f, uint32_t cmd, uint64_t arg);
long lx_tty_poll_fd(struct lx_file *f);
void lx_tty_close(struct lx_file *f);

/* lx_procfs.c: /proc's nodes, for the calls above on a path that procfs_is_proc. */
/* At the program's start (initial stack sp): tell the VM server where its arguments and
 * its path are (VM_PROC_ARGS). */
void lx_procfs_start(const uint64_t *sp);
/* stat of path (follow: its last link too), open (a new descriptor, or -errno as Linux:
 * nothing in /proc can be created or written), readlink (the target into out[size],
 * NUL-terminated: its length), or -errno. */
long lx_procfs_attr(const char *path, int follow, struct lx_attr *a);
long lx_procfs_open(const char *path, size_t len, uint32_t flags);
long lx_procfs_readlink(const char *path, char *out, size_t size);
/* mkdir, unlink, rmdir of path: nothing changes in /proc, so the lookup's error, or
 * exists (Linux's: EEXIST for mkdir, EPERM for unlink and rmdir). */
long lx_procfs_name_op(const char *path, long exists);
/* On an open LXK_PROC file: fstat, read at *at (NULL: its offset), lseek, getdents64. */
long lx_procfs_fattr(struct lx_file *f, struct lx_attr *a);
long lx_procfs_read(struct lx_file *f, uint64_t buf, uint64_t n, int64_t *at);
long lx_procfs_lseek(struct lx_file *f, int64_t off, uint64_t whence);
long lx_procfs_getdents(struct lx_file *f, uint64_t buf, uint64_t count);

/* lx_file.c */
long lx_file_attr(struct lx_file *f, struct lx_attr *a);   /* fstat, the devices included */
long lx_file_isdir(struct lx_file *f);                     /* 1, 0 or -errno */
void lx_device_attr(int kind, struct lx_attr *a);
#endif
