/* sysdispatch.c - decode, validate, then perform.
 *
 * Every handler first checks all of its arguments (handles, rights, ranges, alignment,
 * quotas) and returns an error before anything changes; only then does it act, with
 * operations that cannot fail half-way. A handler returns the value for a0, or NORET
 * when the IPC code has already set the registers of the threads involved. Handlers
 * are kept out of line so the dispatcher is a jump to them (tail calls: it saves
 * nothing), and its caller (trap_syscall) stores the result.
 */
#include "sysdispatch.h"
#include "ipc.h"
#include "sched.h"
#include "hart.h"
#include "irq.h"
#include "console.h"
#include "power.h"
#include "kpool.h"
#include "base/mem.h"
#include "abi/syscall.h"

static inline uint64_t arg(struct thread *th, int i) { return th->tf.regs[TF_A0 + i]; }

static int tag_valid(uint64_t tag)
{
	return IPC_TAG_WORDS(tag) <= IPC_MAX_WORDS && IPC_TAG_BYTES(tag) <= IPC_BUF_MAX;
}

/* Is [va, va + npages pages) a page-aligned, non-empty user range? */
static int range_valid(uint64_t va, uint64_t npages)
{
	return (va & (PGSIZE - 1)) == 0 && npages > 0 && npages <= USER_TOP / PGSIZE &&
	       va < USER_TOP && npages <= (USER_TOP - va) / PGSIZE;
}

static __attribute__((noinline)) long sys_console_write(struct thread *th)
{
	static char buf[1024];
	uint64_t uva = arg(th, 0), len = arg(th, 1);
	if (len > sizeof buf)
		len = sizeof buf;
	if (copy_from_user(&th->task->as, buf, uva, len) < 0)
		return -KE_FAULT;
	if (arg(th, 2) & CONSOLE_RAW)
		console_write_raw(buf, len);
	else
		console_write(buf, len);
	return (long)len;
}

/* SYS_CONSOLE_READ: bytes typed on the firmware's console, for the tasks that have no
 * UART to drive (the count; the bytes in a1). */
static __attribute__((noinline)) long sys_console_read(struct thread *th)
{
	uint64_t bytes;
	size_t n = console_read(&bytes);
	th->tf.regs[TF_A1] = bytes;
	return (long)n;
}

/* SYS_KSTAT(KSTAT_LOCK): the big lock's counts, summed over the harts: the instructions
 * retired holding it in a1, how many times it was taken in a2. Only a kernel built with
 * make LOCKSTAT=1 keeps them (asm_layout.h's lock_take); others answer -KE_NOSYS. */
static long kstat_lock(struct thread *th)
{
#ifdef LOCKSTAT
	uint64_t held = 0, holds = 0;
	for (uint32_t i = 0; i < nharts_online; i++)
		held += harts[i].lock_held, holds += harts[i].lock_holds;
	th->tf.regs[TF_A1] = held;
	th->tf.regs[TF_A2] = holds;
	return 0;
#else
	(void)th;
	return -KE_NOSYS;
#endif
}

/* SYS_KSTAT(KSTAT_OBJECTS): the kernel's objects in use, the free page-table pages and
 * those the live tasks hold, in a1..a6 (so a test can see that what a workload made was
 * all given back, or is still held by a task that lives on). */
static __attribute__((noinline)) long sys_kstat(struct thread *th)
{
	if (arg(th, 0) == KSTAT_LOCK)
		return kstat_lock(th);
	if (arg(th, 0) != KSTAT_OBJECTS)
		return -KE_INVAL;
	uint64_t n[5];
	object_counts(n);
	for (int i = 0; i < 4; i++)
		th->tf.regs[TF_A1 + i] = n[i];
	th->tf.regs[TF_A1 + 4] = kpool_free_count();
	th->tf.regs[TF_A1 + 5] = n[4];
	return 0;
}

