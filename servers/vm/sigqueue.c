/* sigqueue.c - the signals a Linux-ABI task has been sent and not yet taken (see
 * sigqueue.h). What a signal does is its personality's business: dispositions and the
 * mask live there, so the VM server only keeps the signal, wakes the task as Linux's
 * signal_wake_up does, and drops what the task said it ignores (VM_SIGSTATE). */
#include "sigqueue.h"
#include "fslink.h"
#include "kcall.h"
#include "proto/fs_msgs.h"

void sigq_post(struct proc *t, int sig, int code, int64_t from, int status)
{
	uint64_t bit = 1ull << (sig - 1);
	if (t->zombie || !t->lx_intr || (t->sig_ignored & bit))
		return;
	t->sig_pending |= bit;
	t->sig_code[sig - 1] = code;
	t->sig_from[sig - 1] = (int32_t)from;
	t->sig_status[sig - 1] = status;
	if (t->wait4_token) {
		struct msg m = {IPC_TAG(KE_INTR, 0, 0), {0}};
		k_reply(t->wait4_token, &m);
		t->wait4_token = 0;
	}
	uint64_t words[] = {t->badge};
	fslink_post(FS_INTR, words, 1);   /* (a full queue: its poll sees it at its next look) */
	k_lx_interrupt(t->task);
}

void sigq_take(struct proc *p, struct vm_sigtake_rep *r)
{
	*r = (struct vm_sigtake_rep){0, 0, 0, 0};
	if (!p->sig_pending)
		return;
	int i = 0;
	while (!(p->sig_pending >> i & 1))   /* (no libgcc here for a count of zeros) */
		i++;
	p->sig_pending &= ~(1ull << i);
	*r = (struct vm_sigtake_rep){(uint64_t)i + 1, p->sig_code[i], p->sig_from[i], p->sig_status[i]};
}
