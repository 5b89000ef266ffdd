/* test_dt_platform.c - what dt_platform_parse() extracts from QEMU's DTB and from
 * VisionFive 2-, VisionFive v1- and one-cell-like trees, its refusals (exact codes,
 * zeroed output), its limits, and that no mutated blob makes it misbehave.
 * Run from the repository root (fixtures in $(BUILD)/host/fixtures).
 */
#include "check.h"
#include "fdt/dt_platform.h"
#include "fdt_builder.h"

/* Parse a fixture into *p; a negative code if it is missing. */
static int parse_fixture(const char *name, struct dt_platform *p)
{
	size_t n;
	const uint8_t *blob = fixture(name, &n);
	if (!blob)
		return -100;
	return dt_platform_parse(dup_exact(blob, n), n, 0, p);
}

static bool all_zero(const struct dt_platform *p)
{
	static const struct dt_platform zero;
	return memcmp(p, &zero, sizeof zero) == 0;
}

static uint64_t boot_hart;   /* the hart parse_blob tells the parser it runs on */

/* Parse a built blob into *p (poisoned first), checking that any error left it zeroed. */
static int parse_blob(const uint8_t *blob, size_t n, struct dt_platform *p)
{
	memset(p, 0xa5, sizeof *p);
	int r = dt_platform_parse(blob, n, boot_hart, p);
	if (r < 0 && !all_zero(p))
		return -200;
	return r;
}

enum { NO_MEM = 1, NO_CPUS = 2, NO_TIMEBASE = 4 };

/* Open the smallest tree dt_platform_parse() accepts: a root with two address and
 * two size cells, /cpus (timebase 1 MHz) with one Sv39 cpu@0, and 16 MiB of memory at
 * 0x80000000, less what `flags` leaves out. The root is left open for the test's
 * own nodes; close_and_parse() finishes it. */
static void mini(struct bld *b, int flags)
{
	memset(b, 0, sizeof *b);
	b_begin(b, "");
	b_cells(b, "#address-cells", 1, 2u);
	b_cells(b, "#size-cells", 1, 2u);
	if (!(flags & NO_CPUS)) {
		b_begin(b, "cpus");
		b_cells(b, "#address-cells", 1, 1u);
		b_cells(b, "#size-cells", 1, 0u);
		if (!(flags & NO_TIMEBASE))
			b_cells(b, "timebase-frequency", 1, 1000000u);
		b_begin(b, "cpu@0");
		b_prop_str(b, "device_type", "cpu");
		b_cells(b, "reg", 1, 0u);
		b_prop_str(b, "mmu-type", "riscv,sv39");
		b_end(b);
		b_end(b);
	}
	if (!(flags & NO_MEM)) {
		b_begin(b, "memory@80000000");
		b_prop_str(b, "device_type", "memory");
		b_cells(b, "reg", 4, 0u, 0x80000000u, 0u, 0x1000000u);
		b_end(b);
	}
}

/* Open /cpus (one address cell, no size cells) with timebase tb, under the root. */
static void cpus_open(struct bld *b, uint32_t tb)
{
	b_begin(b, "cpus");
	b_cells(b, "#address-cells", 1, 1u);
	b_cells(b, "#size-cells", 1, 0u);
	b_cells(b, "timebase-frequency", 1, tb);
}

static int close_and_parse(struct bld *b, struct dt_platform *p)
{
	size_t n;
	b_end(b);
	b_u32(b, TOK_END);
	const uint8_t *blob = b_finish(b, &n);
	return parse_blob(blob, n, p);
}

/* A device node `name` under the root with the given compatible and 2+2-cell reg. */
static void device(struct bld *b, const char *name, const char *compat, uint32_t base,
                   uint32_t irq)
{
	b_begin(b, name);
	b_prop_str(b, "compatible", compat);
	b_cells(b, "reg", 4, 0u, base, 0u, 0x1000u);
	b_cells(b, "interrupts", 1, irq);
	b_end(b);
}

