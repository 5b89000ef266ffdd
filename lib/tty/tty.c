/* tty.c - the line discipline (see tty.h), after Linux 6.1's drivers/tty/n_tty.c: the
 * input is a ring of TTY_BUF bytes whose first `canon` bytes are complete lines (a bit
 * marks where each ends, another whether that end is an EOF, which is not data); the
 * line being edited follows them. */
#include "tty/tty.h"
#include "base/mem.h"

#define E_PERM 1
#define E_NOTTY 25
#define E_INVAL 22
#define T_IUTF8 0040000

static int lflag(const struct tty *t, uint32_t f) { return (t->tio.lflag & f) != 0; }
static int iflag(const struct tty *t, uint32_t f) { return (t->tio.iflag & f) != 0; }
static int oflag(const struct tty *t, uint32_t f) { return (t->tio.oflag & f) != 0; }
/* Is c the special character cc[i] (0 disables one, as Linux's _POSIX_VDISABLE)? */
static int is(const struct tty *t, uint8_t c, int i) { return c && c == t->tio.cc[i]; }
static int ctl(uint8_t c) { return c < 32 || c == 127; }
static uint32_t at(const struct tty *t, uint32_t i) { return (t->head + i) % TTY_BUF; }
static int bit(const uint8_t *m, uint32_t p) { return m[p / 8] >> (p % 8) & 1; }
static void set_bit(uint8_t *m, uint32_t p, int v)
{
	m[p / 8] = (uint8_t)((m[p / 8] & ~(1u << (p % 8))) | (unsigned)v << (p % 8));
}

static void flush(struct tty *t)
{
	if (t->olen && t->ops.out)
		t->ops.out(t->ops.ctx, t->obuf, t->olen);
	t->olen = 0;
}

static void emit(struct tty *t, uint8_t c)
{
	if (t->olen == sizeof t->obuf)
		flush(t);
	t->obuf[t->olen++] = c;
}

/* One byte of output as Linux's do_output_char: c_oflag's translations, the column kept
 * for erasing tabs. */
static void post(struct tty *t, uint8_t c)
{
	if (!oflag(t, T_OPOST)) {
		emit(t, c);
		return;
	}
	switch (c) {
	case '\n':
		if (oflag(t, T_ONLRET | T_ONLCR))
			t->col = 0;
		if (oflag(t, T_ONLCR))
			emit(t, '\r');
		break;
	case '\r':
		if (oflag(t, T_ONOCR) && t->col == 0)
			return;
		if (oflag(t, T_OCRNL)) {
			c = '\n';
			if (oflag(t, T_ONLRET))
				t->col = 0;
			break;
		}
		t->col = 0;
		break;
	case '\t':
		t->col = (t->col | 7) + 1;
		break;
	case '\b':
		if (t->col)
			t->col--;
		break;
	default:
		if (!ctl(c) && !(iflag(t, T_IUTF8) && (c & 0xc0) == 0x80))
			t->col++;
	}
	emit(t, c);
}

/* Echo c as Linux's echo_char: a control character (not a tab) as ^X with ECHOCTL. */
static void echo(struct tty *t, uint8_t c)
{
	if (lflag(t, T_ECHOCTL) && ctl(c) && c != '\t') {
		post(t, '^');
		post(t, c ^ 0100);
	} else {
		post(t, c);
	}
}

void tty_init(struct tty *t, const struct tty_ops *ops)
{
	static const struct tty_termios console = {
		0x500 /* ICRNL IXON */, T_OPOST | T_ONLCR, 0xcbd /* B9600 CS8 CREAD HUPCL CLOCAL */,
		T_ISIG | T_ICANON | T_ECHO | T_ECHOE | T_ECHOK | T_ECHOCTL | T_ECHOKE | T_IEXTEN, 0,
		{3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0}};
	memset(t, 0, sizeof *t);
	t->tio = console;
	t->ops = *ops;
}

static void store(struct tty *t, uint8_t c, int end, int eof)
{
	uint32_t p = at(t, t->len++);
	t->buf[p] = c;
	set_bit(t->end, p, end);
	set_bit(t->eof, p, eof);
	if (end)
		t->canon = t->len;
}

/* The column after echoing the edited line's bytes before index upto. */
static uint32_t line_col(const struct tty *t, uint32_t upto)
{
	uint32_t col = t->line_col;
	for (uint32_t i = t->canon; i < upto; i++) {
		uint8_t c = t->buf[at(t, i)];
		if (c == '\t')
			col = (col | 7) + 1;
		else if (ctl(c))
			col += lflag(t, T_ECHOCTL) ? 2 : 0;
		else if (!(iflag(t, T_IUTF8) && (c & 0xc0) == 0x80))
			col++;
	}
	return col;
}

enum { ERASE, WERASE, KILL };

