/* lx_pipe.c - pipe2, ppoll and pselect6. A pipe is the FS server's (servers/fs/pipe.c): its ends
 * are FS descriptors. A blocking read of an empty one waits in the FS server (FS_READ's
 * wait: lx_pipe_read_wait), a blocking write to a full one here, with FS_POLL
 * (lx_pipe_wait). ppoll asks the FS server about its descriptors in one
 * FS_POLL and answers for the devices itself; a finite timeout is kept by polling again
 * every millisecond (the FS server keeps no time). The signal mask of ppoll and pselect6
 * is in force during the wait, as Linux's set_user_sigmask. */
#include "linux/lx_file.h"
#include "linux/lx_thread.h"
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
	lx_unlock();
	long e = fs_poll_call(TH_FS_EP, &q, rec, sizeof rec, &r);
	lx_lock();
	return e == -LX_EINTR && lx_signal_fetch() ? -LX_ERESTARTSYS : 0;
}

long lx_pipe_read_wait(struct lx_file *f, uint64_t len, struct fs_read_rep *r)
{
	struct fs_read_req q = {f->fsfd, len, -1, 1};
	for (;;) {
		lx_unlock();
		long e = fs_read_call(TH_FS_EP, &q, 0, 0, r);
		lx_lock();
		if (e != -LX_EINTR)
			return e;
		if (lx_signal_fetch())
			return -LX_ERESTARTSYS;
		/* (interrupted for a signal another thread has taken: wait again) */
	}
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
	if ((*f)->kind == LXK_FS || (*f)->kind == LXK_PIPE || ((*f)->kind == LXK_CONSOLE && lx_tty_poll_fd(*f) > 0))
		return -1;
	unsigned ev = lx_mem_device((*f)->kind) ? POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM : POLLOUT | POLLWRNORM;
	return ev & ((uint16_t)p->events | POLLERR | POLLHUP);
}

/* One poll's or select's descriptors, on the caller's stack (the thread's: another
 * thread may poll while this one waits). */
struct poll_set {
	struct pollfd pfds[LX_NFD];
	int64_t fsrec[POLL_FS_MAX][2];
	int fsidx[POLL_FS_MAX];
	uint64_t sets[3][LX_NFD / 64];   /* select's */
};

/* One look at pfds[0..n): their revents; how many have some. With wait, none ready and
 * FS descriptors among them, the FS server answers once one is, or a signal to deliver
 * cuts the wait short (*err -LX_ERESTARTNOHAND). */
static long poll_once(struct poll_set *ps, uint64_t n, int wait, long *err)
{
	long ready = 0, nfs = 0;
	for (uint64_t i = 0; i < n; i++) {
		struct lx_file *f;
		long ev = device_events(&ps->pfds[i], &f);
		ps->pfds[i].revents = 0;
		if (ev < 0) {
			if (nfs == POLL_FS_MAX)
				return *err = -LX_EINVAL;
			ps->fsidx[nfs] = (int)i, ps->fsrec[nfs][0] = f->fsfd, ps->fsrec[nfs][1] = (uint16_t)ps->pfds[i].events;
			nfs++;
		} else {
			ready += (ps->pfds[i].revents = (int16_t)ev) != 0;
		}
	}
	if (nfs) {
		struct fs_poll_req q = {(uint64_t)nfs, wait && !ready};
		struct fs_poll_rep r;
		long e;
		/* a signal: cut short if it is to be delivered, else wait again (an FS_INTR
		 * the FS server kept from before ends a wait at once, with nothing to deliver) */
		for (;;) {
			lx_unlock();
			e = fs_poll_call(TH_FS_EP, &q, ps->fsrec, (size_t)nfs * sizeof ps->fsrec[0], &r);
			lx_lock();
			if (e != -LX_EINTR)
				break;
			if (lx_signal_fetch()) {
				*err = -LX_ERESTARTNOHAND;
				return 0;
			}
		}
		if (e < 0)
			return *err = e;
		const uint64_t *rev = (const uint64_t *)IPC_BUFFER;
		for (long k = 0; k < nfs; k++)
			ready += (ps->pfds[ps->fsidx[k]].revents = (int16_t)rev[k]) != 0;
	}
	*err = 0;
	return ready;
}

