/* memcalls.c - the memory requests of proto/vm.def: each is a call of the VMA library on
 * the caller's address space (lib/vm, in the environment of mm.c), but for the two that
 * need the FS server, mmap of a descriptor and msync, which filemap.c answers once the FS
 * server has answered. */
#include "memcalls.h"
#include "mm.h"
#include "filemap.h"
#include "cred.h"
#include "base/mem.h"
#include "base/fmt.h"

long do_vm_mmap(struct proc *p, const struct vm_mmap_req *q, struct vm_mmap_rep *r)
{
	if (!(q->flags & VM_MAP_ANONYMOUS))
		return filemap_mmap(p, q);   /* answered when the FS server has looked at fd */
	int64_t a = vm_mmap(&p->mm, q->addr, q->len, q->prot, q->flags, 0, q->offset);
	if (a < 0)
		return a;
	r->addr = (uint64_t)a;
	return 0;
}

long do_vm_munmap(struct proc *p, const struct vm_munmap_req *q, struct vm_munmap_rep *r)
{
	(void)r;
	return vm_munmap(&p->mm, q->addr, q->len);
}

long do_vm_mprotect(struct proc *p, const struct vm_mprotect_req *q, struct vm_mprotect_rep *r)
{
	(void)r;
	return vm_mprotect(&p->mm, q->addr, q->len, q->prot);
}

long do_vm_mlock(struct proc *p, const struct vm_mlock_req *q, struct vm_mlock_rep *r)
{
	(void)r;
	return vm_mlock(&p->mm, q->addr, q->len, (unsigned)q->flags);
}

long do_vm_munlock(struct proc *p, const struct vm_munlock_req *q, struct vm_munlock_rep *r)
{
	(void)r;
	return vm_munlock(&p->mm, q->addr, q->len);
}

long do_vm_mlockall(struct proc *p, const struct vm_mlockall_req *q, struct vm_mlockall_rep *r)
{
	(void)r;
	return vm_mlockall(&p->mm, (unsigned)q->flags);
}

long do_vm_munlockall(struct proc *p, const struct vm_munlockall_req *q, struct vm_munlockall_rep *r)
{
	(void)q, (void)r;
	return vm_munlockall(&p->mm);
}

long do_vm_msync(struct proc *p, const struct vm_msync_req *q, struct vm_msync_rep *r)
{
	(void)r;
	return filemap_msync(p, q);
}

long do_vm_madvise(struct proc *p, const struct vm_madvise_req *q, struct vm_madvise_rep *r)
{
	(void)r;
	return vm_madvise(&p->mm, q->addr, q->len, (int)q->advice);
}

long do_vm_mremap(struct proc *p, const struct vm_mremap_req *q, struct vm_mremap_rep *r)
{
	int64_t a = vm_mremap(&p->mm, q->addr, q->old_len, q->new_len, q->flags, q->new_addr);
	if (a < 0)
		return a;
	r->addr = (uint64_t)a;
	return 0;
}

long do_vm_mincore(struct proc *p, const struct vm_mincore_req *q, struct vm_mincore_rep *r)
{
	int64_t n = vm_mincore(&p->mm, q->addr, q->len, (uint8_t *)__ipc_buffer, IPC_BUF_MAX);
	if (n < 0)
		return n;
	r->count = (uint64_t)n;
	return n;   /* the bytes left in the IPC buffer */
}

long do_vm_brk(struct proc *p, const struct vm_brk_req *q, struct vm_brk_rep *r)
{
	r->brk = vm_brk(&p->mm, q->addr);
	return 0;
}

/* Linux's resource numbers to the library's. */
static int rlimit_res(uint64_t linux_res)
{
	switch (linux_res) {
	case 2: return VM_RLIMIT_DATA;
	case 3: return VM_RLIMIT_STACK;
	case 8: return VM_RLIMIT_MEMLOCK;
	case 9: return VM_RLIMIT_AS;
	default: return -1;
	}
}

#define RLIMIT_NPROC 6   /* Linux's number; cred.c keeps it */
#define RLIMIT_SIGPENDING 11   /* kept in struct proc, for sigqueue.c */

long do_vm_getrlimit(struct proc *p, const struct vm_getrlimit_req *q, struct vm_getrlimit_rep *r)
{
	int res = rlimit_res(q->resource);
	struct vm_rlimit lim;
	if (q->resource == RLIMIT_NPROC) {
		uint64_t n[2];
		cred_get_nproc(p, n);
		r->cur = n[0], r->max = n[1];
		return 0;
	}
	if (q->resource == RLIMIT_SIGPENDING) {
		r->cur = p->sig_rlimit[0], r->max = p->sig_rlimit[1];
		return 0;
	}
	if (res < 0)
		return -KE_INVAL;
	int e = vm_getrlimit(&p->mm, (unsigned)res, &lim);
	if (e < 0)
		return e;
	r->cur = lim.cur;
	r->max = lim.max;
	return 0;
}

long do_vm_setrlimit(struct proc *p, const struct vm_setrlimit_req *q, struct vm_setrlimit_rep *r)
{
	(void)r;
	int res = rlimit_res(q->resource);
	if (q->resource == RLIMIT_NPROC)
		return cred_set_nproc(p, q->cur, q->max);
	if (q->resource == RLIMIT_SIGPENDING) {
		if (q->cur > q->max)
			return -KE_INVAL;
		if (q->max > p->sig_rlimit[1] && !p->mm.cap_sys_resource)
			return -KE_PERM;   /* raising the hard limit needs privilege (cred.c) */
		p->sig_rlimit[0] = q->cur, p->sig_rlimit[1] = q->max;
		return 0;
	}
	if (res < 0)
		return -KE_INVAL;
	return vm_setrlimit(&p->mm, (unsigned)res, (struct vm_rlimit){q->cur, q->max});
}

/* How the maps text names a mapped object: the FS server's node for a file (the inode on
 * ext2), Linux's name for shared anonymous memory. */
static void object_name(void *ctx, struct vm_file *f, char *buf, size_t n)
{
	(void)ctx;
	if (memobj_is_file(f))
		fmt_snprintf(buf, n, "[file node %lu]", (unsigned long)memobj_of(f)->key);
	else
		fmt_snprintf(buf, n, "/dev/zero (deleted)");
}

long do_vm_maps(struct proc *p, const struct vm_maps_req *q, struct vm_maps_rep *r)
{
	size_t next;
	r->count = vm_maps_text(&p->mm, q->start, __ipc_buffer, IPC_BUF_MAX, object_name, 0, &next);
	r->next = next;
	return (long)strlen(__ipc_buffer) + 1;
}

long do_vm_overcommit(struct proc *p, const struct vm_overcommit_req *q, struct vm_overcommit_rep *r)
{
	(void)p;
	if (q->policy >= 0) {
		if (q->policy > VM_OVERCOMMIT_NEVER || q->ratio < 0 || q->ratio > 1000)
			return -KE_INVAL;
		mm_sys.overcommit = (int)q->policy;
		mm_sys.overcommit_ratio = (unsigned)q->ratio;
	}
	*r = (struct vm_overcommit_rep){(uint64_t)mm_sys.overcommit, mm_sys.overcommit_ratio,
	                                (uint64_t)mm_sys.committed, vm_commit_limit(&mm_sys)};
	return 0;
}
