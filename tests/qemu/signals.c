/* signals.c - a Linux program's way of surviving faults: sigaction with SA_SIGINFO for
 * SIGSEGV, left with siglongjmp; si_code tells an unmapped address from a forbidden
 * access; raise() reaches handlers; without a handler the task dies with 128 + signal,
 * and so does a Linux program whose personality faults inside a call. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "qtest.h"
#include "vmclient.h"

static sigjmp_buf env;
static volatile int got_sig, got_code;
static void *volatile got_addr;

static void on_fault(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	got_sig = sig;
	got_code = info->si_code;
	got_addr = info->si_addr;
	siglongjmp(env, 1);
}

static volatile int usr1;
static void on_usr1(int sig) { usr1 = sig; }

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	QCHECK("sigaction_segv", sigaction(SIGSEGV, &sa, 0) == 0, "sigaction failed");

	volatile int *unmapped = (volatile int *)0x3f00000000UL;
	if (sigsetjmp(env, 1) == 0) {
		(void)*unmapped;
		QCHECK("segv_delivered", 0, "the read succeeded");
	} else {
		QCHECK("segv_delivered", got_sig == SIGSEGV && got_code == SEGV_MAPERR &&
		       got_addr == (void *)unmapped, "sig %d code %d addr %p", got_sig, got_code, got_addr);
	}

	volatile int *text = (volatile int *)(void *)main;
	got_sig = 0;
	if (sigsetjmp(env, 1) == 0) {
		*text = 0;
		QCHECK("accerr_delivered", 0, "wrote to program text");
	} else {
		QCHECK("accerr_delivered", got_sig == SIGSEGV && got_code == SEGV_ACCERR,
		       "sig %d code %d", got_sig, got_code);
	}

	static volatile int again, i;
	for (i = 0; i < 50; i++) {   /* the handler can be entered again and again */
		if (sigsetjmp(env, 1) == 0)
			(void)unmapped[i * 1024];
		else
			again += got_addr == (void *)&unmapped[i * 1024];
	}
	QCHECK("segv_repeated_50", again == 50, "%d of 50", again);

	QCHECK("signal_usr1", signal(SIGUSR1, on_usr1) == SIG_DFL && raise(SIGUSR1) == 0 && usr1 == SIGUSR1,
	       "usr1 %d", usr1);
	QCHECK("kill_self", kill(getpid(), SIGUSR1) == 0, "kill failed");
	QCHECK("sigaction_kill_refused", sigaction(SIGKILL, &sa, 0) == -1, "SIGKILL handler accepted");

	sa.sa_handler = SIG_DFL;
	sa.sa_flags = 0;
	QCHECK("back_to_default", sigaction(SIGSEGV, &sa, 0) == 0, "sigaction failed");
	long ep = k_endpoint_create();
	long give[VM_SPAWN_PASS] = {ep, -1, -1, -1};
	long child = vm_spawn("crasher", give, 4);
	struct msg m = {0};
	k_recv(ep, &m);
	m.tag = IPC_TAG(0, 0, 2);
	m.w[0] = 0;
	m.w[1] = 0x3f00000000UL;
	k_reply(0, &m);
	struct vm_wait_rep end;
	QCHECK("default_action_kills", vm_wait(child, &end) == 0 && end.status == 128 + SIGSEGV,
	       "status %ld", (long)end.status);

	/* a Linux program whose personality faults inside a call, holding its lock, dies of
	 * it (tests/qemu/linux/lx_fault_in_call.c) */
	int fd = open("/test/lx_fault_in_call", O_RDONLY);
	char *argv[] = {"/test/lx_fault_in_call", 0};
	long lx = fd < 0 ? -1 : vm_spawn_fd(fd, argv, 0, 4);
	struct vm_wait_rep lx_end = {0};
	QCHECK("personality_fault_in_call_kills", lx > 0 && vm_wait(lx, &lx_end) == 0 &&
	       lx_end.status == 128 + SIGSEGV, "child %ld: status %ld", lx, (long)lx_end.status);
	close(fd);
	return qtest_done();
}
