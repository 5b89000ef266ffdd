/* fcache.h - a page cache of file data as a pure library: the pages of files, by (node,
 * page index), in one region of memory given at set-up. The FS server's page cache
 * (servers/fs/pagecache.c) is this library over its file system and the VM server; the
 * host tests (tests/host/test_fcache.c) run it over a fake file system.
 *
 * The region's frames are what mappings of the files map, so read(), write() and every
 * mapping see the same bytes. A page a mapping may write (shared and writable) is
 * "maybe dirty" until written back. A page is reused for another only when no mapping
 * uses it; when every page is mapped, the mappings of one are dropped first. A page lent
 * (fc_lend) is reused or dropped only once env->unmap said it is forgotten.
 *
 * Everything outside goes through struct fc_env. Freestanding: needs only <stdint.h>,
 * <stddef.h> and base/mem.h. Errors are negative errno (Linux's numbers). Nothing is
 * locked: the caller serialises the calls on one cache, but for fc_peek and fc_lend,
 * which may run beside one another (they store only single bytes, atomically) while
 * no other call runs: the FS server's page-in workers, holding its lock shared.
 */
#ifndef LIB_FCACHE_FCACHE_H
#define LIB_FCACHE_FCACHE_H

#include <stddef.h>
#include <stdint.h>

#define FC_PAGE_SIZE  4096u
#define FC_MAX_PAGES  1024   /* at most this many pages of a region are used */
#define FC_ASK_MAX    8      /* pages env->users is asked about at once */
#define FC_BUCKETS    256
#define FC_ENOMEM     12
#define FC_EFAULT     14
#define FC_S_IFMT     0170000
#define FC_S_IFREG    0100000

struct fc_stat {
	uint64_t size;   /* bytes */
	uint64_t mode;   /* FC_S_IFMT bits tell a regular file */
};

/* The world outside. Every callback gets ctx first and must be set. */
struct fc_env {
	void *ctx;
	/* The file system: 0 or -errno; read and write return a count or -errno. */
	int (*stat)(void *ctx, uint64_t node, struct fc_stat *st);
	long (*read)(void *ctx, uint64_t node, uint64_t off, void *buf, size_t len);
	long (*write)(void *ctx, uint64_t node, uint64_t off, const void *buf, size_t len);
	/* Which of the pages at pages[0..n) of the region (n <= FC_ASK_MAX) a mapping uses:
	 * bit k of *used for pages[k]. 0, or -errno (then every one counts as used). */
	int (*users)(void *ctx, const void *const *pages, unsigned n, uint64_t *used);
	/* Drop every mapping of pages [first, last) of node (later accesses fault them in
	 * again): 0, or -errno if they may still be mapped. */
	int (*unmap)(void *ctx, uint64_t node, uint64_t first, uint64_t last);
};

struct fc_slot {
	uint64_t node, idx;
	int16_t next;              /* hash chain */
	int16_t node_next, node_prev;   /* chain of the slots whose node hashes to one node bucket */
	uint8_t used, maybe_dirty;
	uint8_t lent;              /* fc_lend: the VM server may map it without asking until
	                              env->unmap of it succeeds (kept while free, too) */
};

/* One cache. Private but for the tests' eyes. */
struct fcache {
	const struct fc_env *env;
	uint8_t *pages;            /* npages pages */
	unsigned npages, hand;     /* hand: the clock, for reuse */
	unsigned nused;            /* slots used: when all are, take_slot looks for no free one */
	int16_t bucket[FC_BUCKETS];
	int16_t node_bucket[FC_BUCKETS];   /* a node's slots, with those of nodes hashing alike */
	struct fc_slot slots[FC_MAX_PAGES];
};

/* An empty cache of npages pages at pages (page-aligned; 0 pages: nothing is cached and
 * fc_get and fc_read say -ENOMEM). env must outlive the cache. */
void fc_init(struct fcache *c, const struct fc_env *env, void *pages, unsigned npages);
/* Page idx of node, read in if missing (bytes past the end of the file read as zeros);
 * shared_write marks it maybe dirty. Sets *page. 0, -EFAULT if the page lies wholly past
 * the end of the file, -ENOMEM if no page can be reused, or the file system's -errno. */
int fc_get(struct fcache *c, uint64_t node, uint64_t idx, int shared_write, uint8_t **page);
/* Page idx of node if it is cached, else NULL; nothing is read. shared_write marks it
 * maybe dirty (a page handed out to map around a fault). */
uint8_t *fc_peek(struct fcache *c, uint64_t node, uint64_t idx, int shared_write);
/* The page at this address of the region (from fc_get or fc_peek) goes to the VM server,
 * which remembers where page idx of node is and maps it again without asking: before the
 * slot is reused, or its page dropped (fc_resized, fc_forget), env->unmap of it must
 * succeed (the VM server then forgets it). */
void fc_lend(struct fcache *c, const uint8_t *page);
/* read() through the cache: up to n bytes of regular file node from off into buf, each
 * page brought in if missing. The count (0 at the end; short if a later page fails), or
 * -errno; -ENOMEM also for what is not cached (not a regular file, no page): then read
 * the file system, and fc_read_overlay on top. */
long fc_read(struct fcache *c, uint64_t node, uint64_t off, void *buf, size_t n);
/* Where fc_read_to sends the bytes: the n bytes at src go to byte `at` of the read; the
 * count taken (fewer stops the read there), or -errno. */
typedef long (*fc_sink)(void *arg, size_t at, const void *src, size_t n);
/* fc_read with each page's bytes handed to put instead of copied into a buffer (a copy
 * straight into another address space). The count put, as fc_read's, or -errno. */
long fc_read_to(struct fcache *c, uint64_t node, uint64_t off, size_t n, fc_sink put, void *arg);
/* The cached pages are the newest bytes: copy them over what was read from the file
 * system for [off, off + n); and into the cache after buf was written at off. Pages not
 * cached are not brought in. */
void fc_read_overlay(struct fcache *c, uint64_t node, uint64_t off, void *buf, size_t n);
void fc_write_through(struct fcache *c, uint64_t node, uint64_t off, const void *buf, size_t n);
/* Write the maybe-dirty pages of node meeting [off, off + len) (len 0: all) to the file,
 * only their bytes before its end. A page still mapped stays maybe dirty. 0 or the first
 * -errno (a page that failed stays maybe dirty). */
int fc_writeback(struct fcache *c, uint64_t node, uint64_t off, uint64_t len);
int fc_writeback_all(struct fcache *c);
/* node's size changed from old_size to new_size (mappings of pages past the new end are
 * already gone): drop those pages and zero the last page past the smaller size. */
void fc_resized(struct fcache *c, uint64_t node, uint64_t old_size, uint64_t new_size);
/* node is no longer open or mapped: write back, then drop its pages (even if that
 * failed: the node may be reused). 0 or the first -errno. */
int fc_forget(struct fcache *c, uint64_t node);

#endif
