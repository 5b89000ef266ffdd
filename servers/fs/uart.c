/* uart.c - console input (see uart.h). The ring has one writer (the thread: tail) and
 * one reader (the main thread: head); each index is written by its side alone, in
 * order, so one hart needs no lock. The thread sleeps on one notification: bit 0 the
 * UART's interrupt, bit 1 "room was made" from the main thread, or a deadline when it
 * polls the firmware. Each time bytes came in it calls the FS endpoint (FS_TTY_INPUT,
 * badge UART_BADGE), so that the main thread, which owns the terminal, takes them. */
#include "uart.h"
#include "kcall.h"
#include "abi/bootinfo.h"
#include "rt/thread_entry.h"
#include "proto/vm_msgs.h"
#include "proto/fs_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define RING 65536                /* a power of two: a 64 KiB paste fits */
#define STACK 4096
#define PRIO 10                   /* the FS server's own */
#define IRQ_MASK 1                /* bit 0: the interrupt (VM_IRQ_BIND's bit 0) */
#define ROOM_BIT 2
#define POLL_TICKS (1u << 17)     /* the firmware's console: 13 ms at QEMU's 10 MHz timer */

enum { RBR = 0, IER = 1, IIR = 2, MCR = 4, LSR = 5, USR = 31 };   /* 8250 registers */
#define IER_RX 0x01
#define LSR_DR 0x01
#define MCR_OUT2 0x08
#define IIR_BUSY 0x07             /* DesignWare: LCR written while busy; read USR */
/* SiFive's UART (QEMU sifive_u, the FU540/FU740): 32-bit registers at byte offsets. */
enum { SIFIVE_RXDATA = 4, SIFIVE_RXCTRL = 12, SIFIVE_IE = 16, SIFIVE_END = 28 };
#define SIFIVE_EMPTY   0x80000000u  /* rxdata: nothing was there */
#define SIFIVE_RXEN    1            /* rxctrl: receive, watermark 0 (an interrupt for any byte) */
#define SIFIVE_IE_RXWM 2            /* ie: the receive watermark interrupt */

static uint8_t ring[RING];
static volatile uint32_t head, tail;
static volatile uint32_t stalled;  /* the thread waits for room */
static long notif = -1, ep = -1;
static uint64_t irq;
static volatile uint8_t *regs;     /* 0: no UART, the firmware's console */
static unsigned shift, width;
static int sifive;                 /* SiFive's registers, not 8250's */
static uint8_t stack[STACK] __attribute__((aligned(16)));

static uint32_t rd(int r)
{
	volatile uint8_t *p = regs + ((unsigned)r << shift);
	return width == 4 ? *(volatile uint32_t *)p : *p;
}

static void wr(int r, uint32_t v)
{
	volatile uint8_t *p = regs + ((unsigned)r << shift);
	if (width == 4)
		*(volatile uint32_t *)p = v;
	else
		*p = (uint8_t)v;
}

static uint32_t rd32(unsigned off) { return *(volatile uint32_t *)(regs + off); }
static void wr32(unsigned off, uint32_t v) { *(volatile uint32_t *)(regs + off) = v; }

/* The receive interrupt on (or off, while the ring is full). */
static void rx_interrupt(int on)
{
	if (sifive)
		wr32(SIFIVE_IE, on ? SIFIVE_IE_RXWM : 0);
	else
		wr(IER, on ? IER_RX : 0);
}

static uint32_t room(void)
{
	return RING - (tail - __atomic_load_n(&head, __ATOMIC_ACQUIRE));
}

/* The room a drain needs: a byte from the UART, up to 8 from the firmware. */
static uint32_t need(void)
{
	return regs ? 1 : 8;
}

static void put(uint8_t c)
{
	ring[tail % RING] = c;
	__atomic_store_n(&tail, tail + 1, __ATOMIC_RELEASE);
}

/* Take what the UART holds, as long as there is room: how many. With no room the
 * receive interrupt is masked, so the FIFO fills and the sender is held back. */
static uint32_t drain_uart(void)
{
	uint32_t n = 0;
	if (sifive) {   /* a read of rxdata takes the byte: only with room for it */
		for (uint32_t v; room() && !((v = rd32(SIFIVE_RXDATA)) & SIFIVE_EMPTY); n++)
			put((uint8_t)v);
		if (!room()) {
			stalled = 1;
			rx_interrupt(0);
		}
		return n;
	}
	if ((rd(IIR) & 0x0f) == IIR_BUSY)
		(void)rd(USR);
	while (rd(LSR) & LSR_DR) {
		if (!room()) {
			stalled = 1;
			rx_interrupt(0);
			break;
		}
		put((uint8_t)rd(RBR));
		n++;
	}
	return n;
}

