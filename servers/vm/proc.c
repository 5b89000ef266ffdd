/* proc.c - task life cycle. A task's frames are charged to it (frames.c), so its end
 * returns them all; its page tables and handles go with the kernel's task object. */
#include "proc.h"
#include "frames.h"
#include "kcall.h"
#include "base/mem.h"
#include "rt/log.h"
#include "mm.h"
#include "fslink.h"
#include "shutdown.h"
#include "sigqueue.h"
#include "childwait.h"
#include "cred.h"
#include "forkinject.h"
#include "threads.h"
#include "shared_futex.h"

#include "abi/elf64.h"

static const struct bootinfo *boot;
static long fault_ep = -1;   /* our endpoint for the faults of the tasks we start */

static const struct bootinfo_module *find_module(const char *name);
/* Boot modules' segments end below this, clear of the stack's reach (RLIMIT_STACK at
 * most 64 MiB here): the Linux personality sits just under it. */
#define MODULE_TOP (USER_STACK_TOP - (64ul << 20))
static uint64_t load_elf(struct proc *p, const uint8_t *img, uint64_t size, int adopt);
static int setup_stack(struct proc *p, int adopt);

/* Take over the tasks the kernel started: their VMAs come from their ELF images, their
 * frames from the kernel's page tables. */
int proc_init(const struct bootinfo *bi)
{
	boot = bi;
	if ((fault_ep = k_endpoint_create()) < 0)
		return -1;
	for (uint32_t i = 0; i < bi->ntask && i < MAX_PROCS; i++) {
		struct proc *p = proc_boot_slot(i, bi->task[i].badge);
		p->task = bi->task[i].handle;
		memcpy(p->name, bi->task[i].name, sizeof p->name);
		mm_proc_init(p);
		const struct bootinfo_module *m = find_module(p->name);
		if (!m || !load_elf(p, frame_ptr(m->pa), m->size, 1) || setup_stack(p, 1) < 0)
			return -1;
	}
	return 0;
}

/* Give p a VMA for each loadable segment of the ELF image at img (size bytes, in our
 * window) and back its pages: with fresh frames holding the file's bytes (`adopt` 0; the
 * pages past them, .bss, are left to be zero-filled when first touched), or with the
 * frames the kernel already mapped (a boot task, `adopt` 1). Segments must
 * start on page boundaries, as lib/rt/user.ld lays them out. Returns the entry point,
 * or 0 if the image is malformed or memory ran out. */
static uint64_t load_elf(struct proc *p, const uint8_t *img, uint64_t size, int adopt)
{
	const struct elf64_ehdr *eh = (const void *)img;
	if (size < sizeof *eh || memcmp(eh->e_ident, "\177ELF\2\1", 6) || eh->e_machine != EM_RISCV ||
	    eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phoff > size ||
	    eh->e_phnum > (size - eh->e_phoff) / sizeof(struct elf64_phdr) || eh->e_entry >= USER_TOP)
		return 0;
	const struct elf64_phdr *ph = (const void *)(img + eh->e_phoff);
	uint64_t brk = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
			continue;
		uint64_t va = ph[i].p_vaddr, end = va + ph[i].p_memsz, fend = va + ph[i].p_filesz;
		if ((va & (PAGE_SIZE - 1)) || ph[i].p_filesz > ph[i].p_memsz || ph[i].p_offset > size ||
		    ph[i].p_filesz > size - ph[i].p_offset || end < va || end > MODULE_TOP)
			return 0;
		uint64_t prot = ((ph[i].p_flags & PF_R) ? VM_PROT_READ : 0) | ((ph[i].p_flags & PF_W) ? VM_PROT_WRITE : 0) |
		                ((ph[i].p_flags & PF_X) ? VM_PROT_EXEC : 0);
		uint64_t len = ((end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) - va;
		if (vm_mmap(&p->mm, va, len, prot, VM_MAP_FIXED | VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0) < 0)
			return 0;
		uint64_t perms = mm_perms(vm_find_vma(&p->mm, va)->flags);
		for (uint64_t pva = va; pva < (adopt ? end : fend); pva += PAGE_SIZE) {
			uint64_t pa;
			if (adopt) {
				if (k_query(p->task, pva, &pa) < 0 || pm_set(&p->pm, pva, pa) < 0)
					return 0;
				continue;
			}
			if (!(pa = frame_alloc(p->idx)))
				return 0;
			uint64_t hi = pva + PAGE_SIZE < fend ? pva + PAGE_SIZE : fend;
			if (pva < hi)
				memcpy(frame_ptr(pa), img + ph[i].p_offset + (pva - va), hi - pva);
			if (mm_install(p, pva, pa, perms) < 0) {
				frame_put(pa);
				return 0;
			}
		}
		if (end > brk)
			brk = end;
	}
	p->mm.start_brk = p->mm.brk = (brk + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	return eh->e_entry;
}

uint64_t proc_load_module(struct proc *p, const char *name, uint64_t *lo, uint64_t *hi, uint64_t *end)
{
	const struct bootinfo_module *m = find_module(name);
	uint64_t start_brk = p->mm.start_brk, brk = p->mm.brk;
	uint64_t entry = m ? load_elf(p, frame_ptr(m->pa), m->size, 0) : 0;
	*end = p->mm.brk;   /* load_elf's: the end of the image */
	p->mm.start_brk = start_brk, p->mm.brk = brk;
	if (!entry)
		return 0;
	const struct elf64_ehdr *eh = frame_ptr(m->pa);
	const struct elf64_phdr *ph = (const void *)((const uint8_t *)eh + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X)) {
			*lo = ph[i].p_vaddr, *hi = ph[i].p_vaddr + ph[i].p_memsz;
			return entry;
		}
	return 0;
}

