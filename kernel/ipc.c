/* ipc.c - message passing.
 *
 * An endpoint queues either senders or receivers, never both. A message is a tag (label,
 * buffer length, register count), up to IPC_MAX_WORDS register words (a2..a6, t3..t5)
 * and optionally up to IPC_BUF_MAX bytes copied from the sender's IPC buffer page to the
 * receiver's. The receiver learns the badge of the handle the sender used. A call leaves
 * the caller in T_REPLY; the receiver holds its reply until it replies, saves it
 * (SYS_CALLER_SAVE) or dies (then the caller gets -KE_PIPE).
 */
#include "ipc.h"
#include "sched.h"
#include "timeout.h"
#include "riscv.h"
#include "trace.h"
#include "base/mem.h"
#include "console.h"
#include "abi/syscall.h"
#include "abi/fault.h"

static const int mr_reg[IPC_MAX_WORDS] = {12, 13, 14, 15, 16, 28, 29, 30};

enum { XFER_OK = 0, XFER_SENDER_FAULT, XFER_RECEIVER_FAULT };

/* Copy the first n (1 to IPC_MAX_WORDS) message words of from's registers into to's. */
static inline void copy_words(struct thread *to, const struct thread *from, uint64_t n)
{
	_Static_assert(IPC_MAX_WORDS == 8, "mr_reg");
	const uint64_t *f = from->tf.regs;
	uint64_t *t = to->tf.regs;
	switch (n) {   /* mr_reg's registers, last first */
	case 8: t[30] = f[30]; /* fall through */
	case 7: t[29] = f[29]; /* fall through */
	case 6: t[28] = f[28]; /* fall through */
	case 5: t[16] = f[16]; /* fall through */
	case 4: t[15] = f[15]; /* fall through */
	case 3: t[14] = f[14]; /* fall through */
	case 2: t[13] = f[13]; /* fall through */
	default: t[12] = f[12];
	}
}

/* The trace (make KTRACE=1) of a message delivered from thread `from` to thread `to`: the
 * ends as numbers, and the words from to's registers, where MR0-MR3 (a2-a5) now are. */
#define TRACE_END(th) ((struct trace_end){(th)->task->id, (th)->id})
#define TRACE_MSG(kind, from, to, tag) \
	trace_ipc((kind), TRACE_END(from), TRACE_END(to), (tag), &(to)->tf.regs[TF_A2])

static void queue_push(struct endpoint *ep, struct thread *th, int receiver)
{
	ep->receivers = (uint8_t)receiver;
	th->next = 0;
	th->queued_on = ep;
	if (ep->tail)
		ep->tail->next = th;
	else
		ep->head = th;
	ep->tail = th;
}

static struct thread *queue_pop(struct endpoint *ep)
{
	struct thread *th = ep->head;
	ep->head = th->next;
	if (!ep->head)
		ep->tail = 0;
	th->next = 0;
	th->queued_on = 0;
	return th;
}

static void queue_remove(struct endpoint *ep, struct thread *th)
{
	struct thread **pp = &ep->head, *prev = 0;
	while (*pp && *pp != th)
		prev = *pp, pp = &(*pp)->next;
	if (!*pp)
		return;
	*pp = th->next;
	if (ep->tail == th)
		ep->tail = prev;
	th->next = 0;
	th->queued_on = 0;
}

static int waiting(const struct endpoint *ep, int receivers)
{
	return ep->head && ep->receivers == receivers;
}

/* Copy a message from `from`'s registers and buffer to `to`, which sees a0 = word0. */
static int transfer(struct thread *from, struct thread *to, uint64_t tag, uint64_t word0)
{
	uint64_t nbytes = IPC_TAG_BYTES(tag), nwords = IPC_TAG_WORDS(tag);
	if (nbytes) {
		const char *src = from->ipc_buf ? user_page(&from->task->as, from->ipc_buf, PTE_R) : 0;
		if (!src)
			return XFER_SENDER_FAULT;
		char *dst = to->ipc_buf ? user_page(&to->task->as, to->ipc_buf, PTE_W) : 0;
		if (!dst)
			return XFER_RECEIVER_FAULT;
		memcpy(dst, src, nbytes);
	}
	if (nwords)
		copy_words(to, from, nwords);
	to->tf.regs[TF_A0] = word0;
	to->tf.regs[TF_A1] = tag;
	return XFER_OK;
}

