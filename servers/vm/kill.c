/* kill.c - VM_SIGNAL, Linux's kill(2) between processes, and VM_SETPGID / VM_GETPGID,
 * the process groups and sessions a shell's job control stands on (see kill.h).
 * A task may signal another as Linux's permission check says (cred.c: root, or the
 * same user); native tasks (the servers, init, the native shell) have no personality to
 * take a signal: EPERM.
 * A task started by init begins in group 0 and session 0, as a program that Linux's
 * first process starts without setsid; a fork's child is in its parent's. */
#include "kill.h"
#include "sigqueue.h"
#include "childwait.h"
#include "cred.h"
#include "threads.h"
#include "kcall.h"
#include "shutdown.h"
#include "rt/log.h"

#define NSIG    64

#define SIGUSR1 10
#define SIGUSR2 12
#define SIGTERM 15

/* The live or ended task with Linux id pid (not a fork's child not yet started), or NULL.
 * Pid 1 is init, as Linux programs see it (getppid, /proc). */
static struct proc *by_pid(int64_t pid)
{
	struct proc *t = pid == 1 ? proc_reaper() : pid > 0 ? proc_by_badge((uint64_t)pid) : 0;
	return t && !t->unborn ? t : 0;
}

/* sig from p to init when init is a native program (ours): what busybox's init does with
 * the signals busybox's halt, poweroff and reboot send it (SIGUSR1, SIGUSR2, SIGTERM):
 * the system powers off, once the file systems are synced, with status 0 (there is no
 * reboot); any other signal is ignored, as Linux's init ignores what it has no handler
 * for. EPERM if p may not signal it. */
static long to_native_init(struct proc *p, struct proc *init, uint64_t sig)
{
	if (sig > NSIG)
		return -KE_INVAL;
	if (!cred_may_signal(p, init, sig))
		return -KE_PERM;
	if (sig == SIGUSR1 || sig == SIGUSR2 || sig == SIGTERM) {
		log_printf("vm: %s (id %lu) asks init to power the system off (signal %lu)\n", p->name, p->badge, sig);
		shutdown_after_sync(0);
	}
	return 0;
}

/* tgkill's target: the process pid (0 or -1: tkill's, the process whose main thread
 * tid is, else the one in the tid's slot) and in *th its thread tid (> 0; the pid is the
 * main thread), or NULL if there is none. */
static struct proc *by_tid(int64_t pid, int64_t tid, struct thread_state **th)
{
	struct proc *t = 0;
	if (pid > 0)
		t = by_pid(pid);
	else if ((pid == 0 || pid == -1) && tid > 0 && !(t = by_pid(tid)))
		t = proc_of_id((uint64_t)tid);
	*th = t && !t->unborn && tid > 0 ? thread_of(t, tid) : 0;
	return *th ? t : 0;
}

long kill_stop(struct proc *p, uint64_t sig)
{
	if (!p->lx_entry || sig > NSIG || !(STOP_SIGS >> (sig - 1) & 1))
		return -KE_INVAL;
	if (sig != SIGSTOP && proc_pgrp_orphaned(p->pgid, p->sid))
		return 0;   /* as Linux: SIGTSTP, SIGTTIN, SIGTTOU do not stop an orphaned group */
	long token = k_caller_save();
	if (token < 0)
		return token;
	p->stop_sig = (uint8_t)sig, p->stop_token = token, p->report = PR_STOPPED;
	if (!proc_wait4_offer(p) && p->parent)
		sigq_post(p->parent, SIGCHLD, CLD_STOPPED, sigq_ids(p), sig);
	return PROTO_NO_REPLY;
}

/* Send sig (checked) from p to t (th not NULL: to its thread th) with si_code code, ids
 * and value (sigq_post_to's): SIGKILL ends it now (it cannot be caught or ignored), any
 * other is posted for its personality. 0 or -errno (EPERM: p may not signal t). */
