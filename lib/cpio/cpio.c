/* cpio.c - newc archives: a 110-byte ASCII header ("070701" and 13 eight-digit hex
 * fields), the name (padded to 4 bytes with the header), then the data (padded to 4). */
#include "cpio/cpio.h"

#define HDR 110

static int hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];
		uint32_t d = c >= '0' && c <= '9' ? (uint32_t)(c - '0') : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
		           : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10) : 16;
		if (d == 16)
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static size_t pad4(size_t n) { return (n + 3) & ~(size_t)3; }

static int name_is(const struct cpio_entry *e, const char *s, size_t n)
{
	if (e->name_len != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (e->name[i] != s[i])
			return 0;
	return 1;
}

int cpio_next(const uint8_t *a, size_t len, size_t *off, struct cpio_entry *e)
{
	size_t o = *off;
	if (o >= len || len - o < HDR)
		return o >= len ? 0 : CPIO_ERR_TRUNC;
	const uint8_t *h = a + o;
	static const char magic[6] = {'0', '7', '0', '7', '0', '1'};
	for (int i = 0; i < 6; i++)
		if (h[i] != (uint8_t)magic[i])
			return CPIO_ERR_FORMAT;
	uint32_t f[13];
	for (int i = 0; i < 13; i++)
		if (hex8(h + 6 + 8 * i, &f[i]) < 0)
			return CPIO_ERR_FORMAT;
	uint32_t namesize = f[11], filesize = f[6];
	if (namesize == 0)
		return CPIO_ERR_FORMAT;
	size_t name_end = pad4(HDR + (size_t)namesize);
	if (name_end > len - o)
		return CPIO_ERR_TRUNC;
	if (h[HDR + namesize - 1] != 0)
		return CPIO_ERR_FORMAT;   /* the name must end with its NUL */
	size_t data_end = pad4((size_t)filesize);
	if (data_end > len - o - name_end)
		return CPIO_ERR_TRUNC;
	e->name = (const char *)h + HDR;
	e->name_len = namesize - 1;
	e->ino = f[0];
	e->mode = f[1];
	e->nlink = f[4];
	e->mtime = f[5];
	e->data = h + name_end;
	e->size = filesize;
	if (name_is(e, "TRAILER!!!", 10))
		return 0;
	*off = o + name_end + data_end;
	return 1;
}

void cpio_clean_name(const struct cpio_entry *e, const char **n, size_t *len)
{
	*n = e->name, *len = e->name_len;
	if (*len >= 2 && (*n)[0] == '.' && (*n)[1] == '/')
		*n += 2, *len -= 2;   /* "./etc/motd" names "etc/motd" */
	else if (*len == 1 && (*n)[0] == '.')
		*len = 0;             /* "." is the root */
}

/* Is the entry's cleaned name path? */
static int names(const struct cpio_entry *e, const char *path, size_t path_len)
{
	const char *n;
	size_t nl;
	cpio_clean_name(e, &n, &nl);
	if (nl != path_len)
		return 0;
	for (size_t i = 0; i < nl; i++)
		if (n[i] != path[i])
			return 0;
	return 1;
}

int cpio_find(const uint8_t *a, size_t len, const char *path, size_t path_len, struct cpio_entry *e)
{
	size_t off = 0;
	int r;
	while ((r = cpio_next(a, len, &off, e)) == 1)
		if (names(e, path, path_len))
			return 1;
	return r;
}

int cpio_find_node(const uint8_t *a, size_t len, const char *path, size_t path_len, uint64_t *node)
{
	size_t off = 0, at;
	struct cpio_entry e;
	int r;
	for (at = off; (r = cpio_next(a, len, &off, &e)) == 1; at = off)
		if (names(&e, path, path_len)) {
			size_t data;
			if ((r = cpio_link_data(a, len, &e, &data)) < 0)
				return r;
			*node = r ? data : at;
			return 1;
		}
	return r;
}

int cpio_link_data(const uint8_t *a, size_t len, const struct cpio_entry *e, size_t *data_off)
{
	if ((e->mode & 0170000) != 0100000 || e->nlink < 2 || e->size)
		return 0;
	size_t off = 0, at;
	struct cpio_entry d;
	int r;
	for (at = off; (r = cpio_next(a, len, &off, &d)) == 1; at = off)
		if (d.ino == e->ino && d.nlink == e->nlink && (d.mode & 0170000) == 0100000 && d.size) {
			*data_off = at;
			return 1;
		}
	return r;
}
