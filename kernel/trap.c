/* trap.c - dispatch a trap from user mode: interrupt, system call or fault, then resume
 * the thread the scheduler picks. The kernel never runs with interrupts enabled: when
 * nothing is ready it waits here with wfi and polls sip. */
#include "trap.h"
#include "riscv.h"
#include "sched.h"
#include "ipc.h"
#include "timeout.h"
#include "irq.h"
#include "sysdispatch.h"
#include "console.h"
#include "power.h"
#include "fpu.h"
#include "abi/fault.h"

void trap_init(void (*entry)(void))
{
	csr_write(sscratch, 0);
	csr_write(stvec, (uint64_t)entry);
	/* FS = Off: no thread owns the floating-point registers yet (fpu.h). */
	csr_clear(sstatus, SSTATUS_SIE | SSTATUS_SUM | SSTATUS_SPP | SSTATUS_FS);
	/* sret goes to user mode with interrupts on. Every trap from user mode leaves
	 * SPP = 0 and SPIE = 1 again, so this holds for every later return too. */
	csr_set(sstatus, SSTATUS_SPIE);
	csr_write(scounteren, 0x7);   /* user mode may read cycle, time, instret */
}

/* Load th's address space if it is not the current one, give it the FPU or take it
 * away (sstatus.FS); return its trapframe. Inline: it is on every system call's path. */
static inline __attribute__((always_inline)) struct trapframe *prepare_return(struct thread *th)
{
	vm_switch(&th->task->as);
	fpu_resume(th);
	return &th->tf;
}

/* The timer: wake the threads whose deadline has come, and end the slice if it has. */
static void timer_interrupt(void)
{
	uint64_t now = rdtime();
	struct thread *th;
	while ((th = timeout_expired(now)))
		notify_timed_out(th);
	sched_tick(now);
}

/* Handle whatever interrupt is pending (timer, PLIC) without a trap. */
static void poll_interrupts(void)
{
	uint64_t sip = csr_read(sip);
	if (sip & (1UL << IRQ_S_TIMER))
		timer_interrupt();
	if (sip & (1UL << IRQ_S_EXT))
		irq_handle();
}

/* Nobody can run: wait for an interrupt and handle it until somebody can; return it. */
static __attribute__((noinline)) struct thread *idle(void)
{
	struct thread *th;
	do {
		wfi();
		poll_interrupts();
	} while (!(th = sched_pick()));
	return th;
}

/* The thread to run next. Inline, with the wait out of line: the common case is
 * sched_pick()'s inline one, which is never NULL. */
static inline __attribute__((always_inline)) struct thread *next_thread(void)
{
	struct thread *th = sched_pick();
	return __builtin_expect(th != 0, 1) ? th : idle();
}

/* Called by trap_enter_first: the trapframe of the first thread to run. */
struct trapframe *trap_first(void)
{
	return prepare_return(next_thread());
}

static void handle_exception(uint64_t cause)
{
	/* With FS = Off, an F/D instruction is illegal: lend the FPU and retry it. */
	if (cause == EXC_ILLEGAL && fpu_claim(current, csr_read(sstatus)))
		return;
	uint64_t access;
	switch (cause) {
	case EXC_INST_PAGE: case EXC_INST_ACCESS: access = FAULT_ACCESS_EXEC; break;
	case EXC_LOAD_PAGE: case EXC_LOAD_ACCESS: access = FAULT_ACCESS_READ; break;
	case EXC_STORE_PAGE: case EXC_STORE_ACCESS: access = FAULT_ACCESS_WRITE; break;
	default: access = 0; break;
	}
	ipc_fault(current, cause, csr_read(stval), access);
}

/* Called by trap_entry with the user registers saved; returns the trapframe of the
 * thread to resume (see trap_entry.S for which registers it then reloads). */
struct trapframe *trap_handler(void)
{
	uint64_t cause = csr_read(scause);
	if (cause & SCAUSE_INTR) {
		uint64_t irq = cause & ~SCAUSE_INTR;
		if (irq == IRQ_S_TIMER)
			timer_interrupt();
		else if (irq == IRQ_S_EXT)
			irq_handle();
	} else if (cause == EXC_ECALL_U) {
		const struct task *t = current->task;
		uint64_t pc = current->tf.regs[TF_PC];
		current->tf.regs[TF_PC] = pc + 4;
		if (t->lx_entry && !lx_inside(t, pc))
			syscall_redirect(current);
		else
			syscall_dispatch(current);
	} else {
		handle_exception(cause);
	}
	return prepare_return(next_thread());
}

_Noreturn void kernel_trap(void)
{
	kprintf("\nkernel trap: scause %lx sepc %lx stval %lx\n", csr_read(scause),
	        csr_read(sepc), csr_read(stval));
	panic("trap in kernel mode");
}
