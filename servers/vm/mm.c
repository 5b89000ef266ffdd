/* mm.c - the environment the VMA library runs in, and the memory requests.
 *
 * lib/vm decides (VMAs, merging, accounting, errno); this file carries the decisions out:
 * frames come from frames.c, are recorded in the task's pagemap and installed in the
 * kernel's page tables with SYS_MAP. Pages are installed lazily, on the first fault
 * (pager.c), unless the library asks to populate (MAP_POPULATE, mlock). File pages come
 * from the FS server (filemap.c). */
#include "mm.h"
#include "frames.h"
#include "device.h"
#include "anoncache.h"
#include "memobj.h"
#include "filemap.h"
#include "populate.h"
#include "kcall.h"
#include "base/mem.h"
#include "base/fmt.h"

struct vm_sys mm_sys;

/* VMA nodes: carved from frames the VM server keeps for itself. */
#define OWNER_VMSELF OWNER_BOOT
static struct vm_area *vma_pool;

static struct vm_area *env_vma_alloc(void *ctx)
{
	(void)ctx;
	if (!vma_pool) {
		uint64_t pa = frame_alloc(OWNER_VMSELF);
		if (!pa)
			return 0;
		struct vm_area *a = frame_ptr(pa);
		for (size_t i = 0; i < PAGE_SIZE / sizeof *a; i++) {
			a[i].priv = vma_pool;
			vma_pool = &a[i];
		}
	}
	struct vm_area *v = vma_pool;
	vma_pool = v->priv;
	memset(v, 0, sizeof *v);
	return v;
}

static void env_vma_free(void *ctx, struct vm_area *v)
{
	(void)ctx;
	v->priv = vma_pool;
	vma_pool = v;
}

/* Shared memory and files are memory objects (memobj.c). */
static int env_shmem_create(void *ctx, struct vm_mm *mm, uint64_t len, uint64_t flags, struct vm_file **out)
{
	(void)ctx, (void)mm;
	struct memobj *o = memobj_shmem_new(len / PAGE_SIZE, flags);
	*out = (struct vm_file *)o;
	return o ? 0 : -VM_ENOMEM;
}

static void env_file_get(void *ctx, struct vm_file *f)
{
	(void)ctx;
	memobj_get(memobj_of(f));
}

static void env_file_put(void *ctx, struct vm_file *f)
{
	(void)ctx;
	memobj_put(memobj_of(f));
}

static unsigned env_file_mode(void *ctx, struct vm_file *f)
{
	(void)ctx;
	return memobj_of(f)->type->mode(memobj_of(f));
}

uint64_t mm_perms(uint64_t vm_flags)
{
	uint64_t p = 0;
	if (vm_flags & VM_READ)
		p |= PERM_R;
	if (vm_flags & VM_WRITE)
		p |= PERM_W | PERM_R;   /* Sv39 has no write-only pages */
	if (vm_flags & VM_EXEC)
		p |= PERM_X;
	return p;
}

/* Map the page of pagemap entry e (a frame, or device registers) at va of p's task with
 * perms (none: leave it unmapped). */
static int map_frame(struct proc *p, uint64_t va, uint64_t e, uint64_t perms)
{
	long mem;
	uint64_t off;
	if (!perms)
		return (int)k_unmap(p->task, va, 1);
	int found = frame_handle(PM_ADDR(e), &mem, &off);
	if (found < 0 && (e & PM_DEVICE))
		found = device_handle(PM_ADDR(e), &mem, &off);
	if (found < 0)
		return -VM_EFAULT;
	return (int)k_map(p->task, va, mem, off, 1, perms);
}

int mm_new_page(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t *pa)
{
	if ((v->flags & VM_SHARED) && v->file && !memobj_is_file(v->file)) {
		uint64_t idx = v->pgoff + (va - v->start) / PAGE_SIZE, f = pc_lookup(v->file, idx);
		if (!f) {
			if (!(f = frame_alloc(OWNER_SHARED)))
				return -VM_ENOMEM;
			if (pc_insert(v->file, idx, f) < 0) {
				frame_put(f);
				return -VM_ENOMEM;
			}
		}
		if (frame_get(f) < 0)
			return -VM_ENOMEM;
		*pa = f;
		return 0;
	}
	return (*pa = frame_alloc(p->idx)) ? 0 : -VM_ENOMEM;
}

int mm_install(struct proc *p, uint64_t va, uint64_t pa, uint64_t perms)
{
	if (map_frame(p, va, pa, perms) < 0)
		return -VM_ENOMEM;   /* e.g. the task's page-table quota in the kernel */
	if (pm_set(&p->pm, va, pa) < 0) {
		map_frame(p, va, pa, 0);
		return -VM_ENOMEM;
	}
	return 0;
}

/* Runs of unmapped pages, so SYS_UNMAP is called once per contiguous run. */
struct unmap_run {
	struct proc *p;
	uint64_t start, end;
};

static void flush_run(struct unmap_run *u)
{
	if (u->end > u->start && !u->p->dying)
		k_unmap(u->p->task, u->start, (u->end - u->start) / PAGE_SIZE);
	u->start = u->end = 0;
}