static __attribute__((noinline)) long sys_ipc(struct thread *th, long nr)
{
	long err = 0;
	uint64_t tag = arg(th, 1);
	int need = nr == SYS_RECV || nr == SYS_REPLY_RECV ? RIGHT_RECV : RIGHT_SEND;
	struct handle *h = handle_get(th->task, (long)arg(th, 0), H_ENDPOINT, need, &err);
	if (!h)
		return err;
	if (nr != SYS_RECV && !tag_valid(tag))
		return -KE_INVAL;
	struct endpoint *ep = h->obj;
	switch (nr) {
	case SYS_CALL: ipc_call(th, ep, h->badge, tag); break;
	case SYS_SEND: ipc_send(th, ep, h->badge, tag); break;
	case SYS_REPLY_RECV:
		if (th->caller && (err = ipc_reply(th, th->caller, tag)) < 0)
			return err;
		/* fall through */
	case SYS_RECV: ipc_recv(th, ep); break;
	}
	return NORET;
}

/* The thread waiting for the reply that th's task saved as token (SYS_CALLER_SAVE), or
 * NULL if there is none. */
static struct thread *saved_caller(struct thread *th, uint64_t token)
{
	uint64_t idx = (token & 0xffff) - 1;
	if (idx >= MAX_THREADS)
		return 0;
	struct thread *to = &threads[idx];
	return to->gen == (token >> 16) && to->state == T_REPLY && to->saved_by == th->task ? to : 0;
}

static __attribute__((noinline)) long sys_reply(struct thread *th)
{
	uint64_t token = arg(th, 0), tag = arg(th, 1);
	if (!tag_valid(tag))
		return -KE_INVAL;
	struct thread *to = token ? saved_caller(th, token) : th->caller;
	if (!to)
		return -KE_NOENT;
	return ipc_reply(th, to, tag);
}

/* SYS_TASK_THREADS_END: every thread of task t but keep, the one waiting for the reply
 * saved as token, ends as if it had called SYS_THREAD_EXIT (an execve's de_thread: the
 * pager ends them at its point of no return); token 0 keeps none (the pager stops a task
 * before it takes its frames back, its address space still there). The caller's own
 * task may not be t. */
static __attribute__((noinline)) long sys_task_threads_end(struct thread *th)
{
	long err;
	struct task *t = task_from_handle((long)arg(th, 0), RIGHT_CTRL, 0, &err);
	if (!t)
		return err;
	if (t == th->task)
		return -KE_INVAL;
	struct thread *keep = arg(th, 1) ? saved_caller(th, arg(th, 1)) : 0;
	if (arg(th, 1) && (!keep || keep->task != t))
		return -KE_NOENT;
	for (struct thread *x = t->threads, *next; x; x = next) {
		next = x->task_next;
		if (x != keep)
			thread_destroy(x);
	}
	return 0;
}

static __attribute__((noinline)) long sys_caller_save(struct thread *th)
{
	struct thread *c = th->caller;
	if (!c)
		return -KE_NOENT;
	th->caller = 0;
	c->replier = 0;
	c->saved_by = th->task;
	return (long)(((uint64_t)c->gen << 16) | (uint64_t)(c->id + 1));
}

static __attribute__((noinline)) long sys_notify(struct thread *th, long nr)
{
	long err;
	struct handle *h = handle_get(th->task, (long)arg(th, 0), H_NOTIF,
	                              nr == SYS_NOTIFY_SIGNAL ? RIGHT_SEND : RIGHT_RECV, &err);
	if (!h)
		return err;
	if (nr == SYS_NOTIFY_SIGNAL) {
		uint64_t bits = arg(th, 1) ? arg(th, 1) : h->badge;
		if (bits >> 63)   /* NOTIFY_WAIT returns the bits: with bit 63 they would read as -errno */
			return -KE_INVAL;
		notify_signal(h->obj, bits);
		return 0;
	}
	if (arg(th, 2) & ~(uint64_t)NOTIFY_UNINTERRUPTED)
		return -KE_INVAL;
	notify_wait(th, h->obj, arg(th, 1), arg(th, 2) & NOTIFY_UNINTERRUPTED);
	return NORET;
}

static __attribute__((noinline)) long sys_object_create(struct thread *th, long nr)
{
	int slot = handle_alloc(th->task, -1);
	if (slot < 0)
		return slot;
	void *obj = nr == SYS_ENDPOINT_CREATE ? (void *)endpoint_create(th->task)
	                                      : (void *)notification_create(th->task);
	if (!obj)
		return -KE_NOMEM;
	handle_install(th->task, slot, nr == SYS_ENDPOINT_CREATE ? H_ENDPOINT : H_NOTIF,
	               RIGHT_SEND | RIGHT_RECV, 0, obj);
	return slot;
}

