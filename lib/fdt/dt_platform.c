/* dt_platform.c - extract the board facts the kernel needs (contract in dt_platform.h).
 *
 * Policy: a node we use must be well formed. A malformed property on such a node
 * (a "reg" with the wrong length, a cpu without "reg", an interrupts-extended entry
 * whose phandle is unknown...) fails the whole parse with DT_ERR_BADVALUE rather than
 * leaving the kernel with a half-known board. Nodes we do not use are never looked at.
 */
#include "fdt.h"

#define IRQ_S_EXTERNAL 9  /* riscv,cpu-intc cause of the supervisor external interrupt */

/* Nodes found by the walk over the whole tree, decoded afterwards; -1 if none. */
struct found {
	int plic, uart, test, rtc;
};

/* Whether `s` begins with `prefix`. */
static bool starts_with(const char *s, const char *prefix)
{
	for (size_t i = 0; prefix[i] != '\0'; i++)
		if (s[i] != prefix[i])
			return false;
	return true;
}

/* Whether compatible string `s` names a PLIC: it ends in "plic0" or "-plic", or
 * contains ",plic" ("riscv,plic0", "sifive,plic-1.0.0", "starfive,jh7110-plic"). */
static bool plic_compat(const char *s)
{
	size_t n = 0;
	bool comma_plic = false;
	for (; s[n] != '\0'; n++)
		comma_plic |= starts_with(s + n, ",plic");
	return comma_plic ||
	       (n >= 5 && (starts_with(s + n - 5, "plic0") || starts_with(s + n - 5, "-plic")));
}

static bool is_plic(const struct fdt *f, int node)
{
	const char *s;
	for (uint32_t i = 0; fdt_prop_str(f, node, "compatible", i, &s) == 0; i++)
		if (plic_compat(s))
			return true;
	return false;
}

static enum dt_uart_kind uart_kind(const struct fdt *f, int node)
{
	if (fdt_is_compatible(f, node, "snps,dw-apb-uart"))
		return DT_UART_DW8250;
	if (fdt_is_compatible(f, node, "ns16550a") || fdt_is_compatible(f, node, "ns16550"))
		return DT_UART_NS16550;
	if (fdt_is_compatible(f, node, "sifive,uart0"))
		return DT_UART_SIFIVE;
	return DT_UART_NONE;
}

/* Append range r to arr (n of max used); zero-size ranges and overflow are dropped. */
static void add_range(struct dt_range *arr, uint32_t *n, uint32_t max, struct dt_range r)
{
	if (r.size != 0 && *n < max)
		arr[(*n)++] = r;
}

/* Append every "reg" range of `node` to arr. */
static int add_reg_ranges(const struct fdt *f, int node, struct dt_range *arr, uint32_t *n,
                          uint32_t max)
{
	struct dt_range r;
	int err;
	for (uint32_t i = 0; (err = fdt_reg(f, node, i, &r)) == 0; i++)
		add_range(arr, n, max, r);
	return err == DT_ERR_NOTFOUND ? 0 : err;
}

/* First cell of `node`'s "interrupts", 0 if absent. */
static int first_irq(const struct fdt *f, int node, uint32_t *irq)
{
	const void *v;
	uint32_t len;
	int r = fdt_prop(f, node, "interrupts", &v, &len);
	*irq = 0;
	if (r == DT_ERR_NOTFOUND)
		return 0;
	if (r < 0)
		return r;
	if (len < 4 || len % 4 != 0)
		return DT_ERR_BADVALUE;
	*irq = fdt_be32(v);
	return 0;
}

/* A device's first "reg" range (required) and first interrupt. */
static int get_device(const struct fdt *f, int node, struct dt_device *d)
{
	struct dt_range r;
	int err = fdt_reg(f, node, 0, &r);
	if (err < 0)
		return err == DT_ERR_NOTFOUND ? DT_ERR_BADVALUE : err;
	d->base = r.base;
	d->size = r.size;
	return first_irq(f, node, &d->irq);
}

/* u32 property with a default when absent. */
static int u32_or(const struct fdt *f, int node, const char *name, uint32_t dflt,
                  uint32_t *out)
{
	int r = fdt_prop_u32(f, node, name, out);
	if (r == DT_ERR_NOTFOUND) {
		*out = dflt;
		return 0;
	}
	return r;
}

