/* signal.c - signals in user space. Signals are synchronous here: a fault the VM server
 * cannot resolve (SIGSEGV, SIGBUS, SIGILL, SIGTRAP) redirects the thread to
 * sig_trampoline on its own stack, which calls the handler installed with sigaction;
 * raise() and kill(getpid()) call it directly. A handler for a fault must leave with
 * siglongjmp: the faulting context is not kept, so returning ends the program with the
 * signal's status, as an unhandled one would. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "kcall.h"
#include "vmclient.h"
#include "rt/errno.h"
#include "abi/bootinfo.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

static struct sigaction actions[_NSIG];
static sigset_t blocked;
static char sig_stack[16384] __attribute__((aligned(16)));

static _Noreturn void die(int sig)
{
	fflush(stdout);
	vm_exit(128 + sig);
}

static void run_handler(int sig, siginfo_t *info)
{
	const struct sigaction *a = &actions[sig];
	if (a->sa_flags & SA_SIGINFO)
		a->sa_sigaction(sig, info, 0);
	else
		a->sa_handler(sig);
}

/* Entered from the VM server's redirect: a0 = sig | si_code << 8, a1 = address. */
static _Noreturn void sig_trampoline(long a0, long a1)
{
	int sig = (int)(a0 & 0xff);
	siginfo_t info = {.si_signo = sig, .si_code = (int)(a0 >> 8), .si_addr = (void *)a1};
	if (sig > 0 && sig < _NSIG && actions[sig].sa_handler != SIG_DFL &&
	    actions[sig].sa_handler != SIG_IGN)
		run_handler(sig, &info);
	die(sig);
}

/* Signals the VM server raises for faults, for which it must know the trampoline. */
static int fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGTRAP || sig == SIGFPE;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	if (sig <= 0 || sig >= _NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return rt_set_errno(22);
	if (old)
		*old = actions[sig];
	if (!act)
		return 0;
	if (fault_signal(sig)) {
		int handled = act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN;
		struct vm_sigaction_req q = {(uint64_t)sig, handled ? (uint64_t)sig_trampoline : 0,
		                             (uint64_t)(sig_stack + sizeof sig_stack)};
		struct vm_sigaction_rep r;
		long e = vm_sigaction_call(TH_VM_EP, &q, 0, 0, &r);
		if (e < 0)
			return rt_set_errno(-e);
	}
	actions[sig] = *act;
	return 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act = {0}, old;
	act.sa_handler = handler;
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int raise(int sig)
{
	if (sig <= 0 || sig >= _NSIG)
		return rt_set_errno(22);
	if (actions[sig].sa_handler == SIG_IGN)
		return 0;
	if (actions[sig].sa_handler == SIG_DFL) {
		if (sig == SIGCHLD || sig == SIGCONT)
			return 0;   /* ignored by default */
		die(sig);
	}
	siginfo_t info = {.si_signo = sig, .si_code = SI_USER};
	run_handler(sig, &info);
	return 0;
}

int kill(pid_t pid, int sig)
{
	if (pid != getpid())
		return rt_set_errno(1);
	return raise(sig);
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	if (old)
		*old = blocked;
	if (!set)
		return 0;
	if (how == SIG_BLOCK)
		blocked |= *set;
	else if (how == SIG_UNBLOCK)
		blocked &= ~*set;
	else if (how == SIG_SETMASK)
		blocked = *set;
	else
		return rt_set_errno(22);
	return 0;
}

int sigemptyset(sigset_t *s) { *s = 0; return 0; }
int sigfillset(sigset_t *s) { *s = ~(sigset_t)0; return 0; }
int sigaddset(sigset_t *s, int sig) { if (sig <= 0 || sig >= _NSIG) return rt_set_errno(22); *s |= 1UL << sig; return 0; }
int sigdelset(sigset_t *s, int sig) { if (sig <= 0 || sig >= _NSIG) return rt_set_errno(22); *s &= ~(1UL << sig); return 0; }
int sigismember(const sigset_t *s, int sig) { if (sig <= 0 || sig >= _NSIG) return rt_set_errno(22); return (int)((*s >> sig) & 1); }

void __siglongjmp_regs(sigjmp_buf env, int val) __attribute__((noreturn));

void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__savemask)
		sigprocmask(SIG_SETMASK, &env->__mask, 0);
	__siglongjmp_regs(env, val);
}