int proc_new_stack(struct proc *p)
{
	return setup_stack(p, 0);
}

/* The stack: a VM_GROWSDOWN VMA of its first pages below USER_STACK_TOP; it grows on
 * faults up to RLIMIT_STACK. A boot task's pages, mapped by the kernel, are adopted. */
static int setup_stack(struct proc *p, int adopt)
{
	uint64_t len = USER_STACK_PAGES * PAGE_SIZE, base = USER_STACK_TOP - len;
	if (vm_mmap(&p->mm, base, len, VM_PROT_READ | VM_PROT_WRITE,
	            VM_MAP_FIXED | VM_MAP_PRIVATE | VM_MAP_ANONYMOUS | VM_MAP_GROWSDOWN, 0, 0) < 0)
		return -1;
	for (uint64_t va = base; adopt && va < USER_STACK_TOP; va += PAGE_SIZE) {
		uint64_t pa;
		if (k_query(p->task, va, &pa) >= 0 && pm_set(&p->pm, va, pa) < 0)
			return -1;
	}
	return 0;
}

/* The child shares its parent's shared memory at the same addresses, as after fork: the
 * same memory objects, so both find the same pages in the page cache. */
static int inherit_shared(struct proc *parent, struct proc *child)
{
	for (struct vm_area *v = parent ? vm_first(&parent->mm) : 0; v; v = vm_next(&parent->mm, v)) {
		if (!(v->flags & VM_SHARED) || !v->file || v->priv == MM_DEVICE_VMA)
			continue;
		uint64_t prot = ((v->flags & VM_READ) ? VM_PROT_READ : 0) |
		                ((v->flags & VM_WRITE) ? VM_PROT_WRITE : 0) | ((v->flags & VM_EXEC) ? VM_PROT_EXEC : 0);
		if (vm_mmap(&child->mm, v->start, v->end - v->start, prot, VM_MAP_SHARED | VM_MAP_FIXED, v->file,
		            v->pgoff * PAGE_SIZE) < 0)
			return -1;
	}
	return 0;
}

static const struct bootinfo_module *find_module(const char *name)
{
	for (uint32_t i = 0; i < boot->nmod; i++)
		if (!strcmp(boot->mod[i].name, name))
			return &boot->mod[i];
	return 0;
}

/* The clock (rdtime) in nanoseconds since boot: a task's start time (/proc's). */
static uint64_t boot_ns(void)
{
	uint64_t t, hz = boot->plat.timebase_hz ? boot->plat.timebase_hz : 10000000;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t / hz * 1000000000ull + t % hz * 1000000000ull / hz;
}

/* The error of a kernel call that takes a slot of our table of handles: that table full
 * is the limit on tasks (a fork's or a spawn's), which Linux's fork answers EAGAIN. */
static long slot_error(long kerr)
{
	return kerr == -KE_NOSPC ? -KE_AGAIN : kerr;
}

/* A new task named name, child of parent, with an empty address space; NULL with *err.
 * (Each resource is an injection point when parent is forking.) */
