/* pagecache.h - the one page cache of file data: lib/fcache over the mounted file system
 * (vfs.h) and the VM server. Its pages are memory of this server, populated at start-up
 * (so serving them never faults); the VM server maps those very frames into tasks that
 * map the file, so read(), write() and every mapping see the same bytes. Which mappings
 * use a page the VM server tells (VM_FS_PAGE_USERS), and it drops the mappings of a page
 * to be reused (VM_FS_UNMAP). Each fpc_* is fcache.h's fc_* on this cache. */
#ifndef FS_PAGECACHE_H
#define FS_PAGECACHE_H
#include <stddef.h>
#include <stdint.h>
#include "vfs.h"
#include "fcache/fcache.h"

#define FPC_PAGES FC_MAX_PAGES   /* 4 MiB */

/* Set up the cache's memory (asks the VM server, so before VM_FS_READY). 0 or -errno;
 * without it nothing is cached (fpc_get and fpc_read say -ENOMEM). */
int fpc_init(void);
/* Serve the cache from this file system. */
void fpc_mount(const struct vfs_ops *ops, void *fs);
/* fc_get, for the VM server to map: *va is the page's address in our address space,
 * and the page is lent (fc_lend: the VM server remembers it). */
int fpc_get(uint64_t node, uint64_t idx, int shared_write, uint64_t *va);
/* Where page idx of node is cached (lent as fpc_get's), or 0; nothing is read
 * (shared_write as fpc_get). */
uint64_t fpc_peek(uint64_t node, uint64_t idx, int shared_write);
long fpc_read(uint64_t node, uint64_t off, void *buf, size_t n);
long fpc_read_to(uint64_t node, uint64_t off, size_t n, fc_sink put, void *arg);
void fpc_read_overlay(uint64_t node, uint64_t off, void *buf, size_t n);
void fpc_write_through(uint64_t node, uint64_t off, const void *buf, size_t n);
int fpc_writeback(uint64_t node, uint64_t off, uint64_t len);
int fpc_writeback_all(void);
void fpc_resized(uint64_t node, uint64_t old_size, uint64_t new_size);
int fpc_forget(uint64_t node);
#endif
