/* console.h - kernel console output. */
#ifndef CONSOLE_H
#define CONSOLE_H
#include <stddef.h>
#include <stdint.h>

struct dt_platform;
/* Pick the console: SBI DBCN if present, else legacy SBI putchar, else the UART. */
void console_init(const struct dt_platform *plat);
/* Write to the UART directly even when the firmware offers a console (boot argument
 * console=uart); -1 if the device tree names no UART we drive. */
int console_use_uart(void);
const char *console_kind(void);
/* Write n bytes, each "\n" as "\r\n"; or as they are. */
void console_write(const char *s, size_t n);
void console_write_raw(const char *s, size_t n);
size_t console_read(uint64_t *bytes);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
