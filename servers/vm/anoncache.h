/* anoncache.h - the pages of shared anonymous memory objects, by (object, page index):
 * every mapping of an object, in any task, finds the same frame here. (File pages live
 * in the FS server's page cache, servers/fs/pagecache.c; see filemap.c.) */
#ifndef VM_ANONCACHE_H
#define VM_ANONCACHE_H
#include <stdint.h>

/* The frame holding page idx of obj, or 0. */
uint64_t pc_lookup(const void *obj, uint64_t idx);
/* Record pa as page idx of obj; the cache keeps the caller's reference. 0 or -1 (full). */
int pc_insert(const void *obj, uint64_t idx, uint64_t pa);
/* Page idx of obj leaves the cache (its reference dropped), if it is there. */
void pc_remove(const void *obj, uint64_t idx);
/* obj is gone: drop the cache's reference on each of its pages. */
void pc_drop_object(const void *obj);
#endif
