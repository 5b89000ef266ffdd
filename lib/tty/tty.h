/* tty.h - a terminal line discipline with Linux's n_tty semantics, without hardware.
 *
 * Bytes typed go in with tty_input (one at a time, in order); what a program reads comes
 * out of tty_read; what it writes goes through tty_write. Echo and written output leave
 * through ops.out, the signals the special characters make through ops.sig. The state
 * is the kernel's struct termios (Linux's layout, TCGETS/TCSETS), the window size, the
 * session the terminal controls and its foreground process group. Pure: no system
 * calls, built for the FS server (servers/fs/console_tty.c) and the host tests
 * (tests/host/test_tty.c). Errors are negative Linux errno values. */
#ifndef TTY_TTY_H
#define TTY_TTY_H
#include <stddef.h>
#include <stdint.h>

#define TTY_BUF 4096    /* the input buffer, as Linux's N_TTY_BUF_SIZE */
#define TTY_WAIT (-11)  /* tty_read: nothing to return yet (EAGAIN): wait and ask again */

/* The kernel's struct termios (not glibc's): 36 bytes. */
struct tty_termios {
	uint32_t iflag, oflag, cflag, lflag;
	uint8_t line, cc[19];
};
struct tty_winsize { uint16_t row, col, xpixel, ypixel; };

/* c_cc indices and flag bits, Linux's values (asm-generic/termbits.h). */
enum { VINTR, VQUIT, VERASE, VKILL, VEOF, VTIME, VMIN, VSWTC, VSTART, VSTOP, VSUSP, VEOL,
       VREPRINT, VDISCARD, VWERASE, VLNEXT, VEOL2 };
#define T_IGNCR  0000200
#define T_ICRNL  0000400
#define T_INLCR  0000100
#define T_ISTRIP 0000040
#define T_IXON   0002000
#define T_OPOST  0000001
#define T_ONLCR  0000004
#define T_OCRNL  0000010
#define T_ONOCR  0000020
#define T_ONLRET 0000040
#define T_ISIG   0000001
#define T_ICANON 0000002
#define T_ECHO   0000010
#define T_ECHOE  0000020
#define T_ECHOK  0000040
#define T_ECHONL 0000100
#define T_NOFLSH 0000200
#define T_ECHOCTL 0001000
#define T_ECHOKE 0004000
#define T_IEXTEN 0100000

#define TTY_SIGINT 2
#define TTY_SIGQUIT 3
#define TTY_SIGTSTP 20
#define TTY_SIGWINCH 28
#define TTY_SIGHUP 1
#define TTY_SIGCONT 18

struct tty_ops {
	void (*out)(void *ctx, const uint8_t *s, size_t n);   /* bytes for the terminal */
	void (*sig)(void *ctx, int64_t pgrp, int sig);         /* sig for process group pgrp */
	void *ctx;
};

struct tty {
	struct tty_termios tio;
	struct tty_winsize ws;
	struct tty_ops ops;
	int64_t sid, pgrp;           /* the session it controls and its foreground group; 0: none */
	uint32_t head, len;          /* the input: buf[head ..] for len bytes, wrapping */
	uint32_t canon;              /* of them, the first canon bytes are complete lines */
	uint32_t col, line_col;      /* the output column, and where the line being edited began */
	uint8_t lnext;               /* the next byte is taken literally (^V) */
	uint16_t olen;               /* output gathered in obuf, given to ops.out in one go */
	uint8_t obuf[256];
	uint8_t buf[TTY_BUF];
	uint8_t end[TTY_BUF / 8];    /* bit per position: a line ends there */
	uint8_t eof[TTY_BUF / 8];    /* bit per position: that end is an EOF (^D), not data */
};

/* A terminal as Linux's serial console starts (canonical, echo, ICRNL, OPOST ONLCR, ISIG,
 * 9600 8N1), no session, the window size 0 x 0. */
void tty_init(struct tty *t, const struct tty_ops *ops);
/* One byte typed: 1 when taken (stored, acted on, or dropped as Linux drops it), 0 when
 * the buffer has no room: keep it and offer it again after a read (back-pressure). */
int tty_input(struct tty *t, uint8_t c);
/* A read of up to n bytes into buf: the count, 0 at end of file (^D on an empty line) or
 * when a VTIME timer ran out (expired), or TTY_WAIT with *need the bytes to wait for
 * (tty_readable's) and *vtime_ds the timer to wait with (tenths of a second, 0: none). */
long tty_read(struct tty *t, uint8_t *buf, size_t n, int expired, uint32_t *need, uint32_t *vtime_ds);
/* Would a read return now? need 0: poll's rule (a line; or VMIN bytes when VTIME is 0,
 * else one), else at least need bytes (non-canonical) or a line. */
int tty_readable(const struct tty *t, uint32_t need);
/* A program's output, post-processed as c_oflag says. */
void tty_write(struct tty *t, const uint8_t *s, size_t n);
/* TCSETS (TCSETSF: flush the input first). Switching ICANON on makes what is buffered
 * a complete line, off makes every byte readable, as Linux's n_tty_set_termios. */
void tty_set_termios(struct tty *t, const struct tty_termios *tio, int flush);
/* TCFLSH's input queue: everything typed and not read is dropped. */
void tty_flush_input(struct tty *t);
/* FIONREAD: the bytes a read could return (canonical: of complete lines, EOFs not counted). */
uint32_t tty_inq(const struct tty *t);
/* TIOCSWINSZ: a change sends SIGWINCH to the foreground group. */
void tty_set_winsize(struct tty *t, const struct tty_winsize *ws);
/* TIOCSCTTY from session leader sid whose group is pgid: 0, or -EPERM when another
 * session has it and steal (root's arg 1) is not given. */
long tty_set_ctty(struct tty *t, int64_t sid, int64_t pgid, int steal);
/* TIOCNOTTY from a process of session sid: 0 or -ENOTTY. Its session leader gives the
 * terminal up, and the foreground group gets SIGHUP and SIGCONT, as on Linux. */
long tty_drop_ctty(struct tty *t, int64_t sid, int leader);
/* TIOCGPGRP, TIOCGSID from a process of session sid: the group or session, or -ENOTTY
 * when this is not that session's terminal. */
long tty_get_pgrp(const struct tty *t, int64_t sid);
long tty_get_sid(const struct tty *t, int64_t sid);
/* TIOCSPGRP (whether pgrp exists is the caller's to check): 0, -EINVAL (negative),
 * -ENOTTY (not the caller's terminal). */
long tty_set_pgrp(struct tty *t, int64_t sid, int64_t pgrp);
#endif
