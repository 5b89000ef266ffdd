/* cpio_index.c - the names of a newc archive in a hash table (cpio.h): one scan when it
 * is built, then a lookup is a hash and a compare instead of a scan that parses every
 * header (1,500 instructions each; a busybox root has hundreds of names). */
#include "cpio/cpio.h"

#define HOLDERS 64   /* files with several names whose data the index can find */

/* FNV-1a of the name, never 0 (0 marks an empty slot). */
static uint32_t name_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h ? h : 1;
}

static int same(const struct cpio_index *ix, const struct cpio_index_slot *s, uint32_t h, const char *p, size_t n)
{
	if (s->hash != h || s->name_len != n)
		return 0;
	const char *name = (const char *)ix->archive + s->name_off;
	for (size_t i = 0; i < n; i++)
		if (name[i] != p[i])
			return 0;
	return 1;
}

/* The slot of name p (its hash h): the one that has it, or the empty one it would go in. */
static struct cpio_index_slot *slot_for(const struct cpio_index *ix, uint32_t h, const char *p, size_t n)
{
	uint32_t mask = ix->nslots - 1;
	for (uint32_t i = h & mask;; i = (i + 1) & mask)
		if (!ix->slots[i].hash || same(ix, &ix->slots[i], h, p, n))
			return &ix->slots[i];
}

int cpio_index_build(struct cpio_index *ix, const uint8_t *a, size_t len, struct cpio_index_slot *slots,
                     uint32_t nslots)
{
	struct holder { uint32_t ino, nlink, off; } holders[HOLDERS];
	uint32_t nholders = 0, used = 0;
	int lost_holder = 0, r;
	*ix = (struct cpio_index){a, slots, nslots, 0};
	for (uint32_t i = 0; i < nslots; i++)
		slots[i] = (struct cpio_index_slot){0, 0, 0, 0, 0, 0};
	if (nslots < 2 || (nslots & (nslots - 1)) || len > UINT32_MAX)
		return 0;   /* (an empty index: every lookup scans) */
	size_t off = 0, at;
	struct cpio_entry e;
	for (at = off; (r = cpio_next(a, len, &off, &e)) == 1; at = off) {
		const char *n;
		size_t nl;
		cpio_clean_name(&e, &n, &nl);
		int regular = (e.mode & 0170000) == 0100000, link = regular && e.nlink >= 2;
		if (link && e.size) {   /* it holds the data of its other names */
			if (nholders < HOLDERS)
				holders[nholders++] = (struct holder){e.ino, e.nlink, (uint32_t)at};
			else
				lost_holder = 1;
		}
		if (used + 1 > nslots / 2)
			return 0;   /* full: what is in it stays findable, the rest is scanned for */
		uint32_t h = name_hash(n, nl);
		struct cpio_index_slot *s = slot_for(ix, h, n, nl);
		if (s->hash)
			continue;   /* a name again: the first one counts, as in a scan */
		*s = (struct cpio_index_slot){h, (uint32_t)nl, (uint32_t)(n - (const char *)a), (uint32_t)at, e.ino,
		                              link && !e.size ? e.nlink : 0};
		used++;
	}
	if (r < 0)
		return r;   /* damaged past here: lookups of what is not in it scan (and fail as a scan does) */
	for (uint32_t i = 0; i < nslots; i++) {   /* each name without data: its holder's */
		struct cpio_index_slot *s = &slots[i];
		if (!s->hash || !s->link_nlink)
			continue;
		for (uint32_t k = 0; k < nholders; k++)
			if (holders[k].ino == s->ino && holders[k].nlink == s->link_nlink) {
				s->node = holders[k].off;
				s->link_nlink = 0;
				break;
			}
		if (s->link_nlink && !lost_holder)
			s->link_nlink = 0;   /* nobody holds data for it: an empty file, itself the node */
	}
	ix->complete = 1;
	return 0;
}

int cpio_index_find(const struct cpio_index *ix, const char *path, size_t len, uint64_t *node)
{
	if (!ix->nslots || len > UINT32_MAX)
		return -1;
	const struct cpio_index_slot *s = slot_for(ix, name_hash(path, len), path, len);
	if (!s->hash)
		return ix->complete ? 0 : -1;
	if (s->link_nlink)
		return -1;   /* its data's entry is not known here */
	*node = s->node;
	return 1;
}
