/* lx_fdtab.c - the program's descriptors (see lx_file.h): the table, and close, dup,
 * dup3, fcntl and ioctl (a terminal's: lx_tty.c). Descriptors 0, 1 and 2 start on the console, one open file as if init
 * had opened /dev/console O_RDWR and duplicated it. */
#include "lx_file.h"
#include "base/mem.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1

static struct lx_file files[LX_NFILE];
static uint8_t fd_file[LX_NFD];      /* 1 + the index in files[]; 0: not open */
static uint8_t fd_cloexec[LX_NFD];
static int ready;
_Static_assert(LX_NFILE < 256, "fd_file holds an index");

static void init(void)
{
	struct lx_file *c = &files[0];
	ready = 1;
	c->kind = LXK_CONSOLE;
	c->type = LXT_OTHER;
	c->flags = LX_O_RDWR | LX_O_LARGEFILE;
	memcpy(c->path, "/dev/console", 13);
	for (int fd = 0; fd < 3; fd++, c->refs++)
		fd_file[fd] = 1;
}

struct lx_file *lx_fd_get(long fd)
{
	if (!ready)
		init();
	fd = LX_FD(fd);
	if (fd >= LX_NFD || !fd_file[fd])
		return 0;
	return &files[fd_file[fd] - 1];
}

struct lx_file *lx_file_new(int kind)
{
	if (!ready)
		init();
	for (int i = 0; i < LX_NFILE; i++)
		if (files[i].kind == LXK_FREE) {
			memset(&files[i], 0, sizeof files[i]);
			files[i].kind = (uint8_t)kind;
			return &files[i];
		}
	return 0;
}

long lx_fd_lowest(long min)
{
	if (!ready)
		init();
	for (long fd = min; fd < LX_NFD; fd++)
		if (!fd_file[fd])
			return fd;
	return -LX_EMFILE;
}

long lx_fd_install(struct lx_file *f, long min, int cloexec)
{
	long fd = lx_fd_lowest(min);
	if (fd >= 0) {
		fd_file[fd] = (uint8_t)(f - files + 1);
		fd_cloexec[fd] = cloexec ? FD_CLOEXEC : 0;
		f->refs++;
	}
	return fd;
}

void lx_file_put(struct lx_file *f)
{
	if (f->refs)
		f->refs--;
	if (f->refs)
		return;
	if (f->kind == LXK_FS || f->kind == LXK_PIPE) {
		struct fs_close_req q = {f->fsfd};
		struct fs_close_rep r;
		fs_close_call(TH_FS_EP, &q, 0, 0, &r);
	} else if (f->kind == LXK_CONSOLE) {
		lx_tty_close(f);
	}
	f->kind = LXK_FREE;
}

/* Release descriptor fd (open) from its file. */
static void fd_drop(long fd)
{
	struct lx_file *f = &files[fd_file[fd] - 1];
	fd_file[fd] = 0;
	fd_cloexec[fd] = 0;
	lx_file_put(f);
}

void lx_fdtab_exec(void)
{
	for (long fd = 0; fd < LX_NFD; fd++)
		if (fd_file[fd] && fd_cloexec[fd])
			fd_drop(fd);
}

long lx_close(ARGS)
{
	if (!lx_fd_get(a0))
		return -LX_EBADF;
	fd_drop(LX_FD(a0));
	return 0;
}

long lx_dup(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	return f ? lx_fd_install(f, 0, 0) : -LX_EBADF;
}

long lx_dup3(ARGS)
{
	long oldfd = LX_FD(a0), newfd = LX_FD(a1);
	if (a2 & ~(long)LX_O_CLOEXEC)
		return -LX_EINVAL;
	if (oldfd == newfd)
		return -LX_EINVAL;
	if (newfd >= LX_NFD)
		return -LX_EBADF;
	struct lx_file *f = lx_fd_get(oldfd);
	if (!f)
		return -LX_EBADF;
	f->refs++;   /* before newfd's file goes: it may be f */
	if (fd_file[newfd])
		fd_drop(newfd);
	fd_file[newfd] = (uint8_t)(f - files + 1);
	fd_cloexec[newfd] = a2 & LX_O_CLOEXEC ? FD_CLOEXEC : 0;
	return newfd;
}

long lx_fcntl(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	const uint32_t setfl = LX_O_APPEND | LX_O_NONBLOCK;
	if (!f)
		return -LX_EBADF;
	switch ((uint32_t)a1) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((uint64_t)a2 >= LX_NFD)
			return -LX_EINVAL;
		return lx_fd_install(f, a2, (uint32_t)a1 == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fd_cloexec[LX_FD(a0)];
	case F_SETFD:
		fd_cloexec[LX_FD(a0)] = a2 & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		if ((a2 ^ f->flags) & LX_O_DIRECT)
			return -LX_EINVAL;   /* no file here can do direct I/O */
		f->flags = (f->flags & ~setfl) | ((uint32_t)a2 & setfl);
		return 0;
	}
	return -LX_EINVAL;
}

#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451

long lx_ioctl(ARGS)
{
	struct lx_file *f = lx_fd_get(a0);
	uint64_t arg = (uint64_t)a2;
	int32_t on;
	long e;
	if (!f)
		return -LX_EBADF;
	switch ((uint32_t)a1) {   /* the calls every descriptor has */
	case FIOCLEX:
	case FIONCLEX:
		fd_cloexec[LX_FD(a0)] = (uint32_t)a1 == FIOCLEX ? FD_CLOEXEC : 0;
		return 0;
	case FIONBIO:
		if ((e = lx_copy_in(&on, arg, sizeof on)) < 0)
			return e;
		f->flags = on ? f->flags | LX_O_NONBLOCK : f->flags & ~(uint32_t)LX_O_NONBLOCK;
		return 0;
	}
	if (f->kind != LXK_CONSOLE)
		return -LX_ENOTTY;
	return lx_tty_ioctl(f, (uint32_t)a1, arg);   /* the terminal's (lx_tty.c) */
}

long lx_fd_to_fs(long fd)
{
	struct lx_file *f = lx_fd_get(fd);
	if (!f)
		return -LX_EBADF;
	return f->kind == LXK_FS ? f->fsfd : -LX_ENODEV;
}
