/* clock.c - the time of day (see clock.h). */
#include "clock.h"

static volatile uint32_t *the_rtc;

void clock_use(volatile uint32_t *rtc)
{
	the_rtc = rtc;
}

uint64_t clock_ns(void)
{
	if (!the_rtc)
		return 0;
	uint64_t lo = the_rtc[0];   /* reading the low half latches the high half */
	return (uint64_t)the_rtc[1] << 32 | lo;
}
