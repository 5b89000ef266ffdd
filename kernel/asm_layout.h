/* asm_layout.h - what trap_entry.S and biglock.S know of the kernel's structures: the
 * offsets of struct hart (hart.h) and struct thread (object.h), checked against the C
 * layout by _Static_asserts in hart.c and fpu.c, two system call numbers, and the store
 * of a thread's callee-saved registers into its trapframe. Included by assembly only. */
#ifndef ASM_LAYOUT_H
#define ASM_LAYOUT_H

#define TF(r) (8 * (r))        /* struct trapframe: x1..x31 at their number, pc at 0 */

#define HART_TRAP_FROM 8       /* struct hart */
#define HART_STACK     16
#define HART_STALL     24
#define HART_STALLED   28
#define HART_SPARE     32
#define HART_HARTID    288
#define HART_KSATP     296

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
#endif
