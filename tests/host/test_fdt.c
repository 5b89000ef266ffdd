/* test_fdt.c - the device tree reader (lib/fdt/fdt.c): its API on QEMU's own DTB and on
 * built trees, and its refusal of every kind of malformed blob with the exact error.
 * Run from the repository root (fixtures in $(BUILD)/host/fixtures).
 */
#include "check.h"
#include "fdt/fdt.h"
#include "fdt_builder.h"

/* QEMU's DTB, checked, into *f; NULL if it is missing or rejected. */
static const uint8_t *qemu(struct fdt *f, size_t *n)
{
	const uint8_t *p = fixture("qemu-virt.dtb", n);
	if (!p || fdt_init(f, p, *n) != 0)
		return NULL;
	return p;
}

static int path(const struct fdt *f, const char *s)
{
	return fdt_path(f, s, strlen(s));
}

/* fdt_init() of a copy of src[0..n) whose header word at `off` is set to `v`. */
static int init_patched(const uint8_t *src, size_t n, uint32_t off, uint32_t v)
{
	struct fdt f;
	uint8_t *p = dup_exact(src, n);
	put_be32(p + off, v);
	return fdt_init(&f, p, n);
}

/* fdt_init() of the finished builder blob. */
static int init_built(const struct bld *b)
{
	struct fdt f;
	size_t n;
	const uint8_t *p = b_finish(b, &n);
	return fdt_init(&f, p, n);
}

/* A builder holding "/ { #address-cells = <1>; a { x = <1>; };" with the root still
 * open and no FDT_END, so a test can finish it its own way. */
static void open_tree(struct bld *b)
{
	memset(b, 0, sizeof *b);
	b_begin(b, "");
	b_cells(b, "#address-cells", 1, 1u);
	b_begin(b, "a");
	b_cells(b, "x", 1, 1u);
	b_end(b);
}

TEST(qemu_blob_accepted)
{
	struct fdt f;
	size_t n;
	CHECK(qemu(&f, &n) != NULL);
	CHECK_EQ(f.totalsize, n);
	CHECK_EQ(f.nrsv, 0);
	struct dt_range r;
	CHECK_EQ(fdt_memrsv(&f, 0, &r), DT_ERR_NOTFOUND);
}

/* Every node is found again by the path made of its ancestors' names, and its
 * parent is the node one level up in the depth-first walk. */
TEST(qemu_walk_paths_and_parents)
{
	struct fdt f;
	size_t n;
	int stack[FDT_MAX_DEPTH], depth, count = 0, maxdepth = 0;
	char buf[512];
	CHECK(qemu(&f, &n) != NULL);
	for (int node = fdt_next_node(&f, -1, &depth); node >= 0;
	     node = fdt_next_node(&f, node, &depth)) {
		CHECK(depth >= 0 && depth < FDT_MAX_DEPTH);
		stack[depth] = node;
		CHECK_EQ(fdt_parent(&f, node), depth ? stack[depth - 1] : DT_ERR_NOTFOUND);
		size_t len = 0;
		for (int d = 1; d <= depth; d++)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "/%s", fdt_name(&f, stack[d]));
		CHECK_EQ(fdt_path(&f, depth ? buf : "/", depth ? len : 1), node);
		count++;
		maxdepth = depth > maxdepth ? depth : maxdepth;
	}
	CHECK(count > 20);
	CHECK_EQ(maxdepth, 4);  /* /cpus/cpu-map/cluster0/core0 */
}

TEST(path_lookup)
{
	struct fdt f;
	size_t n;
	CHECK(qemu(&f, &n) != NULL);
	int uart = path(&f, "/soc/serial@10000000");
	CHECK(uart > 0);
	CHECK_EQ(path(&f, "/"), 0);
	CHECK(strcmp(fdt_name(&f, 0), "") == 0);
	CHECK(strcmp(fdt_name(&f, uart), "serial@10000000") == 0);
	CHECK_EQ(path(&f, "/soc/serial"), uart);               /* base name matches */
	CHECK_EQ(path(&f, "//soc//serial@10000000/"), uart);   /* empty components skipped */
	CHECK_EQ(fdt_path(&f, "/soc/serial@10000000/xyz", 20), uart);  /* only len bytes */
	CHECK(strcmp(fdt_name(&f, path(&f, "/soc/virtio_mmio")), "virtio_mmio@10008000") == 0);
	CHECK(strcmp(fdt_name(&f, path(&f, "/cpus/cpu")), "cpu@0") == 0);
	CHECK(path(&f, "/cpus/cpu@1/interrupt-controller") > 0);
	CHECK_EQ(path(&f, "/soc/serial@10000001"), DT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/soc/serial@"), DT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/soc/seria"), DT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/cpu"), DT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/nope/cpus"), DT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, ""), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path(&f, NULL, 3), DT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "serial0"), DT_ERR_NOTFOUND);        /* no /aliases in QEMU's tree */
}

