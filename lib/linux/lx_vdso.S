/* lx_vdso.S - the vDSO (vdso/vdso.c, a shared object of its own: linux.mk) carried in the
 * personality's image, on pages of its own (.lxvdso, linux.ld) right above the page of
 * data it reads (lx_vvar, lx_main.c). lx_init points the program's AT_SYSINFO_EHDR at
 * lx_vdso_image, where glibc finds __vdso_clock_gettime and the others. */
	.section .lxvdso, "a"   /* (data here: executable by its segment's flags, linux.ld) */
	.balign 4096
	.globl lx_vdso_image
lx_vdso_image:
	.incbin LX_VDSO_SO
