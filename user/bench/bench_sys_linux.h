/* bench_sys_linux.h - the benchmark layer for Linux (see bench_sys.h), where the program
 * is /init: it powers the machine off when done. */
#include <stdio.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYS_HAS_IPC 0
#define SYS_HAS_RING 0
#define SYS_HAS_DISK 0   /* the benchmark file is in the initramfs, always in the page cache */
#define SYS_HAS_LOCAL_IPC 0
#define SYS_HAS_LINUX_ABI 1   /* the "Linux ..." rows: Linux's calls by number (ops.c) */

/* getppid, with the same inline ecall our side uses (glibc's syscall() would add its
 * wrapper's instructions to the count). */
static inline long sys_null(void)
{
	register long a0 __asm__("a0");
	register long a7 __asm__("a7") = SYS_getppid;
	__asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
	return a0;
}

/* Linux system call nr with four arguments, the same inline ecall (what glibc's syscall()
 * would do without its wrapper); the result or -errno. */
static inline long sys_linux_call(long nr, long x0, long x1, long x2, long x3, long x4)
{
	register long a0 __asm__("a0") = x0;
	register long a1 __asm__("a1") = x1;
	register long a2 __asm__("a2") = x2;
	register long a3 __asm__("a3") = x3;
	register long a4 __asm__("a4") = x4;
	register long a7 __asm__("a7") = nr;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7) : "memory");
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
