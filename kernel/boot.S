/* boot.S - kernel entry. The image starts with the RISC-V Linux Image header, so
 * U-Boot's booti accepts it; firmware enters here in S-mode with a0 = hartid,
 * a1 = FDT physical address, satp = 0, at whatever 2 MiB aligned address it loaded us.
 * Until the MMU is on, everything here and in early.c is PC-relative. */
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
	lla	sp, boot_stack_top
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	lla	a0, _start            /* physical load address */
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
	mv	a0, s0
	mv	a1, s1
	call	kmain
3:	wfi
	j	3b

	.section .rodata
	.balign 8
high_entry_addr:
	.dword	high_entry

	.section .bss.stack, "aw", @nobits
	.balign 16
	.globl boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:
