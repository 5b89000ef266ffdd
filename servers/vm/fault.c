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

/* The signal for an exception cause: SIGSEGV 11, SIGILL 4, SIGBUS 7, SIGTRAP 5. */
static int signal_of(uint64_t scause)
{
	switch (scause) {
	case 2: return 4;                     /* illegal instruction */
	case 3: return 5;                     /* breakpoint */
	case 0: case 4: case 6: return 7;     /* misaligned */
	default: return 11;
	}
}

static void end_with_signal(struct proc *p, const struct msg *m, int sig, const char *why)
{
	struct vm_wait_rep end = {128 + sig, m->w[0], m->w[2], m->w[3]};
	log_printf("vm: %s (id %lu) killed by signal %d: %s at address %lx, pc %lx\n",
	           p->name, p->badge, sig, why, m->w[0], m->w[2]);
	proc_end(p, &end);
}

int fault_handle(struct proc *p, const struct msg *m)
{
	uint64_t addr = m->w[0], access = m->w[1];
	if (IPC_TAG_LABEL(m->tag) != FAULT_LABEL_PAGE) {
		end_with_signal(p, m, signal_of(m->w[3]), "exception");
		return 0;
	}
	uint64_t pa;
	if (!anon_region(addr) || k_query(p->task, addr & ~(PAGE_SIZE - 1), &pa) >= 0 ||
	    access == FAULT_ACCESS_EXEC) {
		end_with_signal(p, m, 11, "invalid access");
		return 0;
	}
	pa = frame_alloc(p->idx);
	long mem;
	uint64_t off;
	if (!pa || frame_handle(pa, &mem, &off) < 0 ||
	    k_map(p->task, addr & ~(PAGE_SIZE - 1), mem, off, 1, PERM_R | PERM_W) < 0) {
		if (pa)
			frame_free(pa);
		end_with_signal(p, m, 9, "out of memory");
		return 0;
	}
	p->faults++;
	return 1;
}