TEST(alias_lookup)
{
	struct fdt f;
	size_t n;
	const uint8_t *p = fixture("vf2.dtb", &n);
	CHECK(p != NULL);
	CHECK_EQ(fdt_init(&f, p, n), 0);
	int uart = path(&f, "/soc/serial@10000000");
	CHECK(uart > 0);
	CHECK_EQ(path(&f, "serial0"), uart);
	CHECK_EQ(fdt_path(&f, "serial0:115200n8", 7), uart);
	CHECK_EQ(path(&f, "serial1"), DT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "serial0/x"), DT_ERR_NOTFOUND);

	/* An alias must hold an absolute path terminated inside its property. */
	struct bld b;
	memset(&b, 0, sizeof b);
	b_begin(&b, "");
	b_begin(&b, "aliases");
	b_prop_str(&b, "rel", "soc");
	b_prop(&b, "unterminated", "/soc", 4);
	b_prop_str(&b, "good", "/soc");
	b_end(&b);
	b_begin(&b, "soc");
	b_end(&b);
	b_end(&b);
	b_u32(&b, TOK_END);
	const uint8_t *q = b_finish(&b, &n);
	CHECK_EQ(fdt_init(&f, q, n), 0);
	CHECK(path(&f, "good") > 0);
	CHECK_EQ(path(&f, "good"), path(&f, "/soc"));
	CHECK_EQ(path(&f, "rel"), DT_ERR_BADVALUE);
	CHECK_EQ(path(&f, "unterminated"), DT_ERR_BADVALUE);
}

TEST(children_and_siblings)
{
	struct fdt f;
	size_t n;
	CHECK(qemu(&f, &n) != NULL);
	int cpus = path(&f, "/cpus");
	int c = fdt_first_child(&f, cpus);
	CHECK(strcmp(fdt_name(&f, c), "cpu@0") == 0);
	c = fdt_next_sibling(&f, c);
	CHECK(strcmp(fdt_name(&f, c), "cpu@1") == 0);
	c = fdt_next_sibling(&f, c);
	CHECK(strcmp(fdt_name(&f, c), "cpu-map") == 0);
	CHECK_EQ(fdt_next_sibling(&f, c), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_first_child(&f, path(&f, "/chosen")), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_sibling(&f, 0), DT_ERR_NOTFOUND);  /* the root has none */
	CHECK_EQ(fdt_first_child(&f, DT_ERR_BADVALUE), DT_ERR_BADVALUE);
	CHECK_EQ(fdt_next_sibling(&f, DT_ERR_NOTFOUND), DT_ERR_NOTFOUND);
}

TEST(properties)
{
	struct fdt f;
	size_t n;
	const void *v;
	uint32_t len, u;
	uint64_t w;
	const char *s;
	CHECK(qemu(&f, &n) != NULL);
	CHECK_EQ(fdt_prop(&f, 0, "compatible", &v, &len), 0);
	CHECK_EQ(len, 13);
	CHECK(memcmp(v, "riscv-virtio", 13) == 0);
	CHECK_EQ(fdt_prop(&f, 0, "compatible", NULL, NULL), 0);
	CHECK_EQ(fdt_prop(&f, 0, "compat", NULL, NULL), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_prop(&f, 0, "compatiblex", NULL, NULL), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_prop(&f, 0, "reg", NULL, NULL), DT_ERR_NOTFOUND);

	int cpus = path(&f, "/cpus");
	CHECK_EQ(fdt_prop_u32(&f, cpus, "#address-cells", &u), 0);
	CHECK_EQ(u, 1);
	CHECK_EQ(fdt_prop_u32(&f, cpus, "timebase-frequency", &u), 0);
	CHECK_EQ(u, 10000000);
	CHECK_EQ(fdt_prop_u64(&f, cpus, "timebase-frequency", &w), 0);
	CHECK_EQ(w, 10000000);
	CHECK_EQ(fdt_prop_u32(&f, 0, "model", &u), DT_ERR_BADVALUE);
	CHECK_EQ(fdt_prop_u64(&f, path(&f, "/memory"), "reg", &w), DT_ERR_BADVALUE);
	CHECK_EQ(fdt_prop_u32(&f, cpus, "nothing", &u), DT_ERR_NOTFOUND);

	int test = path(&f, "/soc/test");
	CHECK_EQ(fdt_prop_str(&f, test, "compatible", 0, &s), 0);
	CHECK(strcmp(s, "sifive,test1") == 0);
	CHECK_EQ(fdt_prop_str(&f, test, "compatible", 2, &s), 0);
	CHECK(strcmp(s, "syscon") == 0);
	CHECK_EQ(fdt_prop_str(&f, test, "compatible", 3, &s), DT_ERR_NOTFOUND);
	CHECK(fdt_is_compatible(&f, test, "sifive,test0"));
	CHECK(!fdt_is_compatible(&f, test, "sifive,test"));
	CHECK(!fdt_is_compatible(&f, test, "syscon2"));
	CHECK(fdt_prop_has_str(&f, path(&f, "/memory"), "device_type", "memory"));
	CHECK(!fdt_prop_has_str(&f, path(&f, "/memory"), "no-such", "memory"));

	/* Negative nodes pass through; offsets that are not nodes are refused. */
	CHECK_EQ(fdt_prop(&f, DT_ERR_NOTFOUND, "reg", NULL, NULL), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_prop_u32(&f, DT_ERR_BADVALUE, "reg", &u), DT_ERR_BADVALUE);
	CHECK_EQ(fdt_prop(&f, 2, "reg", NULL, NULL), DT_ERR_BADSTRUCT);
	CHECK_EQ(fdt_prop(&f, 8, "reg", NULL, NULL), DT_ERR_BADSTRUCT);
	CHECK_EQ(fdt_prop(&f, 1 << 30, "reg", NULL, NULL), DT_ERR_BADSTRUCT);
	CHECK(fdt_name(&f, 8) == NULL);
	CHECK(fdt_name(&f, -1) == NULL);
	CHECK(!fdt_is_compatible(&f, -1, "x"));
}

TEST(string_lists)
{
	struct bld b;
	struct fdt f;
	size_t n;
	const char *s;
	memset(&b, 0, sizeof b);
	b_begin(&b, "");
	b_prop(&b, "two", "ab\0cd", 6);
	b_prop(&b, "open", "ab\0cd", 5);
	b_prop(&b, "empty", "", 0);
	b_prop(&b, "blank", "\0\0", 2);
	b_end(&b);
	b_u32(&b, TOK_END);
	const uint8_t *p = b_finish(&b, &n);
	CHECK_EQ(fdt_init(&f, p, n), 0);
	CHECK_EQ(fdt_prop_str(&f, 0, "two", 1, &s), 0);
	CHECK(strcmp(s, "cd") == 0);
	CHECK_EQ(fdt_prop_str(&f, 0, "two", 2, &s), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_prop_str(&f, 0, "open", 0, &s), 0);
	CHECK_EQ(fdt_prop_str(&f, 0, "open", 1, &s), DT_ERR_BADVALUE);
	CHECK_EQ(fdt_prop_str(&f, 0, "empty", 0, &s), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_prop_str(&f, 0, "blank", 1, &s), 0);
	CHECK(strcmp(s, "") == 0);
	CHECK(fdt_prop_has_str(&f, 0, "open", "ab"));
	CHECK(!fdt_prop_has_str(&f, 0, "open", "cd"));
	CHECK(!fdt_prop_has_str(&f, 0, "two", "a"));
	CHECK(!fdt_prop_has_str(&f, 0, "two", "abc"));
}

