/* pagecache.c - the file page cache (see pagecache.h): FPC_PAGES page frames in one
 * populated region, a hash of (node, page index) to slot, and a clock hand to find a
 * slot to reuse when all are taken. */
#include "pagecache.h"
#include "kcall.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "proto/vm.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE

#define E_FAULT 14
#define E_NOMEM 12
#define BUCKETS 256
#define NONE (-1)

struct slot {
	uint64_t node, idx;
	int16_t next;              /* hash chain */
	uint8_t used, maybe_dirty;
};

static uint8_t *pages;         /* FPC_PAGES pages */
static struct slot slots[FPC_PAGES];
static int16_t bucket[BUCKETS];
static unsigned hand;
static const struct vfs_ops *ops;
static void *fs;

static unsigned hash(uint64_t node, uint64_t idx)
{
	return (unsigned)((node * 0x9e3779b97f4a7c15UL ^ idx * 0xc2b2ae3d27d4eb4fUL) >> 56) % BUCKETS;
}

static uint8_t *page_of(int i) { return pages + (size_t)i * PAGE_SIZE; }

int fpc_init(void)
{
	struct vm_mmap_req q = {0, (uint64_t)FPC_PAGES * PAGE_SIZE, 3 /* PROT_READ|WRITE */,
	                        0x02 | 0x20 | 0x8000 /* MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE */, -1, 0};
	struct vm_mmap_rep r;
	long e = vm_mmap_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0)
		return (int)e;
	pages = (uint8_t *)r.addr;
	for (int i = 0; i < FPC_PAGES; i++)
		pages[(size_t)i * PAGE_SIZE] = 0;   /* fault in now whatever populate left out */
	for (int i = 0; i < BUCKETS; i++)
		bucket[i] = NONE;
	return 0;
}

void fpc_mount(const struct vfs_ops *o, void *f)
{
	ops = o;
	fs = f;
}

static int find(uint64_t node, uint64_t idx)
{
	for (int i = bucket[hash(node, idx)]; i != NONE; i = slots[i].next)
		if (slots[i].node == node && slots[i].idx == idx)
			return i;
	return NONE;
}

static void unlink_slot(int i)
{
	int16_t *pp = &bucket[hash(slots[i].node, slots[i].idx)];
	while (*pp != i)
		pp = &slots[*pp].next;
	*pp = slots[i].next;
	slots[i].used = 0;
}

static int in_use(int i);

/* Write slot i to its file if it may be dirty (only bytes before the end of the file).
 * Whether a mapping still uses it is asked before the bytes are copied out: if one does,
 * it may write again unseen during or after the write, so the page stays maybe dirty; if
 * none does, none can appear meanwhile (only our answers give the VM server pages). */
static int write_slot(int i)
{
	struct slot *s = &slots[i];
	struct vfs_stat st;
	if (!s->maybe_dirty)
		return 0;
	int e = ops->stat(fs, s->node, &st);
	if (e < 0)
		return e;
	uint64_t off = s->idx * PAGE_SIZE;
	int mapped = in_use(i);
	if (off < st.size) {
		uint64_t n = st.size - off < PAGE_SIZE ? st.size - off : PAGE_SIZE;
		long w = ops->write ? ops->write(fs, s->node, off, page_of(i), n) : -30;
		if (w < 0)
			return (int)w;
	}
	s->maybe_dirty = (uint8_t)mapped;
	return 0;
}

/* Does any mapping still use slot i's frame? (asks the VM server) */
static int in_use(int i)
{
	struct vm_fs_page_users_req q = {(uint64_t)page_of(i)};
	struct vm_fs_page_users_rep r;
	return vm_fs_page_users_call(TH_VM_EP, &q, 0, 0, &r) < 0 || r.users > 0;
}

/* Have the VM server drop every mapping of slot i's frame (later faults page it in
 * again); then nothing can write it behind our back. */
static void unmap_slot(int i)
{
	struct vm_fs_unmap_req q = {slots[i].node, slots[i].idx, slots[i].idx + 1, 0};
	struct vm_fs_unmap_rep r;
	vm_fs_unmap_call(TH_VM_EP, &q, 0, 0, &r);
}

/* A slot to fill: a free one, else by the clock hand: the first of the next few that no
 * mapping uses, else the one after them, taken from its mappings (asking about every
 * page would cost a call per page). Written back first if it may be dirty. NONE if no
 * page can be written back. */
#define UNMAPPED_TRIES 8
static int take_slot(void)
{
	for (int i = 0; i < FPC_PAGES; i++)
		if (!slots[i].used)
			return i;
	for (int n = 0; n < FPC_PAGES; n++) {
		int i = (int)(hand++ % FPC_PAGES);
		if (n < UNMAPPED_TRIES ? in_use(i) : (unmap_slot(i), 0))
			continue;
		if (write_slot(i) < 0)
			continue;
		unlink_slot(i);
		return i;
	}
	return NONE;
}

