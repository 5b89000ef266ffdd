/* bench_sys_ours.h - the benchmark layer for our system (see bench_sys.h). */
#include <stdio.h>
#include "vmclient.h"
#include "abi/bootinfo.h"

#include <sys/mman.h>
#include "../helpers/ring.h"

#define SYS_HAS_IPC 1
#define SYS_HAS_RING 1
#define SYS_HAS_DISK 1
#define SYS_HAS_LOCAL_IPC 1
#define SYS_HAS_SMP 1   /* the same image boots at 4 harts for SMP_IPC_ROW (ops.c's smp_main) */
#define SYS_HAS_LOCKSTAT 1   /* a kernel built with make LOCKSTAT=1 counts its lock's holds */
#define SYS_HAS_LINUX_ABI 0   /* the "Linux ..." rows come from the Linux build (ops.c) */

static long bench_ep = -1, bench_child = -1;

/* The disk boot: the FS server has the ext2 disk as the root already, so ops.c finds
 * DISK_MARKER there (without a disk, not). */
static int sys_disk_root(void) { return 0; }

/* A file's pages leave the FS server's page cache at its last close: nothing to do. */
static int sys_drop_cached(int fd)
{
	(void)fd;
	return 0;
}

#include "spin.h"

static char spin_stack[256] __attribute__((aligned(16)));

/* Start bench_spinner() (spin.h) as a thread of this task at the lowest priority; 0 on
 * success. */
static int sys_spin_start(void)
{
	return k_thread_start(HANDLE_SELF, (uint64_t)bench_spinner, (uint64_t)(spin_stack + sizeof spin_stack),
	                      0, 0, -1) < 0;
}

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

/* The same echo service as a second thread of this task: IPC within one address space
 * (no page-table switch). It answers each call with the words plus one. */
static long local_ep = -1;
static char local_stack[4096] __attribute__((aligned(16)));
static char local_ipcbuf[IPC_BUF_MAX] __attribute__((aligned(4096)));

static void local_echo(void)
{
	struct msg m = {0};
	uint64_t harts;
	k_set_ipc_buffer(local_ipcbuf);
	k_cpu(&harts);
	if (harts > 1)   /* the boot at several harts: served from hart 1 (sys_harts()) */
		k_thread_affinity(2);
	k_recv(local_ep, &m);
	for (;;) {
		for (uint64_t i = 0; i < IPC_TAG_WORDS(m.tag); i++)
			m.w[i] += 1;
		m.tag = IPC_TAG(IPC_TAG_LABEL(m.tag) + 1, 0, IPC_TAG_WORDS(m.tag));
		k_reply_recv(local_ep, &m);
	}
}

static inline void sys_local_call(sys_ipc_msg *m, unsigned nwords)
{
	m->tag = IPC_TAG(1, 0, nwords);
	k_call(local_ep, m);
}

/* How many harts run; with more than one (the boot for SMP_IPC_ROW), this thread is pinned
 * to hart 0, so that its calls to the local echo thread (on hart 1) cross harts. */
static unsigned sys_harts(void)
{
	uint64_t harts;
	k_cpu(&harts);
	if (harts > 1)
		k_thread_affinity(1);
	return (unsigned)harts;
}

/* Start the echo peers: ipc_echo and ring_echo in their own address spaces, and the
 * local one as a thread of ours. */
static int sys_init(void)
{
	local_ep = k_endpoint_create();
	if (local_ep < 0 || k_thread_start(HANDLE_SELF, (uint64_t)local_echo,
	                                   (uint64_t)(local_stack + sizeof local_stack), 0, 4, -1) < 0) {
		printf("bench: cannot start the local echo thread\n");
		return 1;
	}
	bench_ep = k_endpoint_create();
	long give[VM_SPAWN_PASS] = {bench_ep, -1, -1, -1};
	bench_child = bench_ep < 0 ? -1 : vm_spawn("ipc_echo", give, 4);
	if (bench_child < 0 || ring_init()) {
		printf("bench: cannot start the echo peers\n");
		return 1;
	}
	return 0;
}

/* The big lock's counts so far (instructions held, takes), all harts; 0, or -1 when the
 * kernel keeps none (it is not the make LOCKSTAT=1 build of the lock boot). */
static int sys_lock_counts(uint64_t *held, uint64_t *holds) { return k_kstat_lock(held, holds) == 0 ? 0 : -1; }

/* The end of main without sys_init() (the disk boot): init's program returns. */
static int sys_done(int status) { return status; }

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
