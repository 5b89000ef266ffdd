/* filemap.c - file mappings, the memory type of files (see filemap.h). The pages of
 * files live in the FS server's page cache, in its own address space: a page-in answer
 * names a page there, and we map that same frame into the faulting task, so read(),
 * write() and every MAP_SHARED mapping see one copy. Private mappings map it read-only
 * and copy it on the first write. The FS server learns which pages may come back dirty
 * from FS_PAGE_IN's shared_write, and writes them on FS_WRITEBACK. The pages it names
 * are remembered (fcindex.h): a later fault on one that no shared writable mapping
 * takes is served at once, without a page-in. */
#include "filemap.h"
#include "pager.h"
#include "threads.h"
#include "fslink.h"
#include "fcindex.h"
#include "frames.h"
#include "mm.h"
#include "populate.h"
#include "vmlock.h"
#include "abi/fault.h"
#include "base/mem.h"
#include "proto/fs_msgs.h"

#define FAULT_AROUND 15   /* pages after a fault mapped with it, from what the FS server lent */
#define MAX_FS_PAGEINS_TOGETHER 64   /* a larger `together` is the FS server's error */

static uint64_t pageins, inflight_max, together_max, fast_faults;
static struct fs_wait *msync_wait;    /* the msync being served, whose write-backs we count */
static fs_page_fn page_ready;

void filemap_stats(uint64_t *asked, uint64_t *max_inflight)
{
	*asked = pageins;
	*max_inflight = inflight_max;
}

void filemap_parallel_stats(uint64_t *together, uint64_t *fast)
{
	*together = together_max;
	*fast = __atomic_load_n(&fast_faults, __ATOMIC_RELAXED);
}

int filemap_private_copy(struct proc *p, uint64_t va, uint64_t src, uint64_t perms, uint64_t zero)
{
	uint64_t pa = frame_alloc_copy(p->idx, src, zero);
	if (!pa)
		return -1;
	if (mm_install(p, va, pa, perms) < 0) {
		frame_put(pa);
		return -1;
	}
	return 0;
}

/* Post FS_PAGE_IN for page va of VMA v, recorded in w. 0 or -1 (queue full). */
static int post_pagein(const struct vm_area *v, uint64_t va, struct fs_wait *w)
{
	struct memobj *o = memobj_of(v->file);
	uint64_t idx = v->pgoff + (va - v->start) / PAGE_SIZE;
	uint64_t shared_write = (v->flags & VM_SHARED) && (v->flags & VM_MAYWRITE);
	w->va = va;
	w->req[4] = o->file;
	w->req[5] = idx;
	uint64_t words[] = {o->file, idx, shared_write, fs_wait_cookie(w)};
	if (fslink_post(FS_PAGE_IN, words, 4) < 0)
		return -1;
	pageins++;
	uint64_t n = fs_wait_pageins();
	if (n > inflight_max)
		inflight_max = n;
	return 0;
}

/* Fault-around: map the FS server's cached pages src[0..n) at va, va + 1 page, ... of p
 * too, those in the VMA v that have no page yet (read-only in a private mapping, as any
 * cached page), with one SYS_MAP_PAGES. A page that cannot be mapped is left out. */
static void map_around(struct proc *p, const struct vm_area *v, uint64_t va, const uint64_t *src, uint64_t n)
{
	uint64_t off[MAP_PAGES_MAX], perms = mm_page_perms(v->flags, PM_FILE), *slot[MAP_PAGES_MAX];
	long mem = -1, m;
	int any = 0;
	if (n > MAP_PAGES_MAX)
		n = MAP_PAGES_MAX;
	if (n > (v->end - va) / PAGE_SIZE)
		n = va < v->end ? (v->end - va) / PAGE_SIZE : 0;
	for (uint64_t k = 0; k < n; k++) {
		uint64_t o, at = va + k * PAGE_SIZE;
		/* (a 2 MiB run of the pagemap is one node: the slots follow one another) */
		slot[k] = k && (at & (512 * PAGE_SIZE - 1)) && slot[k - 1] ? slot[k - 1] + 1 : pm_slot(&p->pm, at, 1);
		off[k] = MAP_PAGES_SKIP;
		if (!src[k] || (src[k] & (PM_DEVICE | PM_FILE)) || !slot[k] || *slot[k] ||
		    frame_get_handle(PM_ADDR(src[k]), &m, &o) < 0)
			continue;
		if (mem >= 0 && m != mem) {
			frame_put_from(src[k], p->idx);
			continue;
		}
		mem = m, off[k] = o, any = 1;
	}
	if (!any)
		return;
	int ok = k_map_pages(p->task, va, mem, off, n, perms) == 0;
	for (uint64_t k = 0; k < n; k++) {
		if (off[k] == MAP_PAGES_SKIP)
			continue;
		if (ok)
			*slot[k] = src[k] | PM_FILE;
		else
			frame_put_from(src[k], p->idx);
	}
}

/* Map the cached page src (the FS server's frame) at va of p, in VMA v, for an access
 * (a private write gets a copy). 0 or -1 (no frame or page table). */
static int map_cached(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t src, uint64_t access)
{
	int r;
	if (!(v->flags & VM_SHARED) && (access & FAULT_ACCESS_WRITE))
		r = filemap_private_copy(p, va, src, mm_perms(v->flags), PAGE_SIZE);
	else if ((r = frame_get(src)) == 0 && (r = mm_install(p, va, src | PM_FILE, mm_page_perms(v->flags, PM_FILE))) < 0)
		frame_put_from(src, p->idx);
	return r < 0 ? -1 : 0;
}

/* The FS server's frame lent for page va of VMA v (fcindex.h), with in around[] those
 * lent for the FAULT_AROUND pages after it (0: none); 0 if there is none, or the FS
 * server must hear of a fault there (a shared writable mapping: it may come back dirty). */
static uint64_t lent_page(const struct vm_area *v, uint64_t va, uint64_t around[FAULT_AROUND])
{
	if ((v->flags & VM_SHARED) && (v->flags & VM_MAYWRITE))
		return 0;
	uint64_t key = memobj_of(v->file)->key, idx = v->pgoff + (va - v->start) / PAGE_SIZE;
	uint64_t src = fcindex_get(key, idx);
	for (uint64_t k = 0; src && k < FAULT_AROUND; k++)
		around[k] = fcindex_get(key, idx + 1 + k);
	return src;
}

/* The file type's fault (memobj.h). */
static int file_fault(struct proc *p, uint64_t badge, struct vm_area *v, uint64_t va, struct msg *m)
{
	uint64_t access = m->w[1], e = pm_get(&p->pm, va);
	if (e) {   /* present but not accessible this way: a private write, or a re-map */
		if (mm_remap(p, v, va, e, (access & FAULT_ACCESS_WRITE) != 0) < 0)
			return fault_oom(p, m);
		p->faults++;
		return 1;
	}
	uint64_t around[FAULT_AROUND], src = lent_page(v, va, around);
	if (src) {
		if (map_cached(p, v, va, src, access) < 0)
			return fault_oom(p, m);
		p->faults++;
		map_around(p, v, va + PAGE_SIZE, around, FAULT_AROUND);
		return 1;
	}
	struct fs_wait *w = fs_wait_new(FSW_PAGEIN, badge);   /* the thread's, for its signal */
	if (!w)
		return 1;   /* every record busy: the thread retries, by then one is free */
	w->on_page = page_ready;
	w->access = access;
	memcpy(w->req, m->w, 4 * sizeof m->w[0]);
	if (post_pagein(v, va, w) < 0) {
		fs_wait_free(w);
		return 1;
	}
	w->token = k_caller_save();
	return 0;
}

/* The file type's fault on the fast path (memobj.h), under vm_big shared: a page the FS
 * server lent before (fcindex.h, changed only under vm_big exclusive), mapped as
 * file_fault maps it, under p's fault_lock. Anything else (a page present but not
 * accessible so, one the FS server must hear of or has not lent) takes the full path. */