TEST(qemu_virt)
{
	struct dt_platform p;
	CHECK_EQ(parse_fixture("qemu-virt.dtb", &p), 0);
	CHECK_EQ(p.timebase_hz, 10000000);
	CHECK_EQ(p.nmem, 1);
	CHECK_EQ(p.mem[0].base, 0x80000000);
	CHECK_EQ(p.mem[0].size, 0x10000000);
	CHECK_EQ(p.nresv, 0);
	CHECK_EQ(p.uart.kind, DT_UART_NS16550);
	CHECK_EQ(p.uart.base, 0x10000000);
	CHECK_EQ(p.uart.size, 0x100);
	CHECK_EQ(p.uart.reg_shift, 0);
	CHECK_EQ(p.uart.reg_io_width, 1);
	CHECK_EQ(p.uart.irq, 10);
	CHECK_EQ(p.uart.clock_hz, 3686400);
	CHECK_EQ(p.plic.base, 0x0c000000);
	CHECK_EQ(p.plic.size, 0x600000);
	CHECK_EQ(p.plic.ndev, 0x60);  /* QEMU 7.2: VIRT_IRQCHIP_NUM_SOURCES = 96 */
	CHECK_EQ(p.nharts, 2);
	for (uint32_t h = 0; h < 2; h++) {
		CHECK_EQ(p.harts[h].hartid, h);
		CHECK_EQ(p.harts[h].usable, 1);
		CHECK_EQ(p.harts[h].plic_s_ctx, 2 * h + 1);
		CHECK_EQ(p.harts[h].has_fd, 1);  /* rv64imafdch_zicsr_... */
	}
	CHECK_EQ(p.test_finisher.base, 0x100000);
	CHECK_EQ(p.test_finisher.size, 0x1000);
	CHECK_EQ(p.rtc.base, 0x101000);
	CHECK_EQ(p.rtc.irq, 11);
	CHECK_EQ(p.nvirtio, 8);
	for (uint32_t i = 0; i < 8; i++) {  /* blob order: 0x10008000 first */
		CHECK_EQ(p.virtio[i].base, 0x10008000 - 0x1000 * i);
		CHECK_EQ(p.virtio[i].size, 0x1000);
		CHECK_EQ(p.virtio[i].irq, 8 - i);
	}
	CHECK_EQ(p.initrd_start, 0);
	CHECK_EQ(p.initrd_end, 0);
}

TEST(visionfive2_like)
{
	struct dt_platform p;
	CHECK_EQ(parse_fixture("vf2.dtb", &p), 0);
	CHECK_EQ(p.timebase_hz, 4000000);
	CHECK_EQ(p.nmem, 1);
	CHECK_EQ(p.mem[0].base, 0x40000000);
	CHECK_EQ(p.mem[0].size, 0x100000000);
	CHECK_EQ(p.nresv, 2);  /* linux,cma has no reg */
	CHECK_EQ(p.resv[0].base, 0x40000000);
	CHECK_EQ(p.resv[0].size, 0x80000);
	CHECK_EQ(p.resv[1].base, 0x6ce00000);
	CHECK_EQ(p.resv[1].size, 0x1600000);
	CHECK_EQ(p.uart.kind, DT_UART_DW8250);
	CHECK_EQ(p.uart.base, 0x10000000);
	CHECK_EQ(p.uart.size, 0x10000);
	CHECK_EQ(p.uart.reg_shift, 2);
	CHECK_EQ(p.uart.reg_io_width, 4);
	CHECK_EQ(p.uart.irq, 32);
	CHECK_EQ(p.uart.clock_hz, 24000000);
	CHECK_EQ(p.plic.base, 0x0c000000);
	CHECK_EQ(p.plic.size, 0x4000000);
	CHECK_EQ(p.plic.ndev, 136);
	CHECK_EQ(p.nharts, 5);
	CHECK_EQ(p.harts[0].hartid, 0);
	CHECK_EQ(p.harts[0].usable, 0);      /* S7: disabled, no MMU */
	CHECK_EQ(p.harts[0].plic_s_ctx, -1); /* M-mode context only */
	CHECK_EQ(p.harts[0].has_fd, 0);      /* rv64imac_zba_zbb */
	for (uint32_t h = 1; h <= 4; h++) {
		CHECK_EQ(p.harts[h].hartid, h);
		CHECK_EQ(p.harts[h].usable, 1);
		CHECK_EQ(p.harts[h].has_fd, 1);  /* rv64imafdc_zba_zbb */
		CHECK_EQ(p.harts[h].plic_s_ctx, 2 * h);
	}
	CHECK_EQ(p.test_finisher.base, 0);
	CHECK_EQ(p.rtc.base, 0);
	CHECK_EQ(p.nvirtio, 0);
	CHECK_EQ(p.initrd_start, 0);
}

TEST(visionfive1_like)
{
	struct dt_platform p;
	CHECK_EQ(parse_fixture("vf1.dtb", &p), 0);
	CHECK_EQ(p.timebase_hz, 6250000);
	CHECK_EQ(p.nmem, 1);
	CHECK_EQ(p.mem[0].base, 0x80000000);
	CHECK_EQ(p.mem[0].size, 0x200000000);
	CHECK_EQ(p.nresv, 0);
	CHECK_EQ(p.uart.kind, DT_UART_DW8250);
	CHECK_EQ(p.uart.base, 0x12440000);
	CHECK_EQ(p.uart.reg_shift, 2);
	CHECK_EQ(p.uart.reg_io_width, 4);
	CHECK_EQ(p.uart.irq, 73);
	CHECK_EQ(p.uart.clock_hz, 100000000);
	CHECK_EQ(p.plic.ndev, 133);
	CHECK_EQ(p.nharts, 2);
	CHECK_EQ(p.harts[0].plic_s_ctx, 1);
	CHECK_EQ(p.harts[1].plic_s_ctx, 3);
	CHECK(p.harts[0].usable && p.harts[1].usable);
}

