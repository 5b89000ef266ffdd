/* mm.c - the environment the VMA library runs in.
 *
 * lib/vm decides (VMAs, merging, accounting, errno); this file carries the decisions out:
 * frames come from frames.c, are recorded in the task's pagemap and installed in the
 * kernel's page tables with SYS_MAP. Pages are installed lazily, on the first fault
 * (pager.c), unless the library asks to populate (MAP_POPULATE, mlock). Anonymous pages,
 * private or shared, are made here; what else a memory object does (a file's pages come
 * from the FS server) is asked of its type (memobj.h), never named here. */
#include "mm.h"
#include "frames.h"
#include "anoncache.h"
#include "memobj.h"
#include "kcall.h"
#include "abi/fault.h"
#include "forkinject.h"
#include "base/mem.h"

struct vm_sys mm_sys;

/* VMA nodes: carved from frames the VM server keeps for itself. The library clears a
 * node it takes (vm_node_alloc), so it is handed out as it is. */
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
	(void)ctx;
	struct memobj *o = memobj_shmem_new(len / PAGE_SIZE, flags, mm->sys);
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
		found = frames_device_handle(PM_ADDR(e), &mem, &off);
	if (found < 0)
		return -VM_EFAULT;
	return (int)k_map(p->task, va, mem, off, 1, perms);
}

int mm_new_page(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t *pa)
{
	if ((v->flags & VM_SHARED) && memobj_is_shmem(v->file)) {
		uint64_t idx = v->pgoff + (va - v->start) / PAGE_SIZE, f;
		if (idx >= memobj_of(v->file)->pages)
			return -VM_EFAULT;
		f = pc_lookup(v->file, idx);
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

int mm_install_by_reply(struct proc *p, uint64_t va, uint64_t pa, uint64_t perms, struct msg *reply)
{
	long mem;
	uint64_t off;
	if (frame_handle(PM_ADDR(pa), &mem, &off) < 0 || pm_set(&p->pm, va, pa) < 0)
		return -VM_ENOMEM;
	reply->tag = IPC_TAG(FAULT_REPLY_MAP, 0, 3);
	reply->w[0] = (uint64_t)mem, reply->w[1] = off, reply->w[2] = perms;
	return 0;
}

int mm_remap(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t e, int write)
{
	uint64_t old = PM_ADDR(e);
	if (write && !(v->flags & VM_SHARED) && (e & PM_COW) && frame_refs(old) == 1)
		e &= ~PM_COW;   /* the other tasks are gone: the frame is p's alone again */
	if (!write || (v->flags & VM_SHARED) || !(e & (PM_FILE | PM_COW)))
		return mm_install(p, va, e, mm_page_perms(v->flags, e));
	uint64_t pa = frame_alloc_copy(p->idx, old, PAGE_SIZE);
	if (!pa)
		return -VM_ENOMEM;
	if (mm_install(p, va, pa, mm_perms(v->flags)) < 0) {
		frame_put(pa);
		return -VM_ENOMEM;
	}
	frame_put_from(old, p->idx);   /* (a fork's parent or the FS server may own it) */
	return 0;
}

/* Runs of unmapped pages, so SYS_UNMAP is called once per contiguous run; their frames
 * are let go only after it: until SYS_UNMAP returns, the task's other threads, on other
 * harts, may still write to them. */
#define RUN_FRAMES 64
struct unmap_run {
	struct proc *p;
	uint64_t start, end;
	unsigned n;
	uint64_t pa[RUN_FRAMES];   /* pagemap entries of the run's pages: the first n are set */
};

static void flush_run(struct unmap_run *u)
{
	if (u->end > u->start && !u->p->dying)
		k_unmap(u->p->task, u->start, (u->end - u->start) / PAGE_SIZE);
	for (unsigned i = 0; i < u->n; i++)
		if (!(u->pa[i] & PM_DEVICE))
			frame_put_from(PM_ADDR(u->pa[i]), u->p->idx);
	u->n = 0;
	u->start = u->end = 0;
}

static void free_page(void *arg, uint64_t va, uint64_t pa)
{
	struct unmap_run *u = arg;
	if (va != u->end || u->n == RUN_FRAMES)
		flush_run(u);
	if (!u->start)
		u->start = va;
	u->end = va + PAGE_SIZE;
	u->pa[u->n++] = pa;
}

void mm_drop_pages(struct proc *p, uint64_t start, uint64_t end)
{
	struct unmap_run u;   /* pa is left unset: n says how much of it is */
	u.p = p, u.start = u.end = 0, u.n = 0;
	pm_walk(&p->pm, start, end, 1, free_page, &u);
	flush_run(&u);
}

static void env_unmap_pages(void *ctx, struct vm_mm *mm, const struct vm_area *v, uint64_t start,
                            uint64_t end)
{
	(void)ctx;
	struct proc *p = mm->owner;
	if (v->file && memobj_of(v->file)->type->unmapping)
		memobj_of(v->file)->type->unmapping(p, v, start, end);   /* dirty pages go home */
	mm_drop_pages(p, start, end);
}

/* move_pages (lib/vm's mremap): each recorded page of [old, old + len) goes to the same
 * offset from new, its entry as it is (PM_COW, PM_FILE, the frame's references: nothing
 * is copied; pm_move), and the kernel moves the page table entries (SYS_MOVE, whole leaf
 * tables where it can; the permissions are the VMA's at both places), one call for each
 * run of 2 MiB spans where something is recorded. Without a frame for a pagemap node a
 * page is lost: the task ends, as for a fault without memory. */
static void move_run(struct proc *p, uint64_t start, uint64_t end, uint64_t shift)
{
	if (end > start && !p->dying && k_move(p->task, start, start + shift, (end - start) / PAGE_SIZE) < 0) {
		struct unmap_run u;   /* no tables for them: faults map them */
		u.p = p, u.start = start, u.end = end, u.n = 0;
		flush_run(&u);
	}
}

static void lose_page(void *arg, uint64_t e)
{
	if (!(e & PM_DEVICE))
		frame_put(PM_ADDR(e));
	*(int *)arg = 1;
}

static void env_move_pages(void *ctx, struct vm_mm *mm, uint64_t old, uint64_t new, uint64_t len)
{
	(void)ctx;
	struct proc *p = mm->owner;
	uint64_t run = 0, end = old + len;
	for (uint64_t va = old, next; va < end; va = next) {
		int recorded = pm_leaf(&p->pm, va, &next) != 0;
		if (next > end)
			next = end;
		if (recorded && !run)
			run = va;
		if (!recorded && run)
			move_run(p, run, va, new - old), run = 0;
	}
	if (run)
		move_run(p, run, end, new - old);
	int lost = 0;
	pm_move(&p->pm, old, new, len, lose_page, &lost);
	if (lost) {   /* (its frame freed: nothing may map it) */
		struct unmap_run u;
		u.p = p, u.start = new, u.end = new + len, u.n = 0;
		flush_run(&u);
		struct vm_wait_rep dead = {128 + 9, new, 0, 0, 9};
		proc_doom(p, &dead);
	}
}

/* mprotect's pages: runs of consecutive recorded pages with the same new permissions,
 * each changed by one SYS_PROTECT (one SYS_UNMAP for none) instead of a SYS_MAP per
 * page. SYS_PROTECT refuses a run with a page that is not mapped now (kept under
 * PROT_NONE): that run is mapped a page at a time from the pagemap. */
struct protect_arg {
	struct proc *p;
	uint64_t flags;
	uint64_t start, end, perms;   /* the run */
};

/* Change the run (not empty). */
static void protect_flush(struct protect_arg *a)
{
	uint64_t n = (a->end - a->start) / PAGE_SIZE;
	if (!a->perms)
		k_unmap(a->p->task, a->start, n);
	else if (k_protect(a->p->task, a->start, n, a->perms) < 0)
		for (uint64_t va = a->start; va < a->end; va += PAGE_SIZE)
			map_frame(a->p, va, pm_get(&a->p->pm, va), a->perms);
}

static void protect_page(void *arg, uint64_t va, uint64_t pa)
{
	struct protect_arg *a = arg;
	uint64_t perms = mm_page_perms(a->flags, pa);
	if (va == a->end && perms == a->perms) {
		a->end = va + PAGE_SIZE;
		return;
	}
	if (a->end)
		protect_flush(a);
	a->start = va;
	a->end = va + PAGE_SIZE;
	a->perms = perms;
}

static void env_protect_pages(void *ctx, struct vm_mm *mm, uint64_t start, uint64_t end, uint64_t newflags)
{
	(void)ctx;
	struct protect_arg a = {mm->owner, newflags, 0, 0, 0};
	if (a.p->dying)
		return;
	pm_walk(&a.p->pm, start, end, 0, protect_page, &a);
	if (a.end)
		protect_flush(&a);
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
			map_frame(p, va, pa, v ? mm_page_perms(v->flags, pa) : 0);
			continue;
		}
		if (v && v->start <= va && v->file && memobj_of(v->file)->type->populate) {
			memobj_of(v->file)->type->populate(p, va, va + PAGE_SIZE);   /* the request waits for it */
			continue;
		}
		int e = !v || v->start > va ? -VM_ENOMEM : mm_new_page(p, v, va, &pa);
		if (e < 0)
			return e;
		if (mm_install(p, va, pa, perms) < 0) {
			frame_put_from(pa, p->idx);
			return -VM_ENOMEM;
		}
	}
	return 0;
}

