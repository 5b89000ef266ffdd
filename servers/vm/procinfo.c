/* procinfo.c - the figures of /proc (procinfo.h), read from the table of tasks, their
 * VMAs (lib/vm), their pagemaps and the frames. A process is named by its Linux pid;
 * init, the first program, is pid 1 (as getppid says of a boot task's child); the
 * servers, boot tasks too, are not processes here. */
#include "procinfo.h"
#include "memobj.h"
#include "threads.h"
#include "frames.h"
#include "fslink.h"
#include "mm.h"
#include "base/mem.h"

/* p's pid as /proc shows it, or -1 for a server. */
static int64_t shown_pid(const struct proc *p)
{
	if (proc_is_init(p))
		return 1;
	return p->badge >= 0x100 ? proc_pid(p) : -1;
}

/* The process with that pid (0: the caller), ended ones not yet waited for too; NULL if
 * there is none. */
static struct proc *find(struct proc *caller, int64_t pid)
{
	if (pid == 0)
		return caller;
	for (struct proc *t = proc_next_any(0); t; t = proc_next_any(t))
		if (pid > 0 && shown_pid(t) == pid)
			return t;
	return 0;
}

long do_vm_proc_args(struct proc *p, const struct vm_proc_args_req *q, struct vm_proc_args_rep *r)
{
	(void)r;
	if (q->arg_start > q->arg_end || q->arg_end > USER_TOP || q->exe >= USER_TOP)
		return -KE_INVAL;
	p->arg_start = q->arg_start, p->arg_end = q->arg_end, p->exe = q->exe;
	p->exe_key = 0;   /* the program's file: its lowest file mapping, as it starts */
	struct vm_map_entry e;
	for (size_t i = 0; !p->exe_key && vm_maps(&p->mm, i, &e, 1) == 1; i++)
		if (e.file && !memobj_is_shmem(e.file))
			p->exe_key = memobj_of(e.file)->key;
	return 0;
}

long do_vm_proc_list(struct proc *p, const struct vm_proc_list_req *q, struct vm_proc_list_rep *r)
{
	(void)p;
	int64_t *out = (int64_t *)__ipc_buffer;
	uint64_t n = 0;
	int64_t last = q->after;
	/* ascending: the least pid above the last one taken, each time (64 tasks at most) */
	while (n < VM_PROC_LIST_MAX) {
		int64_t best = -1;
		for (struct proc *t = proc_next_any(0); t; t = proc_next_any(t)) {
			int64_t id = shown_pid(t);
			if (id > last && (best < 0 || id < best))
				best = id;
		}
		if (best < 0)
			break;
		out[n++] = last = best;
	}
	r->count = n;
	return (long)(n * 8);
}

struct rss { uint64_t anon, file; };

static void count_page(void *arg, uint64_t va, uint64_t e)
{
	struct rss *c = arg;
	(void)va;
	if (e & PM_DEVICE)
		return;
	if (e & PM_FILE)
		c->file++;
	else
		c->anon++;
}

long do_vm_proc_info(struct proc *p, const struct vm_proc_info_req *q, struct vm_proc_info_rep *r)
{
	(void)r;
	struct proc *t = find(p, q->pid);
	if (!t)
		return -KE_SRCH;
	struct vm_procinfo *i = (struct vm_procinfo *)__ipc_buffer;
	_Static_assert(sizeof *i <= IPC_BUF_MAX, "it fits the buffer");
	memset(i, 0, sizeof *i);
	i->pid = shown_pid(t);
	i->ppid = t->parent && shown_pid(t->parent) > 0 ? shown_pid(t->parent) : t == proc_reaper() ? 0 : 1;
	i->pgid = t->pgid, i->sid = t->sid;
	memcpy(i->uid, t->uid, sizeof i->uid);
	memcpy(i->gid, t->gid, sizeof i->gid);
	i->state = t->zombie ? 'Z' : t->stop_sig ? 'T' : t == p ? 'R' : 'S';
	memcpy(i->name, t->name, sizeof i->name - 1);
	i->start_ns = t->start_ns;
	i->minflt = t->faults;
	i->sig_pending = t->sig.pending;
	if (t->zombie)
		return (long)sizeof *i;   /* its memory is gone: Linux shows none either */
	const struct vm_mm *mm = &t->mm;
	i->total_vm = mm->total_vm, i->locked_vm = mm->locked_vm;
	i->hiwater_vm = mm->hiwater_vm > mm->total_vm ? mm->hiwater_vm : mm->total_vm;
	i->data_vm = mm->data_vm, i->exec_vm = mm->exec_vm, i->stack_vm = mm->stack_vm;
	i->start_data = mm->start_data, i->end_data = mm->end_data;
	i->start_brk = mm->start_brk, i->brk = mm->brk;
	i->arg_start = t->arg_start, i->arg_end = t->arg_end;
	i->threads = thread_count(t);
	struct rss c = {0, 0};
	pm_walk(&t->pm, 0, USER_TOP, 0, count_page, &c);
	i->rss_anon = c.anon, i->rss_file = c.file;
	return (long)sizeof *i;
}