static struct proc *new_task(struct proc *parent, const char *name, uint64_t prio, long *err)
{
	uint64_t forking = parent ? parent->badge : 0;
	struct proc *p = fork_inject_hit(forking, FORK_STEP_SLOT) ? 0 : proc_free_slot();
	if (!p) {
		*err = KE_AGAIN;
		return 0;
	}
	p->parent = parent;
	p->prio = (uint8_t)prio;
	for (int i = 0; name[i] && i < (int)sizeof p->name - 1; i++)
		p->name[i] = name[i];
	p->task = fork_inject_hit(forking, FORK_STEP_TASK) ? -KE_AGAIN : slot_error(k_task_create(VMH_TASKCTL, prio, p->name));
	if (p->task < 0) {
		*err = -p->task;
		return 0;
	}
	p->used = 1;
	p->start_ns = boot_ns();
	p->sig_rlimit[0] = p->sig_rlimit[1] = SIGQ_POOL;
	mm_proc_init(p);
	return p;
}

struct proc *proc_create(struct proc *parent, const char *name, uint64_t prio, int inherit, long *err)
{
	struct proc *p = new_task(parent, name, prio, err);
	if (!p)
		return 0;
	*err = setup_stack(p, 0) == 0 && (!inherit || inherit_shared(parent, p) == 0) ? 0 : KE_NOMEM;
	if (*err) {
		proc_abort(p);
		return 0;
	}
	return p;
}

struct proc *proc_fork(struct proc *parent, long *err)
{
	struct proc *c = new_task(parent, parent->name, parent->prio, err);
	if (!c)
		return 0;
	fork_inject_dup_begin(parent->badge, &c->mm);
	long r = vm_dup_mmap(&c->mm, &parent->mm) < 0 ? -KE_NOMEM : 0;
	fork_inject_dup_end(parent->badge, &c->mm);
	memcpy(c->sig_trampoline, parent->sig_trampoline, sizeof c->sig_trampoline);
	memcpy(c->sig_stack, parent->sig_stack, sizeof c->sig_stack);
	c->lx_entry = parent->lx_entry, c->lx_lo = parent->lx_lo, c->lx_hi = parent->lx_hi;
	c->lx_end = parent->lx_end, c->lx_intr = parent->lx_intr, c->sig_ignored = parent->sig_ignored;
	c->nocldwait = parent->nocldwait;
	c->arg_start = parent->arg_start, c->arg_end = parent->arg_end, c->exe = parent->exe;
	c->exe_key = parent->exe_key;
	c->pgid = parent->pgid, c->sid = parent->sid;   /* no signal is pending for it: Linux's too */
	cred_fork(c, parent);
	c->unborn = 1;   /* until clone.c starts it */
	c->sig_held = parent->sig_held;
	c->sig_rlimit[0] = parent->sig_rlimit[0], c->sig_rlimit[1] = parent->sig_rlimit[1];
	if (!r && c->lx_entry)
		r = fork_inject_hit(parent->badge, FORK_STEP_LINUX) ? -KE_NOMEM
		                                                    : k_task_linux(c->task, c->lx_entry, c->lx_lo, c->lx_hi, c->lx_intr);
	if (r < 0) {
		*err = -r;
		proc_fork_abort(c, parent);
		return 0;
	}
	return c;
}

void proc_fork_abort(struct proc *c, struct proc *parent)
{
	proc_abort(c);
	mm_fork_undone(parent);
}

void proc_abort(struct proc *p)
{
	p->dying = 1;
	k_task_threads_end(p->task, 0);   /* (see proc_end) */
	thread_free_all(p);
	vm_mm_destroy(&p->mm);
	k_task_destroy(p->task);
	k_handle_close(p->task);
	pm_free(&p->pm);
	frames_release_owner(p->idx);
	p->used = 0;
}

long proc_fault_endpoint(void)
{
	return fault_ep;
}

/* Start a thread of p at pc with sp, a0 = arg and priority prio, whose faults come to
 * us with this badge (through a handle on our fault endpoint made for the kernel's
 * THREAD_START, which keeps the endpoint; ours is closed after). Both steps are injection points of a
 * fork by the task `forking` (0: none). 0 or an errno. */