/* dup_pages (lib/vm's fork): the pages of the parent's VMA pv the child's copy gets. */
struct dup_arg {
	struct proc *parent, *child;
	uint64_t perms;       /* the parent's VMA's */
	int err;
	int shared;           /* frames shared so far (dup_page_injected) */
	uint64_t start, end;  /* a run of the parent's pages to make read-only */
	uint64_t leaf_va;     /* the 2 MiB whose leaf entries these are (0: none yet): */
	uint64_t *from, *to;  /* the parent's and the child's, the child's made (pm_slot) */
};

/* Make the parent's run read-only: one SYS_PROTECT, or a page at a time if some page of
 * it is not mapped now (kept under PROT_NONE), which SYS_PROTECT refuses whole. */
static void protect_run(struct dup_arg *d)
{
	uint64_t n = (d->end - d->start) / PAGE_SIZE, perms = d->perms & ~PERM_W;
	if (n && !d->parent->dying && k_protect(d->parent->task, d->start, n, perms) < 0)
		for (uint64_t va = d->start; va < d->end; va += PAGE_SIZE)
			map_frame(d->parent, va, pm_get(&d->parent->pm, va), perms);
	d->start = d->end = 0;
}

/* One page of the parent's: a private frame becomes PM_COW in both, one more reference,
 * and read-only in the parent (the child maps it on its first access). A file's cached
 * page (PM_FILE) is left to the child to fault in again from the page cache. */
static void dup_page(void *arg, uint64_t va, uint64_t e)
{
	struct dup_arg *d = arg;
	const uint64_t span = 512 * PAGE_SIZE;
	if (d->err || (e & PM_FILE))
		return;
	if (!(e & PM_DEVICE)) {
		if (frame_get(PM_ADDR(e)) < 0) {
			d->err = -VM_ENOMEM;
			return;
		}
		e |= PM_COW;
	}
	if ((va & ~(span - 1)) != d->leaf_va || !d->to) {   /* a new 2 MiB: its leaf entries, once */
		d->leaf_va = va & ~(span - 1);
		d->from = pm_slot(&d->parent->pm, d->leaf_va, 0);   /* (it has this page: there) */
		d->to = pm_slot(&d->child->pm, d->leaf_va, 1);
	}
	if (!d->to) {
		if (!(e & PM_DEVICE))
			frame_put_from(PM_ADDR(e), d->child->idx);
		d->err = -VM_ENOMEM;
		return;
	}
	uint64_t i = (va - d->leaf_va) / PAGE_SIZE;
	d->to[i] = e;
	if (e & PM_COW) {
		d->from[i] = e;
		if (!(d->perms & PERM_W))
			return;
		if (va != d->end)
			protect_run(d);
		if (!d->start)
			d->start = va;
		d->end = va + PAGE_SIZE;
	}
}

/* dup_page for a VMA where fork injection fails the fork (fork_inject_hit): its first
 * page is shared, then the next finds the child's pagemap unable to grow (ENOMEM). */
static void dup_page_injected(void *arg, uint64_t va, uint64_t e)
{
	struct dup_arg *d = arg;
	if (d->shared++ && !d->err)
		d->err = -VM_ENOMEM;
	dup_page(arg, va, e);
}

/* Shared VMAs give the child nothing now: its faults find the object's pages (the
 * shared anonymous page cache, the FS server's) as the parent's did. */
