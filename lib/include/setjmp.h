/* setjmp.h - picolibc's setjmp/longjmp, plus POSIX sigsetjmp/siglongjmp (which picolibc
 * offers only on Cygwin and RTEMS): the jump also restores the signal mask when asked. */
#ifndef _RT_SETJMP_H
#define _RT_SETJMP_H
#include_next <setjmp.h>
#include <signal.h>

typedef struct {
	unsigned long __regs[14];   /* ra, sp, s0-s11 */
	int __savemask;
	sigset_t __mask;
} sigjmp_buf[1];

int __sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
#define sigsetjmp(env, savemask) __sigsetjmp(env, savemask)
_Noreturn void siglongjmp(sigjmp_buf env, int val);
#endif