static __attribute__((noinline)) long sys_handle_copy(struct thread *th)
{
	long err = 0;
	struct task *src = task_from_handle((long)arg(th, 0), RIGHT_CTRL, 1, &err);
	if (!src)
		return err;
	struct task *dst = task_from_handle((long)arg(th, 2), RIGHT_CTRL, 1, &err);
	if (!dst)
		return err;
	struct handle *h = handle_get(src, (long)arg(th, 1), H_NONE, 0, &err);
	if (!h)
		return err;
	uint64_t rights = arg(th, 4), badge = arg(th, 5);
	if (rights & ~(uint64_t)RIGHT_ALL)
		return -KE_INVAL;
	if (badge && (h->badge || (h->type != H_ENDPOINT && h->type != H_NOTIF)))
		return -KE_PERM;   /* a badge, once set, cannot be changed */
	if (h->type == H_TASK && !((struct task *)h->obj)->used)
		return -KE_SRCH;
	int slot = handle_alloc(dst, (long)arg(th, 3));
	if (slot < 0)
		return slot;
	struct handle copy = *h;
	handle_install(dst, slot, copy.type, copy.rights & (int)rights, badge ? badge : copy.badge,
	               copy.obj);
	if (copy.type == H_TASK)
		dst->handles[slot].gen = copy.gen;
	return slot;
}

/* A bound interrupt whose notification no handle names any more is unbound, and the
 * notification freed: nobody could wait for it or acknowledge it, and the interrupt is
 * then free for the next driver. Checked whenever the handle of a notification bound to
 * one goes (a close) and at a task's end. */
static void irq_release_unheld(void)
{
	struct notification *n;
	while ((n = irq_unbind_unheld()))
		notification_put(n);
}

static __attribute__((noinline)) long sys_handle_close(struct thread *th)
{
	long err;
	struct handle *h = handle_get(th->task, (long)arg(th, 0), H_NONE, 0, &err);
	if (!h)
		return err;
	int bound = h->type == H_NOTIF && ((const struct notification *)h->obj)->irqs;
	handle_release(h);
	if (bound)   /* (only a notification bound to an interrupt can be left unheld) */
		irq_release_unheld();
	return 0;
}

static __attribute__((noinline)) long sys_task_create(struct thread *th)
{
	long err;
	if (!handle_get(th->task, (long)arg(th, 0), H_TASKCTL, 0, &err))
		return err;
	uint64_t prio = arg(th, 1);
	if (prio > th->task->max_prio)
		return -KE_PERM;
	int slot = handle_alloc(th->task, -1);
	if (slot < 0)
		return slot;
	char name[16] = {0};
	if (arg(th, 2) && copy_from_user(&th->task->as, name, arg(th, 2), sizeof name - 1) < 0)
		return -KE_FAULT;
	struct task *t = task_create((uint8_t)prio, name, &err);
	if (!t)
		return err;
	handle_install(th->task, slot, H_TASK, RIGHT_ALL, 0, t);
	return slot;
}

static __attribute__((noinline)) long sys_task_destroy(struct thread *th)
{
	long err;
	struct task *t = task_from_handle((long)arg(th, 0), RIGHT_CTRL, 0, &err);
	if (!t)
		return err;
	task_destroy(t);
	irq_release_unheld();
	return 0;
}

static __attribute__((noinline)) long sys_thread_start(struct thread *th)
{
	long err;
	struct task *t = task_from_handle((long)arg(th, 0), RIGHT_CTRL, 1, &err);
	if (!t)
		return err;
	uint64_t pc = arg(th, 1), sp = arg(th, 2), prio = arg(th, 4);
	long pager_slot = (long)arg(th, 5);
	if (pc >= USER_TOP || sp > USER_TOP)
		return -KE_INVAL;
	if (prio > th->task->max_prio || prio > t->max_prio)
		return -KE_PERM;
	struct endpoint *pager = 0;
	uint64_t badge = 0;
	if (pager_slot == -1) {
		pager = th->pager;
		badge = th->pager_badge;
	} else {
		struct handle *h = handle_get(th->task, pager_slot, H_ENDPOINT, RIGHT_SEND, &err);
		if (!h)
			return err;
		pager = h->obj;
		badge = h->badge;
	}
	struct thread *nt = thread_create(t, pc, sp, arg(th, 3), (uint8_t)prio, &err);
	if (!nt)
		return err;
	nt->pager = pager;
	nt->pager_badge = badge;
	if (pager)
		pager->refs++;
	return 0;
}