_Static_assert(FAULT_WORDS == sizeof ((struct thread *)0)->fault / sizeof(uint64_t), "fault.def's words");

/* Deliver th's pending fault to receiver r as a call message: its words in the first
 * FAULT_WORDS of mr_reg's registers (written out, as in copy_words: no table lookups). */
static void deliver_fault(struct thread *th, struct thread *r)
{
	_Static_assert(FAULT_WORDS == 7, "deliver_fault's registers");
	uint64_t label = th->fault[1] ? FAULT_LABEL_PAGE : FAULT_LABEL_EXCEPTION;
	const uint64_t *f = th->fault;
	uint64_t *t = r->tf.regs;
	t[12] = f[0], t[13] = f[1], t[14] = f[2], t[15] = f[3], t[16] = f[4], t[28] = f[5], t[29] = f[6];
	r->tf.regs[TF_A0] = th->pager_badge;
	r->tf.regs[TF_A1] = IPC_TAG(label, 0, FAULT_WORDS);
}

/* A receiver that still holds an unanswered caller drops it: the caller gets -KE_PIPE. */
static void drop_caller(struct thread *r)
{
	struct thread *c = r->caller;
	if (!c)
		return;
	r->caller = 0;
	c->replier = 0;
	if (c->in_fault) {
		c->state = T_STOPPED;
		return;
	}
	c->tf.regs[TF_A0] = (uint64_t)-KE_PIPE;
	sched_wake(c);
}

/* Common half of call and send when a receiver is waiting. */
static void send_to_receiver(struct thread *th, struct endpoint *ep, uint64_t badge,
                             uint64_t tag, int is_call)
{
	struct thread *r = ep->head;
	int x = transfer(th, r, tag, badge);
	if (x == XFER_SENDER_FAULT) {
		th->tf.regs[TF_A0] = (uint64_t)-KE_FAULT;
		return;
	}
	queue_pop(ep);
	if (x == XFER_RECEIVER_FAULT) {  /* the receiver's buffer is gone: its receive fails */
		r->tf.regs[TF_A0] = (uint64_t)-KE_FAULT;
		r->tf.regs[TF_A1] = 0;
		sched_wake(r);
		th->tf.regs[TF_A0] = (uint64_t)-KE_FAULT;
		return;
	}
	th->tf.regs[TF_A0] = 0;
	TRACE_MSG(is_call ? TR_CALL : TR_SEND, th, r, tag);
	if (is_call) {
		r->caller = th;
		th->state = T_REPLY;
		th->replier = r;
		sched_switch_to(r);
	} else {
		sched_wake(r);
	}
}

static void block_sender(struct thread *th, struct endpoint *ep, uint64_t badge, int is_call)
{
	th->state = T_SEND;
	th->is_call = (uint8_t)is_call;
	th->send_badge = badge;
	queue_push(ep, th, 0);
}

void ipc_call(struct thread *th, struct endpoint *ep, uint64_t badge, uint64_t tag)
{
	if (waiting(ep, 1))
		send_to_receiver(th, ep, badge, tag, 1);
	else
		block_sender(th, ep, badge, 1);
}

void ipc_send(struct thread *th, struct endpoint *ep, uint64_t badge, uint64_t tag)
{
	if (waiting(ep, 1))
		send_to_receiver(th, ep, badge, tag, 0);
	else
		block_sender(th, ep, badge, 0);
}