static int file_fault_fast(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t access)
{
	uint64_t around[FAULT_AROUND], src = lent_page(v, va, around);
	if (!src)
		return 0;
	sl_lock(&p->fault_lock);
	int done = !pm_get(&p->pm, va) && map_cached(p, v, va, src, access) == 0;
	if (done)
		map_around(p, v, va + PAGE_SIZE, around, FAULT_AROUND);
	sl_unlock(&p->fault_lock);
	if (done)
		__atomic_fetch_add(&fast_faults, 1, __ATOMIC_RELAXED);
	return done;
}

/* The file type's prefetch (memobj.h): the answer goes to populate.c under parent. */
static int file_prefetch(struct proc *p, const struct vm_area *v, uint64_t va, uint64_t parent)
{
	struct fs_wait *w = fs_wait_new(FSW_PREFETCH, p->badge);
	if (!w)
		return -1;
	w->on_page = page_ready;
	w->req[0] = parent;
	if (post_pagein(v, va, w) == 0)
		return 0;
	fs_wait_free(w);
	return -1;
}

/* The FS server's frame at fs_va (a page of its cache), or 0 if it names none. */
static uint64_t cache_frame(struct proc *fs, uint64_t fs_va)
{
	uint64_t src = fs_va && !(fs_va & (PAGE_SIZE - 1)) ? pm_get(&fs->pm, fs_va) : 0;
	return src & (PM_DEVICE | PM_FILE) ? 0 : src;
}

/* The answer q to the page-in recorded in got: map the page (and cached neighbours) into
 * its task, or signal the faulting thread; for a fault, answer it. */
static void page_in_done(struct proc *fs, const struct vm_fs_page_req *q, const struct fs_wait *w)
{
	struct fs_wait got = *w;
	struct thread_state *t = 0;
	struct proc *p = got.kind == FSW_PAGEIN ? proc_by_fault_badge(got.badge, &t) : proc_by_badge(got.badge);
	if (!p || p->zombie)
		return;   /* it (or the faulting thread) ended meanwhile; its saved reply went with it */
	struct msg fm = {IPC_TAG(FAULT_LABEL_PAGE, 0, 4), {got.req[0], got.req[1], got.req[2], got.req[3]}};
	struct msg reply = {IPC_TAG(FAULT_REPLY_RESUME, 0, 0), {0}};
	uint64_t src = q->status ? 0 : cache_frame(fs, q->va);
	struct vm_area *v = vm_find_vma(&p->mm, got.va);
	int same = v && v->start <= got.va && memobj_is_file(v->file) && memobj_of(v->file)->file == got.req[4] &&
	           v->pgoff + (got.va - v->start) / PAGE_SIZE == got.req[5];
	if (!src) {   /* SIGBUS; but for a page no longer mapped so (its file was put meanwhile)
	                 the thread faults again and meets what is there now */
		const char *why = q->status == 14 ? "file page beyond its end" : "file page unreadable";
		if (got.kind == FSW_PAGEIN && (!same || fault_signal(p, t, &fm, 7, 2, why, &reply)))
			k_reply(got.token, &reply);
		return;
	}
	const uint64_t next[VM_FS_PAGE_AROUND] = {cache_frame(fs, q->next1), cache_frame(fs, q->next2),
	                                          cache_frame(fs, q->next3), cache_frame(fs, q->next4)};
	if (same) {   /* the FS server lent us these pages (fcindex.h) */
		uint64_t key = memobj_of(v->file)->key;
		fcindex_add(key, got.req[5], src);
		for (uint64_t k = 0; k < VM_FS_PAGE_AROUND; k++)
			if (next[k])
				fcindex_add(key, got.req[5] + 1 + k, next[k]);
	}
	if (same && !pm_get(&p->pm, got.va)) {   /* else it changed meanwhile: let it fault again */
		int r = map_cached(p, v, got.va, src, got.access);
		if (r < 0 && got.kind == FSW_PAGEIN) {
			if (fault_oom(p, &fm))   /* another ends: p faults again */
				k_reply(got.token, &reply);
			return;
		}
		if (r == 0 && got.kind == FSW_PAGEIN)
			p->faults++;
		if (r == 0)
			map_around(p, v, got.va + PAGE_SIZE, next, VM_FS_PAGE_AROUND);
	}
	if (got.kind == FSW_PAGEIN)
		k_reply(got.token, &reply);
}