static __attribute__((noinline)) long sys_set_ipc_buffer(struct thread *th)
{
	uint64_t va = arg(th, 0);
	if (va & (PGSIZE - 1) || va >= USER_TOP)
		return -KE_INVAL;
	th->ipc_buf = va;
	return 0;
}

/* SYS_MAP, SYS_UNMAP, SYS_PROTECT: page-granular changes to another address space. */

/* The task (a0) and memory object (a2) of SYS_MAP and SYS_MAP_PAGES, or NULL with *err. */
static struct task *map_target(struct thread *th, const struct memobj **m, long *err)
{
	struct task *t = task_from_handle((long)arg(th, 0), RIGHT_MAP, 0, err);
	struct handle *mh = t ? handle_get(th->task, (long)arg(th, 2), H_MEM, RIGHT_MAP, err) : 0;
	if (!mh)
		return 0;
	*m = mh->obj;
	return t;
}

/* Map pages [va, va + n pages) of t to m's frames, page i at offs[i] (MAP_PAGES_SKIP:
 * left as it is), or with offs NULL at off + i pages. All arguments checked: only the
 * page tables' room is, first (-KE_EXIST, -KE_NOMEM); then nothing can fail. */
static long map_run(struct task *t, uint64_t va, uint64_t n, const struct memobj *m, uint64_t off,
                    const uint64_t *offs, uint64_t perms)
{
	if (vm_range_has_superpage(&t->as, va, n))
		return -KE_EXIST;
	if (t->as.pt_pages + vm_tables_needed(&t->as, va, n) > PT_PAGES_PER_TASK)
		return -KE_NOMEM;
	int away = 0;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t at = offs ? offs[i] : off + i * PGSIZE;
		if (at == MAP_PAGES_SKIP)
			continue;
		int r = vm_map(&t->as, va + i * PGSIZE, m->base + at, perms);
		if (r < 0)
			panic("vm_map failed after its quota check");
		away |= r;
	}
	if (away)
		vm_flush(&t->as);
	return 0;
}

static __attribute__((noinline)) long sys_map(struct thread *th)
{
	long err;
	const struct memobj *m;
	struct task *t = map_target(th, &m, &err);
	if (!t)
		return err;
	uint64_t va = arg(th, 1), off = arg(th, 3), n = arg(th, 4), perms = arg(th, 5);
	if (!range_valid(va, n) || !vm_perms_valid(perms) || (off & (PGSIZE - 1)) ||
	    off >= m->size || n > (m->size - off) / PGSIZE)
		return -KE_INVAL;
	/* The usual call, a fault's page whose leaf table is there: one walk, nothing to check. */
	int r = n == 1 ? vm_map_present(&t->as, va, m->base + off, perms) : -KE_NOENT;
	if (r < 0)
		return map_run(t, va, n, m, off, 0, perms);
	if (r)
		vm_flush(&t->as);
	return 0;
}

/* SYS_MAP_PAGES: SYS_MAP of npages pages, each its own frame (fault-around: pages of the
 * FS server's cache). Every offset is checked before anything is mapped. */
static __attribute__((noinline)) long sys_map_pages(struct thread *th)
{
	long err;
	const struct memobj *m;
	struct task *t = map_target(th, &m, &err);
	if (!t)
		return err;
	uint64_t va = arg(th, 1), n = arg(th, 4), perms = arg(th, 5), off[MAP_PAGES_MAX];
	if (n > MAP_PAGES_MAX || !range_valid(va, n) || !vm_perms_valid(perms))
		return -KE_INVAL;
	if (copy_from_user(&th->task->as, off, arg(th, 3), n * sizeof off[0]) < 0)
		return -KE_FAULT;
	for (uint64_t i = 0; i < n; i++)
		if (off[i] != MAP_PAGES_SKIP && ((off[i] & (PGSIZE - 1)) || off[i] >= m->size))
			return -KE_INVAL;
	return map_run(t, va, n, m, 0, off, perms);
}

