/* lx_entry.S - the personality's ways in and out (see lx.h).
 *
 * lx_syscall_entry is the first instruction of the personality's text, LX_BASE: the
 * kernel continues a Linux-ABI thread here after its ecall, every register as it was.
 * The registers are saved on the program's stack (riscv64 Linux has no red zone, so
 * what lies below sp is free), lx_dispatch() serves the call and may change the saved
 * registers (a signal handler's entry, rt_sigreturn), and they are loaded back. The way
 * out is the native SYS_LX_RETURN: the kernel puts back the pc and a7 it kept (or those
 * lx_dispatch set with SYS_LX_RESUME), a0 is the result. */
#define SYS_LX_RETURN 28   /* abi/syscall.h (an enum; lx_main.c checks the value) */
#define FRAME (32 * 8)
#define R(n) (8 * (n))(sp)
	.section .text.entry, "ax"
	.globl lx_syscall_entry
lx_syscall_entry:
	addi	sp, sp, -FRAME
	sd	x1, R(1)
	sd	x3, R(3)
	sd	x4, R(4)
	sd	x5, R(5)
	sd	x6, R(6)
	sd	x7, R(7)
	sd	x8, R(8)
	sd	x9, R(9)
	sd	x10, R(10)
	sd	x11, R(11)
	sd	x12, R(12)
	sd	x13, R(13)
	sd	x14, R(14)
	sd	x15, R(15)
	sd	x16, R(16)
	sd	x17, R(17)
	sd	x18, R(18)
	sd	x19, R(19)
	sd	x20, R(20)
	sd	x21, R(21)
	sd	x22, R(22)
	sd	x23, R(23)
	sd	x24, R(24)
	sd	x25, R(25)
	sd	x26, R(26)
	sd	x27, R(27)
	sd	x28, R(28)
	sd	x29, R(29)
	sd	x30, R(30)
	sd	x31, R(31)
	addi	t0, sp, FRAME
	sd	t0, R(2)
	mv	a0, sp
	call	lx_dispatch
	mv	t0, sp
	ld	x1, 8*1(t0)
	ld	x3, 8*3(t0)
	ld	x4, 8*4(t0)
	ld	x6, 8*6(t0)
	ld	x7, 8*7(t0)
	ld	x8, 8*8(t0)
	ld	x9, 8*9(t0)
	ld	x10, 8*10(t0)
	ld	x11, 8*11(t0)
	ld	x12, 8*12(t0)
	ld	x13, 8*13(t0)
	ld	x14, 8*14(t0)
	ld	x15, 8*15(t0)
	ld	x16, 8*16(t0)
	ld	x18, 8*18(t0)
	ld	x19, 8*19(t0)
	ld	x20, 8*20(t0)
	ld	x21, 8*21(t0)
	ld	x22, 8*22(t0)
	ld	x23, 8*23(t0)
	ld	x24, 8*24(t0)
	ld	x25, 8*25(t0)
	ld	x26, 8*26(t0)
	ld	x27, 8*27(t0)
	ld	x28, 8*28(t0)
	ld	x29, 8*29(t0)
	ld	x30, 8*30(t0)
	ld	x31, 8*31(t0)
	ld	x2, 8*2(t0)
	ld	x5, 8*5(t0)
	li	a7, SYS_LX_RETURN
	ecall
	/* not reached: SYS_LX_RETURN fails only for a task that is not Linux-ABI */
1:	j	1b

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
