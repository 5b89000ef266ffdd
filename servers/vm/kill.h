/* kill.h - Linux's kill between processes, and process groups and sessions, which say
 * whom a kill of a group reaches. */
#ifndef VM_KILL_H
#define VM_KILL_H
#include "proc.h"

/* VM_SIGNAL from p (tid not 0: tgkill, as kill_queue's): 0, or -errno (ESRCH: no target;
 * EINVAL: a bad signal; EPERM: a task that is not a Linux one). PROTO_NO_REPLY if p
 * itself was ended (SIGKILL). */
long kill_signal(struct proc *p, int64_t pid, uint64_t sig, int64_t code, int64_t tid);
/* VM_SIGQUEUE from p: sig to the process pid (tid not 0: to its thread tid; pid 0 or -1
 * then: the tid's process) with the siginfo the caller gave (code, ids, value); 0, or
 * -errno as kill_signal's and -KE_AGAIN (its queue is full). */
long kill_queue(struct proc *p, int64_t pid, uint64_t sig, int64_t code, uint64_t ids, uint64_t value,
                int64_t tid);
/* VM_STOP: p stops by sig until a SIGCONT (PROTO_NO_REPLY); 0 at once for SIGTSTP,
 * SIGTTIN, SIGTTOU in an orphaned process group, which Linux does not stop; -KE_INVAL. */
long kill_stop(struct proc *p, uint64_t sig);
/* VM_SETPGID (pgid -1: setsid): the new group or session id, or -errno as Linux's. */
long kill_setpgid(struct proc *p, int64_t pid, int64_t pgid);
/* VM_GETPGID: pid's group (session: its session) id, or -ESRCH. */
long kill_getpgid(struct proc *p, int64_t pid, int session);
#endif