void ipc_recv(struct thread *th, struct endpoint *ep)
{
	drop_caller(th);
	while (waiting(ep, 0)) {
		struct thread *s = ep->head;
		if (s->in_fault) {
			deliver_fault(s, th);
			TRACE_MSG(TR_FAULT, s, th, th->tf.regs[TF_A1]);
		} else {
			int x = transfer(s, th, s->tf.regs[TF_A1], s->send_badge);
			if (x == XFER_RECEIVER_FAULT) {
				th->tf.regs[TF_A0] = (uint64_t)-KE_FAULT;
				th->tf.regs[TF_A1] = 0;
				return;
			}
			if (x == XFER_SENDER_FAULT) {
				queue_pop(ep);
				s->tf.regs[TF_A0] = (uint64_t)-KE_FAULT;
				sched_wake(s);
				continue;
			}
			s->tf.regs[TF_A0] = 0;
			TRACE_MSG(s->is_call ? TR_CALL : TR_SEND, s, th, s->tf.regs[TF_A1]);
		}
		queue_pop(ep);
		if (s->is_call) {
			s->state = T_REPLY;
			s->replier = th;
			th->caller = s;
		} else {
			sched_wake(s);
		}
		return;
	}
	th->state = T_RECV;
	queue_push(ep, th, 1);
}

int lx_interrupt_enter(struct thread *th)
{
	const struct task *t = th->task;
	uint64_t pc = th->tf.regs[TF_PC];
	if (!th->lx_intr || !t->lx_intr_entry || lx_inside(t, pc))
		return 0;
	th->lx_intr = 0;
	lx_enter(th, t->lx_intr_entry);
	return 1;
}

/* th goes from its program into the personality: the personality's tp in, the
 * program's kept (the half of lx_enter a pager's redirect needs too). */
static void lx_tp_in(struct thread *th)
{
	th->lx_utp = th->tf.regs[TF_TP];
	th->tf.regs[TF_TP] = th->lx_ptp;
}

void lx_enter(struct thread *th, uint64_t entry)
{
	th->lx_ret = th->tf.regs[TF_PC];
	th->lx_a7 = th->tf.regs[TF_A7];
	lx_tp_in(th);
	th->tf.regs[TF_PC] = entry;
}

/* FAULT_REPLY_MAP's words, from the pager th to the thread c whose fault it answers,
 * checked before anything changes: 0 with the memory object in *m; or -KE_INVAL (fewer
 * than 3 words, not a page fault, an offset or rights SYS_MAP refuses), or handle_get's
 * error for MR0. Inline: ipc_fast_trap's guards, which call nothing. */
static inline __attribute__((always_inline)) long fault_map_decode(struct thread *th, const struct thread *c,
                                                                   uint64_t tag, const struct memobj **m)
{
	long err = -KE_INVAL;
	const uint64_t *w = th->tf.regs;
	struct handle *h = IPC_TAG_WORDS(tag) >= 3 && c->fault[1] && c->fault[0] < USER_TOP
	                 ? handle_get(th->task, (long)w[mr_reg[0]], H_MEM, RIGHT_MAP, &err) : 0;
	if (!h)
		return err;
	*m = h->obj;
	if ((w[mr_reg[1]] & (PGSIZE - 1)) || w[mr_reg[1]] >= (*m)->size || !vm_perms_valid(w[mr_reg[2]]))
		return -KE_INVAL;
	return 0;
}

/* FAULT_REPLY_MAP's map, decoded, past the point of no return: c's faulting page, if its
 * address space had no unmap, protect or move since the fault (aspace's gen) and nothing
 * is mapped there; else nothing, and the retry faults again. */
static void fault_map(const struct thread *th, struct thread *c, const struct memobj *m)
{
	struct aspace *as = &c->task->as;
	if (as->gen == c->fault_gen)
		vm_map_empty(as, c->fault[0] & ~(PGSIZE - 1), m->base + th->tf.regs[mr_reg[1]],
		             th->tf.regs[mr_reg[2]]);
}

/* The pager answered a fault: resume (FAULT_REPLY_MAP: after mapping with m, decoded),
 * redirect to a handler, or stop the thread. */
