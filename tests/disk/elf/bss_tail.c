/* A static program without libc whose .bss begins in the page where .data's file bytes
 * end: the rest of that page must read as zeros, though the file goes on there (with
 * its symbol table). Exits 7 if the .bss bytes in that page are zero, 8 if one is not,
 * 9 if the linker did not put them in one page (the test would prove nothing). */
#define HIDDEN __attribute__((visibility("hidden")))
static volatile long data[3] = {1, 2, 3};   /* .data */
static volatile unsigned char bss[8192];     /* .bss, right after */
static __attribute__((noreturn)) void leave(long status)
{
	register long a0 __asm__("a0") = status, a7 __asm__("a7") = 94;   /* exit_group */
	for (;;)
		__asm__ volatile("ecall" : : "r"(a0), "r"(a7));
}
__attribute__((used, noreturn)) HIDDEN void start_c(void)
{
	unsigned long page = ((unsigned long)&data[2] + sizeof data[2]) & ~4095ul;
	if (((unsigned long)bss & ~4095ul) != page || data[0] != 1)
		leave(9);
	for (unsigned long i = 0; ((unsigned long)&bss[i] & ~4095ul) == page; i++)
		if (bss[i])
			leave(8);
	leave(7);
}
__asm__(".globl _start\n_start:\n\tj start_c\n");
