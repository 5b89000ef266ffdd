/* cpio.h - a read-only, bounds-checked reader of "newc" cpio archives (the format of
 * Linux initramfs images), used by the FS server for the root file system packed into
 * the kernel image. Pure: builds freestanding and for the host tests. */
#ifndef CPIO_H
#define CPIO_H
#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
	const char *name;        /* not NUL-terminated inside the archive: use name_len */
	size_t name_len;         /* without the NUL */
	uint32_t ino, mode, nlink, mtime;
	const uint8_t *data;
	uint64_t size;
};

#define CPIO_ERR_FORMAT (-22)   /* EINVAL: not newc, or a field is not hex */
#define CPIO_ERR_TRUNC  (-5)    /* EIO: an entry runs past the end of the archive */

/* Read the entry at *off in archive[0, len): 1 and *e filled, with *off moved past it;
 * 0 at the "TRAILER!!!" entry (or the end of the data); a negative CPIO_ERR_* otherwise. */
int cpio_next(const uint8_t *archive, size_t len, size_t *off, struct cpio_entry *e);
/* Find the entry whose name is path (without a leading "/"; "" is the root directory,
 * which archives may leave out). 1 and *e filled, 0 if absent, or a negative error. */
int cpio_find(const uint8_t *archive, size_t len, const char *path, size_t path_len, struct cpio_entry *e);
/* The entry's path as it is looked up: its name without a leading "./", "" for ".". */
void cpio_clean_name(const struct cpio_entry *e, const char **n, size_t *len);
/* As cpio_find, the offset of the entry that holds path's data: the entry's own, or for a
 * hard link without data its data's (cpio_link_data). 1 and *node, 0 if absent, or a
 * negative error. */
int cpio_find_node(const uint8_t *archive, size_t len, const char *path, size_t path_len, uint64_t *node);
/* newc stores the data of a file with several names (hard links: busybox's applets) once,
 * with one of the names; the others have size 0. For such an entry e (a regular file with
 * nlink > 1 and size 0): 1 with *data_off the offset of the entry of the same inode that
 * holds the data, or 0 if e is not one or none holds it (an empty file), or a negative
 * error. */
int cpio_link_data(const uint8_t *archive, size_t len, const struct cpio_entry *e, size_t *data_off);

/* An index of an archive's names (cpio_index.c), so that a lookup is not a scan. The
 * caller gives the slots: nslots a power of two, twice the entries it should hold. */
struct cpio_index_slot {
	uint32_t hash;         /* of the name; 0: an empty slot */
	uint32_t name_len;
	uint32_t name_off;     /* the name (without "./"), in the archive */
	uint32_t node;         /* the entry's offset, or for a hard link that of its data's */
	uint32_t ino;
	uint32_t link_nlink;   /* not 0: a hard link whose data's entry is not known */
};
struct cpio_index {
	const uint8_t *archive;
	struct cpio_index_slot *slots;
	uint32_t nslots;
	int complete;          /* every name is in it: one it lacks is not in the archive */
};
/* Index archive[0, len) in slots[0, nslots): every name, as a scan would find it first,
 * each with the offset of the entry that holds its data (cpio_link_data). Returns 0, or
 * a negative CPIO_ERR_* for an archive damaged part way (the index then holds what came
 * before, not complete). Too many names for the slots: not complete either. */
int cpio_index_build(struct cpio_index *ix, const uint8_t *archive, size_t len, struct cpio_index_slot *slots,
                     uint32_t nslots);
/* The node of path (without a leading "/"; "" is the root): 1 and *node (the offset of
 * the entry holding its data), 0 if the archive has no such name, -1 if the index cannot
 * say (not complete, or a hard link whose data it did not find): scan. */
int cpio_index_find(const struct cpio_index *ix, const char *path, size_t len, uint64_t *node);
#endif