static void finish_fault(struct thread *th, struct thread *to, uint64_t tag, const struct memobj *m)
{
	to->in_fault = 0;
	switch (IPC_TAG_LABEL(tag)) {
	case FAULT_REPLY_MAP:
		fault_map(th, to, m);
		/* fall through */
	case FAULT_REPLY_RESUME:
		lx_interrupt_enter(to);   /* back to its program: an interrupt waiting goes first */
		break;
	case FAULT_REPLY_REDIRECT:
		if (lx_inside(to->task, th->tf.regs[mr_reg[0]]) && !lx_inside(to->task, to->tf.regs[TF_PC]))
			lx_tp_in(to);   /* into the personality from its program */
		to->tf.regs[TF_PC] = th->tf.regs[mr_reg[0]];
		to->tf.regs[TF_SP] = th->tf.regs[mr_reg[1]];
		to->tf.regs[TF_A0] = th->tf.regs[mr_reg[2]];
		to->tf.regs[TF_A1] = th->tf.regs[mr_reg[3]];
		break;
	default:
		to->state = T_STOPPED;
		return;
	}
	sched_wake_here(to);
}

long ipc_reply(struct thread *th, struct thread *to, uint64_t tag)
{
	const struct memobj *m = 0;
	if (to->in_fault) {
		long err;
		if (IPC_TAG_LABEL(tag) == FAULT_REPLY_REDIRECT && IPC_TAG_WORDS(tag) < 4)
			return -KE_INVAL;
		if (IPC_TAG_LABEL(tag) == FAULT_REPLY_MAP && (err = fault_map_decode(th, to, tag, &m)))
			return err;
	} else {
		int x = transfer(th, to, tag, 0);
		if (x == XFER_SENDER_FAULT)
			return -KE_FAULT;
		if (x == XFER_RECEIVER_FAULT)
			to->tf.regs[TF_A0] = (uint64_t)-KE_FAULT;
	}
	if (!to->in_fault)
		TRACE_MSG(TR_REPLY, th, to, tag);
	else
		TRACE_MSG(TR_REPLY, th, to, IPC_TAG(IPC_TAG_LABEL(tag), 0, 0));
	if (th->caller == to)
		th->caller = 0;
	to->replier = 0;
	to->saved_by = 0;
	if (to->in_fault)
		finish_fault(th, to, tag, m);
	else
		sched_wake_here(to);
	return 0;
}

long ipc_window_write(struct thread *th, uint64_t off, uint64_t src, uint64_t len)
{
	const struct thread *c = th->caller;
	uint64_t tag = c ? c->tf.regs[TF_A1] : 0, words = IPC_TAG_WORDS(tag);
	/* A caller waiting for this reply keeps its call's tag and words in its registers. */
	if (!c || c->in_fault || !(tag & IPC_TAG_WINDOW) || words < 2 || words > IPC_MAX_WORDS)
		return -KE_INVAL;
	uint64_t base = c->tf.regs[mr_reg[words - 2]], size = c->tf.regs[mr_reg[words - 1]];
	if (off > size || len > size - off || len > IPC_WINDOW_WRITE_MAX || base + size < base)
		return -KE_INVAL;   /* (a window that wraps round is none) */
	uint64_t dst = base + off, done = 0;
	while (done < len) {
		const char *s = user_page(&th->task->as, src + done, PTE_R);
		if (!s)
			return -KE_FAULT;
		char *d = user_page(&c->task->as, dst + done, PTE_W);
		if (!d)
			break;   /* not mapped writable (yet): the client faults it in */
		uint64_t so = (src + done) & (PGSIZE - 1), dof = (dst + done) & (PGSIZE - 1);
		uint64_t n = PGSIZE - (so > dof ? so : dof);
		if (n > len - done)
			n = len - done;
		memcpy(d + dof, s + so, n);
		done += n;
	}
	return (long)done;
}

