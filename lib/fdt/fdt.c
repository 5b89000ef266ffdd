/* fdt.c - the bounds-checked flattened device tree reader (contract in fdt.h).
 *
 * Every read of the structure block goes through read_tok(), which checks the token
 * against the block's bounds and the strings block; walking functions only ever move
 * forward by at least one token, so no input can make them loop forever.
 */
#include "fdt.h"

#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u

#define HDR_V16 36u  /* header bytes up to size_dt_strings */
#define HDR_V17 40u  /* ... plus size_dt_struct */
#define RSV_ENTRY 16u

/* One decoded structure-block token. */
struct tok {
	uint32_t type;
	uint32_t next;     /* offset of the following token */
	uint32_t data;     /* BEGIN_NODE: offset of the name; PROP: offset of the value */
	uint32_t len;      /* PROP: value length */
	uint32_t nameoff;  /* PROP: name offset in the strings block */
};

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t fdt_cells(const void *p, uint32_t n)
{
	const uint8_t *b = p;
	uint64_t v = 0;
	for (uint32_t i = 0; i < n && i < 2; i++)
		v = v << 32 | fdt_be32(b + 4 * i);
	return v;
}

static uint64_t be64(const uint8_t *b)
{
	return fdt_cells(b, 2);
}

/* Whether NUL-terminated `s` equals the `n` bytes at `t` (which need no NUL). */
static bool str_eq_n(const char *s, const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || s[i] != t[i])
			return false;
	return s[n] == '\0';
}

/* Length of NUL-terminated `s` (a caller's string, not blob data). */
static size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static const char *strings(const struct fdt *f)
{
	return (const char *)f->blob + f->strings_off;
}

/* Decode the token at structure offset `off` into *t, checking that the token, a node
 * name (NUL-terminated) or a property (header, value, name offset and NUL-terminated
 * name) all lie inside their blocks. Returns 0 or a DT_ERR_* code. */
static int read_tok(const struct fdt *f, uint32_t off, struct tok *t)
{
	const uint8_t *s = f->blob + f->struct_off;
	uint32_t end = f->struct_size;

	if (off % 4 != 0 || off > end || end - off < 4)
		return DT_ERR_BADSTRUCT;
	t->type = fdt_be32(s + off);
	off += 4;
	switch (t->type) {
	case FDT_BEGIN_NODE: {
		uint32_t i = off;
		while (i < end && s[i] != 0)
			i++;
		if (i == end)
			return DT_ERR_BADSTRUCT;
		t->data = off;
		t->next = (i + 4) & ~3u;  /* past the NUL, rounded up; < 2^31 + 4 */
		return 0;
	}
	case FDT_PROP: {
		if (end - off < 8)
			return DT_ERR_BADSTRUCT;
		t->len = fdt_be32(s + off);
		t->nameoff = fdt_be32(s + off + 4);
		off += 8;
		if (t->len > end - off || t->nameoff >= f->strings_size)
			return DT_ERR_BADVALUE;
		const char *name = strings(f);
		uint32_t i = t->nameoff;
		while (i < f->strings_size && name[i] != '\0')
			i++;
		if (i == f->strings_size)
			return DT_ERR_BADVALUE;
		t->data = off;
		t->next = (off + t->len + 3) & ~3u;
		return 0;
	}
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		t->next = off;
		return 0;
	default:
		return DT_ERR_BADSTRUCT;
	}
}

/* Offset of the first token after node's BEGIN_NODE token, or an error if `node` is
 * negative (returned as is) or not a BEGIN_NODE token. */
static int node_body(const struct fdt *f, int node)
{
	struct tok t;
	if (node < 0)
		return node;
	int r = read_tok(f, (uint32_t)node, &t);
	if (r < 0)
		return r;
	if (t.type != FDT_BEGIN_NODE)
		return DT_ERR_BADSTRUCT;
	return (int)t.next;
}

/* Check that the structure block is one well-nested tree: a single root, properties
 * only inside a node and before its children, at most FDT_MAX_DEPTH levels, FDT_END
 * after the root is closed. */
static int check_struct(const struct fdt *f)
{
	uint32_t off = 0;
	int depth = 0;
	bool seen_root = false, after_child = false;
	struct tok t;

	for (;;) {
		int r = read_tok(f, off, &t);
		if (r < 0)
			return r;
		switch (t.type) {
		case FDT_BEGIN_NODE:
			if ((depth == 0 && seen_root) || depth == FDT_MAX_DEPTH)
				return DT_ERR_BADSTRUCT;
			depth++;
			seen_root = true;
			after_child = false;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return DT_ERR_BADSTRUCT;
			depth--;
			after_child = true;
			break;
		case FDT_PROP:
			if (depth == 0 || after_child)
				return DT_ERR_BADSTRUCT;
			break;
		case FDT_END:
			return depth == 0 && seen_root ? 0 : DT_ERR_BADSTRUCT;
		default:  /* FDT_NOP */
			break;
		}
		off = t.next;
	}
}