/* ERASE, WERASE and KILL on the line being edited, echoed as Linux's eraser(). */
static void erase(struct tty *t, int kind)
{
	if (t->len == t->canon)
		return;
	if (kind == KILL && (!lflag(t, T_ECHO) || !lflag(t, T_ECHOK) || !lflag(t, T_ECHOKE) || !lflag(t, T_ECHOE))) {
		t->len = t->canon;
		if (lflag(t, T_ECHO)) {
			echo(t, t->tio.cc[VKILL]);
			if (lflag(t, T_ECHOK))
				post(t, '\n');
		}
		return;
	}
	int alnums = 0;
	while (t->len > t->canon) {
		uint8_t c = t->buf[at(t, t->len - 1)];
		if (kind == WERASE) {   /* spaces and punctuation, then a run of letters and digits */
			if ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c == '_')
				alnums++;
			else if (alnums)
				break;
		}
		uint32_t before = line_col(t, t->len - 1), width = t->col > before ? t->col - before : 0;
		t->len--;
		if (lflag(t, T_ECHO)) {
			if (kind == ERASE && !lflag(t, T_ECHOE))
				echo(t, t->tio.cc[VERASE]);
			else
				for (uint32_t i = 0; i < width; i++) {
					post(t, '\b');
					if (c != '\t') {
						post(t, ' ');
						post(t, '\b');
					}
				}
		}
		if (kind == ERASE)
			break;
	}
}

/* A signal character (ISIG): the input dropped unless NOFLSH, echoed, the signal sent. */
static void isig(struct tty *t, uint8_t c, int sig)
{
	if (!lflag(t, T_NOFLSH))
		tty_flush_input(t);
	if (lflag(t, T_ECHO))
		echo(t, c);
	flush(t);
	if (t->ops.sig && t->pgrp > 0)
		t->ops.sig(t->ops.ctx, t->pgrp, sig);
}

/* A byte of a canonical line (not special): stored and echoed. When only the room for a
 * line's end is left: 0 (wait for a read) if complete lines are there to be read, else
 * dropped, as Linux caps a line at 4095 bytes. */
static int canon_char(struct tty *t, uint8_t c)
{
	if (TTY_BUF - t->len < 2)
		return !t->canon;
	if (lflag(t, T_ECHO)) {
		if (t->len == t->canon)
			t->line_col = t->col;
		echo(t, c);
	}
	store(t, c, 0, 0);
	return 1;
}

/* Canonical mode: editing, line ends, literal next. 0 when a line end finds no room. */
static int canon_input(struct tty *t, uint8_t c)
{
	if (is(t, c, VERASE) || (c == '\b' && t->tio.cc[VERASE] == 127))
		erase(t, ERASE);   /* ^H erases too (the key some terminals send for backspace) */
	else if (is(t, c, VKILL))
		erase(t, KILL);
	else if (lflag(t, T_IEXTEN) && is(t, c, VWERASE))
		erase(t, WERASE);
	else if (lflag(t, T_IEXTEN) && is(t, c, VLNEXT)) {
		t->lnext = 1;
		if (lflag(t, T_ECHO) && lflag(t, T_ECHOCTL)) {
			post(t, '^');
			post(t, '\b');
		}
	} else if (c == '\n' || is(t, c, VEOL) || is(t, c, VEOF) || (lflag(t, T_IEXTEN) && is(t, c, VEOL2))) {
		if (t->len == TTY_BUF)
			return 0;
		int eof = is(t, c, VEOF);
		if (c == '\n' && lflag(t, T_ECHO | T_ECHONL))
			post(t, '\n');
		else if (!eof && lflag(t, T_ECHO))
			echo(t, c);
		store(t, c, 1, eof);
	} else {
		return canon_char(t, c);
	}
	return 1;
}

int tty_input(struct tty *t, uint8_t c)
{
	int r = 1;
	if (t->lnext) {   /* as typed, whatever it is */
		t->lnext = 0;
		if (lflag(t, T_ICANON) ? !canon_char(t, c) : t->len == TTY_BUF)
			t->lnext = 1, r = 0;   /* offered again */
		else if (!lflag(t, T_ICANON))
			store(t, c, 0, 0);
		flush(t);
		return r;
	}
	if (iflag(t, T_ISTRIP))
		c &= 0x7f;
	if (c == '\r') {
		if (iflag(t, T_IGNCR))
			return 1;
		if (iflag(t, T_ICRNL))
			c = '\n';
	} else if (c == '\n' && iflag(t, T_INLCR)) {
		c = '\r';
	}
	if (lflag(t, T_ISIG) && (is(t, c, VINTR) || is(t, c, VQUIT) || is(t, c, VSUSP))) {
		isig(t, c, is(t, c, VINTR) ? TTY_SIGINT : is(t, c, VQUIT) ? TTY_SIGQUIT : TTY_SIGTSTP);
		return 1;
	}
	if (iflag(t, T_IXON) && (is(t, c, VSTOP) || is(t, c, VSTART)))
		return 1;   /* flow control: taken (output is never held back here) */
	if (lflag(t, T_ICANON)) {
		r = canon_input(t, c);
	} else if (t->len == TTY_BUF) {
		r = 0;
	} else {
		if (lflag(t, T_ECHO))
			c == '\n' ? post(t, c) : echo(t, c);
		else if (c == '\n' && lflag(t, T_ECHONL))
			post(t, c);
		store(t, c, 0, 0);
	}
	flush(t);
	return r;
}

