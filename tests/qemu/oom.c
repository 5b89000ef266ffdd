/* oom.c - running out of physical memory: a task that touches more than the machine
 * has is ended by the VM server (128 + SIGKILL), every frame comes back, and the
 * servers keep answering. */
#include "qtest.h"
#include "vmclient.h"
#include "proto/vm_msgs.h"
#include "abi/bootinfo.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

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
	return qtest_done();
}