TEST(status)
{
	static const struct { const char *val; uint32_t len; bool on; } cases[] = {
		{"okay", 5, true}, {"ok", 3, true}, {"disabled", 9, false},
		{"okayish", 8, false}, {"", 0, false}, {"okay", 4, false}, {"fail", 5, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct bld b;
		struct fdt f;
		size_t n;
		memset(&b, 0, sizeof b);
		b_begin(&b, "");
		b_prop(&b, "status", cases[i].val, cases[i].len);
		b_begin(&b, "nostatus");
		b_end(&b);
		b_end(&b);
		b_u32(&b, TOK_END);
		const uint8_t *p = b_finish(&b, &n);
		CHECK_EQ(fdt_init(&f, p, n), 0);
		CHECK_EQ(fdt_enabled(&f, 0), cases[i].on);
		CHECK(fdt_enabled(&f, path(&f, "/nostatus")));
		CHECK(!fdt_enabled(&f, DT_ERR_NOTFOUND));
	}
}

TEST(reg_decoding)
{
	struct fdt f;
	size_t n;
	uint32_t ac, sc;
	struct dt_range r;
	CHECK(qemu(&f, &n) != NULL);
	int flash = path(&f, "/flash");
	CHECK_EQ(fdt_reg_cells(&f, flash, &ac, &sc), 0);
	CHECK_EQ(ac, 2);
	CHECK_EQ(sc, 2);
	CHECK_EQ(fdt_reg(&f, flash, 0, &r), 0);
	CHECK_EQ(r.base, 0x20000000);
	CHECK_EQ(r.size, 0x2000000);
	CHECK_EQ(fdt_reg(&f, flash, 1, &r), 0);
	CHECK_EQ(r.base, 0x22000000);
	CHECK_EQ(r.size, 0x2000000);
	CHECK_EQ(fdt_reg(&f, flash, 2, &r), DT_ERR_NOTFOUND);
	int cpu1 = path(&f, "/cpus/cpu@1");
	CHECK_EQ(fdt_reg_cells(&f, cpu1, &ac, &sc), 0);
	CHECK_EQ(ac, 1);
	CHECK_EQ(sc, 0);
	CHECK_EQ(fdt_reg(&f, cpu1, 0, &r), 0);
	CHECK_EQ(r.base, 1);
	CHECK_EQ(r.size, 0);
	CHECK_EQ(fdt_reg(&f, path(&f, "/chosen"), 0, &r), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_reg_cells(&f, 0, &ac, &sc), 0);  /* the root: defaults */
	CHECK_EQ(ac, 2);
	CHECK_EQ(sc, 1);
	CHECK_EQ(fdt_reg_cells(&f, DT_ERR_NOTFOUND, &ac, &sc), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_reg(&f, DT_ERR_BADSTRUCT, 0, &r), DT_ERR_BADSTRUCT);
}

/* Defaults when the parent says nothing; refusals of cell counts and lengths. */
TEST(reg_cells_checked)
{
	struct bld b;
	struct fdt f;
	size_t n;
	struct dt_range r;
	uint32_t ac, sc;
	memset(&b, 0, sizeof b);
	b_begin(&b, "");
	b_begin(&b, "dflt");
	b_cells(&b, "reg", 3, 0x1u, 0x2u, 0x3u);
	b_end(&b);
	b_begin(&b, "three");
	b_cells(&b, "#address-cells", 1, 3u);
	b_begin(&b, "x");
	b_cells(&b, "reg", 4, 0u, 0u, 0u, 0u);
	b_end(&b);
	b_end(&b);
	b_begin(&b, "huge");
	b_cells(&b, "#size-cells", 1, 5u);
	b_begin(&b, "x");
	b_end(&b);
	b_end(&b);
	b_begin(&b, "long");
	b_cells(&b, "#address-cells", 2, 0u, 1u);
	b_begin(&b, "x");
	b_cells(&b, "reg", 2, 0u, 0u);
	b_end(&b);
	b_end(&b);
	b_begin(&b, "ragged");
	b_cells(&b, "#address-cells", 1, 1u);
	b_cells(&b, "#size-cells", 1, 1u);
	b_begin(&b, "x");
	b_cells(&b, "reg", 3, 0x1000u, 0x10u, 0x2000u);
	b_end(&b);
	b_end(&b);
	b_end(&b);
	b_u32(&b, TOK_END);
	const uint8_t *p = b_finish(&b, &n);
	CHECK_EQ(fdt_init(&f, p, n), 0);
	CHECK_EQ(fdt_reg(&f, path(&f, "/dflt"), 0, &r), 0);
	CHECK_EQ(r.base, 0x100000002ull);
	CHECK_EQ(r.size, 3);
	CHECK_EQ(fdt_reg(&f, path(&f, "/three/x"), 0, &r), DT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg_cells(&f, path(&f, "/three/x"), &ac, &sc), 0);
	CHECK_EQ(ac, 3);
	CHECK_EQ(fdt_reg_cells(&f, path(&f, "/huge/x"), &ac, &sc), DT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg_cells(&f, path(&f, "/long/x"), &ac, &sc), DT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg(&f, path(&f, "/long/x"), 0, &r), DT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg(&f, path(&f, "/ragged/x"), 0, &r), DT_ERR_BADVALUE);
}

TEST(phandles)
{
	struct fdt f;
	size_t n;
	CHECK(qemu(&f, &n) != NULL);
	int plic = fdt_node_by_phandle(&f, 5);
	CHECK(plic > 0);
	CHECK(fdt_is_compatible(&f, plic, "riscv,plic0"));
	CHECK_EQ(fdt_parent(&f, fdt_node_by_phandle(&f, 4)), path(&f, "/cpus/cpu@0"));
	CHECK_EQ(fdt_node_by_phandle(&f, 0), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_node_by_phandle(&f, 0xffffffffu), DT_ERR_NOTFOUND);
	CHECK_EQ(fdt_node_by_phandle(&f, 0x1234), DT_ERR_NOTFOUND);

	struct bld b;
	memset(&b, 0, sizeof b);
	b_begin(&b, "");
	b_begin(&b, "old");
	b_cells(&b, "linux,phandle", 1, 7u);
	b_end(&b);
	b_end(&b);
	b_u32(&b, TOK_END);
	const uint8_t *p = b_finish(&b, &n);
	CHECK_EQ(fdt_init(&f, p, n), 0);
	CHECK_EQ(fdt_node_by_phandle(&f, 7), path(&f, "/old"));
}

TEST(memreserve_block)
{
	struct bld b;
	struct fdt f;
	size_t n;
	struct dt_range r;
	open_tree(&b);
	b_end(&b);
	b_u32(&b, TOK_END);
	b.nrsv = 2;
	b.rsv[0][0] = 0x80000000;
	b.rsv[0][1] = 0x80000;
	b.rsv[1][0] = 0x123456789abcdef0ull;
	b.rsv[1][1] = 0x1000;
	const uint8_t *p = b_finish(&b, &n);
	CHECK_EQ(fdt_init(&f, p, n), 0);
	CHECK_EQ(f.nrsv, 2);
	CHECK_EQ(fdt_memrsv(&f, 1, &r), 0);
	CHECK_EQ(r.base, 0x123456789abcdef0ull);
	CHECK_EQ(r.size, 0x1000);
	CHECK_EQ(fdt_memrsv(&f, 2, &r), DT_ERR_NOTFOUND);

	/* The block may sit anywhere, but must end with (0, 0) inside totalsize. */
	b.rsv_last = 1;
	p = b_finish(&b, &n);
	CHECK_EQ(fdt_init(&f, p, n), 0);
	CHECK_EQ(f.nrsv, 2);
	uint8_t *q = dup_exact(p, n);
	q[n - 1] = 1;  /* the terminator is the last 16 bytes */
	CHECK_EQ(fdt_init(&f, q, n), DT_ERR_TRUNCATED);
}

TEST(walk_depths_and_nops)
{
	struct bld b;
	struct fdt f;
	size_t n;
	int depth, node;
	memset(&b, 0, sizeof b);
	b_u32(&b, TOK_NOP);  /* NOPs may appear anywhere, even before the root */
	b_begin(&b, "");
	b_u32(&b, TOK_NOP);
	b_begin(&b, "a");
	b_begin(&b, "b");
	b_u32(&b, TOK_NOP);
	b_end(&b);
	b_end(&b);
	b_u32(&b, TOK_NOP);
	b_begin(&b, "c");
	b_end(&b);
	b_end(&b);
	b_u32(&b, TOK_NOP);
	b_u32(&b, TOK_END);
	const uint8_t *p = b_finish(&b, &n);
	CHECK_EQ(fdt_init(&f, p, n), 0);
	static const char *names[] = {"", "a", "b", "c"};
	static const int depths[] = {0, 1, 2, 1};
	node = fdt_next_node(&f, -1, &depth);
	CHECK_EQ(node, 4);
	for (int i = 0; i < 4; i++, node = fdt_next_node(&f, node, &depth)) {
		CHECK(node >= 0);
		CHECK(strcmp(fdt_name(&f, node), names[i]) == 0);
		CHECK_EQ(depth, depths[i]);
	}
	CHECK_EQ(node, DT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/a/b"), fdt_first_child(&f, path(&f, "/a")));
	CHECK_EQ(fdt_next_sibling(&f, path(&f, "/a")), path(&f, "/c"));
	CHECK_EQ(fdt_parent(&f, path(&f, "/a/b")), path(&f, "/a"));
}

TEST(big_endian_cells)
{
	static const uint8_t raw[] = {0xff, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
	CHECK_EQ(fdt_be32(raw + 1), 0x12345678u);
	CHECK_EQ(fdt_cells(raw + 1, 2), 0x123456789abcdef0ull);
	CHECK_EQ(fdt_cells(raw + 1, 1), 0x12345678u);
	CHECK_EQ(fdt_cells(raw + 1, 0), 0);
}

/* ---- malformed headers ---- */

TEST(header_too_short_or_null)
{
	struct fdt f;
	size_t n;
	const uint8_t *p = fixture("qemu-virt.dtb", &n);
	CHECK(p != NULL);
	CHECK_EQ(fdt_init(&f, NULL, n), DT_ERR_TRUNCATED);
	for (size_t len = 0; len < 40; len++)
		CHECK_EQ(fdt_init(&f, dup_exact(p, len), len), DT_ERR_TRUNCATED);
}

TEST(header_bad_magic)
{
	size_t n;
	const uint8_t *p = fixture("qemu-virt.dtb", &n);
	CHECK(p != NULL);
	CHECK_EQ(init_patched(p, n, 0, 0xedfe0dd0), DT_ERR_BADMAGIC);
	CHECK_EQ(init_patched(p, n, 0, 0), DT_ERR_BADMAGIC);
	struct fdt f;
	CHECK_EQ(fdt_init(&f, "\xd0\x0d\xfe\xee", 4), DT_ERR_BADMAGIC);
}

TEST(header_versions)
{
	size_t n;
	const uint8_t *p = fixture("qemu-virt.dtb", &n);
	CHECK(p != NULL);
	CHECK_EQ(init_patched(p, n, 20, 15), DT_ERR_BADVERSION);
	CHECK_EQ(init_patched(p, n, 20, 1), DT_ERR_BADVERSION);
	CHECK_EQ(init_patched(p, n, 24, 18), DT_ERR_BADVERSION);
	CHECK_EQ(init_patched(p, n, 20, 18), 0);      /* newer, still compatible with 16 */
	CHECK_EQ(init_patched(p, n, 20, 16), 0);      /* v16: no size_dt_struct */
	uint8_t *q = dup_exact(p, n);
	put_be32(q + 20, 16);
	put_be32(q + 36, 0xffffffffu);                /* ignored below v17 */
	struct fdt f;
	CHECK_EQ(fdt_init(&f, q, n), 0);
	CHECK_EQ(f.struct_size, n - f.struct_off);
	CHECK(path(&f, "/soc/serial") > 0);
}

TEST(header_sizes_and_offsets)
{
	size_t n;
	const uint8_t *p = fixture("qemu-virt.dtb", &n);
	CHECK(p != NULL);
	uint32_t total = (uint32_t)n;
	uint32_t st = get_be32(p + 8), str = get_be32(p + 12), rsv = get_be32(p + 16);
	uint32_t strsz = get_be32(p + 32), stsz = get_be32(p + 36);
	CHECK_EQ(init_patched(p, n, 4, total + 1), DT_ERR_TRUNCATED);  /* totalsize > maxlen */
	CHECK_EQ(init_patched(p, n, 4, 0xffffffffu), DT_ERR_TRUNCATED);
	CHECK_EQ(init_patched(p, n, 4, 39), DT_ERR_TRUNCATED);         /* smaller than a header */
	CHECK_EQ(init_patched(p, n, 8, (total + 4) & ~3u), DT_ERR_TRUNCATED);  /* struct past the end */
	CHECK_EQ(init_patched(p, n, 8, (total - stsz + 4) & ~3u), DT_ERR_TRUNCATED);
	CHECK_EQ(init_patched(p, n, 36, total - st + 4), DT_ERR_TRUNCATED);
	CHECK_EQ(init_patched(p, n, 36, 0xfffffffcu), DT_ERR_TRUNCATED);  /* no wrap-around */
	CHECK_EQ(init_patched(p, n, 12, total), DT_ERR_TRUNCATED);     /* strings past the end */
	CHECK_EQ(init_patched(p, n, 12, 0xfffffff0u), DT_ERR_TRUNCATED);
	CHECK_EQ(init_patched(p, n, 32, total - str + 1), DT_ERR_TRUNCATED);
	CHECK_EQ(init_patched(p, n, 16, (total + 8) & ~7u), DT_ERR_TRUNCATED);  /* rsvmap */
	CHECK_EQ(init_patched(p, n, 16, rsv + 4), DT_ERR_BADSTRUCT);   /* misaligned */
	CHECK_EQ(init_patched(p, n, 8, st + 2), DT_ERR_BADSTRUCT);
	CHECK_EQ(init_patched(p, n, 8, 0), DT_ERR_BADSTRUCT);          /* inside the header */
	CHECK_EQ(init_patched(p, n, 16, 0), DT_ERR_BADSTRUCT);
	CHECK_EQ(init_patched(p, n, 12, 8), DT_ERR_BADSTRUCT);
	CHECK_EQ(init_patched(p, n, 36, 0), DT_ERR_BADSTRUCT);         /* empty: no root */
	CHECK_EQ(init_patched(p, n, 36, stsz - 4), DT_ERR_BADSTRUCT);  /* FDT_END cut off */
	CHECK_EQ(init_patched(p, n, 32, 0), DT_ERR_BADVALUE);          /* names outside strings */
	CHECK_EQ(init_patched(p, n, 32, strsz - 1), DT_ERR_BADVALUE);  /* last name unterminated */
}

/* Every cut of the blob: with the real header it is short of totalsize; with
 * totalsize patched to the cut, a block runs past it until the cut reaches the end
 * of the last block. Exact-size buffers let ASan catch any read past the cut. */
TEST(every_truncation)
{
	size_t n;
	const uint8_t *p = fixture("qemu-virt.dtb", &n);
	CHECK(p != NULL);
	uint32_t need = get_be32(p + 12) + get_be32(p + 32);
	if (get_be32(p + 8) + get_be32(p + 36) > need)
		need = get_be32(p + 8) + get_be32(p + 36);
	for (size_t len = 0; len <= n; len++) {
		struct fdt f;
		uint8_t *q = malloc(len ? len : 1);
		memcpy(q, p, len);
		int r1 = fdt_init(&f, q, len);
		if (len >= 40)
			put_be32(q + 4, (uint32_t)len);
		int r2 = fdt_init(&f, q, len);
		free(q);
		CHECK_EQ(r1, len == n ? 0 : DT_ERR_TRUNCATED);
		CHECK_EQ(r2, len >= need ? 0 : DT_ERR_TRUNCATED);
	}
}

/* ---- malformed structure blocks ---- */

TEST(struct_bad_tokens)
{
	static const uint32_t bad[] = {0, 5, 6, 7, 8, 10, 0x01000000, 0xffffffffu};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct bld b;
		open_tree(&b);
		b_u32(&b, bad[i]);
		b_end(&b);
		b_u32(&b, TOK_END);
		CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);
	}
}

TEST(struct_well_formed_base)
{
	struct bld b;
	open_tree(&b);
	b_end(&b);
	b_u32(&b, TOK_END);
	CHECK_EQ(init_built(&b), 0);
}

TEST(struct_unterminated_node_name)
{
	struct bld b;
	open_tree(&b);
	b_u32(&b, TOK_BEGIN);
	b_raw(&b, "abcdefgh", 8);  /* runs to the end of the block with no NUL */
	CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);
}

