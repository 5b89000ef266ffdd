/* timed_wait.c - NOTIFY_WAIT with a deadline: a deadline already past answers at once,
 * a future one wakes the waiter no earlier than it (KE_TIMEDOUT), a signal before it
 * wakes the waiter with the bits and disarms it, and while a thread waits a thread of
 * lower priority runs (a sleep is not a spin). QEMU virt's timer runs at 10 MHz. */
#include "qtest.h"
#include "kcall.h"

#define MS 10000UL   /* timer ticks */

static char spin_stack[8192] __attribute__((aligned(16)));
static char signal_stack[8192] __attribute__((aligned(16)));
static volatile unsigned long spins;
static long target, pause_n;

static uint64_t now(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* Priority 1, below us: counts for as long as it gets the CPU. */
static void spinner(void)
{
	for (;;)
		spins++;
}

/* Waits 5 ms on a notification of its own, then signals `target` with bit 0x4. */
static void signaler(void)
{
	k_notify_wait_until(pause_n, now() + 5 * MS);
	k_notify_signal(target, 0x4);
	k_thread_exit();
}

int main(void)
{
	long n = k_notify_create();
	target = n, pause_n = k_notify_create();
	QCHECK("created", n >= 0 && pause_n >= 0, "%ld %ld", n, pause_n);

	/* "At once": well before any timer would fire. (Not 5 ms: at 4 harts on a loaded host
	 * a hart may stand still for 50.) */
	uint64_t t0 = now();
	long r = k_notify_wait_until(n, t0 - 1);
	QCHECK("past_deadline_at_once", r == -KE_TIMEDOUT && now() - t0 < 100 * MS, "r %ld after %lu ticks", r,
	       (unsigned long)(now() - t0));
	k_notify_signal(n, 0x3);
	QCHECK("bits_before_deadline_past", k_notify_wait_until(n, 1) == 0x3, "bits lost");

	QCHECK("spinner_started", k_thread_start(HANDLE_SELF, (uint64_t)spinner, (uint64_t)(spin_stack + sizeof spin_stack),
	                                         0, 1, -1) == 0, "thread_start failed");
	t0 = now();
	unsigned long s0 = spins;
	r = k_notify_wait_until(n, t0 + 20 * MS);
	uint64_t waited = now() - t0;
	QCHECK("deadline_wakes", r == -KE_TIMEDOUT && waited >= 20 * MS && waited < 200 * MS, "r %ld after %lu ticks", r,
	       (unsigned long)waited);
	QCHECK("lower_priority_ran_meanwhile", spins > s0, "spins %lu -> %lu", s0, spins);

	QCHECK("signaler_started", k_thread_start(HANDLE_SELF, (uint64_t)signaler,
	                                          (uint64_t)(signal_stack + sizeof signal_stack), 0, 6, -1) == 0,
	       "thread_start failed");
	t0 = now();
	r = k_notify_wait_until(n, t0 + 1000 * MS);
	waited = now() - t0;
	QCHECK("signal_before_deadline", r == 0x4 && waited < 500 * MS, "r %ld after %lu ticks", r, (unsigned long)waited);
	t0 = now();
	r = k_notify_wait_until(n, t0 + 10 * MS);
	waited = now() - t0;
	QCHECK("next_wait_has_its_own_deadline", r == -KE_TIMEDOUT && waited >= 10 * MS && waited < 200 * MS,
	       "r %ld after %lu ticks", r, (unsigned long)waited);
	QCHECK("plain_wait_still_waits_for_bits", k_notify_signal(n, 0x8) == 0 && k_notify_wait(n) == 0x8, "bits lost");
	return qtest_done();
}
