/* clock.h - the time of day for file time stamps: the goldfish RTC when the platform has
 * one (its counter is in nanoseconds since 1970), else 0. */
#ifndef FS_CLOCK_H
#define FS_CLOCK_H
#include <stdint.h>

/* Read the RTC mapped at rtc (NULL: none) from now on. */
void clock_use(volatile uint32_t *rtc);
uint64_t clock_ns(void);
#endif