TEST(struct_property_past_block)
{
	static const uint32_t lens[] = {5, 100, 0x7fffffffu, 0xfffffffcu, 0xffffffffu};
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		struct bld b;
		open_tree(&b);
		b_u32(&b, TOK_PROP);
		b_u32(&b, lens[i]);
		b_u32(&b, b_str(&b, "x"));
		b_u32(&b, TOK_END_NODE);  /* 4 bytes of "value" left in the block */
		CHECK_EQ(init_built(&b), DT_ERR_BADVALUE);
	}
}

TEST(struct_property_header_cut)
{
	struct bld b;
	open_tree(&b);
	b_u32(&b, TOK_PROP);
	b_u32(&b, 0);  /* the name offset is missing */
	CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);
}

TEST(struct_name_offset_outside_strings)
{
	for (int i = 0; i < 5; i++) {
		struct bld b;
		open_tree(&b);
		uint32_t offs[] = {b.nstr, b.nstr + 1, b.nstr + 100, 0x80000000u, 0xffffffffu};
		b_u32(&b, TOK_PROP);
		b_u32(&b, 0);
		b_u32(&b, offs[i]);
		b_end(&b);
		b_u32(&b, TOK_END);
		CHECK_EQ(init_built(&b), DT_ERR_BADVALUE);
	}
}