/* The first byte of the input is read (or dropped). */
static void consume(struct tty *t)
{
	uint32_t p = t->head;
	set_bit(t->end, p, 0);
	set_bit(t->eof, p, 0);
	t->head = (p + 1) % TTY_BUF;
	t->len--;
	if (t->canon)
		t->canon--;
}

long tty_read(struct tty *t, uint8_t *buf, size_t n, int expired, uint32_t *need, uint32_t *vtime_ds)
{
	size_t i = 0;
	*need = 1, *vtime_ds = 0;
	if (n == 0)
		return 0;
	if (lflag(t, T_ICANON)) {
		if (!t->canon)
			return TTY_WAIT;
		while (i < n && t->canon) {
			uint32_t p = t->head;
			int end = bit(t->end, p), eof = bit(t->eof, p);
			uint8_t c = t->buf[p];
			consume(t);
			if (eof)
				break;
			buf[i++] = c;
			if (end)
				break;
		}
		return (long)i;
	}
	uint32_t vmin = t->tio.cc[VMIN], vtime = t->tio.cc[VTIME];
	uint32_t want = vmin < n ? vmin : (uint32_t)n;
	if (t->len < (want ? want : 1) && !(expired && (t->len || !vmin)) && (vmin || vtime)) {
		*need = want ? want : 1;
		*vtime_ds = vmin && !t->len ? 0 : vtime;
		return TTY_WAIT;
	}
	while (i < n && t->len) {
		buf[i++] = t->buf[t->head];
		consume(t);
	}
	return (long)i;
}

int tty_readable(const struct tty *t, uint32_t need)
{
	if (lflag(t, T_ICANON))
		return t->canon != 0;
	if (!need)
		need = !t->tio.cc[VTIME] && t->tio.cc[VMIN] ? t->tio.cc[VMIN] : 1;
	return t->len >= need;
}

void tty_write(struct tty *t, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		post(t, s[i]);
	flush(t);
}

void tty_set_termios(struct tty *t, const struct tty_termios *tio, int flush_first)
{
	uint32_t old = t->tio.lflag;
	if (flush_first)
		tty_flush_input(t);
	t->tio = *tio;
	if (!((old ^ tio->lflag) & T_ICANON))
		return;
	memset(t->end, 0, sizeof t->end);
	memset(t->eof, 0, sizeof t->eof);
	t->lnext = 0;
	t->canon = 0;
	if (lflag(t, T_ICANON) && t->len) {   /* what was typed raw is one line now */
		set_bit(t->end, at(t, t->len - 1), 1);
		t->canon = t->len;
	}
}

void tty_flush_input(struct tty *t)
{
	memset(t->end, 0, sizeof t->end);
	memset(t->eof, 0, sizeof t->eof);
	t->head = t->len = t->canon = 0;
	t->lnext = 0;
}

uint32_t tty_inq(const struct tty *t)
{
	if (!lflag(t, T_ICANON))
		return t->len;
	uint32_t n = 0;
	for (uint32_t i = 0; i < t->canon; i++)
		n += !bit(t->eof, at(t, i));
	return n;
}

void tty_set_winsize(struct tty *t, const struct tty_winsize *ws)
{
	if (!memcmp(&t->ws, ws, sizeof *ws))
		return;
	t->ws = *ws;
	if (t->ops.sig && t->pgrp > 0)
		t->ops.sig(t->ops.ctx, t->pgrp, TTY_SIGWINCH);
}

long tty_set_ctty(struct tty *t, int64_t sid, int64_t pgid, int steal)
{
	if (t->sid == sid)
		return 0;
	if (t->sid && !steal)
		return -E_PERM;
	t->sid = sid;
	t->pgrp = pgid;
	return 0;
}

long tty_drop_ctty(struct tty *t, int64_t sid, int leader)
{
	if (!sid || t->sid != sid)
		return -E_NOTTY;
	if (!leader)
		return 0;
	int64_t pgrp = t->pgrp;
	t->sid = t->pgrp = 0;
	if (t->ops.sig && pgrp > 0) {
		t->ops.sig(t->ops.ctx, pgrp, TTY_SIGHUP);
		t->ops.sig(t->ops.ctx, pgrp, TTY_SIGCONT);
	}
	return 0;
}

long tty_get_pgrp(const struct tty *t, int64_t sid)
{
	return sid && t->sid == sid ? t->pgrp : -E_NOTTY;
}

long tty_get_sid(const struct tty *t, int64_t sid)
{
	return sid && t->sid == sid ? t->sid : -E_NOTTY;
}

long tty_set_pgrp(struct tty *t, int64_t sid, int64_t pgrp)
{
	if (!sid || t->sid != sid)
		return -E_NOTTY;
	if (pgrp < 0)
		return -E_INVAL;
	t->pgrp = pgrp;
	return 0;
}