/* Check that block [off, off + size) lies after the header and inside totalsize. */
static int check_block(uint32_t off, uint32_t size, uint32_t hdr, uint32_t total)
{
	if (off < hdr)
		return DT_ERR_BADSTRUCT;
	if (off > total || size > total - off)
		return DT_ERR_TRUNCATED;
	return 0;
}

/* Count the memory reservation entries, which must end with a (0, 0) entry inside
 * totalsize. */
static int count_rsv(struct fdt *f)
{
	uint32_t off = f->rsvmap_off;
	for (f->nrsv = 0;; f->nrsv++, off += RSV_ENTRY) {
		if (f->totalsize - off < RSV_ENTRY)
			return DT_ERR_TRUNCATED;
		if (be64(f->blob + off) == 0 && be64(f->blob + off + 8) == 0)
			return 0;
	}
}

int fdt_init(struct fdt *f, const void *blob, size_t maxlen)
{
	const uint8_t *b = blob;
	int r;

	*f = (struct fdt){0};
	if (b == NULL || maxlen < 4)
		return DT_ERR_TRUNCATED;
	if (fdt_be32(b) != FDT_MAGIC)
		return DT_ERR_BADMAGIC;
	if (maxlen < HDR_V17)
		return DT_ERR_TRUNCATED;
	uint32_t version = fdt_be32(b + 20);
	if (version < 16 || fdt_be32(b + 24) > 17)
		return DT_ERR_BADVERSION;
	uint32_t total = fdt_be32(b + 4);
	uint32_t hdr = version >= 17 ? HDR_V17 : HDR_V16;
	if (total > maxlen || total < hdr)
		return DT_ERR_TRUNCATED;
	if (total > INT32_MAX)  /* node offsets must fit in an int */
		return DT_ERR_BADSTRUCT;

	f->blob = b;
	f->totalsize = total;
	f->struct_off = fdt_be32(b + 8);
	f->strings_off = fdt_be32(b + 12);
	f->rsvmap_off = fdt_be32(b + 16);
	f->strings_size = fdt_be32(b + 32);
	if (version >= 17)
		f->struct_size = fdt_be32(b + 36);
	else
		f->struct_size = f->struct_off <= total ? total - f->struct_off : 0;

	if (f->rsvmap_off % 8 != 0 || f->struct_off % 4 != 0)
		r = DT_ERR_BADSTRUCT;
	else if ((r = check_block(f->rsvmap_off, 0, hdr, total)) == 0 &&
	         (r = check_block(f->struct_off, f->struct_size, hdr, total)) == 0 &&
	         (r = check_block(f->strings_off, f->strings_size, hdr, total)) == 0 &&
	         (r = count_rsv(f)) == 0)
		r = check_struct(f);
	if (r < 0)
		*f = (struct fdt){0};
	return r;
}

int fdt_next_node(const struct fdt *f, int node, int *depth)
{
	int off = 0;
	struct tok t;

	if (node < 0)
		*depth = -1;
	else if ((off = node_body(f, node)) < 0)
		return off;
	for (;;) {
		int r = read_tok(f, (uint32_t)off, &t);
		if (r < 0)
			return r;
		if (t.type == FDT_BEGIN_NODE) {
			++*depth;
			return off;
		}
		if (t.type == FDT_END)
			return DT_ERR_NOTFOUND;
		if (t.type == FDT_END_NODE)
			--*depth;
		off = (int)t.next;
	}
}

int fdt_first_child(const struct fdt *f, int node)
{
	int depth = 0;
	if (node < 0)
		return node;
	int n = fdt_next_node(f, node, &depth);
	if (n < 0)
		return n;
	return depth == 1 ? n : DT_ERR_NOTFOUND;
}

int fdt_next_sibling(const struct fdt *f, int node)
{
	int depth = 0;
	if (node < 0)
		return node;
	do {
		node = fdt_next_node(f, node, &depth);
		if (node < 0)
			return node;
	} while (depth > 0);
	return depth == 0 ? node : DT_ERR_NOTFOUND;
}

