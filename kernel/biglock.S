/* biglock.S - the big kernel lock (hart.h).
 *
 * A ticket lock: a ticket from `next`, then wait until `serving` reaches it; the holder
 * lets the next ticket in. Interrupts are off in the kernel, so a hart holds it for one
 * trap's work at most, and no user action can make a holder wait on anything but other
 * harts' answers to a stall (which they give while waiting here, without the lock).
 * The trap path takes and drops it inline (asm_layout.h's lock_take and lock_drop); the
 * waiting and the waking are here. A waiter spins a while (SPINS: a few holds' worth,
 * about what a sleep and a wake cost), then sleeps in wfi with its bit in lock_sleepers,
 * and the unlock wakes the sleepers with an IPI: under QEMU, where harts are host threads
 * on fewer cores, a spinning hart would take the core from the holder. Only the
 * IPI is enabled for that wfi: a timer interrupt falls due while a hart waits (its slice
 * ends) and stays pending until it has the lock, and would end every wfi at once. */
#include "asm_layout.h"
#include "sbi.h"
#define SPINS          200   /* tries before a waiter sleeps (wfi) until the unlock wakes it */

	.section .text
/* kernel_lock(), kernel_unlock(): the lock for C callers (hart_idle, boot); the trap
 * path takes and drops it with asm_layout.h's lock_take and lock_drop inline. */
	.globl kernel_lock
kernel_lock:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	lock_take
	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret

	.globl kernel_unlock
kernel_unlock:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	lock_drop
	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret

/* ipi_asker: an IPI to the hart that asked for the answer just given (HART_ASKER), which
 * waits for it in wfi (hart.c's await_answer). Its fence orders the asker's read after
 * the request word's (else a stale asker, of an earlier request, may be read) and the
 * answer's store before the IPI (which the SBI spec does not order). An SBI call, which
 * keeps every register but a0 and a1; a1, a6 and a7 are kept here too (a7 is the
 * entering thread's still). */
.macro ipi_asker
	fence	rw, rw
	addi	sp, sp, -32
	sd	a1, 0(sp)
	sd	a6, 8(sp)
	sd	a7, 16(sp)
	li	a0, 1                  /* hart mask: bit 0 ... */
	lwu	a1, HART_ASKER(tp)     /* ... from the asker's hartid */
	li	a6, SBI_IPI_SEND
	li	a7, SBI_EXT_IPI
	ecall
	ld	a1, 0(sp)
	ld	a6, 8(sp)
	ld	a7, 16(sp)
	addi	sp, sp, 32
.endm

/* kernel_lock_wait: lock_take's waiting half, with t0 = &big_lock and t2 = my ticket,
 * which `serving` has not reached: wait until it does. While waiting, answer the
 * holder's requests, each with an IPI to it: a stall (hart_stall): the rest of the
 * entering thread's registers (s0-s11, and f0-f31 if the hardware saw them change) go to
 * its trapframe, this hart leaves its address space for the kernel's, and `stalled` says
 * it is done; a fence (hart_fence): this hart's TLB entries of the ASID are flushed, and
 * `fence` cleared. Uses t0-t3 and a0 (a0 is saved in the trapframe already, or unused by
 * the C callers' contract). */
	.globl kernel_lock_wait
kernel_lock_wait:
	li	a0, SPINS
1:	lw	t3, 4(t0)              /* now serving */
	beq	t3, t2, 3f
	lw	t3, HART_STALL(tp)
	bnez	t3, 2f
	lw	t3, HART_FENCE(tp)
	bnez	t3, 6f
	addi	a0, a0, -1
	bnez	a0, 1b
	lwu	t3, HART_CPU(tp)       /* spun long enough: sleep */
	li	t1, 1
	sll	t1, t1, t3
	la	t3, lock_sleepers
	amoor.d.aqrl zero, t1, 0(t3)
	lw	t3, 4(t0)              /* (lock_drop reads lock_sleepers after serving) */
	beq	t3, t2, 5f
	lw	t3, HART_STALL(tp)
	bnez	t3, 5f
	lw	t3, HART_FENCE(tp)
	bnez	t3, 5f
	csrrwi	a0, sie, 2             /* sie = SSIE: only an IPI ends the sleep (a0: sie before) */
	wfi
	csrw	sie, a0
5:	csrci	sip, 2                 /* SSIP: a kick is looked at once the lock is ours */
	not	t1, t1
	la	t3, lock_sleepers
	amoand.d.aqrl zero, t1, 0(t3)
	li	a0, SPINS
	j	1b
2:	ld	t3, HART_TRAP_FROM(tp)
	store_callee_saved t3
	csrr	t1, sstatus
	srli	t1, t1, 13
	andi	t1, t1, 3
	li	a0, 3
	bne	t1, a0, 4f             /* FS not Dirty: the frame's copy is current */
	addi	a0, t3, THREAD_FP
	mv	t3, ra
	call	fpu_save               /* (uses a0 and t0) */
	mv	ra, t3
4:	li	t1, 0x6000             /* sstatus.FS = Off */
	csrc	sstatus, t1
	ld	t1, HART_KSATP(tp)
	csrw	satp, t1
	la	t0, big_lock
	sw	zero, HART_STALL(tp)
	li	t1, 1
	fence	rw, w
	sw	t1, HART_STALLED(tp)
	ipi_asker
	li	a0, SPINS
	j	1b
6:	slli	t3, t3, 48             /* a fence: the ASID, FENCE_ASK's bit dropped */
	srli	t3, t3, 48
	sfence.vma zero, t3
	fence	rw, w
	sw	zero, HART_FENCE(tp)
	ipi_asker
	li	a0, SPINS
	j	1b
3:	ret

/* kernel_unlock_wake: lock_drop's rare half: IPI the sleepers in t1 (lock_sleepers).
 * Keeps a0 (hart_ipi may use the other caller-saved registers). */
	.globl kernel_unlock_wake
kernel_unlock_wake:
	addi	sp, sp, -16
	sd	a0, 0(sp)
	sd	ra, 8(sp)
	mv	a0, t1
	call	hart_ipi
	ld	a0, 0(sp)
	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret

	.section .bss
	.balign 8
	.globl big_lock
big_lock:                       /* next ticket, now serving */
	.space	8
lock_sleepers:                  /* bit n: harts[n] sleeps waiting for it; at
	                           big_lock + 8, where lock_drop reads it */
	.space	8
