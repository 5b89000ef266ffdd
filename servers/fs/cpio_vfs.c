/* cpio_vfs.c - the root file system packed into the kernel image (a newc archive the VM
 * server maps for us), read-only. A node is the offset of the file's entry (for a file
 * with several names, of the one that holds its data). */
#include "vfs.h"
#include "base/mem.h"
#include "cpio/cpio.h"
#include "abi/syscall.h"

#define INDEX_SLOTS 2048   /* names indexed: up to half of it (the default root has about 300) */

struct cpio_fs {
	const uint8_t *archive;
	size_t len;
	struct cpio_index index;     /* its names (cpio_index_find), built at mount */
	struct cpio_entry last;      /* the entry entry_at parsed last (if last_valid), */
	uint64_t last_node;          /* at this node */
	int last_valid;
};

/* The entry of node. Parsing a header costs about 1,500 instructions (13 hex fields), and
 * every read() and stat asks for the same file's again, so the last one parsed is kept:
 * the archive never changes, so neither does what it says. */
static int entry_at(struct cpio_fs *c, uint64_t node, struct cpio_entry *e)
{
	if (c->last_valid && node == c->last_node) {
		*e = c->last;
		return 0;
	}
	size_t off = node;
	if (cpio_next(c->archive, c->len, &off, e) != 1)
		return -KE_IO;
	c->last_node = node;
	c->last = *e;
	c->last_valid = 1;
	return 0;
}

/* A path's node: from the index, or by a scan where the index cannot say (an archive
 * damaged part way, or too big for it). */
static int c_lookup(void *fs, const char *path, size_t len, uint64_t *node)
{
	struct cpio_fs *c = fs;
	int r = cpio_index_find(&c->index, path, len, node);
	if (r < 0)
		r = cpio_find_node(c->archive, c->len, path, len, node);
	return r == 1 ? 0 : r == 0 ? -KE_NOENT : -KE_IO;
}

static int c_stat(void *fs, uint64_t node, struct vfs_stat *st)
{
	struct cpio_entry e;
	if (entry_at(fs, node, &e) < 0)
		return -KE_IO;
	uint64_t t = e.mtime * 1000000000u;   /* whole seconds; the files are root's (0, 0) */
	*st = (struct vfs_stat){e.ino, e.mode, e.nlink ? e.nlink : 1, e.size, (e.size + 511) / 512,
	                        0, 0, t, t, t};
	return 0;
}

static long c_read(void *fs, uint64_t node, uint64_t off, void *buf, size_t len)
{
	struct cpio_entry e;
	if (entry_at(fs, node, &e) < 0)
		return -KE_IO;
	if ((e.mode & 0170000) == 0040000)
		return -21;   /* EISDIR */
	if (off >= e.size)
		return 0;
	if (len > e.size - off)
		len = e.size - off;
	memcpy(buf, e.data + off, len);
	return (long)len;
}

static long c_readdir(void *fs, uint64_t dir, uint64_t cookie, vfs_emit emit, void *arg)
{
	struct cpio_fs *c = fs;
	struct cpio_entry d, e;
	if (entry_at(c, dir, &d) < 0)
		return -KE_IO;
	if ((d.mode & 0170000) != 0040000)
		return -20;   /* ENOTDIR */
	const char *dn;
	size_t dl;
	cpio_clean_name(&d, &dn, &dl);
	size_t off = cookie ? cookie - 1 : 0, at;   /* cookies are offsets + 1 */
	int r;
	for (at = off; (r = cpio_next(c->archive, c->len, &off, &e)) == 1; at = off) {
		const char *n;
		size_t nl;
		cpio_clean_name(&e, &n, &nl);
		size_t prefix = dl ? dl + 1 : 0;   /* "dir/" or nothing for the root */
		if (nl <= prefix || (dl && (n[dl] != '/' || dl > nl)))
			continue;
		size_t i = 0;
		while (i < dl && n[i] == dn[i])
			i++;
		if (i != dl)
			continue;
		int child = 1;
		for (size_t j = prefix; j < nl; j++)
			child &= n[j] != '/';
		if (!child)
			continue;
		if (emit(arg, e.ino, (e.mode & 0170000) == 0040000 ? 4 : 8, n + prefix, nl - prefix))
			return (long)at + 1;   /* full: continue with this entry */
	}
	return r < 0 ? -KE_IO : 0;
}

/* As Linux's ramfs root (the initramfs it unpacks): RAMFS_MAGIC, the archive's pages,
 * nothing free, no inode counts. */
static int c_statfs(void *fs, uint64_t node, struct vfs_statfs *st)
{
	(void)node;
	const struct cpio_fs *c = fs;
	*st = (struct vfs_statfs){0x858458f6, 4096, (c->len + 4095) / 4096, 0, 0, 0, 0, 255};
	return 0;
}

static struct cpio_fs the_cpio;
static struct cpio_index_slot index_slots[INDEX_SLOTS];
/* Read-only: no write, create, ..., rename (files.c answers EROFS for each). */
const struct vfs_ops cpio_vfs = {.name = "cpio", .lookup = c_lookup, .stat = c_stat, .read = c_read,
                                  .readdir = c_readdir, .statfs = c_statfs};

void *cpio_vfs_mount(const uint8_t *archive, size_t len)
{
	the_cpio = (struct cpio_fs){archive, len, {0, 0, 0, 0}, {0}, 0, 0};
	cpio_index_build(&the_cpio.index, archive, len, index_slots, INDEX_SLOTS);   /* (damage: scans) */
	return &the_cpio;
}