int fdt_parent(const struct fdt *f, int node)
{
	int stack[FDT_MAX_DEPTH];
	int depth, r = node_body(f, node);
	if (r < 0)
		return r;
	for (int n = fdt_next_node(f, -1, &depth); n >= 0 && n <= node;
	     n = fdt_next_node(f, n, &depth)) {
		if (depth < 0 || depth >= FDT_MAX_DEPTH)
			return DT_ERR_BADSTRUCT;
		stack[depth] = n;
		if (n == node)
			return depth == 0 ? DT_ERR_NOTFOUND : stack[depth - 1];
	}
	return DT_ERR_NOTFOUND;  /* `node` looked like a node but is not one in the tree */
}

const char *fdt_name(const struct fdt *f, int node)
{
	struct tok t;
	if (node < 0 || read_tok(f, (uint32_t)node, &t) < 0 || t.type != FDT_BEGIN_NODE)
		return NULL;
	return (const char *)f->blob + f->struct_off + t.data;
}

/* The root node: the first BEGIN_NODE, after any NOPs (check_struct() made sure). */
static int root(const struct fdt *f)
{
	int depth;
	return fdt_next_node(f, -1, &depth);
}

/* Whether node name `name` matches path component comp[0..n): exactly, or as the
 * base name of "comp@unit" when comp has no unit address. */
static bool name_matches(const char *name, const char *comp, size_t n)
{
	bool has_unit = false;
	for (size_t i = 0; i < n; i++) {
		if (name[i] == '\0' || name[i] != comp[i])
			return false;
		has_unit |= comp[i] == '@';
	}
	return name[n] == '\0' || (name[n] == '@' && !has_unit);
}

/* The first child of `node` matching path component comp[0..n). */
static int child_named(const struct fdt *f, int node, const char *comp, size_t n)
{
	for (int c = fdt_first_child(f, node); c >= 0; c = fdt_next_sibling(f, c))
		if (name_matches(fdt_name(f, c), comp, n))
			return c;
	return node < 0 ? node : DT_ERR_NOTFOUND;
}

/* Property named name[0..n) of `node`, decoded into *t. */
static int find_prop(const struct fdt *f, int node, const char *name, size_t n, struct tok *t)
{
	int off = node_body(f, node);
	if (off < 0)
		return off;
	for (;;) {
		int r = read_tok(f, (uint32_t)off, t);
		if (r < 0)
			return r;
		if (t->type == FDT_PROP) {
			if (str_eq_n(strings(f) + t->nameoff, name, n))
				return 0;
		} else if (t->type != FDT_NOP) {
			return DT_ERR_NOTFOUND;  /* properties end at the first child or END_NODE */
		}
		off = (int)t->next;
	}
}

/* The node named by alias alias[0..n) in /aliases, whose value must be an absolute
 * path NUL-terminated within the property. */
static int resolve_alias(const struct fdt *f, const char *alias, size_t n)
{
	struct tok t;
	int aliases = child_named(f, root(f), "aliases", 7);
	int r = find_prop(f, aliases, alias, n, &t);
	if (r < 0)
		return r;
	const char *v = (const char *)f->blob + f->struct_off + t.data;
	uint32_t len = 0;
	while (len < t.len && v[len] != '\0')
		len++;
	if (len == 0 || len == t.len || v[0] != '/')
		return DT_ERR_BADVALUE;
	return fdt_path(f, v, len);
}

int fdt_path(const struct fdt *f, const char *path, size_t len)
{
	size_t i = 0, n;
	int node = root(f);

	if (path == NULL || len == 0)
		return DT_ERR_NOTFOUND;
	if (path[0] != '/') {
		while (i < len && path[i] != '/')
			i++;
		node = resolve_alias(f, path, i);
	}
	while (node >= 0 && i < len) {
		if (path[i] == '/') {
			i++;
			continue;
		}
		for (n = 0; i + n < len && path[i + n] != '/'; n++)
			;
		node = child_named(f, node, path + i, n);
		i += n;
	}
	return node;
}

int fdt_prop(const struct fdt *f, int node, const char *name, const void **val,
             uint32_t *len)
{
	struct tok t;
	int r = find_prop(f, node, name, str_len(name), &t);
	if (r < 0)
		return r;
	if (val)
		*val = f->blob + f->struct_off + t.data;
	if (len)
		*len = t.len;
	return 0;
}

int fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *out)
{
	const void *v;
	uint32_t len;
	int r = fdt_prop(f, node, name, &v, &len);
	if (r < 0)
		return r;
	if (len != 4)
		return DT_ERR_BADVALUE;
	*out = fdt_be32(v);
	return 0;
}

