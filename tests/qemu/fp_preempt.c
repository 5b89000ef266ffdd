/* fp_preempt.c - floating-point registers are per thread: two tasks that keep their own
 * values in all of f0-f31 and fcsr, preempting each other by the timer for many slices,
 * each find theirs intact; a new task starts with them all zero, also after a task that
 * owned them died with unsaved values in them (kernel/fpu.c switches them lazily). Both
 * spin on CPU 0, to preempt each other whatever the number of harts; then, with more
 * than one, a thread that moves from hart to hart takes its registers along. */
#include "qtest.h"
#include "vmclient.h"
#include "../../user/helpers/fpregs.h"

#define SPIN_TICKS 2000000    /* 200 ms at QEMU virt's 10 MHz: 20 slices of 10 ms */
#define MIN_GAPS   3

/* Spawn fp_worker on endpoint ep and take its first call into *m: m->w[0] is how many
 * of its registers were not zero at its start (which and its value in w[1], w[2]). */
static long start_worker(const char *check, long ep, struct msg *m)
{
	long give[VM_SPAWN_PASS] = {ep, -1, -1, -1};
	long child = vm_spawn("fp_worker", give, 4);
	long badge = child > 0 ? k_recv(ep, m) : -1;
	QCHECK(check, child > 0 && badge >= 0 && IPC_TAG_LABEL(m->tag) == 1,
	       "child %ld badge %ld tag %lx", child, badge, (unsigned long)m->tag);
	return child;
}

int main(void)
{
	struct fpregs mine, now, zero = {{0}, 0};
	fpregs_store(&now);
	QCHECK("init_starts_zero", fpregs_diff(&now, &zero) == 0, "%d registers not zero",
	       fpregs_diff(&now, &zero));
	fpregs_pattern(&mine, 1);
	fpregs_load(&mine);

	long ep = k_endpoint_create();
	struct msg m = {0};
	long child = start_worker("worker_started", ep, &m);
	/* Our values were live (unsaved) when it first touched the registers. */
	QCHECK("worker_starts_zero", m.w[0] == 0, "%lu registers not zero, first %s%lu = %lx",
	       (unsigned long)m.w[0], m.w[1] == 32 ? "fcsr " : "f", (unsigned long)m.w[1],
	       (unsigned long)m.w[2]);
	fpregs_store(&now);
	QCHECK("ours_kept_across_spawn", fpregs_diff(&now, &mine) == 0, "%d registers changed",
	       fpregs_diff(&now, &mine));

	m = (struct msg){IPC_TAG(1, 0, 1), {SPIN_TICKS}};
	k_thread_affinity(1);
	k_reply(0, &m);
	long gaps;
	long bad = fpregs_spin(&mine, SPIN_TICKS, &gaps);
	fpregs_store(&now);
	int wrong = fpregs_diff(&now, &mine);
	QCHECK("ours_kept_while_preempted", bad == 0 && wrong == 0,
	       "%ld rounds saw a wrong register, %d wrong at the end", bad, wrong);
	QCHECK("we_were_preempted", gaps >= MIN_GAPS, "only %ld gaps of over 2 ms", gaps);

	long badge = k_recv(ep, &m);
	QCHECK("worker_reported", badge >= 0 && IPC_TAG_LABEL(m.tag) == 2, "badge %ld tag %lx",
	       badge, (unsigned long)m.tag);
	QCHECK("worker_kept_while_preempted", m.w[0] == 0 && m.w[2] == 0,
	       "%lu rounds saw a wrong register, %lu wrong at the end", (unsigned long)m.w[0],
	       (unsigned long)m.w[2]);
	QCHECK("worker_was_preempted", m.w[1] >= MIN_GAPS, "only %lu gaps of over 2 ms",
	       (unsigned long)m.w[1]);
	printf("# gaps of over 2 ms while spinning: ours %ld, the worker's %lu\n", gaps,
	       (unsigned long)m.w[1]);
	m = (struct msg){IPC_TAG(0, 0, 0), {0}};
	k_reply(0, &m);
	struct vm_wait_rep end;
	QCHECK("worker_exited", vm_wait(child, &end) == 0 && end.status == 0, "status %ld",
	       (long)end.status);

	/* It died owning the registers, with values it never let the kernel save; we have not
	 * touched them since. */
	child = start_worker("next_worker_started", ep, &m);
	QCHECK("next_worker_starts_zero", m.w[0] == 0, "%lu registers not zero, first %s%lu = %lx",
	       (unsigned long)m.w[0], m.w[1] == 32 ? "fcsr " : "f", (unsigned long)m.w[1],
	       (unsigned long)m.w[2]);
	m = (struct msg){IPC_TAG(0, 0, 0), {0}};
	k_reply(0, &m);
	QCHECK("next_worker_exited", vm_wait(child, &end) == 0 && end.status == 0, "status %ld",
	       (long)end.status);

	fpregs_store(&now);
	QCHECK("ours_kept_to_the_end", fpregs_diff(&now, &mine) == 0, "%d registers changed",
	       fpregs_diff(&now, &mine));

	/* From hart to hart, with new values each time: they must come along. */
	uint64_t ncpus;
	k_cpu(&ncpus);
	int moved = 0, lost = 0, elsewhere = 0;
	for (int i = 0; ncpus > 1 && i < 400; i++) {
		uint64_t to = (uint64_t)i % ncpus, n;
		fpregs_pattern(&mine, 10 + i);
		fpregs_load(&mine);
		k_thread_affinity(1UL << to);
		elsewhere += k_cpu(&n) != (long)to;
		fpregs_store(&now);
		lost += fpregs_diff(&now, &mine) != 0;
		moved++;
	}
	QCHECK("ours_kept_moving_between_harts", lost == 0 && elsewhere == 0,
	       "%d of %d moves lost registers, %d ran on another CPU", lost, moved, elsewhere);
	printf("# %d moves between %lu harts\n", moved, (unsigned long)ncpus);
	return qtest_done();
}
