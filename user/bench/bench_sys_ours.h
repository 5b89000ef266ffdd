/* bench_sys_ours.h - the benchmark layer for our system (see bench_sys.h). */
#include <stdio.h>
#include "vmclient.h"
#include "abi/bootinfo.h"

#include <sys/mman.h>
#include "../helpers/ring.h"

#define SYS_HAS_IPC 1
#define SYS_HAS_RING 1

static long bench_ep = -1, bench_child = -1;

static inline long sys_null(void) { return k_null(); }

typedef struct msg sys_ipc_msg;
static inline void sys_ipc_call(sys_ipc_msg *m, unsigned nwords, unsigned nbytes)
{
	m->tag = IPC_TAG(1, nbytes, nwords);
	k_call(bench_ep, m);
}

/* The transport experiment: the same round trip through a shared-memory ring with a
 * notification each way (user/helpers/ring_echo.c); `batch` requests per notification. */
static struct ring *bench_ring;
static long ring_req, ring_rep, ring_child = -1;

static void sys_ring_call(unsigned batch)
{
	uint64_t head = bench_ring->head;
	for (unsigned i = 0; i < batch; i++)
		bench_ring->req[(head + i) % RING_SLOTS][0] = head + i;
	__sync_synchronize();
	bench_ring->head = head + batch;
	k_notify_signal(ring_req, 1);
	while (bench_ring->done != bench_ring->head)
		k_notify_wait(ring_rep);
}

static int ring_init(void)
{
	bench_ring = mmap(0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long ep = k_endpoint_create();
	ring_req = k_notify_create();
	ring_rep = k_notify_create();
	long give[VM_SPAWN_PASS] = {ring_req, ring_rep, ep, -1};
	struct msg m = {0};
	if (bench_ring == MAP_FAILED || (ring_child = vm_spawn("ring_echo", give, 4)) < 0 ||
	    k_recv(ep, &m) < 0)
		return 1;
	m.tag = IPC_TAG(0, 0, 1);
	m.w[0] = (uint64_t)bench_ring;
	return k_reply(0, &m) < 0;
}

/* Start the echo peers (user/helpers/ipc_echo.c, ring_echo.c) in their own address spaces. */
static int sys_init(void)
{
	bench_ep = k_endpoint_create();
	long give[VM_SPAWN_PASS] = {bench_ep, -1, -1, -1};
	bench_child = bench_ep < 0 ? -1 : vm_spawn("ipc_echo", give, 4);
	if (bench_child < 0 || ring_init()) {
		printf("bench: cannot start the echo peers\n");
		return 1;
	}
	return 0;
}

static int sys_fini(void)
{
	struct msg stop = {IPC_TAG(0, 0, 0), {0}};
	k_call(bench_ep, &stop);
	struct vm_wait_rep end;
	vm_wait(bench_child, &end);
	bench_ring->stop = 1;
	k_notify_signal(ring_req, 1);
	vm_wait(ring_child, &end);
	return 0;
}
