/* lx_entry.S - the personality's ways in and out (see lx.h).
 *
 * lx_syscall_entry is the first instruction of the personality's text, LX_BASE: the
 * kernel continues a Linux-ABI thread here after its ecall, every register as it was.
 * The registers are saved in lx_sys_regs (one thread per task), t0 first through the
 * word below the program's sp (riscv64 Linux has no red zone), and lx_dispatch() serves
 * the call on the personality's own stack, lx_sys_stack: so what lies below the
 * program's sp stays free for signal frames. lx_dispatch may change the saved registers
 * (a signal handler's entry, rt_sigreturn). lx_leave loads them back; the way out is the
 * native SYS_LX_RETURN: the kernel puts back the pc and a7 it kept (or those set with
 * SYS_LX_RESUME), a0 is the result. */
#define SYS_LX_RETURN 28   /* abi/syscall.h (an enum; lx_main.c checks the value) */
#define SYS_STACK 16384
#define R(n) (8 * (n))(t0)
	.section .text.entry, "ax"
	.globl lx_syscall_entry
/* Save x1-x31 in lx_sys_regs (t0 through the word below the program's sp) and switch
 * to lx_sys_stack; a0 = lx_sys_regs. */
.macro SAVE_REGS
	sd	t0, -8(sp)
	lla	t0, lx_sys_regs
	sd	x1, R(1)
	sd	x2, R(2)
	.irp n, 3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, R(\n)
	.endr
	ld	t1, -8(sp)
	sd	t1, R(5)
	lla	sp, lx_sys_stack + SYS_STACK
	mv	a0, t0
.endm
lx_syscall_entry:
	SAVE_REGS
	call	lx_dispatch
	lla	a0, lx_sys_regs
	/* fall through */

/* lx_leave(const struct lx_regs *r): load x1-x31 from r and return to the program with
 * SYS_LX_RETURN (a0 is the result it passes on; a7 and the pc are the kernel's). */
	.globl lx_leave
lx_leave:
	mv	t0, a0
	ld	x1, R(1)
	.irp n, 3,4,6,7,8,9,10,11,12,13,14,15,16,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, R(\n)
	.endr
	ld	x2, R(2)
	ld	x5, R(5)
	li	a7, SYS_LX_RETURN
	ecall
	/* not reached: SYS_LX_RETURN fails only for a task that is not Linux-ABI */
1:	j	1b

	.bss
	.balign 16
	.globl lx_sys_regs
lx_sys_regs:
	.skip	32 * 8
lx_sys_stack:
	.skip	SYS_STACK
	.globl lx_sys_stack_top
lx_sys_stack_top:
	.text

/* lx_fork_child: where the thread of a fork's child starts (VM_FORK, lx_fork.c), on the
 * top of lx_sys_stack; lx_sys_regs holds the parent's registers at its clone call, and
 * lx_fork_child_init makes them the child's (a0 = 0) before it leaves the call. */
	.globl lx_fork_child
lx_fork_child:
	call	lx_fork_child_init
	lla	a0, lx_sys_regs
	j	lx_leave

/* lx_intr_entry: where the kernel sends the thread when the VM server has a signal for
 * it (SYS_LX_INTERRUPT, VM_SIGSTATE), every register as the program had it (a0 the
 * result, when a call was ending); lx_interrupted takes the signals and delivers them,
 * and the way out is a call's. */
	.globl lx_intr_entry
	.balign 4   /* SYS_TASK_LINUX takes only aligned entries */
lx_intr_entry:
	SAVE_REGS
	call	lx_interrupted
	lla	a0, lx_sys_regs
	j	lx_leave

/* lx_fault_entry: where the VM server sends the thread on a fault of the program it
 * could not resolve (VM_SIGACTION, lx_signal.c): sp = the top of fault_stack, a0 = sig |
 * si_code << 8, a1 = the address, every other register but pc as at the fault. They are
 * saved on fault_stack and lx_fault_begin completes them into lx_sys_regs (or ends a copy
 * that faulted, or the program); then lx_fault_deliver builds the handler's frame from
 * the personality's own stack, where a fault in that copy finds fault_stack free, and
 * lx_leave enters the handler. */
	.globl lx_fault_entry
lx_fault_entry:
	addi	sp, sp, -(32 * 8)
	sd	x1, 8(sp)
	.irp n, 3,4,5,6,7,8,9,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (8 * \n)(sp)
	.endr
	mv	a2, sp
	call	lx_fault_begin
	lla	sp, lx_sys_stack + SYS_STACK
	call	lx_fault_deliver
	lla	a0, lx_sys_regs
	j	lx_leave

/* lx_start: the first thread's start, before the program's. a0 = the program's entry,
 * sp = its initial stack (argc, argv, envp, auxv). lx_init sets up the personality;
 * then the program starts as Linux starts it: a0 = 0 (no rtld_fini), the rest zero. */
	.globl lx_start
lx_start:
	mv	s0, a0
	mv	s1, sp
	addi	sp, sp, -16
	mv	a0, s1
	call	lx_init
	mv	sp, s1
	mv	t0, s0
	li	a0, 0
	li	ra, 0
	li	s0, 0
	li	s1, 0
	jr	t0

/* lx_exec_start(entry, sp): where an execve continues once VM_EXECVE has put the new
 * image in place (lx_exec.c): the FP registers zero, as Linux starts a program, and the
 * start of a spawned program's first thread, on the new initial stack. */
	.globl lx_exec_start
lx_exec_start:
	mv	sp, a1
	.option push
	.option arch, +d
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x	f\n, zero
	.endr
	fscsr	zero
	.option pop
	j	lx_start

/* lx_sigreturn_tramp: where a Linux signal handler returns to (ra; Linux's vDSO
 * __vdso_rt_sigreturn). It makes the rt_sigreturn call as the program would, but the
 * ecall is inside the personality and so would reach the kernel: enter the system call
 * path directly instead. */
	.globl lx_sigreturn_tramp
lx_sigreturn_tramp:
	li	a7, 139
	j	lx_syscall_entry

/* lx_fp_save(uint64_t f[33]) and lx_fp_restore(const uint64_t f[33]): f0-f31 and fcsr,
 * for the FP state of a signal frame. */
	.option push
	.option arch, +d
	.globl lx_fp_save, lx_fp_restore
lx_fp_save:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (8 * \n)(a0)
	.endr
	frcsr	t0
	sd	t0, 256(a0)
	ret
lx_fp_restore:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (8 * \n)(a0)
	.endr
	ld	t0, 256(a0)
	fscsr	t0
	ret
	.option pop

/* lx_catch(uint64_t ctx[14]) saves ra, sp and s0-s11 and returns 0; lx_throw(ctx)
 * returns from that lx_catch a second time, with 1: how a fault in a copy from or to
 * the program's memory becomes EFAULT (lx_uaccess.c). */
	.globl lx_catch, lx_throw
lx_catch:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	sd	s\n, (16 + 8 * \n)(a0)
	.endr
	li	a0, 0
	ret
lx_throw:
	ld	ra, 0(a0)
	ld	sp, 8(a0)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	s\n, (16 + 8 * \n)(a0)
	.endr
	li	a0, 1
	ret