TEST(one_cell_tree)
{
	struct dt_platform p;
	CHECK_EQ(parse_fixture("cells1.dtb", &p), 0);
	CHECK_EQ(p.timebase_hz, 1000000);  /* from cpu@0 */
	CHECK_EQ(p.nmem, 3);               /* the zero-size range is dropped */
	CHECK_EQ(p.mem[0].base, 0x80000000);
	CHECK_EQ(p.mem[0].size, 0x4000000);
	CHECK_EQ(p.mem[1].base, 0xa0000000);
	CHECK_EQ(p.mem[1].size, 0x1000000);
	CHECK_EQ(p.mem[2].base, 0xc0000000);
	CHECK_EQ(p.mem[2].size, 0x2000000);
	CHECK_EQ(p.nresv, 3);  /* two /memreserve/, one disabled /reserved-memory child */
	CHECK_EQ(p.resv[0].base, 0x80000000);
	CHECK_EQ(p.resv[0].size, 0x80000);
	CHECK_EQ(p.resv[1].base, 0x87f00000);
	CHECK_EQ(p.resv[1].size, 0x100000);
	CHECK_EQ(p.resv[2].base, 0x84000000);
	CHECK_EQ(p.resv[2].size, 0x20000);
	CHECK_EQ(p.nharts, 3);
	CHECK_EQ(p.harts[0].usable, 1);  /* riscv,sv57 */
	CHECK_EQ(p.harts[1].usable, 0);  /* riscv,none */
	CHECK_EQ(p.harts[2].usable, 0);  /* no mmu-type */
	CHECK_EQ(p.harts[0].plic_s_ctx, 1);  /* two cells per controller entry */
	CHECK_EQ(p.harts[1].plic_s_ctx, -1);
	CHECK_EQ(p.uart.kind, DT_UART_NS16550);  /* stdout-path beats the first UART */
	CHECK_EQ(p.uart.base, 0x10001000);
	CHECK_EQ(p.uart.size, 0x100);
	CHECK_EQ(p.uart.irq, 11);
	CHECK_EQ(p.uart.clock_hz, 1843200);
	CHECK_EQ(p.plic.base, 0xc000000);
	CHECK_EQ(p.plic.ndev, 31);
	CHECK_EQ(p.initrd_start, 0x88000000);
	CHECK_EQ(p.initrd_end, 0x88100000);
}

TEST(minimal_tree)
{
	struct bld b;
	struct dt_platform p;
	mini(&b, 0);
	CHECK_EQ(close_and_parse(&b, &p), 0);
	CHECK_EQ(p.nmem, 1);
	CHECK_EQ(p.nharts, 1);
	CHECK_EQ(p.harts[0].plic_s_ctx, -1);
	CHECK_EQ(p.uart.kind, DT_UART_NONE);
	CHECK_EQ(p.plic.base, 0);
	CHECK_EQ(p.nresv, 0);
}

TEST(required_nodes)
{
	struct bld b;
	struct dt_platform p;
	mini(&b, NO_MEM);
	CHECK_EQ(close_and_parse(&b, &p), DT_ERR_NOTFOUND);

	mini(&b, NO_MEM);  /* only a zero-size range */
	b_begin(&b, "memory@0");
	b_prop_str(&b, "device_type", "memory");
	b_cells(&b, "reg", 4, 0u, 0x80000000u, 0u, 0u);
	b_end(&b);
	CHECK_EQ(close_and_parse(&b, &p), DT_ERR_NOTFOUND);

	mini(&b, NO_CPUS);
	CHECK_EQ(close_and_parse(&b, &p), DT_ERR_NOTFOUND);
	mini(&b, NO_TIMEBASE);
	CHECK_EQ(close_and_parse(&b, &p), DT_ERR_NOTFOUND);
}

/* A /cpus with timebase property bytes `tb` and one cpu whose reg is `reg`. */
static int cpus_case(const void *tb, uint32_t tblen, int reg_cells, uint32_t hi,
                     struct dt_platform *p)
{
	struct bld b;
	mini(&b, NO_CPUS);
	b_begin(&b, "cpus");
	b_cells(&b, "#address-cells", 1, (uint32_t)reg_cells);
	b_cells(&b, "#size-cells", 1, 0u);
	b_prop(&b, "timebase-frequency", tb, tblen);
	b_begin(&b, "cpu@0");
	b_prop_str(&b, "device_type", "cpu");
	if (reg_cells == 1)
		b_cells(&b, "reg", 1, 3u);
	else if (reg_cells == 2)
		b_cells(&b, "reg", 2, hi, 3u);
	b_end(&b);
	b_end(&b);
	return close_and_parse(&b, p);
}

