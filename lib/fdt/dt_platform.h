/* dt_platform.h - the board facts the kernel needs, extracted from a device tree.
 *
 * dt_platform_parse() is pure: it reads a flattened device tree blob through the
 * bounds-checked reader in fdt.h and fills a struct dt_platform. It never writes the
 * blob, never reads outside [blob, blob + maxlen), and builds both freestanding
 * (kernel) and hosted (unit tests under ASan/UBSan).
 */
#ifndef DT_PLATFORM_H
#define DT_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#define DT_MAX_MEM    8   /* /memory reg ranges kept */
#define DT_MAX_RESV   16  /* /memreserve/ entries + /reserved-memory children */
#define DT_MAX_HARTS  32  /* more than the kernel runs (it parks the rest) */
#define DT_MAX_VIRTIO 8

struct dt_range {
	uint64_t base;
	uint64_t size;
};

enum dt_uart_kind {
	DT_UART_NONE = 0,
	DT_UART_NS16550,  /* "ns16550a", "ns16550" */
	DT_UART_DW8250,   /* "snps,dw-apb-uart": 8250 registers, usually reg-shift 2, io-width 4 */
	DT_UART_SIFIVE,   /* "sifive,uart0": txdata, rxdata, txctrl, rxctrl, ie: 32-bit words */
};

struct dt_uart {
	enum dt_uart_kind kind;
	uint64_t base;
	uint64_t size;
	uint32_t reg_shift;     /* "reg-shift", default 0 */
	uint32_t reg_io_width;  /* "reg-io-width", default 1; 1 or 4 */
	uint32_t irq;           /* "interrupts" (first cell), 0 if none */
	uint32_t clock_hz;      /* "clock-frequency", 0 if none */
};

struct dt_hart {
	uint32_t hartid;        /* "reg" of the cpu node */
	uint8_t  usable;        /* status okay (or absent) and mmu-type allows Sv39 */
	int32_t  plic_s_ctx;    /* PLIC context for this hart's S-mode external irq, -1 if none */
	uint8_t  has_fd;        /* "riscv,isa" (or "riscv,isa-extensions") names F and D */
};

struct dt_plic {
	uint64_t base;          /* 0 if no PLIC found */
	uint64_t size;
	uint32_t ndev;          /* "riscv,ndev" */
};

struct dt_device {
	uint64_t base;
	uint64_t size;
	uint32_t irq;
};

struct dt_platform {
	uint64_t timebase_hz;               /* /cpus "timebase-frequency" (or from a cpu node) */
	uint32_t nmem;
	struct dt_range mem[DT_MAX_MEM];    /* all device_type="memory" nodes' reg ranges */
	uint32_t nresv;
	struct dt_range resv[DT_MAX_RESV];  /* memreserve block + /reserved-memory children with reg */
	struct dt_uart uart;                /* /chosen stdout-path if it names a known uart, else first known uart */
	struct dt_plic plic;
	uint32_t nharts;
	struct dt_hart harts[DT_MAX_HARTS];
	struct dt_device test_finisher;     /* "sifive,test0"/"sifive,test1" (QEMU exit device); base 0 if none */
	struct dt_device rtc;               /* "google,goldfish-rtc"; base 0 if none */
	uint32_t nvirtio;
	struct dt_device virtio[DT_MAX_VIRTIO]; /* "virtio,mmio" nodes, in blob order */
	uint64_t initrd_start, initrd_end;  /* /chosen linux,initrd-start/-end, 0 if none */
	char bootargs[128];                 /* /chosen bootargs (cut to fit), "" if none */
};

/* Error codes (negative) shared with fdt.h. */
#define DT_ERR_TRUNCATED  (-1)  /* header or a block runs past maxlen */
#define DT_ERR_BADMAGIC   (-2)
#define DT_ERR_BADVERSION (-3)
#define DT_ERR_BADSTRUCT  (-4)  /* malformed structure block: bad token, unterminated name, bad nesting */
#define DT_ERR_BADVALUE   (-5)  /* a property has an impossible length or value */
#define DT_ERR_NOTFOUND   (-6)  /* a required node is missing (no memory, no timebase) */
#define DT_ERR_TOOMANY    (-7)  /* unused by parse: extra entries are dropped, not errors */

/* Parse the blob at `blob`, of which at most `maxlen` bytes may be read. Returns 0 and
 * fills *out, or a negative DT_ERR_* and leaves *out zeroed. Requires at least one memory
 * range and a timebase; everything else is optional (fields stay 0 / kind NONE). Of
 * more than DT_MAX_HARTS harts, the first are kept, and boot_hartid's (the hart that
 * runs the caller) in the last place if it is not among them. */
int dt_platform_parse(const void *blob, size_t maxlen, uint64_t boot_hartid, struct dt_platform *out);

/* Human-readable name of a DT_ERR_* code. */
const char *dt_strerror(int err);

#endif