/* The completion of a page-in's record (FSW_PAGEIN or FSW_PREFETCH). */
static void page_ready(struct fs_wait *w, struct proc *fs, const struct vm_fs_page_req *q)
{
	struct fs_wait got = *w;
	fs_wait_free(w);
	if (q->together > together_max && q->together <= MAX_FS_PAGEINS_TOGETHER)
		together_max = q->together;
	page_in_done(fs, q, &got);
	if (got.kind == FSW_PREFETCH)
		populate_page_done(got.req[0]);   /* the request that asked may be answered now */
}

/* ---- mmap of a descriptor ---- */
/* The completion of an mmap's record: FS_MAP_FD's answer. */
static void mmap_done(struct fs_wait *w, const struct vm_fs_done_req *q)
{
	struct fs_wait got = *w;
	fs_wait_free(w);
	struct proc *p = proc_by_badge(got.badge);
	struct vm_mmap_req r;
	memcpy(&r, got.req, sizeof r);
	if (!p || p->zombie) {
		if (!q->status)
			fslink_post(FS_FILE_PUT, &q->file, 1);
		return;
	}
	struct msg m = {IPC_TAG(q->status, 0, 0), {0}};
	if (!q->status) {
		struct memobj *o = memobj_file_get(q->file, q->key, (unsigned)q->mode);
		populate_begin(p);   /* MAP_POPULATE or MAP_LOCKED: answered when the pages are in */
		int64_t a = o ? vm_mmap(&p->mm, r.addr, r.len, r.prot, r.flags, (struct vm_file *)o, r.offset)
		              : -VM_ENOMEM;
		if (o)
			memobj_put(o);   /* the VMA holds its own reference */
		m.tag = a < 0 ? IPC_TAG(-a, 0, 0) : IPC_TAG(0, 0, 1);
		m.w[0] = (uint64_t)a;
		if (populate_end(got.token, &m))
			return;
	}
	k_reply(got.token, &m);
}

long filemap_mmap(struct proc *p, const struct vm_mmap_req *q)
{
	if (q->fd < 0)
		return -KE_BADF;
	struct fs_wait *w = fs_wait_new(FSW_MMAP, p->badge);
	if (!w)
		return -KE_AGAIN;
	w->on_done = mmap_done;
	memcpy(w->req, q, sizeof *q);
	uint64_t words[] = {p->badge, (uint64_t)q->fd, q->prot, q->flags, fs_wait_cookie(w)};
	if (fslink_post(FS_MAP_FD, words, 5) < 0) {
		fs_wait_free(w);
		return -KE_AGAIN;
	}
	w->token = k_caller_save();
	return PROTO_NO_REPLY;
}

/* ---- write-back ---- */
/* The file type's writeback (memobj.h): post FS_WRITEBACK, for the msync being served if any. */
static int file_writeback(struct memobj *o, uint64_t off, uint64_t len)
{
	uint64_t words[] = {o->file, off, len, msync_wait ? fs_wait_cookie(msync_wait) : 0};
	if (fslink_post(FS_WRITEBACK, words, 4) < 0)
		return -VM_EAGAIN;
	if (msync_wait)
		msync_wait->pending++;
	return 0;
}

/* The completion of an msync's record: one write-back's answer; the last answers it. */
static void msync_done(struct fs_wait *w, const struct vm_fs_done_req *q)
{
	if (q->status && !w->status)
		w->status = (long)q->status;
	if (--w->pending)
		return;
	struct msg m = {IPC_TAG(w->status, 0, 0), {0}};
	struct proc *p = proc_by_badge(w->badge);
	if (w->token > 0 && p && !p->zombie)
		k_reply(w->token, &m);
	fs_wait_free(w);
}

