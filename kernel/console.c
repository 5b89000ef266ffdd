/* console.c - the kernel's output path.
 *
 * Output goes through SBI DBCN when the firmware has it (one call per string), else the
 * legacy SBI putchar, else straight to the UART named by the device tree (ns16550 or
 * DesignWare 8250, honouring reg-shift and reg-io-width, or SiFive's).
 */
#include <stdarg.h>
#include "console.h"
#include "sbi.h"
#include "memlayout.h"
#include "base/mem.h"
#include "base/fmt.h"
#include "fdt/dt_platform.h"

enum { CON_UART, CON_DBCN, CON_LEGACY };
static int con_kind = CON_LEGACY;
static struct dt_uart uart;
extern uint64_t kernel_load_pa;

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

static uint32_t uart_rd(int reg)
{
	volatile uint8_t *base = pa2kva(uart.base);
	if (uart.reg_io_width == 4)
		return *(volatile uint32_t *)(base + (reg << uart.reg_shift));
	return base[reg << uart.reg_shift];
}

static void uart_wr(int reg, uint32_t v)
{
	volatile uint8_t *base = pa2kva(uart.base);
	if (uart.reg_io_width == 4)
		*(volatile uint32_t *)(base + (reg << uart.reg_shift)) = v;
	else
		base[reg << uart.reg_shift] = (uint8_t)v;
}

static void uart_putc(char c)
{
	if (uart.kind == DT_UART_SIFIVE) {   /* txdata: bit 31 set while the FIFO is full */
		volatile uint32_t *txdata = pa2kva(uart.base);
		while (*txdata & 0x80000000u)
			;
		*txdata = (uint8_t)c;
		return;
	}
	while (!(uart_rd(UART_LSR) & LSR_THRE))
		;
	uart_wr(UART_THR, (uint8_t)c);
}

void console_init(const struct dt_platform *plat)
{
	uart = plat->uart;
	if (sbi_has(SBI_EXT_DBCN))
		con_kind = CON_DBCN;
	else if (sbi_has(SBI_LEGACY_PUTCHAR))
		con_kind = CON_LEGACY;
	else if (uart.kind != DT_UART_NONE)
		con_kind = CON_UART;
}

int console_use_uart(void)
{
	if (uart.kind == DT_UART_NONE)
		return -1;
	con_kind = CON_UART;
	return 0;
}

const char *console_kind(void)
{
	return con_kind == CON_DBCN ? "sbi-dbcn" : con_kind == CON_LEGACY ? "sbi-legacy" : "uart";
}

/* Physical address of a kernel pointer: physmap or image. */
static uint64_t kernel_pa(const void *p)
{
	uint64_t va = (uint64_t)p;
	return va >= KERNEL_VBASE ? va - KERNEL_VBASE + kernel_load_pa : va - PHYSMAP_BASE;
}

void console_write_raw(const char *s, size_t n)
{
	if (n == 0)
		return;
	if (con_kind == CON_DBCN) {
		sbi_call(SBI_EXT_DBCN, 0, n, kernel_pa(s), 0);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (con_kind == CON_LEGACY)
			sbi_call(SBI_LEGACY_PUTCHAR, 0, (uint8_t)s[i], 0, 0);
		else
			uart_putc(s[i]);
	}
}

/* Write n bytes from kernel memory, turning "\n" into "\r\n". */
void console_write(const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		console_write_raw(s + start, i - start);
		console_write_raw("\r\n", 2);
		start = i + 1;
	}
	console_write_raw(s + start, n - start);
}

/* Up to 8 bytes typed on the firmware's console (DBCN read, or the legacy getchar),
 * packed into *bytes from the lowest: how many. None when the kernel writes the UART
 * itself: its user-level driver reads it. */
size_t console_read(uint64_t *bytes)
{
	static uint8_t buf[8];
	size_t n = 0;
	if (con_kind == CON_DBCN) {
		struct sbiret r = sbi_call(SBI_EXT_DBCN, 1, sizeof buf, kernel_pa(buf), 0);
		n = r.error || (uint64_t)r.value > sizeof buf ? 0 : (size_t)r.value;
	} else if (con_kind == CON_LEGACY) {
		for (long c; n < sizeof buf && (c = sbi_call(SBI_LEGACY_GETCHAR, 0, 0, 0, 0).error) >= 0; n++)
			buf[n] = (uint8_t)c;
	}
	*bytes = 0;
	for (size_t i = 0; i < n; i++)
		*bytes |= (uint64_t)buf[i] << (8 * i);
	return n;
}

void kprintf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	size_t len = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	console_write(buf, len);
}
