/* trap_entry.S - the only way into the kernel after boot, and the way back out.
 *
 * While a user thread runs, sscratch holds the address of its trapframe; while the
 * kernel runs, sscratch is 0, so a trap taken in the kernel itself is recognised and
 * reported instead of corrupting a thread. Each hart has one kernel stack: the kernel
 * never blocks inside a system call, every entry starts afresh at its top (as in seL4).
 * In the kernel, tp is the hart's struct hart (hart.h), found through the entering
 * thread's on_hart; the big kernel lock is taken (inline, asm_layout.h) before
 * trap_syscall (an ecall; SYS_CALL and SYS_REPLY_RECV try ipc_fast_trap first) or
 * trap_handler (any other trap) and dropped once the thread to resume is chosen and
 * nothing of the thread left behind is still in this hart's registers.
 *
 * Entry saves only what C code may clobber (ra, sp, gp, tp, t0-t6, a0-a7) and the pc.
 * The user's s0-s11 stay in the registers, because all kernel C code preserves them.
 * On the way out, trap_syscall() or trap_handler() names the thread to resume: if it is
 * the one that entered, only the saved registers are reloaded; if not, the entering
 * thread's s0-s11 are stored into its trapframe first and the new thread's are loaded. So a thread that
 * is not running always has all its registers in its trapframe. */
#include "asm_layout.h"
	.section .text
	.globl trap_entry
	.balign 4
trap_entry:
	csrrw	a0, sscratch, a0
	beqz	a0, kernel_trap_entry
	sd	ra, TF(1)(a0)
	sd	sp, TF(2)(a0)
	sd	gp, TF(3)(a0)
	sd	tp, TF(4)(a0)
	sd	t0, TF(5)(a0)
	sd	t1, TF(6)(a0)
	sd	t2, TF(7)(a0)
	sd	a1, TF(11)(a0)
	sd	a2, TF(12)(a0)
	sd	a3, TF(13)(a0)
	sd	a4, TF(14)(a0)
	sd	a5, TF(15)(a0)
	sd	a6, TF(16)(a0)
	sd	a7, TF(17)(a0)
	sd	t3, TF(28)(a0)
	sd	t4, TF(29)(a0)
	sd	t5, TF(30)(a0)
	sd	t6, TF(31)(a0)
	csrrw	t0, sscratch, zero
	sd	t0, TF(10)(a0)
	csrr	t0, sepc
	sd	t0, TF(0)(a0)
	ld	tp, THREAD_ON_HART(a0)
	sd	a0, HART_TRAP_FROM(tp)
	ld	sp, HART_STACK(tp)
	lock_take
	csrr	t0, scause
	li	t1, 8                 /* EXC_ECALL_U: a system call */
	bne	t0, t1, 2f
	addi	t0, a7, -SYSNR_CALL   /* (a7 is the user's still) */
	addi	t1, a7, -SYSNR_REPLY_RECV
	beqz	t0, 4f
	bnez	t1, 5f
4:	call	ipc_fast_trap         /* the partner's trapframe, or 0: not the fast case */
	bnez	a0, 3f
5:	call	trap_syscall          /* the trapframe to resume in a0, or 0: nobody can run */
3:	ld	t1, HART_TRAP_FROM(tp)
	bne	a0, t1, 1f
	/* The thread that entered goes on: its s0-s11 are still in the registers. */
	lock_drop
restore_caller_saved:
	csrw	sscratch, a0
	ld	t0, TF(0)(a0)
	csrw	sepc, t0
	ld	ra, TF(1)(a0)
	ld	sp, TF(2)(a0)
	ld	gp, TF(3)(a0)
	ld	tp, TF(4)(a0)
	ld	t0, TF(5)(a0)
	ld	t1, TF(6)(a0)
	ld	t2, TF(7)(a0)
	ld	a1, TF(11)(a0)
	ld	a2, TF(12)(a0)
	ld	a3, TF(13)(a0)
	ld	a4, TF(14)(a0)
	ld	a5, TF(15)(a0)
	ld	a6, TF(16)(a0)
	ld	a7, TF(17)(a0)
	ld	t3, TF(28)(a0)
	ld	t4, TF(29)(a0)
	ld	t5, TF(30)(a0)
	ld	t6, TF(31)(a0)
	ld	a0, TF(10)(a0)
	sret

2:	call	trap_handler          /* any other trap: the same contract as trap_syscall */
	j	3b

1:	store_callee_saved t1
	bnez	a0, trap_return_full
	/* Nobody can run: now that no thread's registers are left here, wait for one. */
	addi	t1, tp, HART_SPARE
	sd	t1, HART_TRAP_FROM(tp)
	call	hart_idle             /* returns the trapframe to resume, the lock held */
	/* fall through */

/* trap_return_full(struct trapframe *tf): drop the lock, load all registers of tf and
 * sret. */
trap_return_full:
	lock_drop
	ld	s0, TF(8)(a0)
	ld	s1, TF(9)(a0)
	ld	s2, TF(18)(a0)
	ld	s3, TF(19)(a0)
	ld	s4, TF(20)(a0)
	ld	s5, TF(21)(a0)
	ld	s6, TF(22)(a0)
	ld	s7, TF(23)(a0)
	ld	s8, TF(24)(a0)
	ld	s9, TF(25)(a0)
	ld	s10, TF(26)(a0)
	ld	s11, TF(27)(a0)
	j	restore_caller_saved

	.globl trap_enter_first
/* trap_enter_first(): leave kmain (or hart_main) for the first user thread, which
 * trap_first() picks, loading all of its registers. The caller holds the lock. Here,
 * not in trap.c, so that trap.c calls nothing of this file, which calls it. */
trap_enter_first:
	addi	t1, tp, HART_SPARE
	sd	t1, HART_TRAP_FROM(tp)
	ld	sp, HART_STACK(tp)
	call	trap_first
	j	trap_return_full

kernel_trap_entry:
	csrrw	a0, sscratch, zero     /* restore a0; sscratch stays 0 */
	mv	a0, ra                 /* for the report */
	mv	a1, sp
	ld	sp, HART_STACK(tp)
	j	kernel_trap
