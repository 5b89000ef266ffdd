/* sigbus.c - SIGBUS reaches a handler installed with sigaction and the program leaves it
 * with siglongjmp. On QEMU with OpenSBI, misaligned loads and stores are emulated by the
 * firmware, but a misaligned atomic is not: it traps to the kernel, whose pager (the VM
 * server) raises SIGBUS with BUS_ADRALN. (A file page beyond the end of its file is the
 * other source, with file mappings.) Without a handler the task dies with 128 + 7. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include "qtest.h"
#include "vmclient.h"

static sigjmp_buf env;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static unsigned char buf[64] __attribute__((aligned(8)));

static void on_bus(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	got_sig = sig;
	got_code = info->si_code;
	got_addr = info->si_addr;
	siglongjmp(env, 1);
}

static void misaligned_atomic(void *p)
{
	__asm__ volatile("amoadd.w zero, %1, (%0)" :: "r"(p), "r"(1) : "memory");
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO;
	QCHECK("sigaction_sigbus", sigaction(SIGBUS, &sa, 0) == 0, "sigaction failed");
	if (sigsetjmp(env, 1) == 0) {
		misaligned_atomic(buf + 1);
		QCHECK("sigbus_delivered", 0, "the misaligned atomic succeeded");
	} else {
		QCHECK("sigbus_delivered", got_sig == SIGBUS && got_code == BUS_ADRALN && got_addr == buf + 1,
		       "sig %d code %d addr %p", got_sig, got_code, got_addr);
	}
	static volatile int again;
	for (volatile int i = 0; i < 10; i++)
		if (sigsetjmp(env, 1) == 0)
			misaligned_atomic(buf + 1 + i * 4);
		else
			again += got_sig == SIGBUS;
	QCHECK("sigbus_repeated", again == 10, "%d of 10", again);
	return qtest_done();
}
