/* lx_entry.S - the personality's ways in and out (see lx.h, lx_thread.h).
 *
 * lx_syscall_entry is the first instruction of the personality's text, LX_BASE: the
 * kernel continues a Linux-ABI thread here after its ecall, every register as it was
 * but tp, which is the thread's block (struct lx_thread, the program's tp kept by the
 * kernel). The registers are saved at the block's start, and lx_dispatch() serves the
 * call on the block's stack: so what lies below the program's sp stays free for signal
 * frames. lx_dispatch may change the saved registers (a signal handler's entry,
 * rt_sigreturn). lx_leave loads them back; the way out is the native SYS_LX_RETURN: the
 * kernel puts back the pc, a7 and tp it kept (or those set with SYS_LX_RESUME), a0 is
 * the result. */
#define SYS_LX_RETURN 28   /* abi/syscall.h (an enum; lx_main.c checks the values) */
#define SYS_LX_RESUME 29
#define LX_BLOCK 0x10000   /* lx_thread.h: a block's size, ... */
#define LX_FAULT_STACK 0x2000   /* ... its fault stack at the top, the calls' below */
#define R(n) (8 * (n))(t0)
	.section .text.entry, "ax"
	.globl lx_syscall_entry
/* Save x1-x31 at the block's start (tp) and switch to its call stack; a0 = the block. */
.macro SAVE_REGS
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (8 * \n)(tp)
	.endr
	li	sp, LX_BLOCK - LX_FAULT_STACK
	add	sp, sp, tp
	mv	a0, tp
.endm
lx_syscall_entry:
	SAVE_REGS
	call	lx_dispatch
	mv	a0, tp
	/* fall through */

/* lx_leave(const struct lx_regs *r): load x1-x31 from r (tp: the block again) and return
 * to the program with SYS_LX_RETURN (a0 is the result it passes on; a7, the pc and the
 * program's tp are the kernel's). */
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

/* lx_fork_child: where the thread of a fork's child starts (VM_FORK, lx_fork.c), at the
 * call stack's top of the block of the thread that called fork (tp is 0: the block is
 * found from sp); its saved registers are the parent's at its clone call, and
 * lx_fork_child_init makes them the child's (a0 = 0) before it leaves the call. */
	.globl lx_fork_child
lx_fork_child:
	addi	tp, sp, -1
	li	t0, -LX_BLOCK
	and	tp, tp, t0
	call	lx_fork_child_init
	mv	a0, tp
	j	lx_leave

/* lx_thread_start: where a new thread of the program starts (VM_THREAD_NEW, lx_thread.c),
 * a0 = its block, sp = the top of the block's call stack; lx_thread_begin fills in its
 * registers (the parent's at clone, a0 = 0, its stack and TLS) and it leaves the call. */
	.globl lx_thread_start
	.balign 4
lx_thread_start:
	mv	tp, a0
	call	lx_thread_begin
	mv	a0, tp
	j	lx_leave

/* lx_thread_end(flag): the last steps of a thread that exits alone (lx_thread.c), once
 * the lock is let go of: its block is marked free (*flag = 0) and the thread ends with
 * SYS_THREAD_EXIT, touching no memory in between (another thread may take the block). */
#define SYS_THREAD_EXIT 16
	.globl lx_thread_end
lx_thread_end:
	li	a7, SYS_THREAD_EXIT
	fence	rw, w
	sw	zero, 0(a0)
	ecall
2:	j	2b

/* lx_intr_entry: where the kernel sends the thread when the VM server has a signal for
 * it (SYS_LX_INTERRUPT, VM_SIGSTATE), every register as the program had it (a0 the
 * result, when a call was ending) but tp, the block; lx_interrupted takes the signals and
 * delivers them, and the way out is a call's. */
	.globl lx_intr_entry
	.balign 4   /* SYS_TASK_LINUX takes only aligned entries */
lx_intr_entry:
	SAVE_REGS
	call	lx_interrupted
	mv	a0, tp
	j	lx_leave

/* lx_fault_entry: where the VM server sends the thread on a fault of the program it
 * could not resolve (VM_SIGACTION, lx_signal.c): a0 = sig | si_code << 8, a1 = the
 * address, tp = the block (the kernel swaps it in when the redirect enters the
 * personality from the program), every other register but pc and sp as at the fault.
 * They are saved on the block's fault stack (the sp the VM server gave is not used) and
 * lx_fault_begin completes them into the block's registers (or ends a copy that
 * faulted, or the program); then lx_fault_deliver builds the handler's frame from the
 * call stack, where a fault in that copy finds the fault stack free, and lx_leave
 * enters the handler. */
	.globl lx_fault_entry
	.balign 4
lx_fault_entry:
	li	sp, LX_BLOCK - 32 * 8
	add	sp, sp, tp
	sd	x1, 8(sp)
	.irp n, 3,4,5,6,7,8,9,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (8 * \n)(sp)
	.endr
	mv	a2, sp
	call	lx_fault_begin
	li	sp, LX_BLOCK - LX_FAULT_STACK
	add	sp, sp, tp
	call	lx_fault_deliver
	mv	a0, tp
	j	lx_leave

/* lx_start: the first thread's start, before the program's. a0 = the program's entry,
 * sp = its initial stack (argc, argv, envp, auxv). lx_init sets up the personality on the
 * first block (or, after an execve, the caller's); then the program starts as Linux
 * starts it, by the way out of a call: a0 = 0 (no rtld_fini), tp 0, its pc the entry. */
	.globl lx_start
lx_start:
	mv	s0, a0
	mv	s1, sp
	call	lx_thread_first
	mv	tp, a0
	li	sp, LX_BLOCK - LX_FAULT_STACK
	add	sp, sp, tp
	mv	a0, s1
	call	lx_init
	mv	a0, s0
	li	a1, 0
	li	a2, 0
	li	a3, 1
	li	a7, SYS_LX_RESUME
	ecall
	mv	sp, s1
	.irp r, ra,t0,t1,t2,s0,s1,a1,a2,a3,a4,a5,a6
	li	\r, 0
	.endr
	li	a0, 0
	li	a7, SYS_LX_RETURN
	ecall
3:	j	3b

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
 * __vdso_rt_sigreturn). It makes the rt_sigreturn call as the program would, from a
 * segment of its own outside the personality's text (linux.ld), so that the kernel
 * redirects it as it does the program's calls (and gives the thread its block in tp). */
	.section .lxtramp, "ax"
	.globl lx_sigreturn_tramp
lx_sigreturn_tramp:
	li	a7, 139
	ecall
	.text

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