TEST(cpus_values)
{
	struct dt_platform p;
	static const uint8_t tb64[8] = {0, 0, 0, 1, 0, 0, 0, 2}, tb0[4] = {0}, tb1[4] = {0, 0, 0, 1};
	CHECK_EQ(cpus_case(tb64, 8, 1, 0, &p), 0);
	CHECK_EQ(p.timebase_hz, 0x100000002ull);
	CHECK_EQ(p.harts[0].hartid, 3);
	CHECK_EQ(cpus_case(tb1, 4, 2, 0, &p), 0);
	CHECK_EQ(p.harts[0].hartid, 3);
	CHECK_EQ(cpus_case(tb0, 4, 1, 0, &p), DT_ERR_BADVALUE);   /* timebase 0 */
	CHECK_EQ(cpus_case(tb1, 3, 1, 0, &p), DT_ERR_BADVALUE);   /* timebase of 3 bytes */
	CHECK_EQ(cpus_case(tb1, 4, 0, 0, &p), DT_ERR_BADVALUE);   /* cpu without reg */
	CHECK_EQ(cpus_case(tb1, 4, 2, 1, &p), DT_ERR_BADVALUE);   /* hart id over 32 bits */
}

/* has_fd of a tree whose one cpu has "riscv,isa" = isa (NULL: none) and
 * "riscv,isa-extensions" = the n strings of ext. */
static int isa_case(const char *isa, const char *const *ext, int n)
{
	struct bld b;
	struct dt_platform p;
	mini(&b, NO_CPUS);
	cpus_open(&b, 1000000u);
	b_begin(&b, "cpu@0");
	b_prop_str(&b, "device_type", "cpu");
	b_cells(&b, "reg", 1, 0u);
	if (isa)
		b_prop_str(&b, "riscv,isa", isa);
	if (n) {
		char list[64];
		size_t len = 0;
		for (int i = 0; i < n; i++) {
			memcpy(list + len, ext[i], strlen(ext[i]) + 1);
			len += strlen(ext[i]) + 1;
		}
		b_prop(&b, "riscv,isa-extensions", list, (uint32_t)len);
	}
	b_end(&b);
	b_end(&b);
	if (close_and_parse(&b, &p) != 0)
		return -1;
	return p.harts[0].has_fd;
}

TEST(isa_floating_point)
{
	static const char *const fd[] = {"i", "m", "a", "f", "d", "c"}, *const f_only[] = {"i", "f"};
	CHECK_EQ(isa_case("rv64imafdc", 0, 0), 1);
	CHECK_EQ(isa_case("rv64gc_zba", 0, 0), 1);
	CHECK_EQ(isa_case("rv64imafdch_zicsr_zifencei", 0, 0), 1);
	CHECK_EQ(isa_case("rv64imac_zfinx_zdinx", 0, 0), 0);   /* F and D in x registers only */
	CHECK_EQ(isa_case("rv64imaf", 0, 0), 0);
	CHECK_EQ(isa_case("rv64imacsu", 0, 0), 0);
	CHECK_EQ(isa_case("rv64imaczfd", 0, 0), 0);            /* the letters of a z-extension */
	CHECK_EQ(isa_case("imafd", 0, 0), 0);                  /* no rv32/rv64 */
	CHECK_EQ(isa_case(0, 0, 0), 0);
	CHECK_EQ(isa_case(0, fd, 6), 1);
	CHECK_EQ(isa_case(0, f_only, 2), 0);
	CHECK_EQ(isa_case("rv64imac", fd, 6), 0);              /* riscv,isa wins */
}

TEST(malformed_memory_reg)
{
	struct bld b;
	struct dt_platform p;
	mini(&b, 0);
	b_begin(&b, "memory@90000000");
	b_prop_str(&b, "device_type", "memory");
	b_cells(&b, "reg", 3, 0u, 0x90000000u, 0u);
	b_end(&b);
	CHECK_EQ(close_and_parse(&b, &p), DT_ERR_BADVALUE);
}

/* /chosen with the given initrd cells (n = 0: property left out). */
static int initrd_case(int ns, uint32_t s0, uint32_t s1, int ne, uint32_t e0, uint32_t e1,
                       struct dt_platform *p)
{
	struct bld b;
	mini(&b, 0);
	b_begin(&b, "chosen");
	if (ns)
		b_cells(&b, "linux,initrd-start", ns, s0, s1);
	if (ne)
		b_cells(&b, "linux,initrd-end", ne, e0, e1);
	b_end(&b);
	return close_and_parse(&b, p);
}

