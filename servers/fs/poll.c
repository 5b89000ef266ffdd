/* poll.c - FS_POLL (see poll.h). The request's buffer holds nfds records {int64 fd,
 * uint64 events}; the answer's holds each descriptor's revents (uint64), and ready is how
 * many have some. A regular file is always ready, as on Linux. */
#include "poll.h"
#include "files.h"
#include "pipe.h"
#include "console_tty.h"
#include "kcall.h"
#include "base/mem.h"

#define MAX_WAITERS 16
#define POLL_MAX 64   /* descriptors in one request */

struct poll_rec { int64_t fd; uint64_t events; };
static struct waiter {
	uint64_t badge;              /* 0: free */
	long token;                  /* the saved reply */
	uint64_t read_len;           /* 0: an FS_POLL; else an FS_READ of up to this on fds[0].fd */
	uint64_t nfds;
	struct poll_rec fds[POLL_MAX];
} waiters[MAX_WAITERS];
static int changed;
static uint64_t interrupted[MAX_WAITERS];   /* clients whose next waiting FS_POLL is EINTR */

/* Is badge among the interrupted? Taken off the list if take. */
static int was_interrupted(uint64_t badge, int take)
{
	for (int i = 0; i < MAX_WAITERS; i++)
		if (interrupted[i] == badge) {
			if (take)
				interrupted[i] = 0;
			return 1;
		}
	return 0;
}

/* revents of fd for client c (POLLNVAL if not open). */
static uint64_t revents(struct client *c, const struct poll_rec *r)
{
	struct open_file *f = files_any_fd(c, r->fd);
	uint64_t always = POLLERR | POLLHUP | POLLNVAL;
	if (!f)
		return POLLNVAL;
	unsigned ev = f->pipe == TTY_FILE ? console_tty_events(r->events)
	              : f->pipe           ? pipe_events((int)f->node, f->pipe == PIPE_WRITE_END)
	                                  : POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	return ev & ((uint32_t)r->events | always);
}

/* Fill out[] with the revents of recs; how many are not 0. */
static uint64_t check(struct client *c, const struct poll_rec *recs, uint64_t n, uint64_t *out)
{
	uint64_t ready = 0;
	for (uint64_t i = 0; i < n; i++)
		ready += (out[i] = revents(c, &recs[i])) != 0;
	return ready;
}

/* A wait slot for c's request in hand, its reply saved, into *w: 0, -KE_INTR if c was
 * interrupted before it waited, or -KE_AGAIN if no slot is free (or the reply cannot be
 * saved): the client polls again. */
static long new_waiter(struct client *c, struct waiter **w)
{
	if (was_interrupted(c->badge, 1))
		return -KE_INTR;
	for (int i = 0; i < MAX_WAITERS; i++) {
		*w = &waiters[i];
		if ((*w)->badge)
			continue;
		if (((*w)->token = k_caller_save()) <= 0)
			return -KE_AGAIN;
		(*w)->badge = c->badge;
		return 0;
	}
	return -KE_AGAIN;
}

/* The answer to read waiter w, now in m (its bytes in the IPC buffer); 0 if the pipe is
 * still empty. */
static int read_ready(struct client *c, const struct waiter *w, struct msg *m)
{
	struct open_file *f = files_any_fd(c, w->fds[0].fd);
	long n = f && f->pipe && f->pipe != TTY_FILE ? pipe_read((int)f->node, __ipc_buffer, w->read_len) : -KE_BADF;
	if (n == -KE_AGAIN)
		return 0;
	*m = n < 0 ? (struct msg){IPC_TAG(-n, 0, 0), {0}} : (struct msg){IPC_TAG(0, n, PROTO_WORDS(sizeof(struct fs_read_rep))), {(uint64_t)n}};
	return 1;
}

long do_fs_poll(struct client *c, const struct fs_poll_req *q, struct fs_poll_rep *r)
{
	static struct poll_rec recs[POLL_MAX];
	if (q->nfds > POLL_MAX || q->nfds * sizeof recs[0] > request_bytes)
		return -KE_INVAL;
	memcpy(recs, __ipc_buffer, q->nfds * sizeof recs[0]);
	r->ready = check(c, recs, q->nfds, (uint64_t *)__ipc_buffer);
	if (r->ready || !q->wait)
		return (long)(q->nfds * sizeof(uint64_t));
	struct waiter *w;
	long e = new_waiter(c, &w);
	if (e < 0)
		return e;
	w->nfds = q->nfds, w->read_len = 0;
	memcpy(w->fds, recs, q->nfds * sizeof recs[0]);
	return PROTO_NO_REPLY;
}

long poll_wait_read(struct client *c, int64_t fd, uint64_t len)
{
	struct waiter *w;
	long e = new_waiter(c, &w);
	if (e < 0)
		return e;
	w->nfds = 1, w->read_len = len, w->fds[0] = (struct poll_rec){fd, POLLIN};
	return PROTO_NO_REPLY;
}

void poll_changed(void)
{
	changed = 1;
}

int poll_pending(void)
{
	return changed;
}

void poll_flush(void)
{
	do {   /* (again when a waiting read made room: a writer may wait for it) */
		changed = 0;
		for (int i = 0; i < MAX_WAITERS; i++) {
			struct waiter *w = &waiters[i];
			struct client *c = w->badge ? files_find(w->badge) : 0;
			struct msg m;
			if (!c)
				continue;
			if (w->read_len) {
				if (!read_ready(c, w, &m))
					continue;
			} else {
				uint64_t ready = check(c, w->fds, w->nfds, (uint64_t *)__ipc_buffer);
				if (!ready)
					continue;
				m = (struct msg){IPC_TAG(0, w->nfds * sizeof(uint64_t), 1), {ready}};
			}
			k_reply(w->token, &m);
			w->badge = 0;
		}
	} while (changed);
}

void poll_client_gone(uint64_t badge)
{
	was_interrupted(badge, 1);
	for (int i = 0; i < MAX_WAITERS; i++)
		if (waiters[i].badge == badge)
			waiters[i].badge = 0;
}

long do_fs_intr(struct client *c, const struct fs_intr_req *q, struct fs_intr_rep *r)
{
	(void)r;
	if (c->badge != VM_BADGE)
		return -KE_PERM;   /* only the VM server knows of signals */
	for (int i = 0; i < MAX_WAITERS; i++) {
		struct waiter *w = &waiters[i];
		if (w->badge != q->client)
			continue;
		struct msg m = {IPC_TAG(KE_INTR, 0, 0), {0}};
		k_reply(w->token, &m);
		w->badge = 0;
		return 0;
	}
	for (int i = 0; i < MAX_WAITERS; i++)   /* none waits now: its next wait is cut short */
		if (!interrupted[i] || interrupted[i] == q->client) {
			interrupted[i] = q->client;
			return 0;
		}
	return 0;   /* the list is full: that wait will see the signal at its next look */
}
