/* stdio.c - picolibc's stdin/stdout/stderr on the kernel console.
 * Output is line buffered: one system call per line (or per full buffer). */
#include <stdio.h>
#include "kcall.h"

static char outbuf[256];
static unsigned outlen;

static int con_flush(FILE *f)
{
	(void)f;
	if (outlen)
		k_console_write(outbuf, outlen);
	outlen = 0;
	return 0;
}

static int con_put(char c, FILE *f)
{
	outbuf[outlen++] = c;
	if (c == '\n' || outlen == sizeof outbuf)
		con_flush(f);
	return (unsigned char)c;
}

static int con_get(FILE *f)
{
	(void)f;
	return _FDEV_EOF;   /* no console input yet */
}

static FILE console = FDEV_SETUP_STREAM(con_put, con_get, con_flush, _FDEV_SETUP_RW);
FILE *const stdin = &console;
FILE *const stdout = &console;
FILE *const stderr = &console;
