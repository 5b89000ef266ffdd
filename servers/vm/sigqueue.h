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
#define SIGRTMIN      32
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_STOPPED   5
#define CLD_CONTINUED 6
/* Real-time signals queued at once in all tasks; also RLIMIT_SIGPENDING's default. */
#define SIGQ_POOL     512

/* Signal sig (1..64, not SIGKILL: that is kill.c's) is sent to t (th not NULL: to its
 * thread th alone, which only a standard signal's pending state keeps) with si_code code,
 * ids (si_pid | si_uid << 32) and value (si_value, or SIGCHLD's si_status): kept
 * pending unless t ignores it (or is no Linux task, or has ended), and t woken to take
 * it: a VM_WAIT4 it waits in is answered EINTR, an FS_POLL it waits in too (FS_INTR),
 * and the kernel sends its thread into its personality (SYS_LX_INTERRUPT). One of each
 * standard signal is kept (a second is dropped), as Linux keeps them; each real-time
 * one is queued, unless the pool's use reaches t's RLIMIT_SIGPENDING: then one sent by
 * kill() (SI_USER) stays pending without its siginfo, and any other is -KE_AGAIN, as
 * Linux's __send_signal_locked. 0 or -KE_AGAIN. */
long sigq_post_to(struct proc *t, struct thread_state *th, int sig, int code, uint64_t ids, uint64_t value);
/* sigq_post_to the process t (not to one of its threads). */
static inline long sigq_post(struct proc *t, int sig, int code, uint64_t ids, uint64_t value)
{
	return sigq_post_to(t, 0, sig, code, ids, value);
}
/* sigq_post's ids for a signal from p, or about p (SIGCHLD): its pid and real uid. */
static inline uint64_t sigq_ids(const struct proc *p)
{
	return (uint64_t)proc_pid(p) | (uint64_t)p->uid[0] << 32;
}
/* VM_SIGTAKE for p's thread th: the lowest signal in mask pending for th alone, else
 * the lowest pending for p, into *r, taken off (sig 0: none); a real-time one is its
 * first queued instance. The real-time signals not in mask are what p's personality
 * leaves here for now (struct proc's sig_held). */
void sigq_take(struct proc *p, struct thread_state *th, uint64_t mask, struct vm_sigtake_rep *r);
/* The pending signals in mask are dropped, for p and each of its threads, queued
 * instances too (ignored ones, stop and continue signals cancelling each other, a
 * task's end). */
void sigq_drop(struct proc *p, uint64_t mask);
/* Thread th of p ends: the signals sent to it alone go with it, as on Linux. */
void sigq_thread_gone(struct proc *p, struct thread_state *th);
/* The real-time signals queued for thread `from` alone are `to`'s now (an execve by a
 * thread that becomes the main one). */
void sigq_thread_moved(struct proc *p, const struct thread_state *from, const struct thread_state *to);
#endif