/* SYS_MOVE: the pages of [from, from + n) of task t's address space move to [to, to + n),
 * each page table entry as it is (frame and permissions; an unmapped page leaves its
 * target unmapped): mremap's move without a copy or a call per page. The two ranges
 * may not overlap. */
static __attribute__((noinline)) long sys_move(struct thread *th)
{
	long err;
	struct task *t = task_from_handle((long)arg(th, 0), RIGHT_MAP, 0, &err);
	if (!t)
		return err;
	uint64_t from = arg(th, 1), to = arg(th, 2), n = arg(th, 3);
	if (!range_valid(from, n) || !range_valid(to, n) || (from < to + n * PGSIZE && to < from + n * PGSIZE))
		return -KE_INVAL;
	if (vm_range_has_superpage(&t->as, from, n) || vm_range_has_superpage(&t->as, to, n))
		return -KE_EXIST;
	if (t->as.pt_pages + vm_tables_needed(&t->as, to, n) > PT_PAGES_PER_TASK)
		return -KE_NOMEM;
	t->as.gen++;
	if (vm_move(&t->as, from, to, n))   /* (past the checks: nothing can fail) */
		vm_flush(&t->as);
	return 0;
}

static __attribute__((noinline)) long sys_unmap_protect(struct thread *th, long nr)
{
	long err;
	struct task *t = task_from_handle((long)arg(th, 0), RIGHT_MAP, 0, &err);
	if (!t)
		return err;
	uint64_t va = arg(th, 1), n = arg(th, 2), perms = arg(th, 3);
	if (!range_valid(va, n) || (nr == SYS_PROTECT && !vm_perms_valid(perms)))
		return -KE_INVAL;
	if (vm_range_has_superpage(&t->as, va, n))
		return -KE_EXIST;
	int away = 0;
	if (nr == SYS_PROTECT)
		away = vm_protect(&t->as, va, n, perms);   /* all pages mapped, or none changed */
	else
		for (uint64_t i = 0; i < n; i++)
			away |= vm_unmap(&t->as, va + i * PGSIZE);
	if (away < 0)
		return away;
	t->as.gen++;   /* (a deferred fault map of its pages is stale now: FAULT_REPLY_MAP) */
	if (away)
		vm_flush(&t->as);
	return 0;
}

static __attribute__((noinline)) long sys_query(struct thread *th)
{
	long err;
	struct task *t = task_from_handle((long)arg(th, 0), RIGHT_MAP, 0, &err);
	if (!t)
		return err;
	uint64_t va = arg(th, 1);
	if (va >= USER_TOP)
		return -KE_INVAL;
	uint64_t pte = vm_query(&t->as, va);
	if (!pte)
		return -KE_NOENT;
	th->tf.regs[TF_A2] = PTE_TO_PA(pte);
	return (long)(pte & (PTE_PERMS | PTE_A | PTE_D));
}

/* Binding needs the irq-control handle; acknowledging only the bound notification. */
static __attribute__((noinline)) long sys_irq(struct thread *th, long nr)
{
	long err;
	if (nr == SYS_IRQ_ACK) {
		struct handle *nh = handle_get(th->task, (long)arg(th, 0), H_NOTIF, RIGHT_RECV, &err);
		return nh ? irq_ack((uint32_t)arg(th, 1), nh->obj) : err;
	}
	if (!handle_get(th->task, (long)arg(th, 0), H_IRQCTL, 0, &err))
		return err;
	struct handle *nh = handle_get(th->task, (long)arg(th, 2), H_NOTIF, RIGHT_SEND, &err);
	if (!nh)
		return err;
	if (arg(th, 3) >= 63 || arg(th, 1) > 0xffff)   /* bit 63: see sys_notify */
		return -KE_INVAL;
	return irq_bind((uint32_t)arg(th, 1), nh->obj, 1UL << arg(th, 3));
}

