/* irq.c - a device interrupt reaches a user-level driver as a notification: the
 * goldfish RTC of QEMU virt raises its alarm, the PLIC interrupt is claimed by the
 * kernel and signalled; the driver clears the device and acknowledges. Repeated, to show
 * the acknowledgement re-arms the source. */
#include "qtest.h"
#include "vmclient.h"

#define RTC_PA        0x101000UL   /* from the device tree of QEMU virt */
#define RTC_IRQ       11
#define TIME_LOW      0x00
#define TIME_HIGH     0x04
#define ALARM_LOW     0x08
#define ALARM_HIGH    0x0c
#define IRQ_ENABLED   0x10
#define CLEAR_INTR    0x1c

static volatile uint32_t *rtc;

static uint64_t rtc_now(void)
{
	uint64_t lo = rtc[TIME_LOW / 4];   /* reading the low half latches the high half */
	return (uint64_t)rtc[TIME_HIGH / 4] << 32 | lo;
}

int main(void)
{
	long va = vm_map_device(RTC_PA, 1);
	QCHECK("map_device", va > 0, "VM_MAP_DEVICE returned %ld", va);
	QCHECK("map_ram_refused", vm_map_device(0x80000000UL, 1) < 0, "RAM mapped as a device");
	if (va <= 0)
		return qtest_done();
	rtc = (volatile uint32_t *)va;
	long n = k_notify_create();
	QCHECK("irq_bind", vm_irq_bind(RTC_IRQ, n, 3) == 0, "bind failed");
	QCHECK("irq_bind_twice", vm_irq_bind(RTC_IRQ, n, 3) == -KE_BUSY, "bound twice");
	QCHECK("irq_bind_foreign", vm_irq_bind(1000, n, 3) == -KE_INVAL, "bound an irq no device has");
	QCHECK("ack_wrong_notification", k_irq_ack(k_notify_create(), RTC_IRQ) == -KE_PERM, "foreign ack");

	int got = 0;
	for (int i = 0; i < 3; i++) {
		uint64_t when = rtc_now() + 2000000;   /* 2 ms */
		rtc[IRQ_ENABLED / 4] = 1;
		rtc[ALARM_HIGH / 4] = (uint32_t)(when >> 32);
		rtc[ALARM_LOW / 4] = (uint32_t)when;
		long bits = k_notify_wait(n);
		uint64_t now = rtc_now();
		rtc[CLEAR_INTR / 4] = 1;
		long ack = k_irq_ack(n, RTC_IRQ);
		got += bits == (1L << 3) && now >= when && ack == 0;
	}
	QCHECK("alarm_interrupts_delivered", got == 3, "%d of 3 alarms arrived correctly", got);
	return qtest_done();
}