/* Poll pfds[0..n) until one is ready or the clock reaches end (UINT64_MAX: never): how
 * many are ready (0 when the time is up), or -errno (-LX_ERESTARTNOHAND: a signal to
 * deliver, as Linux's do_poll; with masked, a wait's own mask is in force, and a
 * signal it unblocks ends the wait even before it begins). A finite wait polls again
 * every millisecond (the FS server keeps no time). */
static long poll_until(struct poll_set *ps, uint64_t n, uint64_t end, int masked)
{
	for (;;) {
		int forever = end == UINT64_MAX;
		long err, ready = poll_once(ps, n, forever && !masked, &err);
		if (err < 0)
			return err;
		if (!ready && masked) {   /* the first look, nothing ready: now wait as without */
			if (lx_signal_fetch())
				return -LX_ERESTARTNOHAND;
			masked = 0;
			if (forever)
				continue;
		}
		uint64_t now = lx_now_ns();
		if (ready || now >= end)
			return ready;
		if (lx_sleep_until(forever ? UINT64_MAX : end - now > 1000000 ? now + 1000000 : end) < 0)
			return -LX_ERESTARTNOHAND;
	}
}

/* The timeout at uts (a struct timespec; 0: none) as a deadline on lx_now_ns's clock,
 * UINT64_MAX for none: 0, or -errno (EFAULT, EINVAL). */
static long read_deadline(uint64_t uts, uint64_t *end)
{
	int64_t ts[2];
	*end = UINT64_MAX;
	if (!uts)
		return 0;
	if (lx_copy_in(ts, uts, sizeof ts) < 0)
		return -LX_EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -LX_EINVAL;
	uint64_t ns = ts[0] >= 18000000000 ? UINT64_MAX : (uint64_t)ts[0] * 1000000000 + (uint64_t)ts[1];
	uint64_t now = lx_now_ns();
	*end = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
	return 0;
}

/* The time left until end written back to uts, as Linux's ppoll and pselect6 do. */
static void write_left(uint64_t uts, uint64_t end)
{
	if (!uts || end == UINT64_MAX)
		return;
	uint64_t now = lx_now_ns(), left = now < end ? end - now : 0;
	int64_t ts[2] = {(int64_t)(left / 1000000000), (int64_t)(left % 1000000000)};
	lx_copy_out(uts, ts, sizeof ts);
}

/* ppoll(fds, nfds, tmo, sigmask, sigsetsize): the mask (if given) is in force during
 * the wait; after a signal (EINTR once its handler runs, else the call made again) a
 * handler's frame keeps the old one, else it is back as the call returns. The time left
 * is written back, as Linux's poll_select_finish. */
static long lx_ppoll(ARGS)
{
	struct poll_set set, *ps = &set;
	uint64_t n = (uint64_t)a1, end, mask;
	long e = read_deadline((uint64_t)a2, &end);
	if (e < 0)
		return e;
	if (a3 && a4 != 8)
		return -LX_EINVAL;
	if (a3 && lx_copy_in(&mask, (uint64_t)a3, sizeof mask) < 0)
		return -LX_EFAULT;
	if (n > LX_NFD)
		return -LX_EINVAL;
	if (lx_copy_in(ps->pfds, (uint64_t)a0, n * sizeof ps->pfds[0]) < 0)
		return -LX_EFAULT;
	if (a3)
		lx_sigmask_push(mask);
	long ready = poll_until(ps, n, end, a3 != 0);
	if (a3)
		lx_sigmask_pop(ready);
	if (ready >= 0 || ready == -LX_ERESTARTNOHAND)
		write_left((uint64_t)a2, end);
	if (ready < 0)
		return ready;
	for (uint64_t i = 0; i < n; i++)
		if (lx_copy_out((uint64_t)a0 + i * sizeof ps->pfds[0] + 6, &ps->pfds[i].revents, 2) < 0)
			return -LX_EFAULT;
	return ready;
}