/* Whether cpu node `c` implements F and D: the single-letter part of "riscv,isa"
 * (after "rv32"/"rv64", up to the first '_' or multi-letter s/x/z extension; "g" is
 * imafd) has both letters, or, without "riscv,isa", "riscv,isa-extensions" lists "f"
 * and "d". A cpu that says neither is taken to have no FPU. */
static uint8_t cpu_has_fd(const struct fdt *f, int c)
{
	const char *isa;
	if (fdt_prop_str(f, c, "riscv,isa", 0, &isa) < 0)
		return fdt_prop_has_str(f, c, "riscv,isa-extensions", "f") &&
		       fdt_prop_has_str(f, c, "riscv,isa-extensions", "d");
	if (!starts_with(isa, "rv32") && !starts_with(isa, "rv64"))
		return 0;
	bool fx = false, dx = false;
	for (const char *s = isa + 4; *s && *s != '_' && *s != 's' && *s != 'x' && *s != 'z'; s++) {
		fx = fx || *s == 'f' || *s == 'g';
		dx = dx || *s == 'd' || *s == 'g';
	}
	return fx && dx;
}

/* Timebase (from /cpus, else from the first cpu node that has one) and up to
 * DT_MAX_HARTS harts from /cpus, the boot hart always among them (in the last place
 * if the ones before fill the table); cpu_node[i] remembers harts[i]'s node. */
static int parse_cpus(const struct fdt *f, uint64_t boot_hartid, struct dt_platform *p, int *cpu_node)
{
	int cpus = fdt_path(f, "/cpus", 5), r;
	if (cpus < 0)
		return cpus;
	r = fdt_prop_u64(f, cpus, "timebase-frequency", &p->timebase_hz);
	for (int c = fdt_first_child(f, cpus); c >= 0; c = fdt_next_sibling(f, c)) {
		if (!fdt_prop_has_str(f, c, "device_type", "cpu"))
			continue;
		if (r == DT_ERR_NOTFOUND)
			r = fdt_prop_u64(f, c, "timebase-frequency", &p->timebase_hz);
		struct dt_range reg;
		int err = fdt_reg(f, c, 0, &reg);
		if (err < 0)
			return err == DT_ERR_NOTFOUND ? DT_ERR_BADVALUE : err;
		if (reg.base > 0xffffffffu)
			return DT_ERR_BADVALUE;
		if (p->nharts == DT_MAX_HARTS && reg.base != boot_hartid)
			continue;
		uint32_t i = p->nharts < DT_MAX_HARTS ? p->nharts++ : DT_MAX_HARTS - 1;
		struct dt_hart *h = &p->harts[i];
		h->hartid = (uint32_t)reg.base;
		h->usable = fdt_enabled(f, c) && (fdt_prop_has_str(f, c, "mmu-type", "riscv,sv39") ||
		                                  fdt_prop_has_str(f, c, "mmu-type", "riscv,sv48") ||
		                                  fdt_prop_has_str(f, c, "mmu-type", "riscv,sv57"));
		h->plic_s_ctx = -1;
		h->has_fd = cpu_has_fd(f, c);
		cpu_node[i] = c;
	}
	if (r < 0)
		return r;
	return p->timebase_hz == 0 ? DT_ERR_BADVALUE : 0;
}

/* Walk the PLIC's interrupts-extended: entry i is context i, a phandle of a hart's
 * interrupt controller followed by that controller's #interrupt-cells; the context
 * whose first cell is IRQ_S_EXTERNAL is the hart's S-mode context. */
static int plic_contexts(const struct fdt *f, int plic, struct dt_platform *p,
                         const int *cpu_node)
{
	const void *pv;
	uint32_t len, pos = 0, cells;
	int r = fdt_prop(f, plic, "interrupts-extended", &pv, &len);
	if (r == DT_ERR_NOTFOUND)
		return 0;
	if (r < 0)
		return r;
	const uint8_t *v = pv;
	if (len % 4 != 0)
		return DT_ERR_BADVALUE;
	for (int32_t ctx = 0; pos < len; ctx++) {
		int intc = fdt_node_by_phandle(f, fdt_be32(v + pos));
		pos += 4;
		if (intc < 0 || fdt_prop_u32(f, intc, "#interrupt-cells", &cells) < 0 ||
		    cells > (len - pos) / 4)
			return DT_ERR_BADVALUE;
		if (cells >= 1 && fdt_be32(v + pos) == IRQ_S_EXTERNAL) {
			int cpu = fdt_parent(f, intc);
			for (uint32_t h = 0; h < p->nharts; h++)
				if (cpu_node[h] == cpu && p->harts[h].plic_s_ctx < 0)
					p->harts[h].plic_s_ctx = ctx;
		}
		pos += 4 * cells;
	}
	return 0;
}