TEST(initrd)
{
	struct dt_platform p;
	CHECK_EQ(initrd_case(2, 1, 0x1000, 2, 1, 0x3000, &p), 0);
	CHECK_EQ(p.initrd_start, 0x100001000ull);
	CHECK_EQ(p.initrd_end, 0x100003000ull);
	CHECK_EQ(initrd_case(1, 0x1000, 0, 2, 0, 0x1000, &p), 0);  /* empty is fine */
	CHECK_EQ(p.initrd_start, 0x1000);
	CHECK_EQ(initrd_case(0, 0, 0, 0, 0, 0, &p), 0);
	CHECK_EQ(p.initrd_end, 0);
	CHECK_EQ(initrd_case(1, 0x1000, 0, 0, 0, 0, &p), DT_ERR_BADVALUE);
	CHECK_EQ(initrd_case(0, 0, 0, 1, 0x1000, 0, &p), DT_ERR_BADVALUE);
	CHECK_EQ(initrd_case(1, 0x2000, 0, 1, 0x1000, 0, &p), DT_ERR_BADVALUE);
}

/* A tree with a first ns16550a at 0x10000000 and whatever `add` appends, parsed. */
static int uart_case(void (*add)(struct bld *), struct dt_platform *p)
{
	struct bld b;
	mini(&b, 0);
	device(&b, "serial@10000000", "ns16550a", 0x10000000, 10);
	add(&b);
	return close_and_parse(&b, p);
}

static void stdout_alias_to_non_uart(struct bld *b)
{
	device(b, "rtc@101000", "google,goldfish-rtc", 0x101000, 11);
	b_begin(b, "aliases");
	b_prop_str(b, "serial0", "/rtc@101000");
	b_end(b);
	b_begin(b, "chosen");
	b_prop_str(b, "stdout-path", "serial0:115200n8");
	b_end(b);
}

static void stdout_to_disabled(struct bld *b)
{
	b_begin(b, "serial@20000000");
	b_prop_str(b, "compatible", "ns16550a");
	b_cells(b, "reg", 4, 0u, 0x20000000u, 0u, 0x100u);
	b_prop_str(b, "status", "disabled");
	b_end(b);
	b_begin(b, "chosen");
	b_prop_str(b, "stdout-path", "/serial@20000000");
	b_end(b);
}

static void stdout_garbage(struct bld *b)
{
	b_begin(b, "chosen");
	b_prop(b, "stdout-path", "/serial@10000000", 16);  /* unterminated */
	b_end(b);
}

static void stdout_empty_path(struct bld *b)
{
	device(b, "serial@30000000", "snps,dw-apb-uart", 0x30000000, 30);
	b_begin(b, "chosen");
	b_prop_str(b, "stdout-path", ":/serial@30000000");  /* empty path: ignored */
	b_end(b);
}

static void io_width_2(struct bld *b)
{
	b_begin(b, "chosen");
	b_prop_str(b, "stdout-path", "/serial@30000000");
	b_end(b);
	b_begin(b, "serial@30000000");
	b_prop_str(b, "compatible", "ns16550a");
	b_cells(b, "reg", 4, 0u, 0x30000000u, 0u, 0x100u);
	b_cells(b, "reg-io-width", 1, 2u);
	b_end(b);
}

static void shift_5(struct bld *b)
{
	b_begin(b, "chosen");
	b_prop_str(b, "stdout-path", "/serial@30000000");
	b_end(b);
	b_begin(b, "serial@30000000");
	b_prop_str(b, "compatible", "ns16550");
	b_cells(b, "reg", 4, 0u, 0x30000000u, 0u, 0x100u);
	b_cells(b, "reg-shift", 1, 5u);
	b_end(b);
}

static void no_reg(struct bld *b)
{
	b_begin(b, "chosen");
	b_prop_str(b, "stdout-path", "/serial@30000000");
	b_end(b);
	b_begin(b, "serial@30000000");
	b_prop_str(b, "compatible", "ns16550");
	b_end(b);
}

static void clock_64(struct bld *b)
{
	b_begin(b, "chosen");
	b_prop_str(b, "stdout-path", "/serial@30000000");
	b_end(b);
	b_begin(b, "serial@30000000");
	b_prop_str(b, "compatible", "ns16550");
	b_cells(b, "reg", 4, 0u, 0x30000000u, 0u, 0x100u);
	b_cells(b, "clock-frequency", 2, 1u, 0u);
	b_end(b);
}