/* SYS_TASK_LINUX: make t a Linux-ABI task. From then on an ecall by any of its threads
 * whose pc lies outside [lo, hi) (its personality's code) does not enter the kernel's
 * dispatcher: the thread continues at entry with every register as it was, and the pc
 * after the ecall and a7 are kept for SYS_LX_RETURN. entry 0 makes t native again. */
static __attribute__((noinline)) long sys_task_linux(struct thread *th)
{
	long err;
	struct task *t = task_from_handle((long)arg(th, 0), RIGHT_CTRL, 0, &err);
	if (!t)
		return err;
	uint64_t entry = arg(th, 1), lo = arg(th, 2), hi = arg(th, 3), intr = arg(th, 4);
	if (entry && (lo >= hi || hi > USER_TOP || entry < lo || entry >= hi || (entry & 3)))
		return -KE_INVAL;
	if (intr && (!entry || intr < lo || intr >= hi || (intr & 3)))
		return -KE_INVAL;
	t->lx_entry = entry;
	t->lx_lo = entry ? lo : 0;
	t->lx_hi = entry ? hi : 0;
	t->lx_intr_entry = intr;
	return 0;
}

/* SYS_LX_RETURN and SYS_LX_RESUME: the personality's way back to the Linux program,
 * after it has restored every other register itself. LX_RETURN keeps the tp it is made
 * with as the personality's (lx_enter gives it back) and puts the program's back; an
 * interrupt that came meanwhile goes to the interrupt entry instead, still inside.
 * LX_RESUME(pc, a7, tp, set_tp) changes where the next LX_RETURN goes (and, with
 * set_tp, the program's tp it restores): the old pc in a0, the program's old tp in a1. */
static __attribute__((noinline)) long sys_lx_return(struct thread *th, long nr)
{
	if (!th->task->lx_entry)
		return -KE_NOSYS;
	if (nr == SYS_LX_RESUME) {
		uint64_t old = th->lx_ret, old_tp = th->lx_utp;
		if (arg(th, 0) >= USER_TOP)
			return -KE_INVAL;
		th->lx_ret = arg(th, 0);
		th->lx_a7 = arg(th, 1);
		if (arg(th, 3))
			th->lx_utp = arg(th, 2);
		th->tf.regs[TF_A1] = old_tp;   /* (after the arguments are read: a1 is one) */
		return (long)old;
	}
	if (th->lx_intr && th->task->lx_intr_entry) {   /* interrupted while in the personality */
		th->lx_intr = 0;
		th->tf.regs[TF_PC] = th->task->lx_intr_entry;
		th->tf.regs[TF_A7] = th->lx_a7;   /* the program's registers, as at an entry */
		return (long)arg(th, 0);
	}
	th->tf.regs[TF_PC] = th->lx_ret;
	th->tf.regs[TF_A7] = th->lx_a7;
	th->lx_ptp = th->tf.regs[TF_TP];
	th->tf.regs[TF_TP] = th->lx_utp;
	return (long)arg(th, 0);
}

/* SYS_LX_INTERRUPT: the threads of Linux-ABI task t are to enter its personality's
 * interrupt entry (Linux's signal_wake_up; the personality asks its pager why). A thread
 * stopped in its program goes there now; one waiting on a notification wakes with
 * -KE_INTR; any other (in the personality, or waiting for a reply or its pager) at its
 * next SYS_LX_RETURN, NOTIFY_WAIT or return from a fault to its program. */
static __attribute__((noinline)) long sys_lx_interrupt(struct thread *th)
{
	long err;
	struct task *t = task_from_handle((long)arg(th, 0), RIGHT_CTRL, 0, &err);
	if (!t)
		return err;
	if (!t->lx_intr_entry)
		return -KE_INVAL;
	for (struct thread *x = t->threads; x; x = x->task_next) {
		x->lx_intr = 1;
		if (x->state == T_NOTIFY && !x->uninterrupted)
			notify_interrupt(x);
		else if (x->state == T_READY && x != th) {
			thread_hold(x);   /* its registers, if it runs on another hart */
			lx_interrupt_enter(x);
		}
	}
	return 0;
}

/* An ecall by a Linux-ABI task from outside its personality: continue at the
 * personality's entry (see sys_task_linux). */
