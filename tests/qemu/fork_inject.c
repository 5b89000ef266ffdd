/* fork_inject.c - every step of the VM server's fork fails in turn, and is undone exactly.
 * For k = 1, 2, ...: VM_FORK_INJECT arms the next fork to fail at its k-th injection point,
 * and /test/forkcheck (tests/qemu/linux/forkcheck.c, a Linux program) forks once and
 * checks, in the parent, what a failed fork must leave: EAGAIN or ENOMEM, every page as it
 * was and writable, a later fork with exact copy-on-write. Here: its exit status says all
 * of that held, and the free frames, the committed pages and the number of tasks are the
 * same after each round as before it (no frame, charge, task or kernel object leaked). It goes on until k is past the
 * last point (the fork then works); every step (FORK_STEP_*) must have failed at least
 * once; and forkcheck can have as many children at once after all that as before (no
 * kernel task, FS client or other table entry leaked, which the frames do not show).
 * Then bad input to VM_FORK_INJECT: a k too large, a sender other than init. */
#include <fcntl.h>
#include <unistd.h>
#include "qtest.h"
#include "vmclient.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define MAX_ROUNDS 400

static long inject(uint64_t k, struct vm_fork_inject_rep *r)
{
	struct vm_fork_inject_req q = {k};
	return vm_fork_inject_call(TH_VM_EP, &q, 0, 0, r);
}

/* The pages committed now (the overcommit accounting's charge). */
static uint64_t committed(void)
{
	struct vm_overcommit_req q = {-1, 0};
	struct vm_overcommit_rep r = {0};
	return vm_overcommit_call(TH_VM_EP, &q, 0, 0, &r) == 0 ? r.committed : ~0ull;
}

/* Run /test/forkcheck (with argument arg, or none) to its end: its exit status, or -1
 * if it could not start. */
static long run_forkcheck(int fd, char *arg)
{
	char *argv[] = {"/test/forkcheck", arg, 0};
	long child = vm_spawn_fd(fd, argv, 0, 4);
	struct vm_wait_rep end;
	if (child < 0 || vm_wait(child, &end) != 0)
		return -1;
	return end.status;
}

int main(void)
{
	static const char *const names[FORK_STEPS + 1] = {"", "record", "slot", "task", "charge", "node", "pages",
	                                                   "linux", "post", "fs", "handles", "thread"};
	struct vm_fork_inject_rep rep;
	struct vm_stat_rep st0, st1;
	int fd = open("/test/forkcheck", O_RDONLY);
	QCHECK("forkcheck_on_the_root", fd >= 0, "open: %d", fd);
	if (fd < 0)
		return qtest_done();
	/* Warm up: the FS server's cache of forkcheck's pages, the VM server's pool of VMA
	 * nodes; both paths of forkcheck (a fork that fails at once, one that works). */
	long s0 = (inject(1, &rep), run_forkcheck(fd, 0)), s1 = run_forkcheck(fd, 0);
	QCHECK("warm_up", s0 == 0 && s1 == 1, "statuses %ld %ld", s0, s1);
	long most = run_forkcheck(fd, "max");
	QCHECK("children_at_once", most > 0 && most < 255, "forkcheck max: %ld", most);
	printf("fork_inject: forkcheck has %ld children at once\n", most);
	vm_stat(&st0);
	uint64_t charge0 = committed();
	int reached[FORK_STEPS + 1] = {0}, bad = 0;
	uint64_t k;
	for (k = 1; k <= MAX_ROUNDS && !bad; k++) {
		long e = inject(k, &rep);
		long status = run_forkcheck(fd, 0);
		long e2 = inject(0, &rep);
		vm_stat(&st1);
		int done = e2 == 0 && rep.step == 0;   /* the fork passed every point */
		if (e || e2 || rep.waiting || (done ? status != 1 || rep.points != k - 1
		                                    : status != 0 || rep.points != k || rep.step > FORK_STEPS)) {
			QCHECK("round", 0, "k %lu: arm %ld, report %ld, points %lu, step %lu, waiting %lu, status %ld", k, e,
			       e2, rep.points, rep.step, rep.waiting, status);
			bad = 1;
		} else if (st1.free_frames != st0.free_frames || st1.tasks != st0.tasks || committed() != charge0) {
			QCHECK("round_leaves_nothing", 0,
			       "k %lu (step %s): free frames %lu -> %lu, tasks %lu -> %lu, committed %lu -> %lu", k,
			       names[rep.step], st0.free_frames, st1.free_frames, st0.tasks, st1.tasks, charge0, committed());
			bad = 1;
		}
		if (bad || done)
			break;
		reached[rep.step]++;
	}
	QCHECK("every_round_undone_and_the_fork_works_at_last", !bad && k <= MAX_ROUNDS, "k %lu", k);
	printf("fork_inject: %lu injection points:", k - 1);
	for (int s = 1; s <= FORK_STEPS; s++)
		printf(" %s %d", names[s], reached[s]);
	printf("\n");
	int missing = 0;
	for (int s = 1; s <= FORK_STEPS; s++)
		missing += !reached[s];
	QCHECK("every_step_failed_once", !bad && !missing, "%d steps never reached", missing);
	long most_after = run_forkcheck(fd, "max");
	QCHECK("as_many_children_at_once_after", most_after == most, "%ld before, %ld after", most, most_after);

	QCHECK("k_too_large_einval", inject(FORK_INJECT_MAX + 1, &rep) == -KE_INVAL, "accepted");
	long e = inject(5, &rep);
	long child = vm_spawn("not_init", 0, 4);
	struct vm_wait_rep end = {0};
	QCHECK("not_init_eperm", e == 0 && child > 0 && vm_wait(child, &end) == 0 && end.status == 0,
	       "arm %ld, child %ld, status %ld", e, child, (long)end.status);
	QCHECK("still_armed_and_disarmed", inject(0, &rep) == 0 && rep.waiting == 1 && inject(0, &rep) == 0 &&
	       rep.waiting == 0, "waiting %lu", rep.waiting);
	QCHECK("system_still_runs", vm_stat(&st1) == 0 && st1.tasks == st0.tasks, "tasks %lu", st1.tasks);
	close(fd);
	return qtest_done();
}
