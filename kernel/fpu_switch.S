/* fpu_switch.S - move the user's f0-f31 and fcsr to or from a struct fpstate (fpu.h).
 *
 * The only kernel code with F/D instructions: the rest is built for rv64imac and never
 * touches these registers. The caller (fpu_claim) turns sstatus.FS on first, or these
 * would trap like the user's did. Both use only a0 and t0. */
	.option arch, +d

	.section .text
	.globl fpu_save
	.balign 4
/* fpu_save(struct fpstate *st): store the registers into st. */
fpu_save:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, 8*\n(a0)
	.endr
	frcsr	t0
	sd	t0, 256(a0)
	ret

	.globl fpu_load
	.balign 4
/* fpu_load(const struct fpstate *st): load the registers from st. */
fpu_load:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, 8*\n(a0)
	.endr
	ld	t0, 256(a0)
	fscsr	t0
	ret