int fpc_get(uint64_t node, uint64_t idx, int shared_write, uint64_t *va)
{
	int i = pages ? find(node, idx) : NONE;
	if (!pages)
		return -E_NOMEM;
	if (i == NONE) {
		struct vfs_stat st;
		int e = ops ? ops->stat(fs, node, &st) : -E_FAULT;
		if (e < 0)
			return e;
		if (idx >= (st.size + PAGE_SIZE - 1) / PAGE_SIZE)
			return -E_FAULT;
		if ((i = take_slot()) == NONE)
			return -E_NOMEM;
		long n = ops->read(fs, node, idx * PAGE_SIZE, page_of(i), PAGE_SIZE);
		if (n < 0)
			return (int)n;
		memset(page_of(i) + n, 0, PAGE_SIZE - (size_t)n);
		unsigned b = hash(node, idx);
		slots[i] = (struct slot){node, idx, bucket[b], 1, 0};
		bucket[b] = (int16_t)i;
	}
	if (shared_write)
		slots[i].maybe_dirty = 1;
	*va = (uint64_t)page_of(i);
	return 0;
}

long fpc_read(uint64_t node, uint64_t off, void *buf, size_t n)
{
	struct vfs_stat st;
	int e = pages ? ops->stat(fs, node, &st) : -E_NOMEM;
	if (e < 0 || (st.mode & 0170000) != 0100000)
		return e < 0 ? e : -E_NOMEM;   /* not a regular file: not cached */
	if (off >= st.size)
		return 0;
	if (n > st.size - off)
		n = (size_t)(st.size - off);
	size_t done = 0;
	while (done < n) {
		uint64_t pos = off + done, in = pos % PAGE_SIZE, va;
		size_t chunk = PAGE_SIZE - in < n - done ? (size_t)(PAGE_SIZE - in) : n - done;
		if ((e = fpc_get(node, pos / PAGE_SIZE, 0, &va)) < 0)
			return done ? (long)done : e;
		memcpy((uint8_t *)buf + done, (const uint8_t *)va + in, chunk);
		done += chunk;
	}
	return (long)done;
}

/* For each cached page of node overlapping [off, off + n): fn(page bytes, buffer bytes, count). */
static void each_overlap(uint64_t node, uint64_t off, size_t n, int to_cache, uint8_t *buf)
{
	for (uint64_t idx = off / PAGE_SIZE; n && idx * PAGE_SIZE < off + n; idx++) {
		int i = find(node, idx);
		if (i == NONE)
			continue;
		uint64_t lo = idx * PAGE_SIZE > off ? idx * PAGE_SIZE : off;
		uint64_t hi = (idx + 1) * PAGE_SIZE < off + n ? (idx + 1) * PAGE_SIZE : off + n;
		uint8_t *p = page_of(i) + (lo - idx * PAGE_SIZE), *b = buf + (lo - off);
		if (to_cache)
			memcpy(p, b, hi - lo);
		else
			memcpy(b, p, hi - lo);
	}
}

void fpc_read_overlay(uint64_t node, uint64_t off, void *buf, size_t n)
{
	each_overlap(node, off, n, 0, buf);
}

void fpc_write_through(uint64_t node, uint64_t off, const void *buf, size_t n)
{
	each_overlap(node, off, n, 1, (uint8_t *)buf);
}

int fpc_writeback(uint64_t node, uint64_t off, uint64_t len)
{
	int err = 0;
	for (int i = 0; i < FPC_PAGES; i++) {
		struct slot *s = &slots[i];
		if (!s->used || s->node != node || !s->maybe_dirty)
			continue;
		if (len && (s->idx * PAGE_SIZE + PAGE_SIZE <= off || s->idx * PAGE_SIZE >= off + len))
			continue;
		int e = write_slot(i);
		if (e < 0 && !err)
			err = e;
	}
	return err;
}

int fpc_writeback_all(void)
{
	int err = 0;
	for (int i = 0; i < FPC_PAGES; i++) {
		int e = slots[i].used ? write_slot(i) : 0;
		if (e < 0 && !err)
			err = e;
	}
	return err;
}

void fpc_resized(uint64_t node, uint64_t old_size, uint64_t new_size)
{
	uint64_t keep = (new_size + PAGE_SIZE - 1) / PAGE_SIZE;
	for (int i = 0; i < FPC_PAGES; i++)
		if (slots[i].used && slots[i].node == node && slots[i].idx >= keep)
			unlink_slot(i);
	uint64_t from = old_size < new_size ? old_size : new_size;
	int i = (from & (PAGE_SIZE - 1)) ? find(node, from / PAGE_SIZE) : NONE;
	if (i != NONE)   /* bytes past the end read as zeros, now and after it grows */
		memset(page_of(i) + (from & (PAGE_SIZE - 1)), 0, PAGE_SIZE - (from & (PAGE_SIZE - 1)));
}

int fpc_forget(uint64_t node)
{
	int err = fpc_writeback(node, 0, 0);
	for (int i = 0; i < FPC_PAGES; i++)
		if (slots[i].used && slots[i].node == node)
			unlink_slot(i);
	return err;
}