static long start_thread(struct proc *p, uint64_t pc, uint64_t sp, uint64_t arg, uint64_t prio, uint64_t badge,
                         uint64_t forking)
{
	long pager = fork_inject_hit(forking, FORK_STEP_HANDLES)
	                 ? -KE_NOMEM
	                 : slot_error(k_handle_copy(HANDLE_SELF, fault_ep, HANDLE_SELF, -1, RIGHT_SEND, badge));
	if (pager < 0)
		return -pager;
	long r = fork_inject_hit(forking, FORK_STEP_THREAD) ? -KE_AGAIN : k_thread_start(p->task, pc, sp, arg, prio, pager);
	k_handle_close(pager);
	return r < 0 ? -r : 0;
}

long proc_start(struct proc *p, uint64_t entry, const int64_t give[VM_SPAWN_PASS], uint64_t prio, uint64_t sp,
                uint64_t arg)
{
	long err = 0;
	uint64_t forking = p->parent ? p->parent->badge : 0;   /* (a spawn: no fork injects) */
	if (k_handle_copy(HANDLE_SELF, VMH_ENDPOINT, p->task, TH_VM_EP, RIGHT_SEND, p->badge) < 0 ||
	    k_handle_copy(HANDLE_SELF, VMH_FS_EP, p->task, TH_FS_EP, RIGHT_SEND, p->badge) < 0)
		err = KE_NOMEM;
	for (int i = 0; give && i < VM_SPAWN_PASS && !err; i++) {
		if (give[i] < 0)
			continue;
		long r = k_handle_copy(p->parent->task, give[i], p->task, TH_FIRST_FREE + i, RIGHT_ALL, 0);
		if (r < 0)
			err = -r;
	}
	return err ? err : start_thread(p, entry, sp, arg, prio, p->badge, forking);
}

long proc_thread_new(struct proc *p, uint64_t pc, uint64_t sp, uint64_t arg, uint64_t *tid)
{
	if (!p->lx_entry || pc >= USER_TOP || sp >= USER_TOP)
		return KE_INVAL;
	if (!thread_new(p, tid))
		return KE_AGAIN;
	if (start_thread(p, pc, sp, arg, p->prio, *tid, 0)) {   /* the kernel's bound on threads */
		thread_free(p, VM_LINUX_PID(*tid));
		return KE_AGAIN;
	}
	return 0;
}

void proc_de_thread(struct proc *p, long token, int64_t tid)
{
	struct thread_state *keep = thread_of(p, tid);
	if (!keep)
		keep = &p->main;   /* (a personality that does not know its tid: the main one) */
	if (thread_count(p) > 1 && k_task_threads_end(p->task, token) < 0)
		log_printf("vm: %s (id %lu): execve could not end the other threads\n", p->name, p->badge);
	for (struct thread_state *t = thread_next(p, 0); t; t = thread_next(p, t))
		if (t != keep)
			sigq_thread_gone(p, t);
	if (keep != &p->main) {
		p->main = *keep;
		sigq_thread_moved(p, keep, &p->main);
		thread_become_main(p, keep);
	}
	thread_free_others(p);
	shared_futex_gone(p, -1);   /* (the caller waits for none) */
	p->wait4_token = 0;   /* (a wait4 of a thread that is gone) */
}

struct proc *proc_spawn(struct proc *parent, const char *name, const int64_t give[VM_SPAWN_PASS],
                        uint64_t prio, long *err)
{
	const struct bootinfo_module *m = find_module(name);
	if (!m) {
		*err = KE_NOENT;
		return 0;
	}
	struct proc *p = proc_create(parent, name, prio, 1, err);
	if (!p)
		return 0;
	uint64_t entry = load_elf(p, frame_ptr(m->pa), m->size, 0);
	*err = entry ? proc_start(p, entry, give, prio, USER_STACK_TOP, 0) : KE_NOMEM;
	if (*err) {   /* undo everything: the VMAs, the task, its frames, its slot */
		proc_abort(p);
		return 0;
	}
	return p;
}

/* Group pgid has a stopped member: it gets SIGHUP then SIGCONT, as Linux's
 * kill_orphaned_pgrp does when an exit leaves such a group orphaned (nobody left in the
 * session to continue it). Nothing if none is stopped. */
static void hangup_if_stopped(int64_t pgid)
{
	struct proc *t;
	for (t = proc_next(0); t && !(t->pgid == pgid && t->stop_sig); t = proc_next(t))
		;
	if (!t)
		return;
	for (t = proc_next(0); t; t = proc_next(t))
		if (t->pgid == pgid && t->lx_entry) {
			sigq_post(t, SIGHUP, SI_KERNEL, 0, 0);
			proc_continue(t);
			sigq_post(t, SIGCONT, SI_KERNEL, 0, 0);
		}
}

