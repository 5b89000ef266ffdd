/* preempt.c - a task that spins forever at our priority does not starve us (the timer
 * preempts it) nor the servers above it; it can be ended from outside. */
#include "qtest.h"
#include "vmclient.h"

int main(void)
{
	long ep = k_endpoint_create();
	long give[VM_SPAWN_PASS] = {ep, -1, -1, -1};
	long child = vm_spawn("spinner", give, 4);
	struct msg m = {0};
	long badge = k_recv(ep, &m);
	QCHECK("spinner_running", child > 0 && badge == 0 && IPC_TAG_LABEL(m.tag) == 7, "child %ld badge %ld tag %lx", child, badge, (unsigned long)m.tag);

	volatile unsigned long sum = 0;
	for (unsigned long i = 0; i < 3000000; i++)
		sum += i;
	QCHECK("we_still_run", sum == 3000000UL * 2999999UL / 2, "sum %lu", (unsigned long)sum);

	struct vm_stat_rep st;
	QCHECK("server_answers", vm_stat(&st) == 0 && st.tasks >= 3, "VM server silent");

	long n = k_notify_create();
	QCHECK("notify_signal", k_notify_signal(n, 0x5) == 0 && k_notify_signal(n, 0x30) == 0, "signal failed");
	QCHECK("notify_wait_bits", k_notify_wait(n) == 0x35, "bits were not accumulated");

	QCHECK("kill_spinner", vm_kill(child) == 0, "kill failed");
	struct vm_wait_rep end;
	QCHECK("spinner_killed", vm_wait(child, &end) == 0 && end.status == 137, "status %ld", (long)end.status);
	return qtest_done();
}