void ipc_fault(struct thread *th, uint64_t scause, uint64_t stval, uint64_t access)
{
	th->fault[0] = stval;
	th->fault[1] = access;
	th->fault[2] = th->tf.regs[TF_PC];
	th->fault[3] = scause;
	th->fault[4] = th->tf.regs[TF_SP];
	th->fault[5] = th->tf.regs[TF_A0];
	th->fault[6] = th->tf.regs[TF_A1];
	if (!th->pager) {
		kprintf("[kernel] %s: fault (scause %lu) at pc %lx addr %lx, no pager: thread stopped\n",
		        th->task->name, scause, th->tf.regs[TF_PC], stval);
		th->state = T_STOPPED;
		return;
	}
	th->in_fault = 1;
	th->fault_gen = th->task->as.gen;
	struct endpoint *ep = th->pager;
	if (waiting(ep, 1)) {
		struct thread *r = queue_pop(ep);
		deliver_fault(th, r);
		TRACE_MSG(TR_FAULT, th, r, r->tf.regs[TF_A1]);
		r->caller = th;
		th->state = T_REPLY;
		th->replier = r;
		sched_switch_to(r);
	} else {
		block_sender(th, ep, th->pager_badge, 1);
	}
}

void notify_signal(struct notification *n, uint64_t bits)
{
	n->bits |= bits;
	struct thread *w = n->waiter;
	if (w && n->bits) {
		n->waiter = 0;
		w->waiting_on = 0;
		timeout_disarm(w);
		w->tf.regs[TF_A0] = n->bits;
		n->bits = 0;
		sched_wake(w);
	}
}

void notify_wait(struct thread *th, struct notification *n, uint64_t deadline, int uninterrupted)
{
	if (n->bits) {
		th->tf.regs[TF_A0] = n->bits;
		n->bits = 0;
		return;
	}
	if (th->lx_intr && !uninterrupted) {   /* SYS_LX_INTERRUPT came first */
		th->lx_intr = 0;
		th->tf.regs[TF_A0] = (uint64_t)-KE_INTR;
		return;
	}
	if (n->waiter) {                 /* one waiter per notification */
		th->tf.regs[TF_A0] = (uint64_t)-KE_BUSY;
		return;
	}
	if (deadline && deadline <= rdtime()) {
		th->tf.regs[TF_A0] = (uint64_t)-KE_TIMEDOUT;
		return;
	}
	n->waiter = th;
	th->waiting_on = n;
	th->state = T_NOTIFY;
	th->uninterrupted = (uint8_t)uninterrupted;
	if (deadline)
		timeout_arm(th, deadline);
}

/* th's NOTIFY_WAIT ends without bits, with error err. */
static void notify_cancel(struct thread *th, long err)
{
	th->waiting_on->waiter = 0;
	th->waiting_on = 0;
	th->tf.regs[TF_A0] = (uint64_t)err;
	sched_wake(th);
}

void notify_timed_out(struct thread *th)
{
	notify_cancel(th, -KE_TIMEDOUT);
}

void notify_interrupt(struct thread *th)
{
	th->lx_intr = 0;
	timeout_disarm(th);
	notify_cancel(th, -KE_INTR);
}

void ipc_endpoint_drain(struct endpoint *ep)
{
	while (ep->head) {
		struct thread *th = queue_pop(ep);
		if (th->in_fault) {
			th->state = T_STOPPED;
			continue;
		}
		th->tf.regs[TF_A0] = (uint64_t)-KE_PIPE;
		sched_wake(th);
	}
}

void ipc_thread_detach(struct thread *th)
{
	if ((th->state == T_SEND || th->state == T_RECV) && th->queued_on)
		queue_remove(th->queued_on, th);
	if (th->state == T_REPLY && th->replier && th->replier->caller == th)
		th->replier->caller = 0;
	if (th->state == T_NOTIFY && th->waiting_on)
		th->waiting_on->waiter = 0;
	timeout_disarm(th);
	drop_caller(th);
	th->replier = 0;
	th->saved_by = 0;
	th->waiting_on = 0;
}

