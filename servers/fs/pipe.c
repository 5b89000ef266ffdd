/* pipe.c - pipes (see pipe.h). Their rings are in .bss, so a pipe's memory is paged in
 * only as far as it is used. */
#include "pipe.h"
#include "poll.h"
#include "abi/syscall.h"
#include "base/mem.h"

#define MAX_PIPES 32
#define E_NFILE 23
#define E_PIPE  32

static struct pipe {
	uint32_t readers, writers;   /* open file descriptions of each end; both 0: free */
	uint32_t head, len;          /* the bytes held: ring[head ..] for len, wrapping */
} pipes[MAX_PIPES];
static uint8_t rings[MAX_PIPES][PIPE_SIZE];

int pipe_create(void)
{
	for (int i = 0; i < MAX_PIPES; i++)
		if (!pipes[i].readers && !pipes[i].writers) {
			pipes[i] = (struct pipe){1, 1, 0, 0};
			return i;
		}
	return -E_NFILE;
}

long pipe_read(int p, void *buf, size_t n)
{
	struct pipe *q = &pipes[p];
	if (!q->len)
		return q->writers ? -KE_AGAIN : 0;
	if (n > q->len)
		n = q->len;
	size_t first = PIPE_SIZE - q->head < n ? PIPE_SIZE - q->head : n;
	memcpy(buf, rings[p] + q->head, first);
	memcpy((uint8_t *)buf + first, rings[p], n - first);
	q->head = (uint32_t)((q->head + n) % PIPE_SIZE);
	q->len -= (uint32_t)n;
	poll_changed();
	return (long)n;
}

long pipe_write(int p, const void *buf, size_t n)
{
	struct pipe *q = &pipes[p];
	size_t room = PIPE_SIZE - q->len;
	if (!q->readers)
		return -E_PIPE;
	if (!n)
		return 0;
	if (room < n && (n <= PIPE_BUF || !room))
		return -KE_AGAIN;
	if (n > room)
		n = room;
	size_t tail = (q->head + q->len) % PIPE_SIZE;
	size_t first = PIPE_SIZE - tail < n ? PIPE_SIZE - tail : n;
	memcpy(rings[p] + tail, buf, first);
	memcpy(rings[p], (const uint8_t *)buf + first, n - first);
	q->len += (uint32_t)n;
	poll_changed();
	return (long)n;
}

void pipe_end_closed(int p, int writer)
{
	struct pipe *q = &pipes[p];
	if (writer)
		q->writers--;
	else
		q->readers--;
	if (!q->readers && !q->writers)
		q->len = 0;
	poll_changed();
}

unsigned pipe_events(int p, int writer)
{
	const struct pipe *q = &pipes[p];
	if (writer)
		return (PIPE_SIZE - q->len >= PIPE_BUF ? POLLOUT | POLLWRNORM : 0) | (q->readers ? 0 : POLLERR);
	return (q->len ? POLLIN | POLLRDNORM : 0) | (q->writers ? 0 : POLLHUP);
}

size_t pipe_bytes(int p)
{
	return pipes[p].len;
}
