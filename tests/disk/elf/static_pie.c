/* A static-pie (ET_DYN without an interpreter) without libc: Debian's riscv64 glibc has
 * no static-pie start files (rcrt1.o). Exits 7 if its auxv describes where it was
 * loaded (AT_ENTRY is its _start, AT_PHDR its program headers, AT_BASE 0: no
 * interpreter) and that is not address 0; else 8, 9, 10 or 11. */
#include <elf.h>
#define HIDDEN __attribute__((visibility("hidden")))
extern const Elf64_Ehdr __ehdr_start HIDDEN;
void _start(void) HIDDEN;
static __attribute__((noreturn)) void leave(long status)
{
	register long a0 __asm__("a0") = status, a7 __asm__("a7") = 94;   /* exit_group */
	for (;;)
		__asm__ volatile("ecall" : : "r"(a0), "r"(a7));
}
__attribute__((used, noreturn)) HIDDEN void start_c(unsigned long *sp)
{
	unsigned long *p = sp + 1 + sp[0] + 1, entry = 0, phdr = 0, base = 1;
	while (*p)
		p++;
	for (p++; p[0] != AT_NULL; p += 2)
		if (p[0] == AT_ENTRY) entry = p[1];
		else if (p[0] == AT_PHDR) phdr = p[1];
		else if (p[0] == AT_BASE) base = p[1];
	unsigned long load = (unsigned long)&__ehdr_start;
	leave(entry != (unsigned long)_start ? 8 : phdr != load + __ehdr_start.e_phoff ? 9 :
	      base != 0 ? 10 : load == 0 ? 11 : 7);
}
__asm__(".globl _start\n_start:\n\tmv a0, sp\n\tj start_c\n");