/* The fast paths, in the shape of seL4's: a list of guards, each sending the call to
 * the general path when the case is not the simple one (register-only message, partner
 * waiting, no priority question), then a point of no return after which nothing can
 * fail. They produce exactly what the general path would; the tests run both. The
 * last guards are sched_pick's (sched.h) for the partner, so that it is what the
 * scheduler would pick next here: it is resumed at once. */
int ipc_fastpath_enabled = 1;

/* The end of ipc_fast_trap's FAULT_REPLY_MAP: the map, then the return to c. Out of line,
 * so that the fast path stays a leaf that saves nothing. */
static __attribute__((noinline)) struct trapframe *fast_map_return(const struct thread *th, struct thread *c,
                                                                   const struct memobj *m)
{
	fault_map(th, c, m);
	return prepare_return(c);
}

struct trapframe *ipc_fast_trap(void)
{
	const struct hart *h = this_hart;
	if (!ipc_fastpath_enabled || h->abandoned)
		return 0;   /* (a stall took the thread: current is NULL; trap_handler's case) */
	const struct memobj *m = 0;
	struct thread *th = h->cur, *to;
	const struct task *t = th->task;
	if (t->lx_entry && !lx_inside(t, th->tf.regs[TF_PC]))
		return 0;   /* (an ecall the personality takes) */
	uint64_t slot = th->tf.regs[TF_A0], tag = th->tf.regs[TF_A1], n = IPC_TAG_WORDS(tag);
	if (slot >= HANDLES_PER_TASK || IPC_TAG_BYTES(tag) || n > IPC_MAX_WORDS)
		return 0;
	const struct handle *hd = &t->handles[slot];
	struct endpoint *ep = hd->obj;
	if (hd->type != H_ENDPOINT)
		return 0;
	if (th->tf.regs[TF_A7] == SYS_CALL) {
		struct thread *r = ep->head;
		if (!(hd->rights & RIGHT_SEND) || !r || !ep->receivers || r->prio < th->prio ||
		    r->caller || !(r->affinity >> h->cpu & 1) || (h->ready_mask >> (r->prio + 1)) ||
		    (h->ready_mask && sched_idle_cpus))
			return 0;
		/* Point of no return. */
		queue_pop(ep);
		if (n)
			copy_words(r, th, n);
		r->tf.regs[TF_A0] = hd->badge;
		r->tf.regs[TF_A1] = tag;
		th->tf.regs[TF_A0] = 0;
		r->caller = th;
		th->replier = r;
		th->state = T_REPLY;
		r->state = T_READY;
		TRACE_MSG(TR_CALL, th, r, tag);
		to = r;
	} else {   /* SYS_REPLY_RECV. A pager's resume of a fault is simple too: it goes on. */
		struct thread *c = th->caller;
		uint64_t label = IPC_TAG_LABEL(tag);
		if (!(hd->rights & RIGHT_RECV) || !c ||
		    (c->in_fault && ((label != FAULT_REPLY_RESUME && label != FAULT_REPLY_MAP) || c->lx_intr ||
		                     (label == FAULT_REPLY_MAP && fault_map_decode(th, c, tag, &m)))) ||
		    (ep->head && !ep->receivers) || !(c->affinity >> h->cpu & 1) ||
		    (h->ready_mask >> (c->prio + 1)) || (h->ready_mask && sched_idle_cpus))
			return 0;   /* (a message is waiting, the caller may not run here, the
			               scheduler has a question, or a map the general path refuses) */
		/* Point of no return. */
		if (c->in_fault) {
			c->in_fault = 0;
		} else {
			if (n)
				copy_words(c, th, n);
			c->tf.regs[TF_A0] = 0;
			c->tf.regs[TF_A1] = tag;
		}
		th->caller = 0;
		c->replier = 0;
		c->saved_by = 0;
		c->state = T_READY;
		th->state = T_RECV;
		queue_push(ep, th, 1);
		TRACE_MSG(TR_REPLY, th, c, tag);
		to = c;
	}
	th->tf.regs[TF_PC] += 4;
	current = to;
	return m ? fast_map_return(th, to, m) : prepare_return(to);   /* (m: FAULT_REPLY_MAP's) */
}
