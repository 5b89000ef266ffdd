/* ring_echo.c - test and benchmark peer: serves requests from a shared-memory ring,
 * woken by a notification and answering with one; each reply word is the request word
 * plus one. */
#include "kcall.h"
#include "ring.h"

int main(void)
{
	struct msg m = {IPC_TAG(1, 0, 0), {0}};
	if (k_call(RING_EP, &m) < 0)
		return 2;
	struct ring *r = (struct ring *)m.w[0];
	while (!r->stop) {
		if (k_notify_wait(RING_NOTIFY_REQ) < 0)
			return 3;
		uint64_t head = r->head;
		__sync_synchronize();
		for (uint64_t i = r->done; i < head; i++)
			for (int w = 0; w < 4; w++)
				r->rep[i % RING_SLOTS][w] = r->req[i % RING_SLOTS][w] + 1;
		__sync_synchronize();
		r->done = head;
		k_notify_signal(RING_NOTIFY_REP, 1);
	}
	return 0;
}
