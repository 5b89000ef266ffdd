/* sigqueue.h - signals sent to a Linux-ABI task, kept until its personality takes them. */
#ifndef VM_SIGQUEUE_H
#define VM_SIGQUEUE_H
#include "proctab.h"

/* Linux's numbers for the signals the VM server itself sends or acts on, and SIGCHLD's
 * si_codes. */
#define SIGKILL       9
#define SIGHUP        1
#define SIGCHLD       17
#define SIGCONT       18
#define SIGSTOP       19
#define STOP_SIGS (0xfull << (SIGSTOP - 1))   /* SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU */
#define SI_KERNEL     0x80
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

/* Signal sig (1..64, not SIGKILL: that is kill.c's) is sent to t by the task with id
 * from, with si_code code (and si_status status, SIGCHLD's): kept pending unless t
 * ignores it (or is no Linux task, or has ended), and t woken to take it: a VM_WAIT4 it waits in is answered EINTR, an FS_POLL
 * it waits in too (FS_INTR), and the kernel sends its thread into its personality
 * (SYS_LX_INTERRUPT). One of each standard signal is kept, as Linux keeps them. */
void sigq_post(struct proc *t, int sig, int code, int64_t from, int status);
/* VM_SIGTAKE: the lowest pending signal into *r, taken off (sig 0: none). */
void sigq_take(struct proc *p, struct vm_sigtake_rep *r);
#endif
