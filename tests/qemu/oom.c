/* oom.c - running out of physical memory: a task that touches more than the machine
 * has is ended by the VM server (128 + SIGKILL), every frame comes back, and the
 * servers keep answering; and when another task's fault finds no frame, it is the task
 * with the most frames that ends, not the one that faulted. */
#include <sys/mman.h>
#include "qtest.h"
#include "vmclient.h"
#include "proto/vm_msgs.h"
#include "abi/bootinfo.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

/* Map, touch and unmap 2 MiB, then count the free frames into *s. */
static void touch_2m_at(struct vm_stat_rep *s)
{
	volatile char *p = mmap(0, 2 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (long off = 0; p != MAP_FAILED && off < (2 << 20); off += 4096)
		p[off] = 1;
	munmap((void *)p, 2 << 20);
	vm_stat(s);
}

int main(void)
{
	struct vm_stat_rep before, after;
	struct vm_overcommit_req q = {1, 50};
	struct vm_overcommit_rep r;
	QCHECK("overcommit_always", vm_overcommit_call(TH_VM_EP, &q, 0, 0, &r) == 0, "refused");
	qtest_settle();
	vm_stat(&before);
	long child = vm_spawn("memhog", 0, 4);
	struct vm_wait_rep end;
	QCHECK("hog_killed", child > 0 && vm_wait(child, &end) == 0 && end.status == 128 + 9,
	       "status %ld", (long)end.status);
	vm_stat(&after);
	QCHECK("frames_back", after.free_frames == before.free_frames, "%lu before, %lu after",
	       (unsigned long)before.free_frames, (unsigned long)after.free_frames);
	long again = vm_spawn("memhog", 0, 4);
	QCHECK("second_hog_killed", again > 0 && vm_wait(again, &end) == 0 && end.status == 128 + 9,
	       "status %ld", (long)end.status);
	QCHECK("servers_alive", vm_stat(&after) == 0 && after.free_frames == before.free_frames, "VM server");

	/* A hog that stops at the brink, holding its frames, and init (a boot task) then
	 * faulting for 2 MiB: the hog is ended for it, init goes on (else the system would
	 * end here, with init). Init's 2 MiB mapped once before, so its own page-table
	 * frames for them are there already when the frames are counted. */
	touch_2m_at(&before);
	long ep = k_endpoint_create();
	long give[VM_SPAWN_PASS] = {ep, -1, -1, -1};
	long brink = vm_spawn("memhog_brink", give, 4);
	struct vm_stat_rep full;
	do
		vm_stat(&full);
	while (brink > 0 && full.free_frames >= 256);
	volatile char *mine = mmap(0, 2 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (long off = 0; mine != MAP_FAILED && off < (2 << 20); off += 4096)
		mine[off] = 1;
	QCHECK("init_faults_at_the_brink", brink > 0 && mine != MAP_FAILED, "spawn %ld", brink);
	QCHECK("the_idle_hog_is_ended", vm_wait(brink, &end) == 0 && end.status == 128 + 9, "status %ld",
	       (long)end.status);
	munmap((void *)mine, 2 << 20);
	k_handle_close(ep);
	QCHECK("frames_back_after_the_brink", vm_stat(&after) == 0 && after.free_frames == before.free_frames,
	       "%lu before, %lu after", (unsigned long)before.free_frames, (unsigned long)after.free_frames);
	return qtest_done();
}
