/* lx_fault_in_call.c - the Linux program of tests/qemu/signals.c (/test/lx_fault_in_call
 * in the test's root): it breaks the personality (its pages are the program's to write,
 * as a program can break its own libc) by pointing the handler of system call 39 in the
 * personality's call table (at LX_TABLE, which the build reads off the personality's
 * symbols) at an unmapped address, then makes that call. The personality faults inside
 * the call, holding its lock: the program must die with SIGSEGV (status 128 + 11), not
 * hang waiting for the lock its own thread holds, and not enter its SIGSEGV handler,
 * which is for faults of its own. Else exit status 2 (the call returned) or 3 (the
 * handler ran). */
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>

static void on_segv(int sig)
{
	(void)sig;
	_exit(3);
}

int main(void)
{
	signal(SIGSEGV, on_segv);
	((volatile uint64_t *)LX_TABLE)[39] = 0x1000;
	syscall(39, 0, 0);
	return 2;
}