/* How /proc/PID/maps names a VMA of t (Linux's show_map_vma): a file, shared anonymous
 * memory, the heap, the stack, the personality's pages, or nothing. */
static uint32_t map_kind(const struct proc *t, const struct vm_map_entry *e)
{
	if (t->lx_entry && e->start < t->lx_end && e->end > t->lx_lo)
		return VM_PROCMAP_LX;
	if (e->file && memobj_is_shmem(e->file))
		return VM_PROCMAP_SHMEM;
	if (e->file)
		return t->exe_key && memobj_of(e->file)->key == t->exe_key ? VM_PROCMAP_EXE : VM_PROCMAP_FILE;
	if (e->start <= t->mm.brk && e->end >= t->mm.start_brk)
		return VM_PROCMAP_HEAP;
	return e->flags & VM_GROWSDOWN ? VM_PROCMAP_STACK : VM_PROCMAP_ANON;
}

long do_vm_proc_maps(struct proc *p, const struct vm_proc_maps_req *q, struct vm_proc_maps_rep *r)
{
	struct proc *t = find(p, q->pid);
	if (!t)
		return -KE_SRCH;
	enum { MAX = IPC_BUF_MAX / sizeof(struct vm_procmap) };
	struct vm_map_entry e[MAX];
	struct vm_procmap *out = (struct vm_procmap *)__ipc_buffer;
	size_t n = t->zombie || q->start > t->mm.map_count ? 0 : vm_maps(&t->mm, q->start, e, MAX);
	for (size_t k = 0; k < n; k++) {
		uint32_t kind = map_kind(t, &e[k]);
		uint32_t prot = (e[k].flags & VM_READ ? VM_PROCMAP_R : 0) | (e[k].flags & VM_WRITE ? VM_PROCMAP_W : 0) |
		                (e[k].flags & VM_EXEC ? VM_PROCMAP_X : 0) | (e[k].flags & VM_MAYSHARE ? VM_PROCMAP_S : 0);
		int file = kind == VM_PROCMAP_FILE || kind == VM_PROCMAP_EXE;
		out[k] = (struct vm_procmap){e[k].start, e[k].end, file ? e[k].pgoff << VM_PAGE_SHIFT : 0,
		                             file ? memobj_of(e[k].file)->key : 0, prot, kind};
	}
	r->count = n;
	r->next = q->start + n;
	return (long)(n * sizeof *out);
}

long do_vm_proc_read(struct proc *p, const struct vm_proc_read_req *q, struct vm_proc_read_rep *r)
{
	struct proc *t = find(p, q->pid);
	if (!t)
		return -KE_SRCH;
	if (q->what > 1)
		return -KE_INVAL;
	uint64_t start = q->what ? t->exe : t->arg_start;
	uint64_t end = q->what ? (t->exe ? t->exe + IPC_BUF_MAX : 0) : t->arg_end;
	uint64_t n = 0;
	if (!t->zombie && start && q->offset < end - start) {
		for (uint64_t a = start + q->offset; a < end && n < IPC_BUF_MAX; a++, n++) {
			uint64_t e = pm_get(&t->pm, a & ~(uint64_t)(VM_PAGE_SIZE - 1));
			if (!e || (e & PM_DEVICE))
				break;   /* not in memory: the end, as far as /proc goes */
			char c = ((const char *)frame_ptr(PM_ADDR(e)))[a & (VM_PAGE_SIZE - 1)];
			__ipc_buffer[n] = c;
			if (q->what && !c)
				break;   /* the path's NUL */
		}
	}
	r->count = n;
	return (long)n;
}

long do_vm_meminfo(struct proc *p, const struct vm_meminfo_req *q, struct vm_meminfo_rep *r)
{
	(void)p, (void)q;
	struct proc *fs = fslink_fs_badge() ? proc_by_badge(fslink_fs_badge()) : 0;
	struct rss c = {0, 0};
	if (fs)
		pm_walk(&fs->pm, 0, USER_TOP, 0, count_page, &c);
	uint64_t locked = 0, procs = 0, threads = 0;
	for (struct proc *t = proc_next(0); t; t = proc_next(t)) {
		locked += t->mm.locked_vm;
		if (shown_pid(t) > 0)
			procs++, threads += thread_count(t);
	}
	*r = (struct vm_meminfo_rep){frames_total(), frames_free_count(), c.anon, (uint64_t)mm_sys.committed,
	                             vm_commit_limit(&mm_sys), locked, procs, threads};
	return 0;
}

long do_vm_frame_use(struct proc *p, const struct vm_frame_use_req *q, struct vm_frame_use_rep *r)
{
	(void)q;
	struct proc *fs = fslink_fs_badge() ? proc_by_badge(fslink_fs_badge()) : 0;
	*r = (struct vm_frame_use_rep){frames_free_count(), frames_owned_by(p->idx), fs ? frames_owned_by(fs->idx) : 0,
	                               frames_owned_by(OWNER_SHARED), frames_owned_by(OWNER_BOOT)};
	return 0;
}