TEST(struct_nesting_limit)
{
	for (int levels = FDT_MAX_DEPTH; levels <= FDT_MAX_DEPTH + 1; levels++) {
		struct bld b;
		memset(&b, 0, sizeof b);
		for (int i = 0; i < levels; i++)
			b_begin(&b, i ? "n" : "");
		for (int i = 0; i < levels; i++)
			b_end(&b);
		b_u32(&b, TOK_END);
		size_t n;
		struct fdt f;
		const uint8_t *p = b_finish(&b, &n);
		int r = fdt_init(&f, p, n);
		if (levels > FDT_MAX_DEPTH) {
			CHECK_EQ(r, DT_ERR_BADSTRUCT);
			continue;
		}
		CHECK_EQ(r, 0);
		char deep[2 * FDT_MAX_DEPTH + 1] = "";
		for (int i = 1; i < levels; i++)
			strcat(deep, "/n");
		int node = path(&f, deep);
		CHECK(node > 0);
		CHECK_EQ(fdt_first_child(&f, node), DT_ERR_NOTFOUND);
		CHECK(fdt_parent(&f, node) > 0);
	}
}

TEST(struct_bad_nesting)
{
	struct bld b;

	open_tree(&b);  /* an extra END_NODE closes a node that is not open */
	b_end(&b);
	b_end(&b);
	b_u32(&b, TOK_END);
	CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);

	open_tree(&b);  /* FDT_END with the root still open */
	b_u32(&b, TOK_END);
	CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);

	open_tree(&b);  /* a second root */
	b_end(&b);
	b_begin(&b, "");
	b_end(&b);
	b_u32(&b, TOK_END);
	CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);

	memset(&b, 0, sizeof b);  /* a property before the root */
	b_cells(&b, "x", 1, 1u);
	b_begin(&b, "");
	b_end(&b);
	b_u32(&b, TOK_END);
	CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);

	open_tree(&b);  /* a property after a child node */
	b_cells(&b, "late", 1, 1u);
	b_end(&b);
	b_u32(&b, TOK_END);
	CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);

	memset(&b, 0, sizeof b);  /* nothing but FDT_END */
	b_u32(&b, TOK_END);
	CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);

	open_tree(&b);  /* the block ends without FDT_END */
	b_end(&b);
	CHECK_EQ(init_built(&b), DT_ERR_BADSTRUCT);
}

