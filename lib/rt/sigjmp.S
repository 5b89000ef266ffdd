/* sigjmp.S - sigsetjmp/siglongjmp for rv64 (lp64, no floating-point registers).
 * The buffer (setjmp.h): ra, sp, s0-s11 at 0..104, savemask at 112, mask at 120. */
	.text
	.globl __sigsetjmp
__sigsetjmp:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	sd	s0, 16(a0)
	sd	s1, 24(a0)
	sd	s2, 32(a0)
	sd	s3, 40(a0)
	sd	s4, 48(a0)
	sd	s5, 56(a0)
	sd	s6, 64(a0)
	sd	s7, 72(a0)
	sd	s8, 80(a0)
	sd	s9, 88(a0)
	sd	s10, 96(a0)
	sd	s11, 104(a0)
	sw	a1, 112(a0)
	beqz	a1, 1f
	addi	sp, sp, -16
	sd	ra, 8(sp)
	addi	a2, a0, 120          /* sigprocmask(SIG_BLOCK, NULL, &env->mask) */
	li	a1, 0
	li	a0, 0
	call	sigprocmask
	ld	ra, 8(sp)
	addi	sp, sp, 16
1:	li	a0, 0
	ret

	.globl __siglongjmp_regs
/* __siglongjmp_regs(env, val): back to where __sigsetjmp saved env, returning val. */
__siglongjmp_regs:
	ld	ra, 0(a0)
	ld	sp, 8(a0)
	ld	s0, 16(a0)
	ld	s1, 24(a0)
	ld	s2, 32(a0)
	ld	s3, 40(a0)
	ld	s4, 48(a0)
	ld	s5, 56(a0)
	ld	s6, 64(a0)
	ld	s7, 72(a0)
	ld	s8, 80(a0)
	ld	s9, 88(a0)
	ld	s10, 96(a0)
	ld	s11, 104(a0)
	seqz	a0, a1
	add	a0, a0, a1             /* val, or 1 if val is 0 */
	ret
