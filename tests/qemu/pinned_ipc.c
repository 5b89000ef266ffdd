/* pinned_ipc.c - a receiver pinned to one hart and called from another goes on after
 * the call. The call finds us waiting on hart 0 while the caller runs on the last hart:
 * the kernel cannot switch to us there, so it queues us on hart 0, where we must come
 * back runnable. We then make a system call that is not IPC (k_cpu) before we reply:
 * the case that lost the receiver when it was queued still marked as receiving
 * (fp_preempt hung in about one boot of five at 4 harts). At 1 hart both ends share
 * hart 0 and the same calls run through the direct switch. */
#include "qtest.h"
#include "vmclient.h"

#define ROUNDS 300

int main(void)
{
	uint64_t ncpus;
	k_cpu(&ncpus);
	long old = k_thread_affinity(1);
	QCHECK("pinned_to_hart_0", old > 0 && k_cpu(&ncpus) == 0, "affinity %ld", old);
	long ep = k_endpoint_create();
	long give[VM_SPAWN_PASS] = {ep, -1, -1, -1};
	long child = vm_spawn("pinned_caller", give, 4);
	struct msg m = {0};
	long badge = child > 0 ? k_recv(ep, &m) : -1;
	QCHECK("caller_started", badge >= 0 && IPC_TAG_LABEL(m.tag) == 1, "child %ld badge %ld",
	       child, badge);
	m = (struct msg){IPC_TAG(1, 0, 1), {ncpus - 1}};
	k_reply(0, &m);

	int wrong = 0, elsewhere = 0, remote = 0;
	for (uint64_t round = 1; round <= ROUNDS; round++) {
		badge = k_recv(ep, &m);
		uint64_t n;
		elsewhere += k_cpu(&n) != 0;   /* not IPC, between the receive and the reply */
		wrong += badge < 0 || IPC_TAG_LABEL(m.tag) != 2 || m.w[0] != round;
		remote += m.w[1] != 0;
		m = (struct msg){IPC_TAG(round == ROUNDS ? 0 : 2, 0, 1), {round + 1}};
		k_reply(0, &m);
	}
	QCHECK("calls_received_on_hart_0", wrong == 0 && elsewhere == 0,
	       "%d calls wrong, %d received off hart 0", wrong, elsewhere);
	QCHECK("caller_on_the_last_hart", ncpus == 1 || remote == ROUNDS,
	       "%d of %d calls came from another hart than 0", remote, ROUNDS);
	printf("# %d calls from hart %lu to hart 0\n", ROUNDS, (unsigned long)(ncpus - 1));
	struct vm_wait_rep end;
	QCHECK("caller_exited", vm_wait(child, &end) == 0 && end.status == 0, "status %ld",
	       (long)end.status);
	return qtest_done();
}
