/* lx_mem.c - Linux's memory calls: each one request to the VM server, which runs
 * Linux's mmap semantics (lib/vm), so the arguments pass through unchanged; but for a
 * range across the personality's own pages (lx.h), which are a hole as Linux sees it:
 * munmap, mprotect and madvise act on the parts around them as Linux would around a
 * hole, and a MAP_FIXED mmap or MREMAP_FIXED over them is ENOMEM (Linux would map it;
 * there is no room here). */
#include "lx_file.h"
#include "kcall.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define MAP_ANONYMOUS 0x20
#define MAP_FIXED 0x10
#define MAP_FIXED_NOREPLACE 0x100000
#define PROT_KNOWN 0x300000f   /* READ, WRITE, EXEC, SEM, GROWSDOWN, GROWSUP */
#define PROT_GROWS 0x3000000
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

/* A range [a, a + len) that the VM server would take (a page aligned, len not 0, the end
 * rounded up to a page without overflow) and that meets the personality's pages: then
 * *end is its end. Other ranges go to the VM server unchanged: it refuses the bad ones
 * before it changes anything. */
static int meets_own(uint64_t a, uint64_t len, uint64_t *end)
{
	if ((a & (PAGE_SIZE - 1)) || !len || len > UINT64_MAX - PAGE_SIZE)
		return 0;
	uint64_t plen = (len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (a > UINT64_MAX - plen)
		return 0;
	*end = a + plen;
	return lx_own_range(a, plen);
}
#define OWN_END ((uint64_t)__lx_end)

/* mmap of /dev/zero is anonymous memory, private or shared as asked (Linux's
 * mmap_zero), once the descriptor's access mode allows it (EACCES): 0 and the flags
 * made anonymous, or -errno; 1 if fd is not /dev/zero. */
static long zero_mapping(long fd, long prot, long *flags)
{
	struct lx_file *f = lx_fd_get(fd);
	if (!f || f->kind != LXK_ZERO)
		return 1;
	unsigned acc = f->flags & LX_O_ACCMODE;
	if (acc == LX_O_WRONLY || ((*flags & 3) != 2 && (prot & 2) && acc != LX_O_RDWR))
		return -LX_EACCES;   /* readable for any map; writable for a shared writable one */
	*flags |= MAP_ANONYMOUS;
	return 0;
}

static long lx_mmap(long addr, long len, long prot, long flags, long fd, long off)
{
	long sfd = -1;
	long z = flags & MAP_ANONYMOUS ? 1 : zero_mapping(fd, prot, &flags);
	if (z < 0)
		return z;
	if (!z)
		off = 0;
	if (!(flags & MAP_ANONYMOUS)) {
		sfd = lx_fd_to_fs(fd);
		if (sfd < 0)
			return sfd == -LX_ENODEV ? -LX_ENODEV : -LX_EBADF;
	}
	uint64_t end;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && !(off & (PAGE_SIZE - 1)) &&
	    meets_own((uint64_t)addr, (uint64_t)len, &end))
		return -LX_ENOMEM;
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
RANGE_CALL(range_munmap, vm_munmap, (uint64_t)a0, (uint64_t)a1)
RANGE_CALL(range_mprotect, vm_mprotect, (uint64_t)a0, (uint64_t)a1, (uint64_t)a2)
RANGE_CALL(range_madvise, vm_madvise, (uint64_t)a0, (uint64_t)a1, (uint64_t)a2)
RANGE_CALL(lx_mlock, vm_mlock, (uint64_t)a0, (uint64_t)a1, 0)
RANGE_CALL(lx_mlock2, vm_mlock, (uint64_t)a0, (uint64_t)a1, (uint64_t)a2)
RANGE_CALL(lx_munlock, vm_munlock, (uint64_t)a0, (uint64_t)a1)
RANGE_CALL(lx_mlockall, vm_mlockall, (uint64_t)a0)
RANGE_CALL(lx_munlockall, vm_munlockall, )
RANGE_CALL(range_msync, vm_msync, (uint64_t)a0, (uint64_t)a1, (uint64_t)a2)

/* msync(addr, len, flags). The VM server says EAGAIN, which Linux's msync never does,
 * when its link to the FS server has no room for the write-backs now: once a
 * millisecond has let others finish, it is asked again (writing a page back twice is
 * harmless). */
static long lx_msync(long a0, long a1, long a2, long a3, long a4, long a5)
{
	long e;
	while ((e = range_msync(a0, a1, a2, a3, a4, a5)) == -LX_EAGAIN)
		lx_sleep_until(lx_now_ns() + 1000000);
	return e;
}

/* munmap(addr, len): the parts below and above the personality (an end past USER_TOP is
 * the VM server's EINVAL). */
static long lx_munmap(long a0, long a1, long a2, long a3, long a4, long a5)
{
	uint64_t a = (uint64_t)a0, end;
	if (!meets_own(a, (uint64_t)a1, &end) || end > USER_TOP)
		return range_munmap(a0, a1, a2, a3, a4, a5);
	long e = a < LX_BASE ? range_munmap(a0, (long)(LX_BASE - a), 0, 0, 0, 0) : 0;
	return e || end <= OWN_END ? e : range_munmap((long)OWN_END, (long)(end - OWN_END), 0, 0, 0, 0);
}

/* mprotect(addr, len, prot): as Linux at a hole, the part before it changes, then ENOMEM. */
static long lx_mprotect(long a0, long a1, long a2, long a3, long a4, long a5)
{
	uint64_t a = (uint64_t)a0, end, prot = (uint64_t)a2;
	if (!meets_own(a, (uint64_t)a1, &end))
		return range_mprotect(a0, a1, a2, a3, a4, a5);
	if ((prot & ~(uint64_t)PROT_KNOWN) || (prot & PROT_GROWS) == PROT_GROWS)
		return -LX_EINVAL;
	long e = a < LX_BASE ? range_mprotect(a0, (long)(LX_BASE - a), a2, 0, 0, 0) : 0;
	return e ? e : -LX_ENOMEM;
}

/* madvise(addr, len, advice): as Linux over a hole, the parts around it, then ENOMEM. */
static long lx_madvise(long a0, long a1, long a2, long a3, long a4, long a5)
{
	uint64_t a = (uint64_t)a0, end;
	if (!meets_own(a, (uint64_t)a1, &end))
		return range_madvise(a0, a1, a2, a3, a4, a5);
	long e = range_madvise(a0, 0, a2, 0, 0, 0);   /* the advice checked, nothing done */
	if (e == 0 && a < LX_BASE)
		e = range_madvise(a0, (long)(LX_BASE - a), a2, 0, 0, 0);
	if ((e == 0 || e == -LX_ENOMEM) && end > OWN_END)
		e = range_madvise((long)OWN_END, (long)(end - OWN_END), a2, 0, 0, 0);
	return e == 0 ? -LX_ENOMEM : e;
}

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
		if ((e = lx_copy_out((uint64_t)vec, IPC_BUFFER, r.count)) < 0)
			return e;
		uint64_t bytes = r.count * PAGE_SIZE;
		if (q.len <= bytes)
			return 0;
		vec += (long)r.count;
		q.addr += bytes;
		q.len -= bytes;
	}
}

