/* tmpfs_mem.c - tmpfs's pages (see tmpfs_mem.h). The region is anonymous memory of this
 * server, reserved at start-up but not populated; a chunk of it is locked (VM_MLOCK, which
 * brings its pages in or fails cleanly with ENOMEM, where a fault on memory the VM server
 * cannot give would end this server) when a page of it is first needed, and unlocked and
 * dropped (VM_MADV_DONTNEED) when its last page is freed. Lowest chunks first, so that the
 * locked part stays one or a few VMAs. */
#include "tmpfs_mem.h"
#include "kcall.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE

#define CHUNK_PAGES 16
#define MAX_CHUNKS  1024                /* 64 MiB of region at most */
#define MADV_DONTNEED 4

static uint8_t *region;
static unsigned nchunks;
static uint16_t used[MAX_CHUNKS];       /* pages taken in each chunk: locked while > 0 */
static uint16_t taken[MAX_CHUNKS];      /* which (bit i: page i of the chunk) */

_Static_assert(CHUNK_PAGES <= 16, "taken[] holds a chunk's pages as bits");

int tmem_init(uint64_t npages)
{
	uint64_t n = (npages + CHUNK_PAGES - 1) / CHUNK_PAGES;
	if (n > MAX_CHUNKS)
		n = MAX_CHUNKS;
	struct vm_mmap_req q = {0, n * CHUNK_PAGES * PAGE_SIZE, 3 /* PROT_READ|WRITE */,
	                        0x02 | 0x20 | 0x4000 /* MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE */, -1, 0};
	struct vm_mmap_rep r;
	long e = vm_mmap_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0)
		return (int)e;
	region = (uint8_t *)r.addr;
	nchunks = (unsigned)n;
	return 0;
}

static uint8_t *chunk_at(unsigned c)
{
	return region + (uint64_t)c * CHUNK_PAGES * PAGE_SIZE;
}

void *tmem_alloc(void)
{
	unsigned c = nchunks, fresh = nchunks;
	for (unsigned i = 0; i < nchunks && c == nchunks; i++) {
		if (used[i] && used[i] < CHUNK_PAGES)
			c = i;   /* a locked chunk with room: no call needed */
		else if (!used[i] && fresh == nchunks)
			fresh = i;
	}
	if (c == nchunks) {
		if ((c = fresh) == nchunks)
			return 0;
		struct vm_mlock_req q = {(uint64_t)chunk_at(c), CHUNK_PAGES * PAGE_SIZE, 0};
		struct vm_mlock_rep r;
		if (vm_mlock_call(TH_VM_EP, &q, 0, 0, &r) < 0)
			return 0;   /* no memory for it now */
	}
	unsigned i = 0;
	while (taken[c] & (1u << i))
		i++;
	taken[c] |= (uint16_t)(1u << i);
	used[c]++;
	uint8_t *page = chunk_at(c) + (uint64_t)i * PAGE_SIZE;
	memset(page, 0, PAGE_SIZE);
	return page;
}

void tmem_free(void *page)
{
	uint64_t off = (uint64_t)((uint8_t *)page - region) / PAGE_SIZE;
	unsigned c = (unsigned)(off / CHUNK_PAGES), i = (unsigned)(off % CHUNK_PAGES);
	taken[c] &= (uint16_t)~(1u << i);
	if (--used[c])
		return;
	struct vm_munlock_req uq = {(uint64_t)chunk_at(c), CHUNK_PAGES * PAGE_SIZE};
	struct vm_munlock_rep ur;
	struct vm_madvise_req aq = {(uint64_t)chunk_at(c), CHUNK_PAGES * PAGE_SIZE, MADV_DONTNEED};
	struct vm_madvise_rep ar;
	if (vm_munlock_call(TH_VM_EP, &uq, 0, 0, &ur) == 0)   /* the memory goes back */
		vm_madvise_call(TH_VM_EP, &aq, 0, 0, &ar);
}
