/* test_tty.c - lib/tty, the line discipline: editing keys and their echo, canonical and
 * raw reads with VMIN/VTIME, the signals the special characters make, a 64 KiB paste,
 * and back-pressure when the buffer is full. The expected echoes are what Linux 6.1's
 * n_tty writes for the same keys on a serial console with its default settings. */
#include "check.h"
#include "tty/tty.h"

static char out[1 << 18];
static size_t outlen;
static int sigs[16], nsigs;
static int64_t sigpgrp;

static void put(void *ctx, const uint8_t *s, size_t n)
{
	(void)ctx;
	if (outlen + n <= sizeof out)
		memcpy(out + outlen, s, n);
	outlen += n;
}

static void sig(void *ctx, int64_t pgrp, int s)
{
	(void)ctx;
	sigpgrp = pgrp;
	if (nsigs < 16)
		sigs[nsigs++] = s;
}

static struct tty tt, *t = &tt;

static void fresh(void)
{
	struct tty_ops ops = {put, sig, 0};
	tty_init(t, &ops);
	outlen = 0, nsigs = 0, sigpgrp = 0;
}

/* Type the string s: how many bytes were taken. */
static size_t type(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && tty_input(t, (uint8_t)s[i]))
		i++;
	return i;
}
#define TYPE(s) type(s, sizeof(s) - 1)

static int echoed(const char *s)
{
	return outlen == strlen(s) && !memcmp(out, s, outlen);
}

static long rd(char *buf, size_t n)
{
	uint32_t need, vt;
	return tty_read(t, (uint8_t *)buf, n, 0, &need, &vt);
}

TEST(canonical_line_echo_and_crnl)
{
	char b[64];
	fresh();
	CHECK_EQ(TYPE("ls -l"), 5);
	CHECK(echoed("ls -l"));
	CHECK_EQ(rd(b, sizeof b), TTY_WAIT);   /* no line yet */
	CHECK(!tty_readable(t, 0));
	TYPE("\r");                            /* ICRNL: Enter is a newline, echoed CR LF */
	CHECK(echoed("ls -l\r\n"));
	CHECK(tty_readable(t, 0));
	CHECK_EQ(tty_inq(t), 6);
	CHECK_EQ(rd(b, sizeof b), 6);
	CHECK(!memcmp(b, "ls -l\n", 6));
	CHECK_EQ(rd(b, sizeof b), TTY_WAIT);
}

TEST(erase_kill_werase)
{
	char b[64];
	fresh();
	TYPE("abc\x7f");   /* ^? */
	CHECK(echoed("abc\b \b"));
	TYPE("\b");        /* ^H erases too */
	outlen = 0;
	TYPE("x\x01");     /* a control character echoes as ^A and erases as two */
	CHECK(echoed("x^A"));
	outlen = 0;
	TYPE("\x7f");
	CHECK(echoed("\b \b\b \b"));
	TYPE("\n");
	CHECK_EQ(rd(b, sizeof b), 3);
	CHECK(!memcmp(b, "ax\n", 3));
	fresh();
	TYPE("echo foo-bar  \x17");   /* ^W: the spaces and "bar", not "-" */
	TYPE("\n");
	CHECK_EQ(rd(b, sizeof b), 10);
	CHECK(!memcmp(b, "echo foo-\n", 10));
	fresh();
	TYPE("junk\x15");   /* ^U: the whole line, erased on the screen (ECHOKE) */
	CHECK(echoed("junk\b \b\b \b\b \b\b \b"));
	TYPE("ok\n");
	CHECK_EQ(rd(b, sizeof b), 3);
	CHECK(!memcmp(b, "ok\n", 3));
	TYPE("\x7f\x15");   /* erasing an empty line does nothing */
	CHECK_EQ(rd(b, sizeof b), TTY_WAIT);
}

TEST(erase_tab_moves_back_to_its_column)
{
	char b[8];
	fresh();
	TYPE("ab\t");
	outlen = 0;
	TYPE("\x7f");
	CHECK(echoed("\b\b\b\b\b\b"));   /* from column 8 back to 2 */
	TYPE("\n");
	CHECK_EQ(rd(b, sizeof b), 3);
}

TEST(eof_on_empty_line_and_after_text)
{
	char b[64];
	fresh();
	TYPE("abc\x04");   /* ^D ends the line without a newline, and is not echoed */
	CHECK(echoed("abc"));
	CHECK_EQ(tty_inq(t), 3);
	CHECK_EQ(rd(b, sizeof b), 3);
	CHECK(!memcmp(b, "abc", 3));
	TYPE("\x04");
	CHECK_EQ(rd(b, sizeof b), 0);   /* end of file */
	CHECK_EQ(rd(b, sizeof b), TTY_WAIT);
}

