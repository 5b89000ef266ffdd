/* fmt.c - the formatter behind kprintf and the servers' log output. */
#include "base/fmt.h"

struct out { char *buf; size_t n, len; };

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->n)
		o->buf[o->len++] = c;
}

static void put_num(struct out *o, unsigned long v, unsigned base, int neg, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		put(o, '-');
	for (int pad = width - n; pad > 0; pad--)
		put(o, '0');
	while (n)
		put(o, tmp[--n]);
}

size_t fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct out o = {buf, n, 0};
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		int width = 0, lng = 0;
		p++;
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		while (*p == 'l')
			lng = 1, p++;
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				put(&o, *s);
			break;
		}
		case 'c': put(&o, (char)va_arg(ap, int)); break;
		case 'd': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, v < 0, width);
			break;
		}
		case 'u': put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, 0, width); break;
		case 'x': put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, 0, width); break;
		case 'p': put(&o, '0'); put(&o, 'x');
			put_num(&o, (unsigned long)va_arg(ap, void *), 16, 0, 0); break;
		case '%': put(&o, '%'); break;
		case 0: p--; break;
		default: put(&o, '?'); break;
		}
	}
	if (n)
		buf[o.len] = 0;
	return o.len;
}

size_t fmt_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t len = fmt_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return len;
}
