/* tmpfs_mem.h - the memory of the FS server's tmpfs instances: pages of a region asked of
 * the VM server, locked in (so a page taken is there: serving it never faults) a chunk at
 * a time, and a chunk given back to the VM server when its last page is freed. */
#ifndef FS_TMPFS_MEM_H
#define FS_TMPFS_MEM_H
#include <stdint.h>

/* Reserve a region of npages pages (nothing is taken yet): 0 or -errno. */
int tmem_init(uint64_t npages);
/* A zeroed page, or NULL when the region is used up or the VM server has no memory. */
void *tmem_alloc(void);
void tmem_free(void *page);
#endif