TEST(short_reads_take_a_line_in_pieces)
{
	char b[8];
	fresh();
	TYPE("hello\nworld\n");
	CHECK_EQ(rd(b, 3), 3);
	CHECK(!memcmp(b, "hel", 3));
	CHECK_EQ(rd(b, 8), 3);   /* the rest of the first line only */
	CHECK(!memcmp(b, "lo\n", 3));
	CHECK_EQ(rd(b, 8), 6);
	CHECK(!memcmp(b, "world\n", 6));
}

TEST(literal_next)
{
	char b[8];
	fresh();
	TYPE("\x16\x03\x16\x7f\n");   /* ^V^C and ^V^? are data */
	CHECK_EQ(nsigs, 0);
	CHECK_EQ(rd(b, sizeof b), 3);
	CHECK(b[0] == 3 && b[1] == 127 && b[2] == '\n');
}

TEST(signals_go_to_the_foreground_group)
{
	char b[8];
	fresh();
	TYPE("\x03");
	CHECK_EQ(nsigs, 0);   /* no session: nobody to signal */
	CHECK_EQ(tty_set_ctty(t, 7, 9, 0), 0);
	CHECK_EQ(tty_get_pgrp(t, 7), 9);
	CHECK_EQ(tty_get_pgrp(t, 8), -25);
	CHECK_EQ(tty_set_pgrp(t, 7, 12), 0);
	CHECK_EQ(tty_set_pgrp(t, 7, -1), -22);
	CHECK_EQ(tty_set_pgrp(t, 8, 12), -25);
	CHECK_EQ(tty_set_ctty(t, 8, 8, 0), -1);   /* another session has it */
	outlen = 0;
	TYPE("half a line\x03");
	CHECK(nsigs == 1 && sigs[0] == TTY_SIGINT && sigpgrp == 12);
	CHECK(echoed("half a line^C"));
	TYPE("\n");
	CHECK_EQ(rd(b, sizeof b), 1);   /* the half line was dropped */
	TYPE("\x1c\x1a");
	CHECK(nsigs == 3 && sigs[1] == TTY_SIGQUIT && sigs[2] == TTY_SIGTSTP);
	struct tty_termios tio = t->tio;
	tio.lflag &= ~(uint32_t)T_ISIG;
	tty_set_termios(t, &tio, 0);
	TYPE("\x03\n");
	CHECK_EQ(nsigs, 3);
	CHECK_EQ(rd(b, sizeof b), 2);
	struct tty_winsize ws = {24, 80, 0, 0};
	tty_set_winsize(t, &ws);
	CHECK(nsigs == 4 && sigs[3] == TTY_SIGWINCH);
	tty_set_winsize(t, &ws);
	CHECK_EQ(nsigs, 4);   /* no change, no signal */
	CHECK_EQ(tty_drop_ctty(t, 8, 1), -25);
	CHECK_EQ(tty_drop_ctty(t, 7, 1), 0);
	CHECK(nsigs == 6 && sigs[4] == TTY_SIGHUP && sigs[5] == TTY_SIGCONT);
	CHECK_EQ(tty_get_pgrp(t, 7), -25);
}

static void set_raw(int vmin, int vtime, int echo)
{
	struct tty_termios tio = t->tio;
	tio.lflag &= ~(uint32_t)(T_ICANON | (echo ? 0 : T_ECHO));
	tio.cc[VMIN] = (uint8_t)vmin, tio.cc[VTIME] = (uint8_t)vtime;
	tty_set_termios(t, &tio, 0);
}

TEST(raw_reads_vmin_vtime)
{
	char b[16];
	uint32_t need, vt;
	fresh();
	set_raw(1, 0, 0);
	CHECK_EQ(tty_read(t, (uint8_t *)b, 16, 0, &need, &vt), TTY_WAIT);
	CHECK(need == 1 && vt == 0);
	TYPE("\x7f\x15q");   /* no editing: every byte is data, nothing echoed */
	CHECK_EQ(outlen, 0);
	CHECK_EQ(rd(b, 1), 1);
	CHECK_EQ(b[0], 127);
	CHECK_EQ(rd(b, 16), 2);
	set_raw(4, 0, 0);   /* VMIN 4: wait for 4, but a read of 2 needs 2 */
	TYPE("ab");
	CHECK_EQ(tty_read(t, (uint8_t *)b, 16, 0, &need, &vt), TTY_WAIT);
	CHECK_EQ(need, 4);
	CHECK(!tty_readable(t, 0) && tty_readable(t, 2));
	CHECK_EQ(rd(b, 2), 2);
	set_raw(0, 0, 0);   /* polling read: 0 at once */
	CHECK_EQ(rd(b, 16), 0);
	set_raw(0, 5, 0);   /* a timer: wait 0.5 s for a byte, then 0 */
	CHECK_EQ(tty_read(t, (uint8_t *)b, 16, 0, &need, &vt), TTY_WAIT);
	CHECK_EQ(vt, 5);
	CHECK_EQ(tty_read(t, (uint8_t *)b, 16, 1, &need, &vt), 0);
	set_raw(3, 2, 0);   /* VMIN 3 VTIME 2: no timer before the first byte, then one */
	CHECK_EQ(tty_read(t, (uint8_t *)b, 16, 0, &need, &vt), TTY_WAIT);
	CHECK_EQ(vt, 0);
	TYPE("x");
	CHECK_EQ(tty_read(t, (uint8_t *)b, 16, 0, &need, &vt), TTY_WAIT);
	CHECK(vt == 2 && need == 3);
	CHECK_EQ(tty_read(t, (uint8_t *)b, 16, 1, &need, &vt), 1);
}

