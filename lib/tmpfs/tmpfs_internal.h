/* tmpfs_internal.h - what lib/tmpfs's two files share: errno values and the node lookup
 * by number, and the data's teardown for the namespace's release. */
#ifndef LIB_TMPFS_TMPFS_INTERNAL_H
#define LIB_TMPFS_TMPFS_INTERNAL_H
#include "tmpfs.h"

#define T_ENOENT   2
#define T_ENOMEM   12
#define T_EBUSY    16
#define T_EEXIST   17
#define T_ENOTDIR  20
#define T_EISDIR   21
#define T_EINVAL   22
#define T_EFBIG    27
#define T_ENOSPC   28
#define T_ENAMETOOLONG 36
#define T_ENOTEMPTY 39

/* The node numbered n if it is in use, else NULL. */
static inline struct tmpfs_node *tmpfs_node(const struct tmpfs *t, uint32_t n)
{
	if (n < 1 || n > t->nnodes || !t->nodes[n - 1].mode)
		return 0;
	return &t->nodes[n - 1];
}

static inline int tmpfs_isdir(const struct tmpfs_node *n)
{
	return (n->mode & TMPFS_S_IFMT) == TMPFS_S_IFDIR;
}

/* Free every data page of n from page first on, and the index pages no longer needed
 * (tmpfs_data.c). */
void tmpfs_drop_pages(struct tmpfs *t, struct tmpfs_node *n, uint64_t first);
#endif
