/* tmpfs.h - a file system in memory as a pure library: one tmpfs instance's files and
 * directories (a table of nodes given at set-up) and their data pages (asked of the
 * environment one at a time). The FS server serves it behind its vfs table
 * (servers/fs/tmpfs_vfs.c); the host tests (tests/host/test_tmpfs.c) run it over malloc
 * with failure switches.
 *
 * Linux's tmpfs semantics: a node is a file or a directory with one name (there are no
 * hard links or symbolic links in the FS protocol); unlinking a name leaves the node
 * (nlink 0) until tmpfs_release() says nothing holds it; a directory's nlink is 2 plus its
 * subdirectories and its size 20 bytes an entry plus 40 (Linux's BOGO_DIRENT_SIZE). Only
 * data pages count against the size bound (max_pages), as in Linux's shmem accounting:
 * holes cost nothing, and a write that needs a page past the bound stops there (a short
 * write, or ENOSPC if it wrote nothing). Inodes are bounded by the table (ENOSPC too).
 *
 * Paths are relative to the instance's root, components separated by '/', with no
 * leading or trailing slash ("" is the root); "." and ".." are resolved by the caller.
 * Freestanding: needs only <stdint.h>, <stddef.h> and base/mem.h. Errors are negative
 * errno (Linux's numbers). Nothing is locked: the caller serialises every call. */
#ifndef LIB_TMPFS_TMPFS_H
#define LIB_TMPFS_TMPFS_H

#include <stddef.h>
#include <stdint.h>

#define TMPFS_PAGE      4096u
#define TMPFS_FANOUT    512u    /* pointers in an index page */
/* A file's largest size: a two-level index of pages (1 GiB); beyond, EFBIG. */
#define TMPFS_MAX_SIZE  ((uint64_t)TMPFS_FANOUT * TMPFS_FANOUT * TMPFS_PAGE)
#define TMPFS_NAME_MAX  255
#define TMPFS_ROOT      1u      /* the root's node number */
#define TMPFS_MAGIC     0x01021994u   /* Linux's statfs f_type of tmpfs */
#define TMPFS_DIRENT_SIZE 20u   /* Linux's BOGO_DIRENT_SIZE */
#define TMPFS_S_IFMT    0170000u
#define TMPFS_S_IFDIR   0040000u
#define TMPFS_S_IFREG   0100000u

/* The world outside. Every callback gets ctx first and must be set. */
struct tmpfs_env {
	void *ctx;
	/* A zeroed, TMPFS_PAGE-aligned page of TMPFS_PAGE bytes, or NULL (no memory). */
	void *(*page_alloc)(void *ctx);
	void (*page_free)(void *ctx, void *page);
	uint64_t (*now)(void *ctx);   /* nanoseconds since 1970 */
};

/* One node: free while mode is 0. Private but for the tests' eyes. */
struct tmpfs_node {
	uint32_t mode, nlink, uid, gid;
	uint32_t parent;            /* the directory holding its name; 0: none */
	uint32_t child, next;       /* a directory's first entry; the next entry in its parent */
	uint32_t pos;               /* its place in the parent: readdir's cookie */
	uint32_t next_pos;          /* a directory: the place of its next new entry */
	uint64_t size, pages;       /* bytes; data pages held */
	uint64_t atime, mtime, ctime;
	void **index;               /* a file's data: TMPFS_FANOUT leaves of TMPFS_FANOUT pages */
	uint8_t namelen;
	char name[TMPFS_NAME_MAX];
};

struct tmpfs {
	const struct tmpfs_env *env;
	struct tmpfs_node *nodes;   /* node n is nodes[n - 1] */
	uint32_t nnodes, used;      /* nodes in the table, in use */
	uint64_t max_pages, used_pages;
};

struct tmpfs_stat {
	uint64_t ino, mode, nlink, size, blocks, uid, gid;   /* blocks: 512 bytes each */
	uint64_t atime, mtime, ctime;
};

