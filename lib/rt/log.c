/* log.c - format a line and write it to the kernel console in one system call. */
#include <stdarg.h>
#include "rt/log.h"
#include "base/fmt.h"
#include "kcall.h"

void log_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	size_t n = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	k_console_write(buf, n);
}
