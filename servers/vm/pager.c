/* pager.c - the pager: a fault is checked against the task's VMAs (lib/vm); a valid
 * access to anonymous memory gets a zeroed frame; anything else becomes the signal Linux
 * would send, delivered to the task's handler or ending the task with a message. The
 * redirect to the handler's trampoline overwrites pc, sp, a0 and a1; the fault message
 * brings them, each fault's are recorded in the faulting thread's state (its badge says
 * which: threads.h), and a redirect lets the thread ask for them once (VM_FAULT_REGS),
 * so that its handler may return to the fault. A thread stays blocked from its fault
 * until the reply, across a page-in too (filemap.c), so one record per thread is enough.
 * Anonymous pages, private or shared, are made here; a memory object whose type has its
 * own fault function (a file) resolves the fault itself. A fault the task cannot survive
 * marks it to end (proc_doom): ending tasks is proc.c's, above. */
#include "pager.h"
#include "frames.h"
#include "rt/log.h"
#include "mm.h"
#include "pagemap.h"
#include "abi/fault.h"
#include "memobj.h"
#include "threads.h"
#include "vmlock.h"

/* The signal and si_code for an exception cause: SIGILL 4, SIGTRAP 5, SIGBUS 7. */
static int signal_of(uint64_t scause, int *code)
{
	switch (scause) {
	case 2: *code = 1; return 4;                   /* illegal instruction: ILL_ILLOPC */
	case 3: *code = 1; return 5;                   /* breakpoint: TRAP_BRKPT */
	case 0: case 4: case 6: *code = 1; return 7;   /* misaligned: BUS_ADRALN */
	default: *code = 1; return 11;
	}
}

/* The signal's si_addr: the address of an access, but the instruction's for an illegal
 * one or a breakpoint (whose stval holds the instruction's bits or its pc), as Linux. */
static uint64_t si_addr(const struct msg *m)
{
	int insn = IPC_TAG_LABEL(m->tag) != FAULT_LABEL_PAGE && (m->w[3] == 2 || m->w[3] == 3);
	return insn ? m->w[2] : m->w[0];
}

int fault_signal(struct proc *p, struct thread_state *t, const struct msg *m, int sig, int code,
                 const char *why, struct msg *reply)
{
	if (p->sig_trampoline[sig]) {
		t->fault_regs_ok = 1;
		reply->tag = IPC_TAG(FAULT_REPLY_REDIRECT, 0, 4);
		reply->w[0] = p->sig_trampoline[sig];
		reply->w[1] = p->sig_stack[sig];
		reply->w[2] = (uint64_t)sig | (uint64_t)code << 8;
		reply->w[3] = si_addr(m);
		return 1;
	}
	struct vm_wait_rep end = {128 + sig, m->w[0], m->w[2], m->w[3], (uint64_t)sig};
	log_printf("vm: %s (id %lu) killed by signal %d: %s at address %lx, pc %lx\n",
	           p->name, p->badge, sig, why, m->w[0], m->w[2]);
	proc_doom(p, &end);
	return 0;
}

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

long do_vm_fault_regs(struct proc *p, const struct vm_fault_regs_req *q, struct vm_fault_regs_rep *r)
{
	struct thread_state *t = thread_of(p, q->tid);
	if (!t || !t->fault_regs_ok)
		return -KE_INVAL;
	t->fault_regs_ok = 0;
	*r = (struct vm_fault_regs_rep){t->fault_regs[0], t->fault_regs[1], t->fault_regs[2], t->fault_regs[3]};
	return 0;
}

/* Record the registers a redirect of t's fault m would overwrite, unless a redirect's
 * record not yet asked for is there (a fault on the trampoline's own stack comes before
 * it is). */
static void record_regs(struct thread_state *t, const struct msg *m)
{
	if (!t->fault_regs_ok)
		t->fault_regs[0] = m->w[2], t->fault_regs[1] = m->w[4], t->fault_regs[2] = m->w[5],
		t->fault_regs[3] = m->w[6];
}

/* The fast path's private anonymous fault at page va: a page kept (made accessible, or
 * copied on a write), or a first touch, which *reply maps (mm_install_by_reply). 1
 * served, 0 the full path must. */
static int anon_fast(struct proc *p, const struct vm_area *v, uint64_t va, int write, struct msg *reply)
{
	sl_lock(&p->fault_lock);
	uint64_t e = pm_get(&p->pm, va);
	int done = e && mm_remap(p, v, va, e, write) == 0;   /* kept, or copy-on-write */
	sl_unlock(&p->fault_lock);
	if (!e) {   /* a first touch: a frame zeroed outside the task's lock */
		uint64_t pa = frame_alloc(p->idx);
		if (!pa)
			return 0;   /* no frame: the full path picks a task to end */
		sl_lock(&p->fault_lock);
		done = !pm_get(&p->pm, va) && mm_install_by_reply(p, va, pa, mm_perms(v->flags), reply) == 0;
		sl_unlock(&p->fault_lock);
		if (!done)   /* another thread's fault got there first, or no room in a table */
			frame_put_from(pa, p->idx);
	}
	return done;
}

