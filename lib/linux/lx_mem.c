/* lx_mem.c - Linux's memory calls: each one request to the VM server, which runs
 * Linux's mmap semantics (lib/vm), so the arguments pass through unchanged. */
#include "linux/lx.h"
#include "kcall.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define MAP_ANONYMOUS 0x20

static long lx_mmap(long addr, long len, long prot, long flags, long fd, long off)
{
	long sfd = -1;
	if (!(flags & MAP_ANONYMOUS)) {
		sfd = lx_fd_to_fs(fd);
		if (sfd < 0)
			return sfd == -LX_ENODEV ? -LX_ENODEV : -LX_EBADF;
	}
	struct vm_mmap_req q = {(uint64_t)addr, (uint64_t)len, (uint64_t)prot, (uint64_t)flags, sfd, (uint64_t)off};
	struct vm_mmap_rep r;
	long e = vm_mmap_call(TH_VM_EP, &q, 0, 0, &r);
	return e < 0 ? e : (long)r.addr;
}

/* The calls that are one request and return 0 or -errno. */
#define RANGE_CALL(name, call, ...)                                             \
	static long name(long a0, long a1, long a2, long a3, long a4, long a5)       \
	{                                                                           \
		(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;              \
		struct call##_req q = {__VA_ARGS__};                                     \
		struct call##_rep r;                                                     \
		long e = call##_call(TH_VM_EP, &q, 0, 0, &r);                            \
		return e < 0 ? e : 0;                                                    \
	}
RANGE_CALL(lx_munmap, vm_munmap, (uint64_t)a0, (uint64_t)a1)
RANGE_CALL(lx_mprotect, vm_mprotect, (uint64_t)a0, (uint64_t)a1, (uint64_t)a2)
RANGE_CALL(lx_mlock, vm_mlock, (uint64_t)a0, (uint64_t)a1, 0)
RANGE_CALL(lx_mlock2, vm_mlock, (uint64_t)a0, (uint64_t)a1, (uint64_t)a2)
RANGE_CALL(lx_munlock, vm_munlock, (uint64_t)a0, (uint64_t)a1)
RANGE_CALL(lx_mlockall, vm_mlockall, (uint64_t)a0)
RANGE_CALL(lx_munlockall, vm_munlockall, )
RANGE_CALL(lx_msync, vm_msync, (uint64_t)a0, (uint64_t)a1, (uint64_t)a2)
RANGE_CALL(lx_madvise, vm_madvise, (uint64_t)a0, (uint64_t)a1, (uint64_t)a2)

/* mincore(addr, len, vec): the server answers one VMA at a time; go on as Linux's loop
 * does, copying each answer out, so the pages before a hole are in vec when it fails. */
static long lx_mincore(long addr, long len, long vec, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct vm_mincore_req q = {(uint64_t)addr, (uint64_t)len};
	for (;;) {
		struct vm_mincore_rep r;
		long e = vm_mincore_call(TH_VM_EP, &q, 0, 0, &r);
		if (e < 0 || r.count == 0)
			return e;
		if ((e = lx_copy_out((uint64_t)vec, __ipc_buffer, r.count)) < 0)
			return e;
		uint64_t bytes = r.count * PAGE_SIZE;
		if (q.len <= bytes)
			return 0;
		vec += (long)r.count;
		q.addr += bytes;
		q.len -= bytes;
	}
}

/* brk(addr): the break now in force (Linux's raw brk never fails; 0 asks). */
static long lx_brk(long addr, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct vm_brk_req q = {(uint64_t)addr};
	struct vm_brk_rep r;
	long e = vm_brk_call(TH_VM_EP, &q, 0, 0, &r);
	return e < 0 ? e : (long)r.brk;
}

const struct lx_call lx_mem_calls[] = {
	{214, lx_brk}, {215, lx_munmap}, {222, (lx_call_fn)lx_mmap}, {226, lx_mprotect},
	{227, lx_msync}, {228, lx_mlock}, {229, lx_munlock}, {230, lx_mlockall},
	{231, lx_munlockall}, {232, lx_mincore}, {233, lx_madvise}, {284, lx_mlock2},
};
const size_t lx_mem_ncalls = sizeof lx_mem_calls / sizeof lx_mem_calls[0];
