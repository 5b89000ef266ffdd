/* mounttab.h - the mount table's path resolution as a pure library: which mounted file
 * system a path is in, and the path inside it, as Linux's walk crosses mount points; and
 * one 64-bit node name over all of them (the mount's number in the top byte). The FS
 * server's mount table (servers/fs/mounts.c) is this over its file systems; the host
 * tests (tests/host/test_mounttab.c) check it alone.
 *
 * Paths are absolute without the leading slash, resolved already ("." and ".." are gone:
 * the Linux personality resolves them by name, so ".." from a mount's root is its mount
 * point's parent). Mount 0 is the root (path ""). Freestanding: <stdint.h>, <stddef.h>
 * and base/mem.h. */
#ifndef LIB_MOUNT_MOUNTTAB_H
#define LIB_MOUNT_MOUNTTAB_H

#include <stddef.h>
#include <stdint.h>

#define MT_MAX        8
#define MT_PATH_MAX   64
#define MT_NODE_BITS  56   /* a file system's own node names must fit below */

struct mounttab {
	unsigned n;                          /* mounts 0 .. n-1 */
	struct {
		size_t len;
		char path[MT_PATH_MAX];
	} at[MT_MAX];
};

/* A table holding only the root, mount 0. */
void mt_init(struct mounttab *m);
/* Mount a file system at path (as above, not ""): its number, or -EBUSY if something is
 * mounted there already, -ENOMEM if the table is full, -EINVAL for a bad path. */
int mt_add(struct mounttab *m, const char *path, size_t len);
/* The mount path[0, len) is in: the one whose mount point is the longest whole-component
 * prefix of path; *rest and *rlen: the path inside it ("" for its root). */
unsigned mt_resolve(const struct mounttab *m, const char *path, size_t len, const char **rest,
                    size_t *rlen);

static inline uint64_t mt_node(unsigned mnt, uint64_t node)
{
	return (uint64_t)mnt << MT_NODE_BITS | node;
}

static inline unsigned mt_mount_of(uint64_t node)
{
	return (unsigned)(node >> MT_NODE_BITS);
}

static inline uint64_t mt_inner(uint64_t node)
{
	return node & (((uint64_t)1 << MT_NODE_BITS) - 1);
}
#endif
