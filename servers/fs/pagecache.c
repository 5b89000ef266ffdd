/* pagecache.c - the FS server's page cache (see pagecache.h): lib/fcache's environment
 * here, and its memory from the VM server. */
#include "pagecache.h"
#include "kcall.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE

#define E_ROFS 30

_Static_assert(FC_PAGE_SIZE == PAGE_SIZE, "the cache's pages are ours");

static const struct vfs_ops *ops;
static void *fs;
static struct fcache cache;

static int env_stat(void *ctx, uint64_t node, struct fc_stat *out)
{
	(void)ctx;
	struct vfs_stat st;
	int e = ops->stat(fs, node, &st);
	if (e == 0)
		*out = (struct fc_stat){st.size, st.mode};
	return e;
}

static long env_read(void *ctx, uint64_t node, uint64_t off, void *buf, size_t len)
{
	(void)ctx;
	return ops->read(fs, node, off, buf, len);
}

static long env_write(void *ctx, uint64_t node, uint64_t off, const void *buf, size_t len)
{
	(void)ctx;
	return ops->write ? ops->write(fs, node, off, buf, len) : -E_ROFS;
}

static int env_users(void *ctx, const void *const *pages, unsigned n, uint64_t *used)
{
	(void)ctx;
	_Static_assert(FC_ASK_MAX <= 8, "VM_FS_PAGE_USERS asks about 8 pages at most");
	uint64_t va[8] = {0};
	for (unsigned k = 0; k < n && k < 8; k++)
		va[k] = (uint64_t)pages[k];
	struct vm_fs_page_users_req q = {va[0], va[1], va[2], va[3], va[4], va[5], va[6], va[7]};
	struct vm_fs_page_users_rep r = {0};
	long e = vm_fs_page_users_call(TH_VM_EP, &q, 0, 0, &r);
	*used = r.used;
	return e < 0 ? (int)e : 0;
}

static int env_unmap(void *ctx, uint64_t node, uint64_t first, uint64_t last)
{
	(void)ctx;
	struct vm_fs_unmap_req q = {node, first, last, 0};   /* cows 0: only the cache's frames */
	struct vm_fs_unmap_rep r;
	return (int)vm_fs_unmap_call(TH_VM_EP, &q, 0, 0, &r);
}

static const struct fc_env env = {0, env_stat, env_read, env_write, env_users, env_unmap};

int fpc_init(void)
{
	struct vm_mmap_req q = {0, (uint64_t)FPC_PAGES * PAGE_SIZE, 3 /* PROT_READ|WRITE */,
	                        0x02 | 0x20 | 0x8000 /* MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE */, -1, 0};
	struct vm_mmap_rep r;
	long e = vm_mmap_call(TH_VM_EP, &q, 0, 0, &r);
	uint8_t *pages = e < 0 ? 0 : (uint8_t *)r.addr;
	for (int i = 0; pages && i < FPC_PAGES; i++)
		pages[(size_t)i * PAGE_SIZE] = 0;   /* fault in now whatever populate left out */
	fc_init(&cache, &env, pages, FPC_PAGES);
	return e < 0 ? (int)e : 0;
}

void fpc_mount(const struct vfs_ops *o, void *f)
{
	ops = o;
	fs = f;
}

int fpc_get(uint64_t node, uint64_t idx, int shared_write, uint64_t *va)
{
	uint8_t *page;
	int e = fc_get(&cache, node, idx, shared_write, &page);
	if (e == 0) {
		fc_lend(&cache, page);
		*va = (uint64_t)page;
	}
	return e;
}

uint64_t fpc_peek(uint64_t node, uint64_t idx, int shared_write)
{
	uint8_t *page = fc_peek(&cache, node, idx, shared_write);
	if (page)
		fc_lend(&cache, page);
	return (uint64_t)page;
}

long fpc_read(uint64_t node, uint64_t off, void *buf, size_t n)
{
	return fc_read(&cache, node, off, buf, n);
}

long fpc_read_to(uint64_t node, uint64_t off, size_t n, fc_sink put, void *arg)
{
	return fc_read_to(&cache, node, off, n, put, arg);
}

void fpc_read_overlay(uint64_t node, uint64_t off, void *buf, size_t n)
{
	fc_read_overlay(&cache, node, off, buf, n);
}

void fpc_write_through(uint64_t node, uint64_t off, const void *buf, size_t n)
{
	fc_write_through(&cache, node, off, buf, n);
}

int fpc_writeback(uint64_t node, uint64_t off, uint64_t len)
{
	return fc_writeback(&cache, node, off, len);
}

int fpc_writeback_all(void)
{
	return fc_writeback_all(&cache);
}

void fpc_resized(uint64_t node, uint64_t old_size, uint64_t new_size)
{
	fc_resized(&cache, node, old_size, new_size);
}

int fpc_forget(uint64_t node)
{
	return fc_forget(&cache, node);
}