#define TMPFS_ATTR_MODE  1u
#define TMPFS_ATTR_UID   2u
#define TMPFS_ATTR_GID   4u
#define TMPFS_ATTR_ATIME 8u
#define TMPFS_ATTR_MTIME 16u
struct tmpfs_attr {
	unsigned mask;              /* TMPFS_ATTR_*: what changes */
	uint32_t mode, uid, gid;    /* mode: the permission bits (07777) */
	uint64_t atime, mtime;
};

struct tmpfs_statfs {
	uint64_t blocks, bfree, files, ffree;   /* blocks of TMPFS_PAGE bytes; nodes */
};

/* Called by readdir for each entry: 0 to go on, 1 when the caller's buffer is full. */
typedef int (*tmpfs_emit)(void *arg, uint64_t ino, unsigned type, const char *name, size_t len);

/* An empty instance over the table nodes[nnodes] (nnodes >= 1: the root takes one), whose
 * data may take max_pages pages; the root is a directory of permission bits root_mode
 * (tmpfs's default is 01777), owned by 0:0. env must outlive it. */
void tmpfs_init(struct tmpfs *t, const struct tmpfs_env *env, struct tmpfs_node *nodes,
                uint32_t nnodes, uint64_t max_pages, uint32_t root_mode);
/* Free every page of every node (the instance goes away). */
void tmpfs_destroy(struct tmpfs *t);

int tmpfs_lookup(struct tmpfs *t, const char *path, size_t len, uint32_t *node);
int tmpfs_stat(struct tmpfs *t, uint32_t node, struct tmpfs_stat *st);
int tmpfs_setattr(struct tmpfs *t, uint32_t node, const struct tmpfs_attr *a);
void tmpfs_statfs(const struct tmpfs *t, struct tmpfs_statfs *st);

/* Make a regular file (mode: permission bits) or a directory; sets *node. EEXIST, ENOENT
 * or ENOTDIR for the parent, ENAMETOOLONG, ENOSPC when the node table is full. */
int tmpfs_create(struct tmpfs *t, const char *path, size_t len, uint32_t mode, uint32_t uid,
                 uint32_t gid, uint32_t *node);
int tmpfs_mkdir(struct tmpfs *t, const char *path, size_t len, uint32_t mode, uint32_t uid,
                uint32_t gid, uint32_t *node);
/* Remove a file's name (EISDIR for a directory) or an empty directory (ENOTDIR for a
 * file, ENOTEMPTY, EBUSY for the root); *node: the node, which lives on until released. */
int tmpfs_unlink(struct tmpfs *t, const char *path, size_t len, uint32_t *node);
int tmpfs_rmdir(struct tmpfs *t, const char *path, size_t len, uint32_t *node);
/* Linux's rename: what `to` names is replaced (a file by a file, a directory by an empty
 * directory); *replaced gets that node (0: none), to release when nothing holds it.
 * EINVAL for a directory into itself, EBUSY for the root. */
int tmpfs_rename(struct tmpfs *t, const char *from, size_t flen, const char *to, size_t tlen,
                 uint32_t *replaced);
/* Entries of directory dir from cookie on (0: the first); returns the cookie to continue
 * from, 0 at the end, or -errno (ENOTDIR). "." and ".." are not among them. */
long tmpfs_readdir(struct tmpfs *t, uint32_t dir, uint64_t cookie, tmpfs_emit emit, void *arg);
/* Nothing holds node any more (no descriptor, no mapping): free it if it has no name. */
int tmpfs_release(struct tmpfs *t, uint32_t node);

/* File data (tmpfs_data.c). read: a count (0 at or past the end), holes read as zeros;
 * EISDIR for a directory. write: a count, short if a page could not be had for the rest
 * (the bound reached, or no memory), else ENOSPC or ENOMEM; EFBIG past TMPFS_MAX_SIZE. */
long tmpfs_read(struct tmpfs *t, uint32_t node, uint64_t off, void *buf, size_t len);
long tmpfs_write(struct tmpfs *t, uint32_t node, uint64_t off, const void *buf, size_t len);
/* Set a file's size: pages past it are freed, the rest of its last page zeroed. */
int tmpfs_truncate(struct tmpfs *t, uint32_t node, uint64_t size);

#endif
