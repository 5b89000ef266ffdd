/* fuzz_fdt.c - libFuzzer harness of the device-tree reader (lib/fdt): any blob goes
 * through dt_platform_parse(), the kernel's one use of it, and, when fdt_init() accepts
 * it, through every reader call over every node (walk, names, parents, paths, properties
 * as cells, strings and reg entries, phandles, the reservations). The blob is copied to
 * a buffer of exactly its size, so ASan sees any read past it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fdt/fdt.h"

/* Every property of the tree the reader has a typed call for, on node n. */
static void read_props(const struct fdt *f, int n)
{
	static const char *const names[] = {
		"compatible", "reg", "status", "#address-cells", "#size-cells", "phandle",
		"interrupts", "interrupt-parent", "stdout-path", "bootargs", "device_type",
	};
	const char *s;
	const void *v;
	uint32_t u, len;
	uint64_t q;
	struct dt_range r;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (fdt_prop(f, n, names[i], &v, &len) == 0 && len)
			(void)((const volatile uint8_t *)v)[len - 1];
		(void)fdt_prop_u32(f, n, names[i], &u);
		(void)fdt_prop_u64(f, n, names[i], &q);
		for (uint32_t k = 0; fdt_prop_str(f, n, names[i], k, &s) == 0; k++)
			(void)strlen(s);
	}
	for (uint32_t k = 0; k < 64 && fdt_reg(f, n, k, &r) == 0; k++)
		;
	(void)fdt_reg_cells(f, n, &u, &len);
	(void)fdt_enabled(f, n);
	(void)fdt_is_compatible(f, n, "virtio,mmio");
	if (fdt_prop_u32(f, n, "interrupt-parent", &u) == 0)
		(void)fdt_node_by_phandle(f, u);
}

/* The walk over every node, each also reached by its path where that is short. */
static void walk(const struct fdt *f)
{
	int depth, steps = 0;
	for (int n = fdt_next_node(f, -1, &depth); n >= 0 && steps < 4096;
	     n = fdt_next_node(f, n, &depth), steps++) {
		const char *name = fdt_name(f, n);
		if (name)
			(void)strlen(name);
		(void)fdt_parent(f, n);
		(void)fdt_first_child(f, n);
		(void)fdt_next_sibling(f, n);
		read_props(f, n);
	}
	/* Offsets that are not nodes: the reader must refuse them, not read outside. */
	for (int off = 0; off < 64; off += 3)
		read_props(f, off);
	static const char *const paths[] = {"/", "/chosen", "/cpus/cpu@0", "/soc/serial",
	                                    "serial0:115200", "/memory", "//a//b/", "alias/x"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		(void)fdt_path(f, paths[i], strlen(paths[i]));
	struct dt_range r;
	for (uint32_t k = 0; fdt_memrsv(f, k, &r) == 0; k++)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *blob = malloc(size ? size : 1);
	memcpy(blob, data, size);
	struct dt_platform p;
	int r = dt_platform_parse(blob, size, 0, &p);
	if (r < 0 && dt_strerror(r) == NULL)
		abort();
	if (r == 0 && (p.nmem == 0 || p.nmem > DT_MAX_MEM || p.nresv > DT_MAX_RESV ||
	               p.nharts > DT_MAX_HARTS || p.nvirtio > DT_MAX_VIRTIO ||
	               memchr(p.bootargs, 0, sizeof p.bootargs) == NULL))
		abort();   /* the contract of dt_platform.h broken */
	struct fdt f;
	if (fdt_init(&f, blob, size) == 0)
		walk(&f);
	free(blob);
	return 0;
}