/* pselect6(nfds, readfds, writefds, exceptfds, tmo, sigmask): select by way of the poll
 * above, as Linux's do_select: a bit in readfds asks for input, in writefds for room, in
 * exceptfds for priority data (never, here); a bit for a descriptor not open is EBADF;
 * the sets come back with the ready bits only and the result counts them. The mask
 * ({pointer, size}) is in force during the wait as ppoll's. */
#define POLLIN_SET  (POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLOUT | POLLWRNORM | POLLERR)
static long lx_pselect6(ARGS)
{
	struct poll_set set, *ps = &set;
	uint64_t (*sets)[LX_NFD / 64] = ps->sets;
	int nfds = (int)a0;
	uint64_t end, sm[2] = {0, 0}, mask;
	if (a5 && lx_copy_in(sm, (uint64_t)a5, sizeof sm) < 0)
		return -LX_EFAULT;
	long e = read_deadline((uint64_t)a4, &end);
	if (e < 0)
		return e;
	if (sm[0] && sm[1] != 8)
		return -LX_EINVAL;
	if (sm[0] && lx_copy_in(&mask, sm[0], sizeof mask) < 0)
		return -LX_EFAULT;
	if (nfds < 0)
		return -LX_EINVAL;
	size_t n = nfds > LX_NFD ? LX_NFD : (size_t)nfds, bytes = (n + 63) / 64 * 8;
	for (int s = 0; s < 3; s++) {
		uint64_t u = (uint64_t)(s == 0 ? a1 : s == 1 ? a2 : a3);
		memset(sets[s], 0, sizeof sets[s]);
		if (u && lx_copy_in(sets[s], u, bytes) < 0)
			return -LX_EFAULT;
	}
	uint64_t k = 0;
	for (size_t fd = 0; fd < n; fd++) {
		uint64_t bit = 1ull << (fd % 64), w = fd / 64;
		int16_t ev = (int16_t)(((sets[0][w] & bit) ? POLLIN | POLLRDNORM : 0) |
		                       ((sets[1][w] & bit) ? POLLOUT | POLLWRNORM : 0));
		if (!ev && !(sets[2][w] & bit))
			continue;
		if (!lx_fd_get((long)fd))
			return -LX_EBADF;
		ps->pfds[k++] = (struct pollfd){(int32_t)fd, ev, 0};
	}
	int masked = sm[0] != 0;
	if (masked)
		lx_sigmask_push(mask);
	long ready = poll_until(ps, k, end, masked);
	if (masked)
		lx_sigmask_pop(ready);
	if (ready == -LX_ERESTARTNOHAND)
		write_left((uint64_t)a4, end);
	if (ready < 0)
		return ready;
	long count = 0;
	for (int s = 0; s < 3; s++)
		memset(sets[s], 0, bytes);
	for (uint64_t i = 0; i < k; i++) {
		uint64_t fd = (uint64_t)ps->pfds[i].fd, bit = 1ull << (fd % 64), w = fd / 64;
		int16_t ev = ps->pfds[i].events, rev = ps->pfds[i].revents;
		if ((ev & POLLIN) && (rev & POLLIN_SET))
			sets[0][w] |= bit, count++;
		if ((ev & POLLOUT) && (rev & POLLOUT_SET))
			sets[1][w] |= bit, count++;
	}
	write_left((uint64_t)a4, end);
	for (int s = 0; s < 3; s++) {
		uint64_t u = (uint64_t)(s == 0 ? a1 : s == 1 ? a2 : a3);
		if (u && lx_copy_out(u, sets[s], bytes) < 0)
			return -LX_EFAULT;
	}
	return count;
}

const struct lx_call lx_pipe_calls[] = {
	{59, lx_pipe2}, {72, lx_pselect6}, {73, lx_ppoll},
};
const size_t lx_pipe_ncalls = sizeof lx_pipe_calls / sizeof lx_pipe_calls[0];
