/* lx_tty.c - the console as Linux programs see it: /dev/console and /dev/tty (kind
 * LXK_CONSOLE) are the FS server's terminal (servers/fs/console_tty.c), a descriptor
 * there opened on first use (FS_TTY_OPEN) and shared by fork's children as any other.
 * A read never waits in the FS server: FS_TTY_READ says what to wait for, and the wait
 * is an FS_POLL here, cut short by signals as a pipe's (Linux's -ERESTARTSYS); a VTIME
 * timer is kept by polling again every millisecond, as a finite ppoll. */
#include "linux/lx_file.h"
#include "linux/lx_thread.h"
#include "base/mem.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"
#undef PROTO_FILE
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

enum {
	TCGETS = 0x5401, TCSETS, TCSETSW, TCSETSF, TCFLSH = 0x540b, TIOCSCTTY = 0x540e, TIOCGPGRP,
	TIOCSPGRP, TIOCOUTQ, TIOCGWINSZ = 0x5413, TIOCSWINSZ, FIONREAD = 0x541b,
	TIOCNOTTY = 0x5422, TIOCGSID = 0x5429,
};
#define TERMIOS_BYTES 36
#define WINSIZE_BYTES 8

/* f's descriptor on the FS server's terminal, opened now if it has none: it, or -errno. */
static long tty_fd(struct lx_file *f)
{
	if (f->fsfd > 0)
		return f->fsfd;
	struct fs_tty_open_req q;
	struct fs_tty_open_rep r;
	long e = fs_tty_open_call(TH_FS_EP, &q, 0, 0, &r);
	if (e < 0)
		return e;
	return f->fsfd = r.fd;
}

long lx_tty_poll_fd(struct lx_file *f)
{
	return tty_fd(f);
}

/* Wait until the terminal has need bytes for a read (or a line), or the clock reaches
 * end (UINT64_MAX: never): 0, 1 when the time is up, or -LX_ERESTARTSYS for a signal. */
static long wait_input(long fd, uint32_t need, uint64_t end)
{
	int64_t rec[2] = {fd, POLLIN | (int64_t)need << 32};
	struct fs_poll_rep r;
	if (end == UINT64_MAX) {
		struct fs_poll_req q = {1, 1};
		lx_unlock();
		long e = fs_poll_call(TH_FS_EP, &q, rec, sizeof rec, &r);
		lx_lock();
		return e == -LX_EINTR && lx_signal_fetch() ? -LX_ERESTARTSYS : 0;
	}
	for (;;) {
		struct fs_poll_req q = {1, 0};
		if (fs_poll_call(TH_FS_EP, &q, rec, sizeof rec, &r) >= 0 && r.ready)
			return 0;
		uint64_t now = lx_now_ns();
		if (now >= end)
			return 1;
		if (lx_sleep_until(end - now > 1000000 ? now + 1000000 : end) < 0)
			return -LX_ERESTARTSYS;
	}
}

long lx_tty_read(struct lx_file *f, uint64_t buf, uint64_t n)
{
	long fd = tty_fd(f);
	if (fd < 0)
		return 0;   /* no terminal to read: end of file */
	if (n > IPC_BUF_MAX)
		n = IPC_BUF_MAX;
	uint64_t expired = 0;
	for (;;) {
		struct fs_tty_read_req q = {fd, n, expired};
		struct fs_tty_read_rep r;
		long e = fs_tty_read_call(TH_FS_EP, &q, 0, 0, &r);
		if (e < 0)
			return e;
		if (!r.need) {
			uint64_t got = r.count < n ? r.count : n;
			uint64_t put = lx_copy_out_part(buf, IPC_BUFFER, got);
			return put < got && !put ? -LX_EFAULT : (long)put;
		}
		if (f->flags & LX_O_NONBLOCK)
			return -LX_EAGAIN;
		uint64_t end = r.vtime ? lx_now_ns() + r.vtime * 100000000ull : UINT64_MAX;
		if ((e = wait_input(fd, (uint32_t)r.need, end)) < 0)
			return e;
		expired = e == 1;
	}
}

long lx_tty_write(struct lx_file *f, const void *buf, uint64_t n)
{
	long fd = tty_fd(f);
	if (fd < 0) {   /* no terminal: straight to the kernel's console */
		lx_console(buf, n);
		return (long)n;
	}
	struct fs_write_req q = {fd, -1, 0};
	struct fs_write_rep r;
	long e = fs_write_call(TH_FS_EP, &q, buf, n, &r);
	return e < 0 ? e : (long)r.count;
}

/* getsid(0) (session 1) or getpgid(0) (session 0): the id, or -errno. */
static long my_group(int session)
{
	struct vm_getpgid_req q = {0, (uint64_t)session};
	struct vm_getpgid_rep r;
	long e = vm_getpgid_call(TH_VM_EP, &q, 0, 0, &r);
	return e < 0 ? e : r.id;
}

long lx_tty_ioctl(struct lx_file *f, uint32_t cmd, uint64_t arg)
{
	long fd = tty_fd(f), e;
	if (fd < 0)
		return -LX_ENOTTY;
	struct fs_tty_ioctl_req q = {fd, cmd, (int64_t)arg, 0, 0, 0};
	struct fs_tty_ioctl_rep r;
	uint8_t in[TERMIOS_BYTES];
	size_t in_len = cmd == TCSETS || cmd == TCSETSW || cmd == TCSETSF ? TERMIOS_BYTES
	                : cmd == TIOCSWINSZ                               ? WINSIZE_BYTES : 0;
	if (in_len && lx_copy_in(in, arg, in_len) < 0)
		return -LX_EFAULT;
	if (cmd == TIOCSPGRP) {
		int32_t pgrp;
		if (lx_copy_in(&pgrp, arg, sizeof pgrp) < 0)
			return -LX_EFAULT;
		q.arg = pgrp;
	}
	if (cmd == TIOCGPGRP || cmd == TIOCSPGRP || cmd == TIOCGSID || cmd == TIOCSCTTY || cmd == TIOCNOTTY) {
		long sid = my_group(1), pgid = my_group(0);
		if (sid < 0 || pgid < 0)
			return sid < 0 ? sid : pgid;
		q.sid = sid, q.pgid = pgid, q.leader = sid == lx_pid();
	}
	if ((e = fs_tty_ioctl_call(TH_FS_EP, &q, in, in_len, &r)) < 0)
		return e;
	switch (cmd) {
	case TCGETS:
		return lx_copy_out(arg, IPC_BUFFER, TERMIOS_BYTES);
	case TIOCGWINSZ:
		return lx_copy_out(arg, IPC_BUFFER, WINSIZE_BYTES);
	case TIOCGPGRP:
	case TIOCGSID:
	case FIONREAD:
	case TIOCOUTQ: {
		int32_t v = (int32_t)r.value;
		return lx_copy_out(arg, &v, sizeof v);
	}
	}
	return 0;
}

void lx_tty_close(struct lx_file *f)
{
	if (f->fsfd <= 0)
		return;
	struct fs_close_req q = {f->fsfd};
	struct fs_close_rep r;
	fs_close_call(TH_FS_EP, &q, 0, 0, &r);
}