static int parse_plic(const struct fdt *f, int node, struct dt_platform *p,
                      const int *cpu_node)
{
	struct dt_device d;
	int r = get_device(f, node, &d);
	if (r < 0 || (r = u32_or(f, node, "riscv,ndev", 0, &p->plic.ndev)) < 0)
		return r;
	p->plic.base = d.base;
	p->plic.size = d.size;
	return plic_contexts(f, node, p, cpu_node);
}

static int parse_uart(const struct fdt *f, int node, struct dt_uart *u)
{
	struct dt_device d;
	uint64_t clk = 0;
	int r = get_device(f, node, &d);
	if (r < 0 || (r = u32_or(f, node, "reg-shift", 0, &u->reg_shift)) < 0 ||
	    (r = u32_or(f, node, "reg-io-width", 1, &u->reg_io_width)) < 0)
		return r;
	r = fdt_prop_u64(f, node, "clock-frequency", &clk);
	if (r < 0 && r != DT_ERR_NOTFOUND)
		return r;
	if (u->reg_shift > 3 || (u->reg_io_width != 1 && u->reg_io_width != 4) ||
	    clk > 0xffffffffu)
		return DT_ERR_BADVALUE;
	u->kind = uart_kind(f, node);
	u->base = d.base;
	u->size = d.size;
	u->irq = d.irq;
	u->clock_hz = (uint32_t)clk;
	return 0;
}

/* The UART named by /chosen stdout-path ("path-or-alias[:options]") if it is a known,
 * enabled one; otherwise `first`. */
static int stdout_uart(const struct fdt *f, int first)
{
	const char *s;
	size_t n = 0;
	if (fdt_prop_str(f, fdt_path(f, "/chosen", 7), "stdout-path", 0, &s) < 0)
		return first;
	while (s[n] != '\0' && s[n] != ':')
		n++;
	int node = fdt_path(f, s, n);
	if (node >= 0 && uart_kind(f, node) != DT_UART_NONE && fdt_enabled(f, node))
		return node;
	return first;
}

/* /memreserve/ entries, then every "reg" range of /reserved-memory's children. */
static int parse_reserved(const struct fdt *f, struct dt_platform *p)
{
	struct dt_range r;
	int err;
	for (uint32_t i = 0; fdt_memrsv(f, i, &r) == 0; i++)
		add_range(p->resv, &p->nresv, DT_MAX_RESV, r);
	int rm = fdt_path(f, "/reserved-memory", 16);
	for (int c = fdt_first_child(f, rm); c >= 0; c = fdt_next_sibling(f, c))
		if ((err = add_reg_ranges(f, c, p->resv, &p->nresv, DT_MAX_RESV)) < 0)
			return err;
	return 0;
}

/* /chosen linux,initrd-start and -end: both or neither, start <= end. */
static int parse_initrd(const struct fdt *f, struct dt_platform *p)
{
	int chosen = fdt_path(f, "/chosen", 7);
	int rs = fdt_prop_u64(f, chosen, "linux,initrd-start", &p->initrd_start);
	int re = fdt_prop_u64(f, chosen, "linux,initrd-end", &p->initrd_end);
	if (rs == DT_ERR_NOTFOUND && re == DT_ERR_NOTFOUND)
		return 0;
	if (rs < 0 || re < 0 || p->initrd_end < p->initrd_start)
		return DT_ERR_BADVALUE;
	return 0;
}

/* /chosen bootargs, copied (NUL-terminated, cut to fit); absent is an empty string. */
static void parse_bootargs(const struct fdt *f, struct dt_platform *p)
{
	const char *s;
	if (fdt_prop_str(f, fdt_path(f, "/chosen", 7), "bootargs", 0, &s) < 0)
		return;
	for (size_t i = 0; s[i] && i < sizeof p->bootargs - 1; i++)
		p->bootargs[i] = s[i];
}