TEST(raw_with_echo_and_back_to_canonical)
{
	char b[16];
	fresh();
	set_raw(1, 0, 1);
	TYPE("a\x01\r");   /* ICRNL still applies; echo is on */
	CHECK(echoed("a^A\r\n"));
	CHECK_EQ(tty_inq(t), 3);
	TYPE("bc");
	struct tty_termios tio = t->tio;
	tio.lflag |= T_ICANON;
	tty_set_termios(t, &tio, 0);   /* what was typed becomes one line */
	CHECK_EQ(rd(b, sizeof b), 5);
	TYPE("zz");
	tty_set_termios(t, &tio, 1);   /* TCSETSF: dropped */
	CHECK_EQ(tty_inq(t), 0);
	TYPE("\n");
	CHECK_EQ(rd(b, sizeof b), 1);
}

TEST(output_post_processing)
{
	fresh();
	tty_write(t, (const uint8_t *)"a\nb\tc", 5);
	CHECK(echoed("a\r\nb\tc"));
	CHECK_EQ(t->col, 9);
	struct tty_termios tio = t->tio;
	tio.oflag &= ~(uint32_t)T_OPOST;
	tty_set_termios(t, &tio, 0);
	outlen = 0;
	tty_write(t, (const uint8_t *)"a\nb", 3);
	CHECK(echoed("a\nb"));
	tio.oflag = T_OPOST | T_OCRNL;
	tty_set_termios(t, &tio, 0);
	outlen = 0;
	tty_write(t, (const uint8_t *)"\r\n", 2);
	CHECK(echoed("\n\n"));
}

/* A 64 KiB paste of numbered lines while a reader reads: every byte arrives in order. */
TEST(paste_64k_in_order)
{
	static char in[65536], got[65536 + 4096];
	size_t n = 0, fed = 0, have = 0;
	fresh();
	for (int i = 0; n + 16 < sizeof in; i++)
		n += (size_t)snprintf(in + n, sizeof in - n, "line %08d\n", i);
	while (have < n) {
		fed += type(in + fed, n - fed);   /* as much as fits */
		long r = rd(got + have, 1000);
		CHECK(r > 0);
		have += (size_t)r;
	}
	CHECK_EQ(have, n);
	CHECK(!memcmp(got, in, n));
	CHECK_EQ(outlen, n + n / 14);   /* each line echoed, its newline as CR LF */
}

TEST(full_buffer_pushes_back)
{
	char b[TTY_BUF];
	fresh();
	set_raw(1, 0, 0);
	static char junk[TTY_BUF + 100];
	memset(junk, 'x', sizeof junk);
	CHECK_EQ(type(junk, sizeof junk), TTY_BUF);   /* the rest stays with the driver */
	CHECK(!tty_input(t, 'y'));
	CHECK_EQ(rd(b, 10), 10);
	CHECK_EQ(type(junk, sizeof junk), 10);
	/* canonical: a line longer than the buffer is cut, its newline still fits */
	fresh();
	CHECK_EQ(type(junk, sizeof junk), sizeof junk);
	CHECK(tty_input(t, '\n'));
	CHECK_EQ(rd(b, sizeof b), TTY_BUF);
	CHECK_EQ(b[TTY_BUF - 1], '\n');
	/* full of complete lines: the next line's end waits */
	fresh();
	for (int i = 0; i < TTY_BUF / 2; i++)
		CHECK_EQ(TYPE("a\n"), 2);
	CHECK(!tty_input(t, '\n'));
	CHECK(tty_input(t, '\x03') == 1);   /* a signal character is still taken */
}

CHECK_MAIN()