static long send(struct proc *p, struct proc *t, struct thread_state *th, uint64_t sig, int64_t code,
                 uint64_t ids, uint64_t value)
{
	if (!t->lx_entry)
		return proc_is_init(t) ? to_native_init(p, t, sig) : -KE_PERM;
	if (sig > NSIG)
		return -KE_INVAL;
	if (!cred_may_signal(p, t, sig))
		return -KE_PERM;
	if (!sig || t->zombie)
		return 0;   /* only a check; or it has ended and waits for its parent */
	if (sig == SIGKILL) {
		struct vm_wait_rep end = {128 + SIGKILL, 0, 0, 0, SIGKILL};
		proc_end(t, &end);
		return 0;
	}
	if (sig == SIGCONT)   /* continues a stopped task, whatever its disposition */
		proc_continue(t);
	else if (STOP_SIGS >> (sig - 1) & 1)
		sigq_drop(t, 1ull << (SIGCONT - 1));
	return sigq_post_to(t, th, (int)sig, (int)code, ids, value);
}

long kill_signal(struct proc *p, int64_t pid, uint64_t sig, int64_t code, int64_t tid)
{
	long r = -KE_SRCH;
	if (pid == INT32_MIN)
		return -KE_SRCH;
	if (tid)
		return kill_queue(p, pid, sig, code, sigq_ids(p), 0, tid);
	if (pid > 0) {
		struct proc *t = by_pid(pid);
		r = t ? send(p, t, 0, sig, code, sigq_ids(p), 0) : -KE_SRCH;
	} else {
		/* a group (0: the caller's), or with -1 every Linux task but the caller: as
		 * Linux, success if one was reached, else the last error */
		int64_t pgid = pid == 0 ? p->pgid : -pid;
		int found = 0, reached = 0;
		long err = 0;
		/* (the zombies too: until reaped, a task holds its group, as on Linux) */
		for (struct proc *t = proc_next_any(0); t; t = proc_next_any(t)) {
			if (t->unborn || (pid == -1 ? t == p : !t->lx_entry || t->pgid != pgid))
				continue;
			/* -1 reaches the native tasks too, which ignore signals (as Linux's kernel
			 * threads do) */
			long e = t->lx_entry ? send(p, t, 0, sig, code, sigq_ids(p), 0) : sig > NSIG ? -KE_INVAL : 0;
			found = 1;
			reached |= e == 0;
			if (e < 0)
				err = e;
		}
		r = !found ? -KE_SRCH : reached ? 0 : err;
	}
	return p->zombie ? PROTO_NO_REPLY : r;
}

long kill_queue(struct proc *p, int64_t pid, uint64_t sig, int64_t code, uint64_t ids, uint64_t value,
                int64_t tid)
{
	struct thread_state *th = 0;
	struct proc *t = tid ? by_tid(pid, tid, &th) : by_pid(pid);
	long r = t ? send(p, t, th, sig, code, ids, value) : -KE_SRCH;
	return p->zombie ? PROTO_NO_REPLY : r;
}

long kill_setpgid(struct proc *p, int64_t pid, int64_t pgid)
{
	if (pgid == -1) {   /* setsid: not for a group leader */
		for (struct proc *t = proc_next(0); t; t = proc_next(t))
			if (t->pgid == proc_pid(p))
				return -KE_PERM;
		p->sid = p->pgid = proc_pid(p);
		return p->sid;
	}
	if (!pid)
		pid = proc_pid(p);
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -KE_INVAL;
	struct proc *t = by_pid(pid);
	if (!t || t->zombie || (t != p && t->parent != p))
		return -KE_SRCH;
	if (t != p && t->sid != p->sid)
		return -KE_PERM;
	if (t != p && t->execed)
		return -KE_ACCES;
	if (t->sid == proc_pid(t))
		return -KE_PERM;   /* a session leader stays in its group */
	if (pgid != pid) {     /* the group must exist in the caller's session (a zombie */
		int ok = 0;        /* not yet reaped holds it) */
		for (struct proc *g = proc_next_any(0); g && !ok; g = proc_next_any(g))
			ok = g->pgid == pgid && g->sid == p->sid;
		if (!ok)
			return -KE_PERM;
	}
	t->pgid = pgid;
	return pgid;
}

long kill_getpgid(struct proc *p, int64_t pid, int session)
{
	struct proc *t = pid ? by_pid(pid) : p;
	if (!t)
		return -KE_SRCH;
	return session ? t->sid : t->pgid;
}