/* One pass over every node: memory ranges, virtio devices, and the first PLIC, UART,
 * test finisher and RTC (enabled ones only) into *fd. */
static int walk(const struct fdt *f, struct dt_platform *p, struct found *fd)
{
	int depth, n, r;
	for (n = fdt_next_node(f, -1, &depth); n >= 0; n = fdt_next_node(f, n, &depth)) {
		if (fdt_prop_has_str(f, n, "device_type", "memory")) {
			if ((r = add_reg_ranges(f, n, p->mem, &p->nmem, DT_MAX_MEM)) < 0)
				return r;
		} else if (!fdt_enabled(f, n)) {
			continue;
		} else if (fdt_is_compatible(f, n, "virtio,mmio")) {
			if (p->nvirtio < DT_MAX_VIRTIO) {
				if ((r = get_device(f, n, &p->virtio[p->nvirtio])) < 0)
					return r;
				p->nvirtio++;
			}
		} else if (fdt_is_compatible(f, n, "sifive,test0") ||
		           fdt_is_compatible(f, n, "sifive,test1")) {
			fd->test = fd->test < 0 ? n : fd->test;
		} else if (fdt_is_compatible(f, n, "google,goldfish-rtc")) {
			fd->rtc = fd->rtc < 0 ? n : fd->rtc;
		} else if (uart_kind(f, n) != DT_UART_NONE) {
			fd->uart = fd->uart < 0 ? n : fd->uart;
		} else if (is_plic(f, n)) {
			fd->plic = fd->plic < 0 ? n : fd->plic;
		}
	}
	return n == DT_ERR_NOTFOUND ? 0 : n;
}

static int parse(const void *blob, size_t maxlen, uint64_t boot_hartid, struct dt_platform *p)
{
	struct fdt f;
	struct found fd = {-1, -1, -1, -1};
	int cpu_node[DT_MAX_HARTS];
	int r;

	if ((r = fdt_init(&f, blob, maxlen)) < 0 || (r = parse_cpus(&f, boot_hartid, p, cpu_node)) < 0 ||
	    (r = walk(&f, p, &fd)) < 0)
		return r;
	if (p->nmem == 0)
		return DT_ERR_NOTFOUND;
	if ((r = parse_reserved(&f, p)) < 0 || (r = parse_initrd(&f, p)) < 0)
		return r;
	parse_bootargs(&f, p);
	fd.uart = stdout_uart(&f, fd.uart);
	if (fd.uart >= 0 && (r = parse_uart(&f, fd.uart, &p->uart)) < 0)
		return r;
	if (fd.plic >= 0 && (r = parse_plic(&f, fd.plic, p, cpu_node)) < 0)
		return r;
	if (fd.test >= 0 && (r = get_device(&f, fd.test, &p->test_finisher)) < 0)
		return r;
	if (fd.rtc >= 0 && (r = get_device(&f, fd.rtc, &p->rtc)) < 0)
		return r;
	return 0;
}

/* Zero *p with volatile stores, so that the compiler cannot turn the loop into a
 * call to memset (there is no libc underneath the kernel). */
static void zero(struct dt_platform *p)
{
	volatile uint8_t *b = (volatile uint8_t *)p;
	for (size_t i = 0; i < sizeof *p; i++)
		b[i] = 0;
}

int dt_platform_parse(const void *blob, size_t maxlen, uint64_t boot_hartid, struct dt_platform *out)
{
	zero(out);
	int r = parse(blob, maxlen, boot_hartid, out);
	if (r < 0)
		zero(out);
	return r;
}

const char *dt_strerror(int err)
{
	switch (err) {
	case 0:                 return "ok";
	case DT_ERR_TRUNCATED:  return "truncated blob";
	case DT_ERR_BADMAGIC:   return "bad magic";
	case DT_ERR_BADVERSION: return "unsupported version";
	case DT_ERR_BADSTRUCT:  return "malformed structure block";
	case DT_ERR_BADVALUE:   return "bad property value";
	case DT_ERR_NOTFOUND:   return "required node not found";
	case DT_ERR_TOOMANY:    return "too many entries";
	default:                return "unknown error";
	}
}
