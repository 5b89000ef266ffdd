/* sleeplock.c - where a server's lock waiters sleep (sleeplock.h): a notification per
 * thread, found by the thread's id in tp. */
#include "rt/sleeplock.h"

static long wake[SL_THREADS] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

long sl_thread_init(unsigned id)
{
	if (id >= SL_THREADS)
		return -KE_INVAL;
	__asm__ volatile("mv tp, %0" : : "r"((unsigned long)id));
	if (wake[id] < 0)
		wake[id] = k_notify_create();
	return wake[id] < 0 ? wake[id] : 0;
}

void sl_sleep(uint32_t *sleepers)
{
	(void)sleepers;
	unsigned id = sl_self();
	if (id < SL_THREADS && wake[id] >= 0)
		k_notify_wait(wake[id]);   /* (a signal sent since the last wait returns at once) */
	else
		k_yield();
}

void sl_wake(uint32_t *sleepers)
{
	uint32_t s = __atomic_load_n(sleepers, __ATOMIC_SEQ_CST);
	for (unsigned id = 0; s; id++, s >>= 1)
		if ((s & 1) && id < SL_THREADS && wake[id] >= 0)
			k_notify_signal(wake[id], 1);
}
