/* trap.c - dispatch a trap from user mode: interrupt, system call or fault, then resume
 * the thread the scheduler picks. The kernel never runs with interrupts enabled: when
 * nothing is ready a hart waits here (hart_idle) with wfi, without the lock, and polls
 * sip. */
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
#include "hart.h"
#include "abi/fault.h"
#include "abi/syscall.h"

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

/* The timer: wake the threads whose deadline has come, and end the slice if it has. */
static void timer_interrupt(void)
{
	uint64_t now = rdtime();
	struct thread *th;
	while ((th = timeout_expired(now)))
		notify_timed_out(th);
	sched_tick(now);
}

/* Handle whatever interrupt is pending (timer, PLIC, another hart's IPI) without a trap. */
static void poll_interrupts(void)
{
	uint64_t sip = csr_read(sip);
	if (sip & SIE_SSIE)
		csr_clear(sip, SIE_SSIE);   /* a kick: the caller looks at the queues */
	if (sip & (1UL << IRQ_S_TIMER))
		timer_interrupt();
	if (sip & (1UL << IRQ_S_EXT))
		irq_handle();
}

/* Called by trap_entry.S with the lock held when nobody can run here and no thread's
 * registers are left in this hart's: drop the address space and the FP registers (so
 * that no other hart ever has to wait for this one), then wait for an interrupt or a
 * kick without the lock, until there is somebody to run; return its trapframe. */
struct trapframe *hart_idle(void)
{
	struct thread *th;
	fpu_leave();
	if (this_hart->vm_loaded)
		vm_load_kernel();
	do {
		sched_idle_enter();
		kernel_unlock();
		wfi();
		kernel_lock();
		sched_idle_leave();
		poll_interrupts();
	} while (!(th = sched_pick()));
	return prepare_return(th);
}

/* The trapframe of the thread to run next here, or NULL if there is none. */
static inline __attribute__((always_inline)) struct trapframe *next_frame(void)
{
	struct thread *th = sched_pick();
	return __builtin_expect(th != 0, 1) ? prepare_return(th) : 0;
}

/* Called by trap_enter_first, lock held: the trapframe of the first thread to run. */
struct trapframe *trap_first(void)
{
	struct trapframe *tf = next_frame();
	return tf ? tf : hart_idle();
}

static void handle_exception(uint64_t cause)
{
	/* With FS = Off, an F/D instruction is illegal: lend the FPU and retry it. */
	if (cause == EXC_ILLEGAL && fpu_claim(current, csr_read(sstatus)))
		return;
	uint64_t access, need = 0, stval = csr_read(stval);
	switch (cause) {
	case EXC_INST_PAGE: need = PTE_X; /* fall through */
	case EXC_INST_ACCESS: access = FAULT_ACCESS_EXEC; break;
	case EXC_LOAD_PAGE: need = PTE_R; /* fall through */
	case EXC_LOAD_ACCESS: access = FAULT_ACCESS_READ; break;
	case EXC_STORE_PAGE: need = PTE_W; /* fall through */
	case EXC_STORE_ACCESS: access = FAULT_ACCESS_WRITE; break;
	default: access = 0; break;
	}
	/* A page fault the page table does not explain: this hart's TLB was older than a
	 * mapping made or widened without a shootdown (sv39.h). Retry. */
	if (need && vm_fault_is_stale(&current->task->as, stval, need))
		return;
	ipc_fault(current, cause, stval, access);
}

/* Called by trap_entry.S with the user registers saved and the lock held, for every
 * trap but an ecall (trap_syscall) and for an ecall a stall took away; returns the
 * trapframe of the thread to resume (see trap_entry.S for which registers it then
 * reloads), or NULL if nobody can run here now. */
struct trapframe *trap_handler(void)
{
	uint64_t cause = csr_read(scause);
	if (__builtin_expect(this_hart->abandoned, 0)) {
		/* A stall took the thread away before this trap was handled (hart_stall):
		 * its ecall or faulting instruction runs again when it is resumed. */
		this_hart->abandoned = 0;
		poll_interrupts();
	} else if (cause & SCAUSE_INTR) {
		uint64_t irq = cause & ~SCAUSE_INTR;
		if (irq == IRQ_S_TIMER)
			timer_interrupt();
		else if (irq == IRQ_S_EXT)
			irq_handle();
		else
			csr_clear(sip, SIE_SSIE);   /* IRQ_S_SOFT: a kick, handled by the pick below */
	} else {
		handle_exception(cause);
	}
	return next_frame();
}

_Static_assert(SYS_CALL == 3 && SYS_REPLY_RECV == 6, "asm_layout.h's SYSNR_*");

/* Called by trap_entry.S like trap_handler, for an ecall from user mode whose IPC fast
 * path (ipc_fast_trap) did not take it: the system call, unless a stall took the thread
 * away (trap_handler's case) or its task sends its ecalls elsewhere (Linux ABI). */
struct trapframe *trap_syscall(void)
{
	if (__builtin_expect(this_hart->abandoned, 0))
		return trap_handler();
	struct thread *th = current;
	const struct task *t = th->task;
	uint64_t pc = th->tf.regs[TF_PC];
	th->tf.regs[TF_PC] = pc + 4;
	if (__builtin_expect(t->lx_entry && !lx_inside(t, pc), 0)) {
		syscall_redirect(th);
	} else {
		long r = syscall_dispatch(th);
		if (r != NORET && th->state != T_FREE)
			th->tf.regs[TF_A0] = (uint64_t)r;
	}
	return next_frame();
}

/* From trap_entry.S: a trap in the kernel itself, with the ra and sp it had. */
_Noreturn void kernel_trap(uint64_t ra, uint64_t sp)
{
	kprintf("\nkernel trap: scause %lx sepc %lx stval %lx ra %lx sp %lx, hart %lu\n", csr_read(scause),
	        csr_read(sepc), csr_read(stval), ra, sp, this_hart->hartid);
	panic("trap in kernel mode");
}
