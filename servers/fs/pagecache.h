/* pagecache.h - the one page cache of file data. Its pages are memory of this server,
 * populated at start-up (so serving them never faults); the VM server maps those very
 * frames into tasks that map the file, so read(), write() and every mapping see the same
 * bytes. A page a mapping may write (MAP_SHARED of a writable open) is "maybe dirty"
 * until written back; a page is reused for another only when no mapping uses it, which
 * the VM server tells (VM_FS_PAGE_USERS). Nodes are the file system's (vfs.h). */
#ifndef FS_PAGECACHE_H
#define FS_PAGECACHE_H
#include <stddef.h>
#include <stdint.h>
#include "vfs.h"

#define FPC_PAGES 1024   /* 4 MiB */

/* Set up the cache's memory (asks the VM server, so before VM_FS_READY). 0 or -errno. */
int fpc_init(void);
/* Serve the cache from this file system. */
void fpc_mount(const struct vfs_ops *ops, void *fs);
/* Page idx of node in the cache, read in if needed (bytes past the end of the file read
 * as zeros); shared_write marks it maybe dirty. Sets *va (in our address space).
 * 0, -EFAULT (14) if the page lies wholly beyond the end of the file, or -errno. */
int fpc_get(uint64_t node, uint64_t idx, int shared_write, uint64_t *va);
/* read() through the cache: up to n bytes of regular file node from off into buf, each
 * page brought in if missing. The count (0 at the end), or -errno; -ENOMEM (12) also for
 * what is not cached (not a regular file, no cache memory): then read the file system. */
long fpc_read(uint64_t node, uint64_t off, void *buf, size_t n);
/* The cached pages are the newest bytes: copy them over what read() got from the disk
 * for [off, off + n), and into the cache after write() put buf at off. */
void fpc_read_overlay(uint64_t node, uint64_t off, void *buf, size_t n);
void fpc_write_through(uint64_t node, uint64_t off, const void *buf, size_t n);
/* Write the maybe-dirty pages of node in [off, off + len) to the file (len 0: all).
 * 0 or the first -errno. */
int fpc_writeback(uint64_t node, uint64_t off, uint64_t len);
int fpc_writeback_all(void);
/* node's size changed from old to new bytes (mappings of pages past the new end are
 * already gone): drop those pages and zero the part of the last page past the end. */
void fpc_resized(uint64_t node, uint64_t old_size, uint64_t new_size);
/* node is no longer open or mapped: write back and drop its pages. */
int fpc_forget(uint64_t node);
#endif