static void stdout_to_sifive(struct bld *b)
{
	b_begin(b, "chosen");
	b_prop_str(b, "stdout-path", "serial0");
	b_end(b);
	b_begin(b, "aliases");
	b_prop_str(b, "serial0", "/serial@10010000");
	b_end(b);
	device(b, "serial@10010000", "sifive,uart0", 0x10010000, 4);
}

TEST(uart_choice_and_values)
{
	struct dt_platform p;
	CHECK_EQ(uart_case(stdout_alias_to_non_uart, &p), 0);
	CHECK_EQ(p.uart.base, 0x10000000);
	CHECK_EQ(p.rtc.base, 0x101000);
	CHECK_EQ(uart_case(stdout_to_disabled, &p), 0);
	CHECK_EQ(p.uart.base, 0x10000000);
	CHECK_EQ(uart_case(stdout_garbage, &p), 0);
	CHECK_EQ(p.uart.base, 0x10000000);
	CHECK_EQ(uart_case(stdout_empty_path, &p), 0);
	CHECK_EQ(p.uart.base, 0x10000000);
	CHECK_EQ(p.uart.reg_io_width, 1);
	CHECK_EQ(p.uart.clock_hz, 0);
	CHECK_EQ(uart_case(io_width_2, &p), DT_ERR_BADVALUE);
	CHECK_EQ(uart_case(shift_5, &p), DT_ERR_BADVALUE);
	CHECK_EQ(uart_case(no_reg, &p), DT_ERR_BADVALUE);
	CHECK_EQ(uart_case(clock_64, &p), DT_ERR_BADVALUE);
	CHECK_EQ(uart_case(stdout_to_sifive, &p), 0);   /* QEMU sifive_u's, the FU540's */
	CHECK(p.uart.kind == DT_UART_SIFIVE && p.uart.base == 0x10010000 && p.uart.irq == 4);
}

/* A tree whose cpu@0 has an interrupt controller (phandle 1, #interrupt-cells
 * `cells`, or none if 0) and a PLIC with the given interrupts-extended bytes. */
static int plic_case(const char *compat, uint32_t cells, const uint32_t *ie, uint32_t ielen,
                     struct dt_platform *p)
{
	struct bld b;
	uint8_t v[64];
	mini(&b, NO_CPUS);
	cpus_open(&b, 1000u);
	b_begin(&b, "cpu@0");
	b_prop_str(&b, "device_type", "cpu");
	b_cells(&b, "reg", 1, 0u);
	b_begin(&b, "interrupt-controller");
	b_prop_str(&b, "compatible", "riscv,cpu-intc");
	if (cells)
		b_cells(&b, "#interrupt-cells", 1, cells);
	b_cells(&b, "phandle", 1, 1u);
	b_end(&b);
	b_end(&b);
	b_end(&b);
	b_begin(&b, "plic@c000000");
	b_prop_str(&b, "compatible", compat);
	b_cells(&b, "reg", 4, 0u, 0xc000000u, 0u, 0x4000000u);
	for (uint32_t i = 0; i < (ielen + 3) / 4; i++)
		put_be32(v + 4 * i, ie[i]);
	b_prop(&b, "interrupts-extended", v, ielen);
	b_end(&b);
	return close_and_parse(&b, p);
}

TEST(plic_contexts_and_compatibles)
{
	struct dt_platform p;
	static const uint32_t ok[] = {1, 11, 1, 9}, two[] = {1, 11, 0, 1, 9, 0},
	                      unknown[] = {1, 11, 2, 9}, cut[] = {1, 11, 0, 1, 9};
	CHECK_EQ(plic_case("riscv,plic0", 1, ok, sizeof ok, &p), 0);
	CHECK_EQ(p.plic.base, 0xc000000);
	CHECK_EQ(p.plic.ndev, 0);
	CHECK_EQ(p.harts[0].plic_s_ctx, 1);
	CHECK_EQ(plic_case("riscv,plic0", 2, two, sizeof two, &p), 0);
	CHECK_EQ(p.harts[0].plic_s_ctx, 1);
	CHECK_EQ(plic_case("riscv,plic0", 1, unknown, sizeof unknown, &p), DT_ERR_BADVALUE);
	CHECK_EQ(plic_case("riscv,plic0", 0, ok, sizeof ok, &p), DT_ERR_BADVALUE);
	CHECK_EQ(plic_case("riscv,plic0", 2, cut, sizeof cut, &p), DT_ERR_BADVALUE);
	CHECK_EQ(plic_case("riscv,plic0", 1, ok, sizeof ok - 1, &p), DT_ERR_BADVALUE);
	CHECK_EQ(plic_case("riscv,plic0", 1, ok, 0, &p), 0);
	CHECK_EQ(p.harts[0].plic_s_ctx, -1);

	static const struct { const char *compat; bool plic; } names[] = {
		{"sifive,plic-1.0.0", true}, {"starfive,jh7110-plic", true},
		{"sifive,fu540-c000-plic", true}, {"thead,c900-plic", true},
		{"riscv,aplic", false}, {"plic", false}, {"vendor,aplic0x", false},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		CHECK_EQ(plic_case(names[i].compat, 1, ok, sizeof ok, &p), 0);
		CHECK_EQ(p.plic.base != 0, names[i].plic);
	}
}

