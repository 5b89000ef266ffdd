/* lx_pipe.c - pipe2 and ppoll. A pipe is the FS server's (servers/fs/pipe.c): its ends
 * are FS descriptors that never wait there; a blocking read or write waits here instead,
 * with FS_POLL (lx_pipe_wait). ppoll asks the FS server about its descriptors in one
 * FS_POLL and answers for the devices itself; a finite timeout is kept by polling again
 * every millisecond (the FS server keeps no time). */
#include "linux/lx_file.h"
#include "base/mem.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

#define POLL_FS_MAX 64             /* FS descriptors in one FS_POLL (servers/fs/poll.c) */
#define SIGPIPE 13

long lx_pipe_wait(struct lx_file *f, unsigned events)
{
	int64_t rec[2] = {f->fsfd, events};
	struct fs_poll_req q = {1, 1};
	struct fs_poll_rep r;
	long e = fs_poll_call(TH_FS_EP, &q, rec, sizeof rec, &r);
	return e == -LX_EINTR && lx_signal_fetch() ? -LX_ERESTARTSYS : 0;
}

void lx_pipe_broken(void)
{
	lx_signal_raise(SIGPIPE);
}

/* pipe2(fds, flags): O_CLOEXEC and O_NONBLOCK (packet mode, O_DIRECT, is not there). */
static long lx_pipe2(ARGS)
{
	if ((uint64_t)a1 & ~(uint64_t)(LX_O_CLOEXEC | LX_O_NONBLOCK))
		return -LX_EINVAL;
	struct lx_file *rd = lx_file_new(LXK_PIPE), *wr = rd ? lx_file_new(LXK_PIPE) : 0;
	if (!wr) {
		if (rd)
			rd->kind = LXK_FREE;
		return -LX_ENFILE;
	}
	long rfd = lx_fd_lowest(0), wfd = rfd < 0 ? rfd : lx_fd_lowest(rfd + 1);
	if (wfd < 0) {
		rd->kind = wr->kind = LXK_FREE;
		return wfd;
	}
	struct fs_pipe_req q;
	struct fs_pipe_rep r;
	long e = fs_pipe_call(TH_FS_EP, &q, 0, 0, &r);
	if (e < 0) {
		rd->kind = wr->kind = LXK_FREE;
		return e;
	}
	uint32_t nb = (uint32_t)a1 & LX_O_NONBLOCK;
	rd->fsfd = (int64_t)r.rfd, rd->flags = nb, rd->type = LXT_OTHER, rd->path[0] = 0;
	wr->fsfd = (int64_t)r.wfd, wr->flags = LX_O_WRONLY | nb, wr->type = LXT_OTHER, wr->path[0] = 0;
	int32_t fds[2] = {(int32_t)rfd, (int32_t)wfd};
	if (lx_copy_out((uint64_t)a0, fds, sizeof fds) < 0) {   /* nothing installed yet */
		rd->refs = wr->refs = 1;
		lx_file_put(rd);
		lx_file_put(wr);
		return -LX_EFAULT;
	}
	int cloexec = ((uint64_t)a1 & LX_O_CLOEXEC) != 0;
	lx_fd_install(rd, rfd, cloexec);
	lx_fd_install(wr, wfd, cloexec);
	return 0;
}

struct pollfd { int32_t fd; int16_t events, revents; };

/* The revents of a device's descriptor (or an ignored or closed one), with *f its open
 * file; -1 for one of the FS server's, which FS_POLL answers. */
static long device_events(const struct pollfd *p, struct lx_file **f)
{
	*f = p->fd < 0 ? 0 : lx_fd_get(p->fd);
	if (p->fd < 0)
		return 0;
	if (!*f)
		return POLLNVAL;
	if ((*f)->kind == LXK_FS || (*f)->kind == LXK_PIPE)
		return -1;
	unsigned ev = (*f)->kind == LXK_NULL ? POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM : POLLOUT | POLLWRNORM;
	return ev & ((uint16_t)p->events | POLLERR | POLLHUP);
}

