/* fmt.h - a small printf-style formatter for freestanding code. */
#ifndef BASE_FMT_H
#define BASE_FMT_H
#include <stdarg.h>
#include <stddef.h>

/* Format into buf (always NUL-terminated when n > 0); returns the length written.
 * Supports %s %c %d %u %x %p, the l and ll modifiers and a zero-padded width (%016lx). */
size_t fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
size_t fmt_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