/* ---- random damage ---- */

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint32_t rnd(uint32_t bound)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % bound);
}

/* Call every reader function on every node of an accepted blob; returns the number
 * of nodes, or -1 if an answer contradicts another. */
static int exercise(const struct fdt *f)
{
	int depth, count = 0;
	struct dt_range r;
	uint32_t a, s, u;
	uint64_t w;
	const char *str;
	const void *v;
	for (int node = fdt_next_node(f, -1, &depth); node >= 0;
	     node = fdt_next_node(f, node, &depth), count++) {
		const char *name = fdt_name(f, node);
		if (name == NULL || depth < 0 || depth >= FDT_MAX_DEPTH)
			return -1;
		int parent = fdt_parent(f, node);
		if ((depth == 0) != (parent == DT_ERR_NOTFOUND))
			return -1;
		int child = fdt_first_child(f, node);
		if (child >= 0 && fdt_parent(f, child) != node)
			return -1;
		(void)fdt_next_sibling(f, node);
		(void)fdt_reg_cells(f, node, &a, &s);
		for (uint32_t i = 0; i < 3; i++) {
			(void)fdt_reg(f, node, i, &r);
			(void)fdt_prop_str(f, node, "compatible", i, &str);
		}
		(void)fdt_prop(f, node, "reg", &v, &u);
		(void)fdt_prop_u32(f, node, "phandle", &u);
		(void)fdt_prop_u64(f, node, "clock-frequency", &w);
		(void)fdt_enabled(f, node);
		(void)fdt_is_compatible(f, node, "ns16550a");
	}
	for (uint32_t ph = 0; ph < 8; ph++)
		(void)fdt_node_by_phandle(f, ph);
	for (uint32_t i = 0; i < 3; i++)
		(void)fdt_memrsv(f, i, &r);
	(void)path(f, "/soc/serial@10000000");
	(void)path(f, "serial0:115200");
	(void)path(f, "/cpus/cpu/interrupt-controller");
	return count;
}