int fault_fast(struct proc *p, struct thread_state *t, struct msg *m)
{
	uint64_t va = m->w[0] & ~(PAGE_SIZE - 1);
	if (IPC_TAG_LABEL(m->tag) != FAULT_LABEL_PAGE || p->doomed || p->dying)
		return 0;
	const struct vm_area *v = vm_fault_ready(&p->mm, m->w[0], (unsigned)m->w[1]);
	if (!v || v->priv == MM_DEVICE_VMA)
		return 0;
	const struct memobj_type *type = v->file ? memobj_of(v->file)->type : 0;
	record_regs(t, m);   /* (before a map reply's words take the fault's place in m) */
	int done = !v->file ? anon_fast(p, v, va, (m->w[1] & FAULT_ACCESS_WRITE) != 0, m)
	                    : type->fault_fast && type->fault_fast(p, v, va, m->w[1]);
	if (!done)
		return 0;   /* (m as it came: a map reply is written only when it is the answer) */
	__atomic_fetch_add(&p->faults, 1, __ATOMIC_RELAXED);
	if (IPC_TAG_LABEL(m->tag) != FAULT_REPLY_MAP)
		m->tag = IPC_TAG(FAULT_REPLY_RESUME, 0, 0);
	return 1;
}

int fault_handle(struct proc *p, struct thread_state *t, uint64_t badge, struct msg *m)
{
	uint64_t addr = m->w[0], access = m->w[1];
	struct msg in = *m;
	int code;
	record_regs(t, &in);
	m->tag = IPC_TAG(FAULT_REPLY_RESUME, 0, 0);
	if (IPC_TAG_LABEL(in.tag) != FAULT_LABEL_PAGE) {
		int sig = signal_of(in.w[3], &code);
		return fault_signal(p, t, &in, sig, code, "exception", m);
	}
	struct vm_area *v;
	int r = vm_fault_check(&p->mm, addr, (unsigned)access, &v);
	if (r != 0)
		return fault_signal(p, t, &in, 11, r == VM_SEGV_ACCERR ? 2 : 1, "invalid access", m);
	uint64_t va = addr & ~(PAGE_SIZE - 1), perms = mm_perms(v->flags);
	uint64_t pa = pm_get(&p->pm, va);
	if (v->file && memobj_of(v->file)->type->fault) {
		return memobj_of(v->file)->type->fault(p, badge, v, va, m);
	} else if (pa) {   /* not mapped this way yet: kept while not accessible, or after a fork */
		if (mm_remap(p, v, va, pa, (access & FAULT_ACCESS_WRITE) != 0) == 0) {
			p->faults++;
			return 1;
		}
	} else if (v->priv == MM_DEVICE_VMA) {   /* device registers that were dropped */
		return fault_signal(p, t, &in, 7, 2, "device page gone", m);
	} else if ((r = mm_new_page(p, v, va, &pa)) == 0) {   /* nothing mapped at va: the reply maps */
		if (mm_install_by_reply(p, va, pa, perms, m) == 0) {
			p->faults++;
			return 1;
		}
		frame_put_from(pa, p->idx);
	} else if (r == -VM_EFAULT) {
		return fault_signal(p, t, &in, 7, 2, "past the end of its object", m);
	}
	return fault_oom(p, &in);
}

/* The task fault_oom ends when p's fault finds no frame: of the tasks spawned or forked
 * (not the boot tasks) and not already ending, the one charged with the most frames,
 * if it has more than p (a boot task p: any frame). Else p. */
static struct proc *oom_victim(struct proc *p)
{
	static uint32_t count[MAX_PROCS];
	frames_count_owners(count, MAX_PROCS);
	struct proc *v = p;
	uint32_t most = p->badge < 0x100 ? 0 : count[p->idx];
	for (struct proc *q = proc_next(0); q; q = proc_next(q))
		if (q->badge >= 0x100 && !q->doomed && !q->dying && count[q->idx] > most)
			v = q, most = count[q->idx];
	return v;
}

int fault_oom(struct proc *p, const struct msg *m)
{
	struct proc *v = oom_victim(p);
	struct vm_wait_rep end = {128 + 9, v == p ? m->w[0] : 0, v == p ? m->w[2] : 0, v == p ? m->w[3] : 0, 9};
	log_printf("vm: %s (id %lu) killed: out of memory (%s at address %lx)\n", v->name, v->badge,
	           v == p ? "its fault" : p->name, m->w[0]);
	proc_doom(v, &end);
	return v != p;
}
