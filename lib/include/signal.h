/* signal.h - signals as Linux programs know them (Linux's numbers, sigaction with
 * SA_SIGINFO and si_addr). It replaces picolibc's, whose struct sigaction has no
 * sa_sigaction. Faults the VM server cannot resolve arrive as SIGSEGV / SIGBUS (and
 * SIGILL, SIGTRAP) on the handler installed with sigaction; leave it with siglongjmp. */
#ifndef _RT_SIGNAL_H
#define _RT_SIGNAL_H
#include <sys/types.h>
#include <sys/_sigset.h>

#ifndef _SIGSET_T_DECLARED
#define _SIGSET_T_DECLARED
typedef __sigset_t sigset_t;
#endif
typedef int sig_atomic_t;

#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGIOT   SIGABRT
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1  10
#define SIGSEGV  11
#define SIGUSR2  12
#define SIGPIPE  13
#define SIGALRM  14
#define SIGTERM  15
#define SIGCHLD  17
#define SIGCONT  18
#define SIGSTOP  19
#define _NSIG    32
#define NSIG     _NSIG

#define SEGV_MAPERR 1   /* no mapping at the address */
#define SEGV_ACCERR 2   /* the mapping forbids the access */
#define BUS_ADRALN  1
#define BUS_ADRERR  2   /* e.g. a file page wholly beyond the end of the file */
#define ILL_ILLOPC  1
#define TRAP_BRKPT  1
#define SI_USER     0

union sigval {
	int sival_int;
	void *sival_ptr;
};

struct sigevent {
	int sigev_notify;
	int sigev_signo;
	union sigval sigev_value;
};

typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	void *si_addr;
	union sigval si_value;
} siginfo_t;

typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

#define SA_NOCLDSTOP 0x00000001
#define SA_SIGINFO   0x00000004
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

struct sigaction {
	union {
		sighandler_t sa_handler;
		void (*sa_sigaction)(int, siginfo_t *, void *);
	};
	sigset_t sa_mask;
	int sa_flags;
};

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

sighandler_t signal(int sig, sighandler_t handler);
int raise(int sig);
int kill(pid_t pid, int sig);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
#endif
