/* childwait.c - what a parent learns of its children: VM_WAIT (a native parent, one
 * child) and VM_WAIT4 (Linux's wait4 and waitid: which children match, what is
 * reportable, reaping), a stop or a continue reported, a vfork's parent answered. A
 * child's end itself is proc.c's; it offers the ended child here. */
#include "childwait.h"
#include "kcall.h"
#include "base/mem.h"
#include "sigqueue.h"

/* Does child c count for a VM_WAIT4 of parent's on pid (> 0 that child, -1 any, 0 one
 * in parent's process group, < -1 one in group -pid)? */
static int wait4_match(const struct proc *parent, int64_t pid, const struct proc *c)
{
	return c->parent == parent && (pid == -1 || (pid == 0 && c->pgid == parent->pgid) ||
	                               (pid < -1 && c->pgid == -pid) || (pid > 0 && proc_pid(c) == pid));
}

/* Has child c something a VM_WAIT4 with options reports: its end, or a stop or a
 * continue asked for? */
static int reportable(const struct proc *c, uint64_t options)
{
	return (c->zombie && (options & VM_WAIT4_EXITED)) || (c->report == PR_STOPPED && (options & VM_WAIT4_UNTRACED)) ||
	       (c->report == PR_CONTINUED && (options & VM_WAIT4_CONTINUED));
}

/* What reportable found, into *rep with Linux's wait status; unless keep (waitid's
 * WNOWAIT), an ended child's slot is freed and a stop or continue is reported once. */
static void reap(struct proc *c, struct vm_wait4_rep *rep, int keep)
{
	rep->pid = proc_pid(c);
	if (!c->zombie) {
		rep->wstatus = c->report == PR_STOPPED ? 0x7fu | (uint64_t)c->stop_sig << 8 : 0xffff;
		if (!keep)
			c->report = 0;
		return;
	}
	rep->wstatus = c->end.signal ? (c->end.signal & 0x7f) : ((uint64_t)c->end.status & 0xff) << 8;
	if (!keep)
		proc_release_slot(c);
}

int proc_wait4_offer(struct proc *c)
{
	struct proc *parent = c->parent;
	if (!parent || !parent->wait4_token || !wait4_match(parent, parent->wait4_pid, c) ||
	    !reportable(c, parent->wait4_options))
		return 0;
	struct msg m = {IPC_TAG(0, 0, PROTO_WORDS(sizeof(struct vm_wait4_rep))), {0}};
	struct vm_wait4_rep rep;
	long token = parent->wait4_token;
	parent->wait4_token = 0;
	reap(c, &rep, (parent->wait4_options & VM_WAIT4_NOWAIT) != 0);
	memcpy(m.w, &rep, sizeof rep);
	k_reply(token, &m);
	return 1;
}

long proc_wait(struct proc *parent, int64_t child, struct vm_wait_rep *rep)
{
	struct proc *c = proc_by_badge((uint64_t)child);
	if (!c || c->parent != parent)
		return -KE_SRCH;
	if (c->wait_token)
		return -KE_BUSY;
	if (c->zombie) {
		*rep = c->end;
		proc_release_slot(c);
		return 0;
	}
	long token = k_caller_save();
	if (token < 0)
		return token;
	c->wait_token = token;
	return 1;
}

long proc_wait4(struct proc *parent, int64_t pid, uint64_t options, struct vm_wait4_rep *rep)
{
	int some = 0;
	if (options & ~(uint64_t)(VM_WAIT4_NOHANG | VM_WAIT4_NOWAIT | VM_WAIT4_UNTRACED | VM_WAIT4_CONTINUED |
	                          VM_WAIT4_EXITED))
		return -KE_INVAL;
	if (!(options & (VM_WAIT4_EXITED | VM_WAIT4_UNTRACED | VM_WAIT4_CONTINUED)))
		return -KE_INVAL;   /* nothing could ever be reported: it would wait for ever (waitid's EINVAL) */
	for (struct proc *c = proc_next_child(parent, 0); c; c = proc_next_child(parent, c)) {
		if (!wait4_match(parent, pid, c) || c->wait_token)
			continue;
		if (reportable(c, options)) {
			reap(c, rep, (options & VM_WAIT4_NOWAIT) != 0);
			return 0;
		}
		some = 1;
	}
	if (!some)
		return -KE_CHILD;
	if (options & VM_WAIT4_NOHANG) {
		*rep = (struct vm_wait4_rep){0, 0};
		return 0;
	}
	if (parent->sig.pending & ~parent->sig_held)
		return -KE_INTR;   /* its personality has signals to take first */
	if (parent->wait4_token)
		return -KE_BUSY;
	long token = k_caller_save();
	if (token < 0)
		return token;
	parent->wait4_token = token;
	parent->wait4_pid = pid;
	parent->wait4_options = options;
	return 1;
}

void proc_wait4_recheck(struct proc *parent)
{
	if (!parent->wait4_token)
		return;
	for (struct proc *c = proc_next_child(parent, 0); c; c = proc_next_child(parent, c))
		if (wait4_match(parent, parent->wait4_pid, c) && !c->wait_token)
			return;
	struct msg m = {IPC_TAG(KE_CHILD, 0, 0), {0}};
	k_reply(parent->wait4_token, &m);
	parent->wait4_token = 0;
}

void proc_vfork_done(struct proc *c)
{
	if (!c->vfork_token)
		return;
	struct msg m = {IPC_TAG(0, 0, 1), {(uint64_t)proc_pid(c)}};
	k_reply(c->vfork_token, &m);   /* (fails harmlessly if the parent has ended) */
	c->vfork_token = 0;
}

void proc_continue(struct proc *t)
{
	sigq_drop(t, STOP_SIGS);   /* a stop sent before is undone */
	if (!t->stop_sig)
		return;
	struct msg m = {IPC_TAG(0, 0, 0), {0}};
	k_reply(t->stop_token, &m);
	t->stop_sig = 0, t->stop_token = 0, t->report = PR_CONTINUED;
	if (!proc_wait4_offer(t) && t->parent)
		sigq_post(t->parent, SIGCHLD, CLD_CONTINUED, sigq_ids(t), SIGCONT);
}