/* Take what the firmware's console holds, as long as there is room: how many. */
static uint32_t drain_firmware(void)
{
	uint32_t n = 0;
	uint64_t bytes;
	long got;
	while (!(stalled = room() < 8) && (got = k_console_read(&bytes)) > 0)
		for (long i = 0; i < got; i++, n++)
			put((uint8_t)(bytes >> (8 * i)));
	return n;
}

static uint64_t now(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* Room was made after a stall: take bytes again. */
static void resume(void)
{
	stalled = 0;
	if (regs)
		rx_interrupt(1);
}

static __attribute__((noreturn, used)) void thread_main(void)
{
	int claimed = 0;   /* an interrupt delivered and not yet completed (IRQ_ACK) */
	for (;;) {
		uint32_t n = regs ? drain_uart() : drain_firmware();
		if (n) {
			struct msg m = {IPC_TAG(FS_TTY_INPUT, 0, 0), {0}};
			k_call(ep, &m);   /* the main thread takes them now */
		}
		if (stalled && room() >= need()) {   /* made while we looked */
			resume();
			continue;
		}
		if (claimed && !stalled) {
			k_irq_ack(notif, irq);
			claimed = 0;
		}
		long bits = regs || stalled ? k_notify_wait(notif) : k_notify_wait_until(notif, now() + POLL_TICKS);
		if (bits > 0 && (bits & IRQ_MASK))
			claimed = 1;
		if (stalled && room() >= need())
			resume();
	}
}

RT_THREAD_ENTRY(thread_entry, thread_main)

/* Map the UART the VM server lists and bind its interrupt: 0, or -errno (use the
 * firmware then). */
static long find_uart(void)
{
	struct vm_device_info_req iq = {VM_DEVICE_UART, 0};
	struct vm_device_info_rep ir;
	long e = vm_device_info_call(TH_VM_EP, &iq, 0, 0, &ir);
	if (e < 0)
		return e;
	unsigned kind = ir.model & 0xff;   /* lib/fdt's DT_UART_*: 1 ns16550, 2 DW 8250, 3 SiFive */
	shift = (ir.model >> 8) & 0xff, width = (ir.model >> 16) & 0xff;
	sifive = kind == 3;
	uint64_t end = sifive ? SIFIVE_END : ((uint64_t)USR << shift) + 4;
	if (kind < 1 || kind > 3 || (!sifive && (shift > 2 || (width != 1 && width != 4))) || !ir.irq ||
	    (ir.pa & (PAGE_SIZE - 1)) + end > PAGE_SIZE)
		return -KE_NOENT;
	struct vm_map_device_req mq = {ir.pa & ~(PAGE_SIZE - 1), 1};
	struct vm_map_device_rep mr;
	struct vm_irq_bind_req bq = {ir.irq, notif, 0};
	struct vm_irq_bind_rep br;
	if ((e = vm_map_device_call(TH_VM_EP, &mq, 0, 0, &mr)) < 0 ||
	    (e = vm_irq_bind_call(TH_VM_EP, &bq, 0, 0, &br)) < 0)
		return e;
	regs = (volatile uint8_t *)(mr.va + (ir.pa & (PAGE_SIZE - 1)));
	irq = ir.irq;
	if (sifive)
		wr32(SIFIVE_RXCTRL, rd32(SIFIVE_RXCTRL) | SIFIVE_RXEN);
	else
		wr(MCR, rd(MCR) | MCR_OUT2);   /* the interrupt line out, as Linux's 8250 driver */
	rx_interrupt(1);
	return 0;
}

long uart_start(void)
{
	if ((notif = k_notify_create()) < 0)
		return notif;
	if ((ep = k_handle_copy(HANDLE_SELF, TH_FS_EP, HANDLE_SELF, -1, RIGHT_SEND, UART_BADGE)) < 0)
		return ep;
	if (find_uart() < 0)
		regs = 0;
	return k_thread_start(HANDLE_SELF, (uint64_t)thread_entry, (uint64_t)(stack + STACK), 0, PRIO,
	                      HANDLE_NONE);
}

int uart_peek(uint8_t *c)
{
	if (head == __atomic_load_n(&tail, __ATOMIC_ACQUIRE))
		return 0;
	*c = ring[head % RING];
	return 1;
}

void uart_pop(void)
{
	__atomic_store_n(&head, head + 1, __ATOMIC_RELEASE);
	if (stalled && room() >= need())
		k_notify_signal(notif, ROOM_BIT);
}

const char *uart_kind(void)
{
	return regs ? "the UART, by interrupt" : "the firmware's console, polled";
}
