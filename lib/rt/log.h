/* rt/log.h - console output for the freestanding servers. */
#ifndef RT_LOG_H
#define RT_LOG_H
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
