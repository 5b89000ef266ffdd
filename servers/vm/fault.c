/* fault.c - the pager's policy until the VMA tree arrives: the heap window and the
 * stack are demand-zero anonymous memory; any other fault ends the task with the
 * signal Linux would send, and a message on the console. */
#include "fault.h"
#include "frames.h"
#include "rt/log.h"
#include "rt/layout.h"
#include "abi/fault.h"

static int anon_region(uint64_t addr)
{
	return (addr >= USER_HEAP_BASE && addr < USER_HEAP_END) ||
	       (addr >= USER_STACK_TOP - USER_STACK_MAX && addr < USER_STACK_TOP);
}

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

/* Deliver signal sig to p: to its handler (the reply redirects the thread: returns 1),
 * or by ending the task (returns 0). */
static int signal_task(struct proc *p, const struct msg *m, int sig, int code, const char *why,
                       struct msg *reply)
{
	if (p->sig_trampoline[sig]) {
		reply->tag = IPC_TAG(FAULT_REPLY_REDIRECT, 0, 4);
		reply->w[0] = p->sig_trampoline[sig];
		reply->w[1] = p->sig_stack[sig];
		reply->w[2] = (uint64_t)sig | (uint64_t)code << 8;
		reply->w[3] = m->w[0];
		return 1;
	}
	struct vm_wait_rep end = {128 + sig, m->w[0], m->w[2], m->w[3]};
	log_printf("vm: %s (id %lu) killed by signal %d: %s at address %lx, pc %lx\n",
	           p->name, p->badge, sig, why, m->w[0], m->w[2]);
	proc_end(p, &end);
	return 0;
}

int fault_handle(struct proc *p, struct msg *m)
{
	uint64_t addr = m->w[0], access = m->w[1];
	struct msg in = *m;
	int code;
	m->tag = IPC_TAG(FAULT_REPLY_RESUME, 0, 0);
	if (IPC_TAG_LABEL(in.tag) != FAULT_LABEL_PAGE) {
		int sig = signal_of(in.w[3], &code);
		return signal_task(p, &in, sig, code, "exception", m);
	}
	uint64_t pa;
	int mapped = k_query(p->task, addr & ~(PAGE_SIZE - 1), &pa) >= 0;
	if (!anon_region(addr) || mapped || access == FAULT_ACCESS_EXEC)
		return signal_task(p, &in, 11, mapped ? 2 : 1, "invalid access", m);
	pa = frame_alloc(p->idx);
	long mem;
	uint64_t off;
	if (!pa || frame_handle(pa, &mem, &off) < 0 ||
	    k_map(p->task, addr & ~(PAGE_SIZE - 1), mem, off, 1, PERM_R | PERM_W) < 0) {
		if (pa)
			frame_free(pa);
		struct vm_wait_rep end = {128 + 9, in.w[0], in.w[2], in.w[3]};
		log_printf("vm: %s (id %lu) killed: out of memory at address %lx\n", p->name, p->badge, addr);
		proc_end(p, &end);
		return 0;
	}
	p->faults++;
	return 1;
}
