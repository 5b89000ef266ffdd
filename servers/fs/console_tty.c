/* console_tty.c - the console terminal (see console_tty.h). The main thread alone
 * touches the terminal: the input thread only fills uart.c's ring and calls
 * FS_TTY_INPUT, whose handler moves bytes into the line discipline as long as it takes
 * them (the rest waits in the ring: back-pressure); every read makes room and moves
 * more. A read never waits here: FS_TTY_READ says what to wait for, and the client
 * waits with FS_POLL, which poll_changed() wakes. */
#include "console_tty.h"
#include "files.h"
#include "poll.h"
#include "uart.h"
#include "kcall.h"
#include "rt/log.h"
#include "tty/tty.h"
#include "abi/poll_bits.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define E_PERM 1
#define E_FAULT 14
#define E_NOTTY 25

enum {
	TCGETS = 0x5401, TCSETS, TCSETSW, TCSETSF, TCSBRK = 0x5409, TCXONC, TCFLSH,
	TIOCSCTTY = 0x540e, TIOCGPGRP, TIOCSPGRP, TIOCOUTQ, TIOCGWINSZ = 0x5413, TIOCSWINSZ,
	FIONREAD = 0x541b, TIOCNOTTY = 0x5422, TCSBRKP = 0x5425, TIOCGSID = 0x5429,
};

static struct tty tty;

/* lib/tty's output: to the console as the bytes are (the kernel adds nothing). */
static void out(void *ctx, const uint8_t *s, size_t n)
{
	(void)ctx;
	for (size_t done = 0; done < n;) {
		long w = k_console_write_raw(s + done, n - done);
		if (w <= 0)
			return;
		done += (size_t)w;
	}
}

/* lib/tty's signals: the VM server sends them to the group. */
static void sig(void *ctx, int64_t pgrp, int signo)
{
	(void)ctx;
	struct vm_tty_signal_req q = {pgrp, (uint64_t)signo};
	struct vm_tty_signal_rep r;
	vm_tty_signal_call(TH_VM_EP, &q, 0, 0, &r);
}

/* Move typed bytes into the line discipline while it takes them; readers may wake. */
static void feed(void)
{
	uint8_t c;
	int moved = 0;
	while (uart_peek(&c) && tty_input(&tty, c)) {
		uart_pop();
		moved = 1;
	}
	if (moved)
		poll_changed();
}

long console_tty_start(void)
{
	struct tty_ops ops = {out, sig, 0};
	tty_init(&tty, &ops);
	long e = uart_start();
	if (e < 0)
		log_printf("fs: console: no input (%ld)\n", e);
	else
		log_printf("fs: console: input from %s\n", uart_kind());
	return e;
}

static int is_tty(struct client *c, int64_t fd)
{
	struct open_file *f = files_any_fd(c, fd);
	return f && f->pipe == TTY_FILE;
}

long do_fs_tty_open(struct client *c, const struct fs_tty_open_req *q, struct fs_tty_open_rep *r)
{
	(void)q;
	struct open_file init = {.pipe = TTY_FILE, .flags = O_RDWR};
	long fd = files_install(c, &init);
	if (fd < 0)
		return fd;
	r->fd = fd;
	return 0;
}

long do_fs_tty_input(struct client *c, const struct fs_tty_input_req *q, struct fs_tty_input_rep *r)
{
	(void)q, (void)r;
	if (c->badge != UART_BADGE)
		return -E_PERM;
	feed();
	return 0;
}

long do_fs_tty_read(struct client *c, const struct fs_tty_read_req *q, struct fs_tty_read_rep *r)
{
	uint32_t need, vtime;
	if (!is_tty(c, q->fd))
		return -KE_BADF;
	size_t len = q->len < IPC_BUF_MAX ? q->len : IPC_BUF_MAX;
	long n = tty_read(&tty, (uint8_t *)__ipc_buffer, len, q->expired != 0, &need, &vtime);
	if (n == TTY_WAIT) {
		r->need = need, r->vtime = vtime;
		return 0;
	}
	feed();   /* the room the read made */
	r->count = (uint64_t)n;
	return n;
}

