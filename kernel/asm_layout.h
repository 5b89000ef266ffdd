/* asm_layout.h - what trap_entry.S and biglock.S know of the kernel's structures: the
 * offsets of struct hart (hart.h) and struct thread (object.h), checked against the C
 * layout by _Static_asserts in hart.c and fpu.c, two system call numbers, the store of
 * a thread's callee-saved
 * registers into its trapframe, and the big lock's uncontended take and drop (its
 * waiting and waking stay in biglock.S). Included by assembly only. */
#ifndef ASM_LAYOUT_H
#define ASM_LAYOUT_H

#define TF(r) (8 * (r))        /* struct trapframe: x1..x31 at their number, pc at 0 */

#define HART_TRAP_FROM 8       /* struct hart */
#define HART_STACK     16
#define HART_STALL     24
#define HART_STALLED   28
#define HART_SPARE     32
#define HART_KSATP     296
#define HART_FENCE     304
#define HART_ASKER     308
#define HART_CPU       312
#define HART_LOCK_SINCE 320    /* (make LOCKSTAT=1 only) */
#define HART_LOCK_HELD  328
#define HART_LOCK_HOLDS 336

#define THREAD_ON_HART 256     /* struct thread */
#define THREAD_FP      264

#define SYSNR_CALL       3     /* abi/syscall.h's SYS_CALL, SYS_REPLY_RECV (checked in trap.c) */
#define SYSNR_REPLY_RECV 6

/* store_callee_saved base: s0-s11 into the trapframe at register base. */
.macro store_callee_saved base
	sd	s0, TF(8)(\base)
	sd	s1, TF(9)(\base)
	sd	s2, TF(18)(\base)
	sd	s3, TF(19)(\base)
	sd	s4, TF(20)(\base)
	sd	s5, TF(21)(\base)
	sd	s6, TF(22)(\base)
	sd	s7, TF(23)(\base)
	sd	s8, TF(24)(\base)
	sd	s9, TF(25)(\base)
	sd	s10, TF(26)(\base)
	sd	s11, TF(27)(\base)
.endm

/* lock_take: take the big kernel lock (biglock.S), a ticket lock: a ticket from `next`;
 * if `serving` is not at it yet, kernel_lock_wait waits (and answers stalls meanwhile).
 * Uses t0-t3, a0 and ra (only when it waits). In a kernel built with make LOCKSTAT=1,
 * it notes instret, and lock_drop adds the instructions retired since to this hart's
 * count (tp is the hart at both). */
.macro lock_take
	la	t0, big_lock
	li	t1, 1
	amoadd.w.aq t2, t1, 0(t0)     /* my ticket */
	lw	t3, 4(t0)              /* now serving */
	beq	t3, t2, .Ltaken\@
	call	kernel_lock_wait       /* (t0 = &big_lock, t2 = my ticket) */
.Ltaken\@:
	fence	r, rw
#ifdef LOCKSTAT
	csrr	t1, instret
	sd	t1, HART_LOCK_SINCE(tp)
#endif
.endm

/* lock_drop: let the next ticket in; wake the waiters that sleep (kernel_unlock_wake,
 * rare). Uses t0, t1 and ra (only to wake); keeps a0. */
.macro lock_drop
#ifdef LOCKSTAT
	csrr	t1, instret            /* (this hart's counts: only it writes them, holding the lock) */
	ld	t0, HART_LOCK_SINCE(tp)
	sub	t1, t1, t0
	ld	t0, HART_LOCK_HELD(tp)
	add	t0, t0, t1
	sd	t0, HART_LOCK_HELD(tp)
	ld	t0, HART_LOCK_HOLDS(tp)
	addi	t0, t0, 1
	sd	t0, HART_LOCK_HOLDS(tp)
#endif
	la	t0, big_lock
	fence	rw, w
	lw	t1, 4(t0)
	addiw	t1, t1, 1
	sw	t1, 4(t0)
	fence	rw, rw
	ld	t1, 8(t0)              /* lock_sleepers, read after serving is written */
	beqz	t1, .Ldropped\@
	call	kernel_unlock_wake     /* (t1 = lock_sleepers) */
.Ldropped\@:
.endm
#endif
