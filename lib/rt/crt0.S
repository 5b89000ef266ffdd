/* crt0.S - entry of every user task (servers and programs). The loader gives us a
 * 16-byte aligned stack and in a0 the address of the arguments (or 0); set up gp and
 * call the runtime's C start with a0 as it is, which never returns. */
	.section .text.start, "ax"
	.globl _start
_start:
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	mv	fp, zero
	call	__rt_start
1:	j	1b