/* mremap(addr, old_len, new_len, flags, new_addr), the pages moved by the VM server. The
 * personality's pages are a hole to Linux: a FIXED target over them is ENOMEM (no room,
 * as for mmap); an old range starting in them is EFAULT; a shrink in place whose tail
 * crosses them unmaps around them; any other old range across them is EFAULT (Linux
 * would move the VMAs around the hole; they are never moved here). */
static long lx_mremap(long a0, long a1, long a2, long a3, long a4, long a5)
{
	(void)a5;
	uint64_t a = (uint64_t)a0, old = (uint64_t)a1, nl = (uint64_t)a2, fl = (uint64_t)a3;
	uint64_t to = (uint64_t)a4, end;
	if ((fl & (MREMAP_MAYMOVE | MREMAP_FIXED)) == (MREMAP_MAYMOVE | MREMAP_FIXED) &&
	    meets_own(to, nl, &end))
		return -LX_ENOMEM;
	struct vm_mremap_req q = {a, old, nl, fl, to};
	struct vm_mremap_rep r;
	if (old && meets_own(a, old, &end)) {
		uint64_t keep = (nl + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
		if (lx_own_range(a, PAGE_SIZE) || (fl & (MREMAP_FIXED | MREMAP_DONTUNMAP)) || !keep ||
		    keep >= end - a)
			return -LX_EFAULT;
		q.old_len = q.new_len = keep;          /* checks a and its VMA, changes nothing */
		long e = vm_mremap_call(TH_VM_EP, &q, 0, 0, &r);
		if (e < 0)
			return e;
		e = lx_munmap((long)(a + keep), (long)(end - a - keep), 0, 0, 0, 0);
		return e < 0 ? e : (long)a;
	}
	long e = vm_mremap_call(TH_VM_EP, &q, 0, 0, &r);
	return e < 0 ? e : (long)r.addr;
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
	{214, lx_brk}, {215, lx_munmap}, {216, lx_mremap}, {222, (lx_call_fn)lx_mmap},
	{226, lx_mprotect},
	{227, lx_msync}, {228, lx_mlock}, {229, lx_munlock}, {230, lx_mlockall},
	{231, lx_munlockall}, {232, lx_mincore}, {233, lx_madvise}, {284, lx_mlock2},
};
const size_t lx_mem_ncalls = sizeof lx_mem_calls / sizeof lx_mem_calls[0];
