/* clone.c - VM_FORK in two steps:
 *   1. the child: a task whose address space is a copy of the caller's (proc_fork: lib/vm's
 *      dup_mmap, private pages shared copy-on-write), with the caller's personality and
 *      fault trampolines; FS_FORK asks the FS server to give it the caller's descriptors;
 *   2. the FS server's answer (VM_FS_DONE): the child's thread starts where the caller
 *      said (the personality's way back into the program, as after the call, with 0),
 *      and the caller gets the child's id (after a vfork, once the child has run execve or
 *      ended: proc_vfork_done).
 * The caller waits for the answer, so its address space does not change between the two.
 * A failure at either step ends the child as if it never was: the parent is unchanged
 * and every frame the child took returns. Each step is an injection point of
 * VM_FORK_INJECT (forkinject.h), so tests can make each fail in turn. */
#include "clone.h"
#include "fslink.h"
#include "cred.h"
#include "forkinject.h"
#include "proto/fs_msgs.h"

#define F_CHILD 0   /* fs_wait.req while the FS server gives the child its descriptors */
#define F_ENTRY 1
#define F_SP    2
#define F_VFORK 3

static fs_done_fn fds_given;

/* Undo the child c of parent's fork (parent NULL: it has gone), which cannot go on. */
static void drop_child(struct proc *c, struct proc *parent)
{
	fslink_client_gone(c->badge);   /* whatever descriptors it was given */
	proc_fork_abort(c, parent);
}

/* Step 1 of clone_fork, its arguments checked. */
static long fork_child(struct proc *p, uint64_t entry, uint64_t sp, int vfork)
{
	struct fs_wait *w = fork_inject_hit(p->badge, FORK_STEP_RECORD) ? 0 : fs_wait_new(FSW_FORK, p->badge);
	if (!w)
		return -KE_AGAIN;
	long err;
	struct proc *c = proc_fork(p, &err);
	if (!c) {
		fs_wait_free(w);
		return -err;
	}
	w->req[F_CHILD] = c->badge, w->req[F_ENTRY] = entry, w->req[F_SP] = sp, w->req[F_VFORK] = vfork != 0;
	w->on_done = fds_given;
	uint64_t words[] = {p->badge, c->badge, fs_wait_cookie(w)};
	if (!fslink_fs_badge() || fork_inject_hit(p->badge, FORK_STEP_POST) || fslink_post(FS_FORK, words, 3) < 0) {
		proc_fork_abort(c, p);
		fs_wait_free(w);
		return -KE_AGAIN;
	}
	w->token = k_caller_save();
	return PROTO_NO_REPLY;
}

long clone_fork(struct proc *p, uint64_t entry, uint64_t sp, int vfork)
{
	if (entry >= USER_TOP || sp > USER_TOP || (sp & 15))
		return -KE_INVAL;
	long e = cred_may_fork(p);
	if (e < 0)
		return e;
	fork_inject_begin(p->badge);
	long r = fork_child(p, entry, sp, vfork);
	if (r != PROTO_NO_REPLY)
		fork_inject_end(p->badge);   /* else once the FS server has answered */
	return r;
}

/* Step 2: the child has its descriptors (or the FS server could not give them). */
static void fds_given(struct fs_wait *w, const struct vm_fs_done_req *q)
{
	struct proc *c = proc_by_badge(w->req[F_CHILD]), *p = proc_by_badge(w->badge);
	long err = (long)q->status;
	if (!err && fork_inject_hit(w->badge, FORK_STEP_FS))
		err = KE_AGAIN;   /* as if the FS server's table of clients were full */
	if (!p || p->zombie)
		err = KE_SRCH;   /* the parent ended meanwhile: nobody to answer */
	if (!c || c->parent != p)
		err = KE_SRCH;
	else if (!err)
		err = proc_start(c, w->req[F_ENTRY], 0, c->prio, w->req[F_SP], 0);
	if (err && c)
		drop_child(c, p);
	else if (!err)
		c->unborn = 0;   /* signals reach it from now on */
	if (!err && w->req[F_VFORK]) {
		c->vfork_token = w->token;   /* answered by proc_vfork_done */
	} else if (p && !p->zombie) {
		struct msg m = {IPC_TAG(err, 0, err ? 0 : 1), {err ? 0 : (uint64_t)proc_pid(c)}};
		k_reply(w->token, &m);
	}
	fork_inject_end(w->badge);
	fs_wait_free(w);
}
