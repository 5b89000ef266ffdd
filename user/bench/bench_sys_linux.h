/* bench_sys_linux.h - the benchmark layer for Linux (see bench_sys.h), where the program
 * is /init: it powers the machine off when done. */
#include <stdio.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SYS_HAS_IPC 0
#define SYS_HAS_RING 0
#define SYS_HAS_DISK 0   /* the benchmark file is in the initramfs, always in the page cache */
#define SYS_HAS_LOCAL_IPC 0

/* getppid, with the same inline ecall our side uses (glibc's syscall() would add its
 * wrapper's instructions to the count). */
static inline long sys_null(void)
{
	register long a0 __asm__("a0");
	register long a7 __asm__("a7") = SYS_getppid;
	__asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
	return a0;
}

static int sys_init(void) { return 0; }

static int sys_fini(void)
{
	fflush(stdout);
	reboot(RB_POWER_OFF);
	perror("bench: reboot");
	return 1;
}
