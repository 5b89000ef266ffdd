/* cred.h - who a task is: its user and group ids, what they allow (signalling another
 * task, forking and execve under RLIMIT_NPROC), and their changes (VM_SETID). A task
 * whose effective uid is 0 holds every capability, as a root process of Linux does
 * without file capabilities: CAP_SETUID, CAP_SETGID, CAP_KILL, CAP_SYS_RESOURCE. */
#ifndef VM_CRED_H
#define VM_CRED_H
#include "proctab.h"

/* VM_SETID op (VM_SETID_*) for p with ids a, b, c (VM_ID_KEEP: unchanged) under
 * Linux's rules; *r gets p's ids after it. 0 or -errno (EPERM, EINVAL), p unchanged then. */
long cred_setid(struct proc *p, uint64_t op, uint64_t a, uint64_t b, uint64_t c, struct vm_setid_rep *r);
/* May p send signal sig to t (Linux's check_kill_permission for a signal from a user
 * task): p is privileged, its real or effective uid is t's real or saved one, or sig is
 * SIGCONT within p's session. */
int cred_may_signal(const struct proc *p, const struct proc *t, uint64_t sig);
/* May p fork (copy_process's RLIMIT_NPROC check)? 0, or -KE_AGAIN when its real user
 * has RLIMIT_NPROC tasks already and p is neither root nor privileged. */
long cred_may_fork(struct proc *p);
/* The child c of p's fork gets p's ids and RLIMIT_NPROC. */
void cred_fork(struct proc *c, const struct proc *p);
/* May p run execve: -KE_AGAIN if a set*uid put its user over RLIMIT_NPROC and it still
 * is (Linux's PF_NPROC_EXCEEDED check), else 0. */
long cred_may_exec(struct proc *p);
/* p's execve is done: its saved ids become the effective ones, as Linux's execve sets
 * them. */
void cred_exec_done(struct proc *p);
/* RLIMIT_NPROC of p: get it into lim[] (soft, hard), or set it: 0, or -errno (raising
 * the hard limit needs privilege: EPERM; soft above hard: EINVAL). */
void cred_get_nproc(const struct proc *p, uint64_t lim[2]);
long cred_set_nproc(struct proc *p, uint64_t cur, uint64_t max);
#endif