/* Damaged copies of QEMU's and the VisionFive 2-like DTB in exact-size buffers:
 * fdt_init() returns a DT_ERR_* code or accepts, and an accepted blob survives every
 * reader function (ASan/UBSan watch the reads). */
TEST(random_mutations_api)
{
	static const char *names[] = {"qemu-virt.dtb", "vf2.dtb"};
	int accepted = 0;
	for (size_t k = 0; k < 2; k++) {
		size_t n;
		const uint8_t *blob = fixture(names[k], &n);
		CHECK(blob != NULL);
		for (int iter = 0; iter < 2000; iter++) {
			uint8_t *q = malloc(n);
			struct fdt f;
			memcpy(q, blob, n);
			for (uint32_t m = 1 + rnd(3); m > 0; m--) {
				uint32_t at = rnd((uint32_t)n);
				if (rnd(2))
					q[at] ^= (uint8_t)(1u << rnd(8));
				else  /* a small word where a token, length or offset may be */
					put_be32(q + (at < n - 4 ? at : n - 4) / 4 * 4, rnd(16));
			}
			int r = fdt_init(&f, q, n), nodes = 0;
			if (r == 0) {
				nodes = exercise(&f);
				accepted++;
			}
			free(q);
			CHECK(r <= 0 && r >= DT_ERR_NOTFOUND && r != DT_ERR_NOTFOUND);
			CHECK(nodes >= 0);
		}
	}
	CHECK(accepted > 100);
}

CHECK_MAIN()
