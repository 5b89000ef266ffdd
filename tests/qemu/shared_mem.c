/* shared_mem.c - MAP_SHARED memory is shared with a child task (as after fork): pages
 * the parent touched before the child started and pages written afterwards by either
 * side are the same pages; the notification + ring transport of the benchmark runs over
 * it. Done twice: the second time must give back every frame it took. */
#include <sys/mman.h>
#include "qtest.h"
#include "vmclient.h"
#include "../../user/helpers/ring.h"

/* One run: map a shared ring, start ring_echo on it, 200 rounds of 1-8 requests, stop. */
static int run(int *ring_ok)
{
	struct ring *r = mmap(0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		return 0;
	r->req[0][0] = 41;   /* touched before the child exists */
	long ep = k_endpoint_create(), nreq = k_notify_create(), nrep = k_notify_create();
	long give[VM_SPAWN_PASS] = {nreq, nrep, ep, -1};   /* RING_NOTIFY_REQ, _REP, RING_EP */
	long child = vm_spawn("ring_echo", give, 4);
	struct msg m = {0};
	if (child < 0 || k_recv(ep, &m) < 0)
		return 0;
	m.tag = IPC_TAG(0, 0, 1);
	m.w[0] = (uint64_t)r;
	k_reply(0, &m);
	r->head = 1;   /* the request written before the spawn */
	k_notify_signal(nreq, 1);
	while (r->done != r->head)
		k_notify_wait(nrep);
	int bad = r->rep[0][0] != 42;
	for (uint64_t round = 1; round < 200 && !bad; round++) {
		uint64_t n = round % 8 + 1, head = r->head;
		for (uint64_t i = 0; i < n; i++)
			for (int w = 0; w < 4; w++)
				r->req[(head + i) % RING_SLOTS][w] = round * 100 + i * 10 + (uint64_t)w;
		__sync_synchronize();
		r->head = head + n;
		k_notify_signal(nreq, 1);
		while (r->done != r->head)
			k_notify_wait(nrep);
		for (uint64_t i = 0; i < n; i++)
			for (int w = 0; w < 4; w++)
				bad |= r->rep[(head + i) % RING_SLOTS][w] != r->req[(head + i) % RING_SLOTS][w] + 1;
	}
	*ring_ok = !bad;
	r->stop = 1;
	k_notify_signal(nreq, 1);
	struct vm_wait_rep end;
	int ok = vm_wait(child, &end) == 0 && end.status == 0 && munmap(r, 2 * 4096) == 0;
	k_handle_close(ep);
	k_handle_close(nreq);
	k_handle_close(nrep);
	return ok;
}

int main(void)
{
	int ring_ok = 0;
	QCHECK("first_run", run(&ring_ok), "spawn, ring or exit failed");
	QCHECK("ring_shared_both_ways", ring_ok, "a reply was wrong");
	struct vm_stat_rep before, after;
	qtest_settle();
	vm_stat(&before);
	QCHECK("second_run", run(&ring_ok) && ring_ok, "second run failed");
	vm_stat(&after);
	QCHECK("frames_returned", after.free_frames == before.free_frames, "%lu before, %lu after",
	       (unsigned long)before.free_frames, (unsigned long)after.free_frames);
	return qtest_done();
}