static struct pollfd pfds[LX_NFD];
static int64_t fsrec[POLL_FS_MAX][2];
static int fsidx[POLL_FS_MAX];

/* One look at pfds[0..n): their revents; how many have some. With wait, none ready and
 * FS descriptors among them, the FS server answers once one is. */
static long poll_once(uint64_t n, int wait, long *err)
{
	long ready = 0, nfs = 0;
	for (uint64_t i = 0; i < n; i++) {
		struct lx_file *f;
		long ev = device_events(&pfds[i], &f);
		pfds[i].revents = 0;
		if (ev < 0) {
			if (nfs == POLL_FS_MAX)
				return *err = -LX_EINVAL;
			fsidx[nfs] = (int)i, fsrec[nfs][0] = f->fsfd, fsrec[nfs][1] = (uint16_t)pfds[i].events;
			nfs++;
		} else {
			ready += (pfds[i].revents = (int16_t)ev) != 0;
		}
	}
	if (nfs) {
		struct fs_poll_req q = {(uint64_t)nfs, wait && !ready};
		struct fs_poll_rep r;
		long e = fs_poll_call(TH_FS_EP, &q, fsrec, (size_t)nfs * sizeof fsrec[0], &r);
		if (e == -LX_EINTR) {   /* a signal: EINTR if it is to be delivered, else poll again */
			*err = lx_signal_fetch() ? -LX_EINTR : 0;
			return 0;
		}
		if (e < 0)
			return *err = e;
		const uint64_t *rev = (const uint64_t *)__ipc_buffer;
		for (long k = 0; k < nfs; k++)
			ready += (pfds[fsidx[k]].revents = (int16_t)rev[k]) != 0;
	}
	*err = 0;
	return ready;
}

/* ppoll(fds, nfds, tmo, sigmask, sigsetsize): the mask is checked, not applied (a
 * signal that arrives during the wait is taken with the mask as it was). */
static long lx_ppoll(ARGS)
{
	uint64_t n = (uint64_t)a1, end = UINT64_MAX, ns = 0, mask;
	int64_t ts[2];
	if (a2) {
		if (lx_copy_in(ts, (uint64_t)a2, sizeof ts) < 0)
			return -LX_EFAULT;
		if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
			return -LX_EINVAL;
		ns = ts[0] >= 18000000000 ? UINT64_MAX : (uint64_t)ts[0] * 1000000000 + (uint64_t)ts[1];
		uint64_t now = lx_now_ns();
		end = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
	}
	if (a3 && a4 != 8)
		return -LX_EINVAL;
	if (a3 && lx_copy_in(&mask, (uint64_t)a3, sizeof mask) < 0)
		return -LX_EFAULT;
	if (n > LX_NFD)
		return -LX_EINVAL;
	if (lx_copy_in(pfds, (uint64_t)a0, n * sizeof pfds[0]) < 0)
		return -LX_EFAULT;
	long err, ready;
	for (;;) {
		int forever = end == UINT64_MAX;
		ready = poll_once(n, forever, &err);
		if (err < 0)
			return err;
		uint64_t now = lx_now_ns();
		if (ready || now >= end)
			break;
		if (lx_sleep_until(forever ? UINT64_MAX : end - now > 1000000 ? now + 1000000 : end) < 0)
			return -LX_EINTR;
	}
	if (a2 && end != UINT64_MAX) {   /* the time left, as Linux writes it back */
		uint64_t now = lx_now_ns(), left = now < end ? end - now : 0;
		ts[0] = (int64_t)(left / 1000000000), ts[1] = (int64_t)(left % 1000000000);
		lx_copy_out((uint64_t)a2, ts, sizeof ts);
	}
	for (uint64_t i = 0; i < n; i++)
		if (lx_copy_out((uint64_t)a0 + i * sizeof pfds[0] + 6, &pfds[i].revents, 2) < 0)
			return -LX_EFAULT;
	return ready;
}

const struct lx_call lx_pipe_calls[] = {
	{59, lx_pipe2}, {73, lx_ppoll},
};
const size_t lx_pipe_ncalls = sizeof lx_pipe_calls / sizeof lx_pipe_calls[0];
