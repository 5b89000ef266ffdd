/* uart.h - console input: a thread of the FS server that takes the bytes typed on the
 * console into a ring (64 KiB) and tells the main thread. It drives the receiver of the
 * UART the device tree names (ns16550a; DesignWare 8250 with its reg-shift and
 * reg-io-width), by interrupt; the kernel keeps writing the transmitter. Without a UART
 * it polls the firmware's console (SYS_CONSOLE_READ) on a timer. When the ring is full it
 * stops taking bytes (the receive interrupt masked, the UART's FIFO filling and the line
 * held by the other end, as QEMU does) until the main thread makes room: nothing is
 * dropped here. The main thread alone takes bytes out. */
#ifndef FS_UART_H
#define FS_UART_H
#include <stdint.h>

#define UART_BADGE (1ull << 62)   /* the thread's badge on the FS endpoint (FS_TTY_INPUT) */

/* Find the UART (or fall back to the firmware) and start the thread: 0 or -errno. */
long uart_start(void);
/* The oldest byte taken and not yet handed on: 1 and *c, or 0 when there is none. */
int uart_peek(uint8_t *c);
/* That byte is handed on: its room is free again (and the thread may take more). */
void uart_pop(void);
/* What drives the input, for the log. */
const char *uart_kind(void);
#endif