static void free_page(void *arg, uint64_t va, uint64_t pa)
{
	struct unmap_run *u = arg;
	if (!(pa & PM_DEVICE))
		frame_put(PM_ADDR(pa));
	if (va != u->end)
		flush_run(u);
	if (!u->start)
		u->start = va;
	u->end = va + PAGE_SIZE;
}

void mm_drop_pages(struct proc *p, uint64_t start, uint64_t end)
{
	struct unmap_run u = {p, 0, 0};
	pm_walk(&p->pm, start, end, 1, free_page, &u);
	flush_run(&u);
}

static void env_unmap_pages(void *ctx, struct vm_mm *mm, uint64_t start, uint64_t end)
{
	(void)ctx;
	struct proc *p = mm->owner;
	filemap_unmapping(p, start, end);   /* dirty shared file pages go home */
	mm_drop_pages(p, start, end);
}

struct protect_arg {
	struct proc *p;
	uint64_t flags;
};

static void protect_page(void *arg, uint64_t va, uint64_t pa)
{
	struct protect_arg *a = arg;
	map_frame(a->p, va, pa, filemap_perms(a->flags, pa));
}

static void env_protect_pages(void *ctx, struct vm_mm *mm, uint64_t start, uint64_t end, uint64_t newflags)
{
	(void)ctx;
	struct protect_arg a = {mm->owner, newflags};
	if (!a.p->dying)
		pm_walk(&a.p->pm, start, end, 0, protect_page, &a);
}

static int env_populate(void *ctx, struct vm_mm *mm, uint64_t start, uint64_t end, bool write)
{
	(void)ctx, (void)write;
	struct proc *p = mm->owner;
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		struct vm_area *v = vm_find_vma(mm, va);
		uint64_t perms = v && v->start <= va ? mm_perms(v->flags) : 0;
		uint64_t pa = pm_get(&p->pm, va);
		if (pa) {
			map_frame(p, va, pa, v ? filemap_perms(v->flags, pa) : 0);
			continue;
		}
		if (v && v->start <= va && memobj_is_file(v->file)) {
			populate_file_range(p, va, va + PAGE_SIZE);   /* the request waits for it */
			continue;
		}
		if (!v || v->start > va || mm_new_page(p, v, va, &pa) < 0)
			return -VM_ENOMEM;
		if (mm_install(p, va, pa, perms) < 0) {
			frame_put(pa);
			return -VM_ENOMEM;
		}
	}
	return 0;
}

static int env_writeback(void *ctx, struct vm_file *f, uint64_t off, uint64_t len)
{
	(void)ctx;
	return filemap_writeback(f, off, len);
}

/* Resident: the task has a frame recorded for the page (mapped, or kept while PROT_NONE),
 * or, for shared anonymous memory, the object has the page (another task faulted it in).
 * A file page the FS server caches but this task never mapped counts as not resident
 * (Linux would say resident: it asks the page cache). */
static bool env_resident(void *ctx, struct vm_mm *mm, const struct vm_area *v, uint64_t va)
{
	(void)ctx;
	struct proc *p = mm->owner;
	if (pm_get(&p->pm, va))
		return true;
	return (v->flags & VM_SHARED) && v->file && !memobj_is_file(v->file) &&
	       pc_lookup(v->file, v->pgoff + (va - v->start) / PAGE_SIZE);
}

static const struct vm_env env = {
	.vma_alloc = env_vma_alloc,
	.vma_free = env_vma_free,
	.file_get = env_file_get,
	.file_put = env_file_put,
	.file_mode = env_file_mode,
	.shmem_create = env_shmem_create,
	.unmap_pages = env_unmap_pages,
	.protect_pages = env_protect_pages,
	.populate = env_populate,
	.writeback = env_writeback,
	.resident = env_resident,
};

void mm_init(uint64_t ram_pages)
{
	vm_sys_init(&mm_sys, ram_pages, 0);
}

void mm_proc_init(struct proc *p)
{
	vm_mm_init(&p->mm, &mm_sys, &env, USER_TOP);
	p->mm.cap_sys_resource = true;   /* every task runs as root: it may raise hard limits */
	p->mm.owner = p;
	p->pm = (struct pagemap){0, p->idx};
	p->dying = 0;
}

/* ---- the requests ---- */

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

long do_vm_getrlimit(struct proc *p, const struct vm_getrlimit_req *q, struct vm_getrlimit_rep *r)
{
	int res = rlimit_res(q->resource);
	struct vm_rlimit lim;
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
	if (res < 0)
		return -KE_INVAL;
	return vm_setrlimit(&p->mm, (unsigned)res, (struct vm_rlimit){q->cur, q->max});
}

/* Where a fault signal goes instead of ending the task (pager.c uses it). */
long do_vm_sigaction(struct proc *p, const struct vm_sigaction_req *q, struct vm_sigaction_rep *r)
{
	(void)r;
	if (q->sig == 0 || q->sig >= 32 || q->trampoline >= USER_TOP || q->stack_top > USER_TOP ||
	    (q->trampoline && (q->stack_top & 15)))
		return -KE_INVAL;
	p->sig_trampoline[q->sig] = q->trampoline;
	p->sig_stack[q->sig] = q->stack_top;
	return 0;
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