long filemap_msync(struct proc *p, const struct vm_msync_req *q)
{
	struct fs_wait *w = fs_wait_new(FSW_MSYNC, p->badge);
	if (!w)
		return -KE_AGAIN;   /* no record to wait on: nothing posted; the caller asks again */
	w->on_done = msync_done;
	msync_wait = w;
	int r = vm_msync(&p->mm, q->addr, q->len, (unsigned)q->flags);
	msync_wait = 0;
	if (w->pending && r == 0) {
		w->token = k_caller_save();   /* answered by the last VM_FS_DONE */
		return PROTO_NO_REPLY;
	}
	if (!w->pending)
		fs_wait_free(w);
	return r;   /* an error after some write-backs were posted: they finish unwatched */
}

/* The file type's unmapping (memobj.h): a shared writable mapping's pages may be dirty,
 * so they are written back. */
static void file_unmapping(struct proc *p, const struct vm_area *v, uint64_t start, uint64_t end)
{
	(void)p;
	if (!(v->flags & VM_SHARED) || !(v->flags & VM_MAYWRITE))
		return;
	if (end > v->end)
		end = v->end;
	file_writeback(memobj_of(v->file), (v->pgoff << VM_PAGE_SHIFT) + (start - v->start), end - start);
}

/* ---- the file type: the FS server keeps the pages; we keep its reference ---- */
static unsigned file_mode(struct memobj *o)
{
	return o->mode;
}

static void put_fs_ref(uint64_t file)
{
	uint64_t w[] = {file};
	fslink_post(FS_FILE_PUT, w, 1);   /* if the queue is full, the file stays open: a leak, not a loss */
}

static void file_release(struct memobj *o)
{
	put_fs_ref(o->file);
}

const struct memobj_type memobj_file = {
	.name = "file",
	.mode = file_mode,
	.release = file_release,
	.fault = file_fault,
	.fault_fast = file_fault_fast,
	.populate = populate_file_range,
	.prefetch = file_prefetch,
	.unmapping = file_unmapping,
	.writeback = file_writeback,
};

struct memobj *memobj_file_get(uint64_t file, uint64_t key, unsigned mode)
{
	struct memobj *o = memobj_find(&memobj_file, file);
	if (o) {
		o->refs++;
		put_fs_ref(file);   /* we hold one FS reference per object */
		return o;
	}
	if (!(o = memobj_new(&memobj_file))) {
		put_fs_ref(file);
		return 0;
	}
	o->file = file, o->key = key, o->mode = mode;
	return o;
}

/* ---- truncation and reclaim ---- */
int filemap_unmap(uint64_t key, uint64_t first, uint64_t last, int cows)
{
	int kept = 0;
	fcindex_forget(key, first, last);   /* even when a locked mapping stays: then the FS
	                                       server keeps the page lent and asks again */
	if (!memobj_find_key(&memobj_file, key))
		return 0;   /* no VMA maps the file (the walk below visits every VMA of every task) */
	for (struct proc *p = proc_next(0); p; p = proc_next(p)) {
		for (struct vm_area *v = vm_first(&p->mm); v; v = vm_next(&p->mm, v)) {
			if (!memobj_is_file(v->file) || memobj_of(v->file)->key != key)
				continue;
			uint64_t vfirst = v->pgoff, vlast = v->pgoff + (v->end - v->start) / PAGE_SIZE;
			uint64_t lo = first > vfirst ? first : vfirst, hi = last < vlast ? last : vlast;
			for (uint64_t idx = lo; idx < hi; idx++) {
				uint64_t va = v->start + (idx - v->pgoff) * PAGE_SIZE, e = pm_get(&p->pm, va);
				if (!e || (!cows && !(e & PM_FILE)))
					continue;
				if (!cows && (v->flags & VM_LOCKED))
					kept = 1;   /* mlocked: the cache may not take it back */
				else
					mm_drop_pages(p, va, va + PAGE_SIZE);
			}
		}
	}
	return kept ? -KE_BUSY : 0;
}