TEST(limits_drop_extra_entries)
{
	struct bld b;
	struct dt_platform p;
	mini(&b, NO_CPUS | NO_MEM);
	b.nrsv = 20;
	for (uint32_t i = 0; i < 20; i++) {
		b.rsv[i][0] = 0x80000000u + 0x1000 * i;
		b.rsv[i][1] = 0x1000;
	}
	cpus_open(&b, 1000u);
	for (uint32_t i = 0; i < DT_MAX_HARTS + 2; i++) {
		char name[16];
		snprintf(name, sizeof name, "cpu@%u", i);
		b_begin(&b, name);
		b_prop_str(&b, "device_type", "cpu");
		b_cells(&b, "reg", 1, i);
		b_end(&b);
	}
	b_end(&b);
	for (uint32_t i = 0; i < 10; i++) {
		char name[32];
		snprintf(name, sizeof name, "memory@%x", 0x80000000u + 0x100000 * i);
		b_begin(&b, name);
		b_prop_str(&b, "device_type", "memory");
		b_cells(&b, "reg", 4, 0u, 0x80000000u + 0x100000 * i, 0u, 0x100000u);
		b_end(&b);
		snprintf(name, sizeof name, "virtio_mmio@%x", 0x10001000u + 0x1000 * i);
		device(&b, name, "virtio,mmio", 0x10001000u + 0x1000 * i, i + 1);
	}
	b_begin(&b, "virtio_mmio@20000000");  /* disabled: skipped */
	b_prop_str(&b, "compatible", "virtio,mmio");
	b_prop_str(&b, "status", "disabled");
	b_end(&b);
	CHECK_EQ(close_and_parse(&b, &p), 0);
	CHECK_EQ(p.nresv, DT_MAX_RESV);
	CHECK_EQ(p.resv[DT_MAX_RESV - 1].base, 0x80000000u + 0x1000 * (DT_MAX_RESV - 1));
	CHECK_EQ(p.nharts, DT_MAX_HARTS);
	CHECK_EQ(p.harts[DT_MAX_HARTS - 1].hartid, DT_MAX_HARTS - 1);
	CHECK_EQ(p.harts[0].usable, 0);  /* no mmu-type */
	CHECK_EQ(p.nmem, DT_MAX_MEM);
	CHECK_EQ(p.mem[DT_MAX_MEM - 1].base, 0x80000000u + 0x100000 * (DT_MAX_MEM - 1));
	CHECK_EQ(p.nvirtio, DT_MAX_VIRTIO);
	CHECK_EQ(p.virtio[DT_MAX_VIRTIO - 1].irq, DT_MAX_VIRTIO);
}

/* A tree of `n` Sv39 cpus with hart ids 0 .. n - 1, parsed as if on hart `boot`. */
static int many_cpus(uint32_t n, uint64_t boot, struct dt_platform *p)
{
	struct bld b;
	mini(&b, NO_CPUS);
	cpus_open(&b, 1000u);
	for (uint32_t i = 0; i < n; i++) {
		char name[16];
		snprintf(name, sizeof name, "cpu@%u", i);
		b_begin(&b, name);
		b_prop_str(&b, "device_type", "cpu");
		b_cells(&b, "reg", 1, i);
		b_prop_str(&b, "mmu-type", "riscv,sv39");
		b_end(&b);
	}
	b_end(&b);
	boot_hart = boot;
	int r = close_and_parse(&b, p);
	boot_hart = 0;
	return r;
}

/* Of more harts than the table holds, the boot hart is always kept: in the last place
 * when it comes after the first DT_MAX_HARTS. */
TEST(boot_hart_always_kept)
{
	struct dt_platform p;
	CHECK_EQ(many_cpus(DT_MAX_HARTS + 4, 3, &p), 0);
	CHECK_EQ(p.nharts, DT_MAX_HARTS);
	for (uint32_t h = 0; h < DT_MAX_HARTS; h++)
		CHECK_EQ(p.harts[h].hartid, h);
	CHECK_EQ(many_cpus(DT_MAX_HARTS + 4, DT_MAX_HARTS + 2, &p), 0);
	CHECK_EQ(p.nharts, DT_MAX_HARTS);
	for (uint32_t h = 0; h < DT_MAX_HARTS - 1; h++)
		CHECK_EQ(p.harts[h].hartid, h);
	CHECK_EQ(p.harts[DT_MAX_HARTS - 1].hartid, DT_MAX_HARTS + 2);
	CHECK_EQ(p.harts[DT_MAX_HARTS - 1].usable, 1);
	CHECK_EQ(many_cpus(DT_MAX_HARTS + 4, 999, &p), 0);   /* a boot hart the tree does not name: none kept */
	CHECK_EQ(p.harts[DT_MAX_HARTS - 1].hartid, DT_MAX_HARTS - 1);
}