static int env_dup_pages(void *ctx, struct vm_mm *parent, const struct vm_area *pv, struct vm_mm *child,
                         struct vm_area *cv)
{
	(void)ctx, (void)cv;
	if ((pv->flags & VM_SHARED) && pv->priv != MM_DEVICE_VMA)
		return 0;
	struct dup_arg d = {parent->owner, child->owner, mm_perms(pv->flags), 0, 0, 0, 0, 0, 0, 0};
	int inject = fork_inject_hit(d.parent->badge, FORK_STEP_PAGES);
	pm_walk(&d.parent->pm, pv->start, pv->end, 0, inject ? dup_page_injected : dup_page, &d);
	protect_run(&d);
	return d.err || !inject ? d.err : -VM_ENOMEM;   /* (injected: at most one frame) */
}

struct reclaim_arg {
	struct proc *p;
	uint64_t flags;   /* the VMA's */
};

static void reclaim_page(void *arg, uint64_t va, uint64_t e)
{
	struct reclaim_arg *a = arg;
	if (!(e & PM_COW) || (e & (PM_FILE | PM_DEVICE)) || frame_refs(PM_ADDR(e)) != 1)
		return;
	e &= ~PM_COW;
	pm_set(&a->p->pm, va, e);   /* the entry exists: cannot fail */
	map_frame(a->p, va, e, mm_page_perms(a->flags, e));
}

void mm_fork_undone(struct proc *p)
{
	if (!p || p->dying)
		return;
	for (struct vm_area *v = vm_first(&p->mm); v; v = vm_next(&p->mm, v))
		if (!(v->flags & VM_SHARED) && (v->flags & VM_WRITE)) {
			struct reclaim_arg a = {p, v->flags};
			pm_walk(&p->pm, v->start, v->end, 0, reclaim_page, &a);
		}
}

static int env_writeback(void *ctx, struct vm_file *f, uint64_t off, uint64_t len)
{
	(void)ctx;
	struct memobj *o = memobj_of(f);
	return o->type->writeback ? o->type->writeback(o, off, len) : 0;   /* anonymous: nowhere to write */
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
	return (v->flags & VM_SHARED) && memobj_is_shmem(v->file) &&
	       pc_lookup(v->file, v->pgoff + (va - v->start) / PAGE_SIZE);
}

/* punch_hole (MADV_REMOVE): pages [off, off + len) of a shared anonymous object leave
 * every mapping of it and the cache, so they read as zeros again. A file's: EOPNOTSUPP
 * (neither the cpio root nor ext2 punches holes; Linux's ext2 has no fallocate either). */
static int env_punch_hole(void *ctx, struct vm_file *f, uint64_t off, uint64_t len)
{
	(void)ctx;
	if (!memobj_is_shmem(f))
		return -VM_EOPNOTSUPP;
	uint64_t first = off / PAGE_SIZE, last = (off + len) / PAGE_SIZE;
	for (struct proc *p = proc_next(0); p; p = proc_next(p))
		for (struct vm_area *v = vm_first(&p->mm); v; v = vm_next(&p->mm, v)) {
			uint64_t vlast = v->pgoff + (v->end - v->start) / PAGE_SIZE;
			uint64_t lo = first > v->pgoff ? first : v->pgoff, hi = last < vlast ? last : vlast;
			if (v->file == f && lo < hi)
				mm_drop_pages(p, v->start + (lo - v->pgoff) * PAGE_SIZE, v->start + (hi - v->pgoff) * PAGE_SIZE);
		}
	for (uint64_t i = first; i < last; i++)
		pc_remove(f, i);
	return 0;
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
	.dup_pages = env_dup_pages,
	.move_pages = env_move_pages,
	.punch_hole = env_punch_hole,
};

void mm_init(uint64_t ram_pages)
{
	vm_sys_init(&mm_sys, ram_pages, 0);
}

void mm_proc_init(struct proc *p)
{
	vm_mm_init(&p->mm, &mm_sys, &env, USER_TOP);
	/* A task starts as root, with root's capabilities (cred.c's caps): it may raise hard
	 * limits, and lock memory past RLIMIT_MEMLOCK (the FS server locks tmpfs's pages). */
	p->mm.cap_sys_resource = p->mm.cap_ipc_lock = true;
	p->mm.owner = p;
	p->pm = (struct pagemap){0, p->idx};
	p->dying = 0;
}