/* p has ended: init adopts its children (without init, nobody does and those already
 * ended are freed), an ended one offered to init's wait at once, as Linux's
 * forget_original_parent. A child's group that this leaves orphaned with a stopped member
 * is hung up, as is p's own. */
static void orphan_children(struct proc *p)
{
	struct proc *init = proc_reaper(), *up = p->parent;
	for (struct proc *c = proc_next_child(p, 0); c; c = proc_next_child(p, c)) {
		c->parent = init;
		c->wait_token = 0;   /* p's VM_WAIT on it (p is gone) */
		if (c->zombie && !init)
			proc_release_slot(c);
		else if (c->zombie && !proc_wait4_offer(c))
			sigq_post(init, SIGCHLD, c->end.signal ? CLD_KILLED : CLD_EXITED, sigq_ids(c),
			          c->end.signal ? c->end.signal : (uint64_t)c->end.status & 0xff);
		else if (!c->zombie && c->pgid != p->pgid && c->sid == p->sid && proc_pgrp_orphaned(c->pgid, c->sid))
			hangup_if_stopped(c->pgid);
	}
	if (up && up->pgid != p->pgid && up->sid == p->sid && proc_pgrp_orphaned(p->pgid, p->sid))
		hangup_if_stopped(p->pgid);
}

/* p's address space, as it ends, is checked against the VMA invariants (vm_check): a
 * violation is said on the console, where every test of a program sees it. */
static void check_at_end(struct proc *p)
{
	char why[120];
	if (vm_check(&p->mm, why, sizeof why))
		log_printf("vm: %s (id %lu) ends with its VMAs broken: %s\n", p->name, p->badge, why);
}

void proc_end(struct proc *p, const struct vm_wait_rep *end)
{
	int is_init = proc_is_init(p);   /* the system ends with it */
	fslink_client_gone(p->badge);   /* its descriptors */
	p->dying = 1;
	if (p->task >= 0)   /* its threads stop first, on every hart: nothing of it may touch */
		k_task_threads_end(p->task, 0);   /* a frame once it goes back (its mappings stay) */
	shared_futex_gone(p, -1);
	check_at_end(p);
	vm_mm_destroy(&p->mm);   /* returns the frames and the commit charge */
	if (p->task >= 0) {
		k_task_destroy(p->task);
		k_handle_close(p->task);
		p->task = -1;
	}
	pm_free(&p->pm);   /* (before the scan, which then finds nothing: frames.h) */
	frames_release_owner(p->idx);
	p->end = *end;
	p->zombie = 1;
	sigq_drop(p, ~0ull);   /* its queued signals go back to the pool */
	thread_free_all(p);
	proc_vfork_done(p);
	orphan_children(p);
	struct proc *parent = p->parent;
	int code = end->signal ? CLD_KILLED : CLD_EXITED;
	uint64_t ids = sigq_ids(p);
	p->stop_sig = 0, p->stop_token = 0, p->report = 0;   /* its end is all there is to report */
	if (parent && parent->nocldwait) {   /* Linux's autoreap: no zombie; a wait may end */
		proc_release_slot(p);
		proc_wait4_recheck(parent);
	} else if (!proc_wait4_offer(p)) {   /* else the parent waited for it and has reaped it */
		if (p->parent && p->wait_token) {
			struct msg m = {IPC_TAG(0, 0, PROTO_WORDS(sizeof(struct vm_wait_rep))), {0}};
			memcpy(m.w, &p->end, sizeof p->end);
			k_reply(p->wait_token, &m);
			proc_release_slot(p);
		} else if (!p->parent) {
			proc_release_slot(p);
		}
	}
	if (parent)
		sigq_post(parent, SIGCHLD, code, ids, end->signal ? end->signal : (uint64_t)end->status & 0xff);
	if (is_init) {
		log_printf("vm: init exited with status %d\n", (int)end->status);
		shutdown_after_sync((int)end->status);
	}
}

void proc_end_doomed(void)
{
	for (struct proc *p; (p = proc_take_doomed());) {
		struct vm_wait_rep end = p->end;
		proc_end(p, &end);
	}
}