TEST(reader_errors_pass_through)
{
	struct dt_platform p;
	size_t n;
	const uint8_t *blob = fixture("vf2.dtb", &n);
	CHECK(blob != NULL);
	uint8_t *q = dup_exact(blob, n);
	q[0] ^= 1;
	CHECK_EQ(parse_blob(q, n, &p), DT_ERR_BADMAGIC);
	q = dup_exact(blob, n);
	put_be32(q + 20, 15);
	CHECK_EQ(parse_blob(q, n, &p), DT_ERR_BADVERSION);
	q = dup_exact(blob, n);
	put_be32(q + get_be32(q + 8), 0x77);  /* the root's BEGIN_NODE token */
	CHECK_EQ(parse_blob(q, n, &p), DT_ERR_BADSTRUCT);
	CHECK_EQ(parse_blob(NULL, 100, &p), DT_ERR_TRUNCATED);
	for (size_t len = 0; len <= n; len++) {
		uint8_t *c = malloc(len ? len : 1);
		memcpy(c, blob, len);
		int r = parse_blob(c, len, &p);
		free(c);
		CHECK_EQ(r, len == n ? 0 : DT_ERR_TRUNCATED);
	}
}

TEST(strerror_names_every_code)
{
	static const int codes[] = {DT_ERR_TRUNCATED, DT_ERR_BADMAGIC, DT_ERR_BADVERSION,
	                            DT_ERR_BADSTRUCT, DT_ERR_BADVALUE, DT_ERR_NOTFOUND,
	                            DT_ERR_TOOMANY};
	const char *unknown = dt_strerror(-99);
	CHECK(unknown != NULL);
	CHECK(strcmp(dt_strerror(1), unknown) == 0);
	CHECK(strcmp(dt_strerror(0), unknown) != 0);
	for (size_t i = 0; i < 7; i++) {
		CHECK(dt_strerror(codes[i]) != NULL);
		CHECK(strcmp(dt_strerror(codes[i]), unknown) != 0);
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(dt_strerror(codes[i]), dt_strerror(codes[j])) != 0);
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t bound)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % bound);
}

/* Random damage to each fixture: whatever the outcome, the code is a DT_ERR_* one,
 * an error leaves the output zeroed, a success respects every array bound, and
 * nothing is read outside the exact-size buffer (ASan). */
TEST(random_mutations)
{
	static const char *names[] = {"qemu-virt.dtb", "vf2.dtb", "vf1.dtb", "cells1.dtb"};
	int seen[8] = {0};
	for (size_t k = 0; k < 4; k++) {
		size_t n;
		const uint8_t *blob = fixture(names[k], &n);
		CHECK(blob != NULL);
		for (int iter = 0; iter < 1500; iter++) {
			uint8_t *q = malloc(n);
			memcpy(q, blob, n);
			/* 1-4 bit flips, random bytes, or small words (tokens, lengths) */
			for (uint32_t m = 1 + rnd(4); m > 0; m--) {
				uint32_t at = rnd((uint32_t)n);
				switch (rnd(3)) {
				case 0: q[at] ^= (uint8_t)(1u << rnd(8)); break;
				case 1: q[at] = (uint8_t)rnd(256); break;
				default: put_be32(q + (at < n - 4 ? at : n - 4) / 4 * 4, rnd(12)); break;
				}
			}
			struct dt_platform p;
			int r = parse_blob(q, n, &p);
			free(q);
			CHECK(r <= 0 && r >= DT_ERR_NOTFOUND);
			seen[-r]++;
			if (r == 0) {
				CHECK(p.nmem >= 1 && p.nmem <= DT_MAX_MEM && p.timebase_hz != 0);
				CHECK(p.nresv <= DT_MAX_RESV && p.nharts <= DT_MAX_HARTS);
				CHECK(p.nvirtio <= DT_MAX_VIRTIO);
				for (uint32_t h = 0; h < p.nharts; h++)
					CHECK(p.harts[h].plic_s_ctx >= -1);
			}
		}
	}
	CHECK(seen[0] > 0 && seen[-DT_ERR_BADSTRUCT] > 0 && seen[-DT_ERR_BADVALUE] > 0);
}

CHECK_MAIN()