void syscall_redirect(struct thread *th)
{
	lx_enter(th, th->task->lx_entry);
}

/* SYS_THREAD_AFFINITY: the CPUs th may run on. If this one is no longer among them,
 * th goes to another now (sched_migrate). */
static __attribute__((noinline)) long sys_thread_affinity(struct thread *th)
{
	uint64_t want = arg(th, 0), online = (1UL << nharts_online) - 1, old = th->affinity;
	if (!want)
		return (long)old;
	if (!(want & online))
		return -KE_INVAL;
	th->affinity = (uint32_t)(want & online);
	sched_migrate(th);
	return (long)old;
}

/* SYS_CPU: where the caller runs (a0) and how many CPUs run (a1). */
static __attribute__((noinline)) long sys_cpu(struct thread *th)
{
	th->tf.regs[TF_A1] = nharts_online;
	return (long)this_hart->cpu;
}

static __attribute__((noinline)) long sys_poweroff(struct thread *th)
{
	long err;
	if (!handle_get(th->task, (long)arg(th, 0), H_POWER, 0, &err))
		return err;
	poweroff((int)arg(th, 1));
}

static __attribute__((noinline)) long sys_yield(struct thread *th)
{
	(void)th;
	sched_yield();
	return 0;
}

static __attribute__((noinline)) long sys_thread_exit(struct thread *th)
{
	thread_destroy(th);
	return NORET;
}

long syscall_dispatch(struct thread *th)
{
	uint64_t nr = th->tf.regs[TF_A7];
	switch (nr) {   /* (trap_syscall tried SYS_CALL's and SYS_REPLY_RECV's fast paths) */
	case SYS_NULL: return 0;
	case SYS_CONSOLE_WRITE: return sys_console_write(th);
	case SYS_YIELD: return sys_yield(th);
	case SYS_CALL: case SYS_SEND: case SYS_RECV: case SYS_REPLY_RECV: return sys_ipc(th, (long)nr);
	case SYS_REPLY: return sys_reply(th);
	case SYS_CALLER_SAVE: return sys_caller_save(th);
	case SYS_NOTIFY_SIGNAL: case SYS_NOTIFY_WAIT: return sys_notify(th, (long)nr);
	case SYS_ENDPOINT_CREATE: case SYS_NOTIFY_CREATE: return sys_object_create(th, (long)nr);
	case SYS_HANDLE_COPY: return sys_handle_copy(th);
	case SYS_HANDLE_CLOSE: return sys_handle_close(th);
	case SYS_TASK_CREATE: return sys_task_create(th);
	case SYS_TASK_DESTROY: return sys_task_destroy(th);
	case SYS_THREAD_START: return sys_thread_start(th);
	case SYS_THREAD_EXIT: return sys_thread_exit(th);
	case SYS_SET_IPC_BUFFER: return sys_set_ipc_buffer(th);
	case SYS_MAP: return sys_map(th);
	case SYS_MAP_PAGES: return sys_map_pages(th);
	case SYS_UNMAP: case SYS_PROTECT: return sys_unmap_protect(th, (long)nr);
	case SYS_QUERY: return sys_query(th);
	case SYS_IRQ_BIND: case SYS_IRQ_ACK: return sys_irq(th, (long)nr);
	case SYS_POWEROFF: return sys_poweroff(th);
	case SYS_TASK_LINUX: return sys_task_linux(th);
	case SYS_LX_RETURN: case SYS_LX_RESUME: return sys_lx_return(th, (long)nr);
	case SYS_LX_INTERRUPT: return sys_lx_interrupt(th);
	case SYS_MOVE: return sys_move(th);
	case SYS_TASK_THREADS_END: return sys_task_threads_end(th);
	case SYS_CONSOLE_READ: return sys_console_read(th);
	case SYS_THREAD_AFFINITY: return sys_thread_affinity(th);
	case SYS_CPU: return sys_cpu(th);
	case SYS_KSTAT: return sys_kstat(th);
	case SYS_WINDOW_WRITE: return ipc_window_write(th, arg(th, 0), arg(th, 1), arg(th, 2));
	default: return -KE_NOSYS;
	}
}