int fdt_prop_u64(const struct fdt *f, int node, const char *name, uint64_t *out)
{
	const void *v;
	uint32_t len;
	int r = fdt_prop(f, node, name, &v, &len);
	if (r < 0)
		return r;
	if (len != 4 && len != 8)
		return DT_ERR_BADVALUE;
	*out = fdt_cells(v, len / 4);
	return 0;
}

int fdt_prop_str(const struct fdt *f, int node, const char *name, uint32_t idx,
                 const char **out)
{
	const void *v;
	uint32_t len, pos = 0;
	int r = fdt_prop(f, node, name, &v, &len);
	if (r < 0)
		return r;
	const char *s = v;
	for (uint32_t k = 0; pos < len; k++) {
		uint32_t e = pos;
		while (e < len && s[e] != '\0')
			e++;
		if (e == len)
			return DT_ERR_BADVALUE;
		if (k == idx) {
			*out = s + pos;
			return 0;
		}
		pos = e + 1;
	}
	return DT_ERR_NOTFOUND;
}

bool fdt_prop_has_str(const struct fdt *f, int node, const char *name, const char *s)
{
	const char *item;
	size_t n = str_len(s);
	for (uint32_t i = 0; fdt_prop_str(f, node, name, i, &item) == 0; i++)
		if (str_eq_n(item, s, n))
			return true;
	return false;
}

bool fdt_is_compatible(const struct fdt *f, int node, const char *compat)
{
	return fdt_prop_has_str(f, node, "compatible", compat);
}

bool fdt_enabled(const struct fdt *f, int node)
{
	const char *status;
	if (node < 0)
		return false;
	if (fdt_prop(f, node, "status", NULL, NULL) == DT_ERR_NOTFOUND)
		return true;
	return fdt_prop_str(f, node, "status", 0, &status) == 0 &&
	       (str_eq_n(status, "okay", 4) || str_eq_n(status, "ok", 2));
}

/* Cell-count property `name` of `node`: `dflt` when absent, at most 4. */
static int cell_count(const struct fdt *f, int node, const char *name, uint32_t dflt,
                      uint32_t *out)
{
	int r = fdt_prop_u32(f, node, name, out);
	if (r == DT_ERR_NOTFOUND) {
		*out = dflt;
		return 0;
	}
	if (r == 0 && *out > 4)
		return DT_ERR_BADVALUE;
	return r;
}

int fdt_reg_cells(const struct fdt *f, int node, uint32_t *addr_cells, uint32_t *size_cells)
{
	int parent = fdt_parent(f, node), r;
	if (node < 0)
		return node;
	if (parent == DT_ERR_NOTFOUND) {  /* the root: spec defaults */
		*addr_cells = 2;
		*size_cells = 1;
		return 0;
	}
	if ((r = cell_count(f, parent, "#address-cells", 2, addr_cells)) < 0)
		return r;
	return cell_count(f, parent, "#size-cells", 1, size_cells);
}

int fdt_reg(const struct fdt *f, int node, uint32_t idx, struct dt_range *out)
{
	const uint8_t *v;
	const void *pv;
	uint32_t len, ac, sc;
	int r = fdt_prop(f, node, "reg", &pv, &len);
	if (r < 0 || (r = fdt_reg_cells(f, node, &ac, &sc)) < 0)
		return r;
	if (ac < 1 || ac > 2 || sc > 2 || len % (4 * (ac + sc)) != 0)
		return DT_ERR_BADVALUE;
	if (idx >= len / (4 * (ac + sc)))
		return DT_ERR_NOTFOUND;
	v = (const uint8_t *)pv + idx * 4 * (ac + sc);
	out->base = fdt_cells(v, ac);
	out->size = fdt_cells(v + 4 * ac, sc);
	return 0;
}

int fdt_node_by_phandle(const struct fdt *f, uint32_t phandle)
{
	int depth;
	uint32_t ph;
	if (phandle == 0 || phandle == 0xffffffffu)
		return DT_ERR_NOTFOUND;
	for (int n = fdt_next_node(f, -1, &depth); n >= 0; n = fdt_next_node(f, n, &depth))
		if ((fdt_prop_u32(f, n, "phandle", &ph) == 0 ||
		     fdt_prop_u32(f, n, "linux,phandle", &ph) == 0) && ph == phandle)
			return n;
	return DT_ERR_NOTFOUND;
}

int fdt_memrsv(const struct fdt *f, uint32_t idx, struct dt_range *out)
{
	if (idx >= f->nrsv)
		return DT_ERR_NOTFOUND;
	const uint8_t *e = f->blob + f->rsvmap_off + idx * RSV_ENTRY;
	out->base = be64(e);
	out->size = be64(e + 8);
	return 0;
}
