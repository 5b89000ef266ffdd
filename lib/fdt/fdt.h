/* fdt.h - a read-only, bounds-checked flattened device tree (DTB) reader.
 *
 * Accepts blobs of version >= 16 whose last_comp_version is <= 17. fdt_init() checks
 * the header and walks the whole structure block once, so every later call works on a
 * blob known to be well formed; every read is still bounds-checked, so a bad node
 * offset from a caller cannot make the reader leave [blob, blob + totalsize).
 * Multi-byte fields are read byte by byte: the blob may sit at any alignment.
 * Freestanding: needs only <stdint.h>, <stddef.h> and <stdbool.h>.
 *
 * A node is named by its offset in the structure block (>= 0). Functions returning
 * int give a node offset or 0 on success, else a negative DT_ERR_* code
 * (dt_platform.h). A negative `node` argument is returned unchanged (bool functions
 * answer false), so lookups chain: fdt_prop(f, fdt_path(f, "/chosen", 7), ...).
 * Which code means what:
 *   DT_ERR_TRUNCATED   no blob or fewer than a header's bytes, totalsize > maxlen, a
 *                      block (memory reservations, structure, strings) past
 *                      totalsize, or no (0, 0) entry ending the reservations
 *   DT_ERR_BADMAGIC    magic is not 0xd00dfeed
 *   DT_ERR_BADVERSION  version < 16 or last_comp_version > 17
 *   DT_ERR_BADSTRUCT   misaligned block, bad token, unterminated node name, nesting
 *                      deeper than FDT_MAX_DEPTH or unbalanced, no single root, a
 *                      property outside a node or after a child node, no FDT_END
 *   DT_ERR_BADVALUE    a property's length runs past the structure block, its name
 *                      offset is outside the strings block or its name is unterminated;
 *                      or a value has the wrong length or an impossible content
 *   DT_ERR_NOTFOUND    no such node, property, entry or phandle
 */
#ifndef FDT_H
#define FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dt_platform.h"

#define FDT_MAGIC     0xd00dfeedu
#define FDT_MAX_DEPTH 32  /* levels of nesting accepted, the root counting as one */

/* A checked blob: filled by fdt_init(), then only read. */
struct fdt {
	const uint8_t *blob;
	uint32_t totalsize;
	uint32_t rsvmap_off, nrsv;  /* nrsv: entries before the (0, 0) terminator */
	uint32_t struct_off, struct_size;
	uint32_t strings_off, strings_size;
};

/* Check the blob at `blob` (at most `maxlen` bytes readable) and fill *f.
 * Returns 0 or a DT_ERR_* code; *f is only usable after 0. */
int fdt_init(struct fdt *f, const void *blob, size_t maxlen);

/* Depth-first walk. With node < 0, returns the root and sets *depth = 0. Otherwise
 * returns the node following `node` in blob order and adjusts *depth by the levels
 * moved (+1 into a child, 0 to a sibling, -k back up), so a caller walking a subtree
 * stops at the first node whose *depth is not above the subtree root's.
 * DT_ERR_NOTFOUND after the last node. */
int fdt_next_node(const struct fdt *f, int node, int *depth);

/* First child of `node`, or the next sibling of `node`; DT_ERR_NOTFOUND if none. */
int fdt_first_child(const struct fdt *f, int node);
int fdt_next_sibling(const struct fdt *f, int node);

/* Parent of `node`; DT_ERR_NOTFOUND for the root. */
int fdt_parent(const struct fdt *f, int node);

/* The node's name including any unit address ("serial@10000000"; "" for the root),
 * NUL-terminated inside the blob; NULL if `node` is not a node. */
const char *fdt_name(const struct fdt *f, int node);

/* Find a node by path: the `len` bytes of `path` (no NUL needed), so a caller can
 * cut options off ("serial0:115200n8"). Each component selects the first child, in
 * blob order, named exactly so or, for a component without '@', named so plus any
 * "@unit" ("/soc/serial" finds serial@10000000). Empty components are skipped. A path
 * not starting with '/' begins with an alias, whose /aliases value must be an
 * absolute path (DT_ERR_BADVALUE otherwise; no alias chains). */
int fdt_path(const struct fdt *f, const char *path, size_t len);

/* Property `name` of `node`: *val points at its value in the blob, *len is its
 * length (either pointer may be NULL). Returns 0 or DT_ERR_NOTFOUND (DT_ERR_BADSTRUCT
 * if `node` is not a node offset). */
int fdt_prop(const struct fdt *f, int node, const char *name, const void **val,
             uint32_t *len);

/* A property holding one u32 cell (length must be 4), or a u32 or u64 (length 4 or 8).
 * DT_ERR_BADVALUE on any other length. */
int fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *out);
int fdt_prop_u64(const struct fdt *f, int node, const char *name, uint64_t *out);

/* The idx-th string of a string-list property. DT_ERR_NOTFOUND if the property is
 * absent or has fewer strings, DT_ERR_BADVALUE if the string is not NUL-terminated
 * within the property. The string lives in the blob. */
int fdt_prop_str(const struct fdt *f, int node, const char *name, uint32_t idx,
                 const char **out);

/* Whether string-list property `name` of `node` contains exactly `s`. */
bool fdt_prop_has_str(const struct fdt *f, int node, const char *name, const char *s);

/* Whether `node`'s "compatible" list contains exactly `compat`. */
bool fdt_is_compatible(const struct fdt *f, int node, const char *compat);

/* Whether `node` is enabled: "status" absent, "okay" or "ok". */
bool fdt_enabled(const struct fdt *f, int node);

/* The #address-cells / #size-cells that apply to `node`'s "reg": its parent's, with
 * the defaults 2 and 1 when absent (and for the root). DT_ERR_BADVALUE if a present value is not one cell
 * or is larger than 4. */
int fdt_reg_cells(const struct fdt *f, int node, uint32_t *addr_cells, uint32_t *size_cells);

/* Decode the idx-th (base, size) entry of `node`'s "reg". DT_ERR_NOTFOUND if "reg" is
 * absent or shorter; DT_ERR_BADVALUE if the cell counts are not address 1-2 / size 0-2
 * or "reg" is not a whole number of entries. */
int fdt_reg(const struct fdt *f, int node, uint32_t idx, struct dt_range *out);

/* The node whose "phandle" (or "linux,phandle") is `phandle`. */
int fdt_node_by_phandle(const struct fdt *f, uint32_t phandle);

/* The idx-th entry of the memory reservation block; DT_ERR_NOTFOUND at its end. */
int fdt_memrsv(const struct fdt *f, uint32_t idx, struct dt_range *out);

/* Read big-endian cells at any alignment: one cell, or `n` cells (n <= 2) as one
 * number (0 for n = 0). */
uint32_t fdt_be32(const void *p);
uint64_t fdt_cells(const void *p, uint32_t n);

#endif