long console_tty_write(struct fs_write_rep *r)
{
	tty_write(&tty, (const uint8_t *)__ipc_buffer, request_bytes);
	r->count = request_bytes;
	return 0;
}

unsigned console_tty_events(uint64_t events)
{
	return POLLOUT | POLLWRNORM | (tty_readable(&tty, (uint32_t)(events >> 32) & 0xffff) ? POLLIN | POLLRDNORM : 0);
}

/* TIOCSPGRP: the group must have a process (Linux also wants it in the session). */
static long set_pgrp(const struct fs_tty_ioctl_req *q)
{
	if (q->arg <= 0)
		return q->arg < 0 ? -KE_INVAL : -E_PERM;
	if (tty_get_pgrp(&tty, q->sid) < 0)
		return -E_NOTTY;
	struct vm_tty_signal_req vq = {q->arg, 0};
	struct vm_tty_signal_rep vr;
	if (vm_tty_signal_call(TH_VM_EP, &vq, 0, 0, &vr) < 0)
		return -E_PERM;
	return tty_set_pgrp(&tty, q->sid, q->arg);
}

/* The commands that take a struct: 0 and its bytes in the reply buffer (r->value how
 * many), or with one in the request buffer, set; -ENOTTY for others. */
static long struct_ioctl(const struct fs_tty_ioctl_req *q, struct fs_tty_ioctl_rep *r)
{
	switch (q->cmd) {
	case TCGETS:
		memcpy(__ipc_buffer, &tty.tio, sizeof tty.tio);
		return (long)sizeof tty.tio;
	case TIOCGWINSZ:
		memcpy(__ipc_buffer, &tty.ws, sizeof tty.ws);
		return (long)sizeof tty.ws;
	case TCSETS:
	case TCSETSW:   /* output is never held back: drained at once */
	case TCSETSF: {
		struct tty_termios t;
		if (request_bytes < sizeof t)
			return -E_FAULT;
		memcpy(&t, __ipc_buffer, sizeof t);
		tty_set_termios(&tty, &t, q->cmd == TCSETSF);
		break;
	}
	case TIOCSWINSZ: {
		struct tty_winsize w;
		if (request_bytes < sizeof w)
			return -E_FAULT;
		memcpy(&w, __ipc_buffer, sizeof w);
		tty_set_winsize(&tty, &w);
		break;
	}
	default:
		return -E_NOTTY;
	}
	r->value = 0;
	feed();   /* a new mode may take what waits, or make it readable */
	poll_changed();
	return 0;
}

long do_fs_tty_ioctl(struct client *c, const struct fs_tty_ioctl_req *q, struct fs_tty_ioctl_rep *r)
{
	long v;
	if (!is_tty(c, q->fd))
		return -KE_BADF;
	switch (q->cmd) {
	case TIOCGPGRP: v = tty_get_pgrp(&tty, q->sid); break;
	case TIOCGSID: v = tty_get_sid(&tty, q->sid); break;
	case TIOCSPGRP: v = set_pgrp(q); break;
	case TIOCSCTTY: v = q->leader ? tty_set_ctty(&tty, q->sid, q->pgid, q->arg == 1) : -E_PERM; break;
	case TIOCNOTTY: v = tty_drop_ctty(&tty, q->sid, q->leader != 0); break;
	case FIONREAD: v = tty_inq(&tty); break;
	case TIOCOUTQ: case TCSBRK: case TCSBRKP: v = 0; break;
	case TCXONC: v = (uint64_t)q->arg <= 3 ? 0 : -KE_INVAL; break;
	case TCFLSH:
		if ((uint64_t)q->arg > 2)
			return -KE_INVAL;
		if (q->arg != 1)
			tty_flush_input(&tty);
		feed();
		v = 0;
		break;
	default:
		return struct_ioctl(q, r);
	}
	if (v < 0)
		return v;
	r->value = v;
	return 0;
}
