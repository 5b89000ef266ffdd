/* boot.S - kernel entry. The image starts with the RISC-V Linux Image header, so
 * U-Boot's booti accepts it; firmware enters here in S-mode with a0 = hartid,
 * a1 = FDT physical address, satp = 0, at whatever 2 MiB aligned address it loaded us.
 * Until the MMU is on, everything here and in early.c is PC-relative. */
#define IMAGE_END_MAGIC 0x444e45454d495645   /* "EVIMEEND" */
	.option norvc
	.section .text.head, "ax"
	.globl _start
_start:
	j	real_start            /* code0 */
	.word	0                     /* code1 */
	.dword	0x200000              /* text_offset: where booti places us above RAM start */
	.dword	_image_end - _start   /* image_size: includes bss, which we zero ourselves */
	.dword	0                     /* flags: little endian */
	.word	2                     /* version 0.2 */
	.word	0
	.dword	0
	.ascii	"RISCV\0\0\0"         /* magic (deprecated) */
	.ascii	"RSC\x05"             /* magic2 */
	.word	0                     /* PE header offset: none */

real_start:
	csrw	sie, zero
	csrw	satp, zero
	mv	s0, a0                /* hartid */
	mv	s1, a1                /* FDT */
	/* Firmware may enter here on every hart at once (the Linux boot protocol allows it;
	 * OpenSBI does so when its own lottery picks no single one): the first hart to take
	 * a ticket boots, every other one goes back to the firmware's stopped state at once
	 * (SBI HSM hart_stop), touching nothing, to be started later by hart_start_all. */
	lla	t0, boot_lottery
	li	t1, 1
	amoadd.w t1, t1, 0(t0)
	beqz	t1, 9f
	li	a7, 0x48534D          /* SBI HSM: hart_stop */
	li	a6, 1
	ecall
8:	wfi                         /* (no HSM: stay here) */
	j	8b
9:
	/* A loader that copied less than the whole file leaves the end marker missing:
	 * say so on the SBI console and stop, instead of running half a kernel. */
	lla	t0, image_end_marker
	ld	t1, 0(t0)
	li	t2, IMAGE_END_MAGIC
	beq	t1, t2, 2f
	lla	t0, truncated_msg
1:	lbu	a0, 0(t0)
	beqz	a0, 3f
	li	a7, 1                 /* legacy SBI console putchar */
	ecall
	addi	t0, t0, 1
	j	1b
3:	li	a7, 0x53525354        /* SBI SRST: shut down, reason "system failure" */
	li	a6, 0
	li	a0, 0
	li	a1, 1
	ecall
7:	wfi
	j	7b
2:
	lla	sp, boot_stack_top
	lla	t0, __bss_start
	lla	t1, __bss_end
4:	bgeu	t0, t1, 5f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	4b
5:	lla	a0, _start            /* physical load address */
	mv	a1, s1
	call	early_setup           /* builds boot page tables, returns satp */
	sfence.vma
	csrw	satp, a0
	sfence.vma
	lla	t0, high_entry_addr
	ld	t0, 0(t0)             /* absolute (linked, high) address of high_entry */
	jr	t0

high_entry:
	la	sp, boot_stack_top    /* now the high virtual address */
	la	tp, harts             /* the boot hart is CPU 0 (hart.h) */
	mv	a0, s0
	mv	a1, s1
	la	a2, secondary_start   /* where the other harts enter */
	la	a3, hart_park         /* where the ones past MAX_HARTS wait */
	call	kmain
6:	wfi
	j	6b

/* A hart past MAX_HARTS, started by hart_start_all() only to leave the firmware's
 * stopped state (OpenSBI's waits there in a loop that a pending IPI keeps busy): MMU
 * off, nothing enabled, it waits here for ever without using its core. */
	.globl hart_park
hart_park:
	csrw	sie, zero
1:	wfi
	j	1b

/* Another hart, started by hart_start_all() through SBI HSM: a0 = hartid, a1 = its
 * struct hart (a kernel address), MMU off, at this code's physical address. The boot
 * page table (early.c) is still there and maps this code both ways; hart_main() moves
 * to the kernel's final map. */
secondary_start:
	csrw	sie, zero
	mv	s0, a0
	mv	s1, a1
	lla	t0, boot_root
	srli	t0, t0, 12
	li	t1, 8
	slli	t1, t1, 60            /* Sv39 */
	or	t0, t0, t1
	sfence.vma
	csrw	satp, t0
	sfence.vma
	lla	t0, secondary_high_addr
	ld	t0, 0(t0)
	jr	t0
secondary_high:
	mv	tp, s1
	ld	sp, 16(tp)            /* HART_STACK (trap_entry.S) */
	mv	a0, s0
	call	hart_main
8:	wfi
	j	8b

truncated_msg:
	.asciz	"\r\nkernel: image truncated (end marker missing): halted\r\n"

	.section .data
	.balign 4
boot_lottery:                    /* (in .data: bss is not zeroed yet when it is read) */
	.word	0

	.section .rodata
	.balign 8
high_entry_addr:
	.dword	high_entry
secondary_high_addr:
	.dword	secondary_high

	/* The last bytes of the file (kernel.ld places .end_marker last). */
	.section .end_marker, "aw"
	.balign 8
image_end_marker:
	.dword	IMAGE_END_MAGIC

	.section .bss.stack, "aw", @nobits
	.balign 16
	.globl boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:
