/* syscall_fuzz.c - the system fuzz: random kernel calls and server requests from several
 * unprivileged tasks at once, and Linux system calls from forked Linux programs beside
 * them; the kernel and the servers must come through, and give back everything the
 * fuzzers took.
 *
 * This program is init of its test image (the coordinator) and, spawned again as the
 * boot module "init" with a notification in slot TH_FIRST_FREE, a native fuzzer: the
 * notification's bits are its round number, from which it derives its seed. A fuzzer
 * maps its arena, starts its echo thread, opens a few files and makes FUZZ_ROUND calls,
 * each a kernel call (fuzz/kcalls.h) or a request to a server (fuzz/requests.h, from
 * every .def); any answer out of the rules prints the round, its seed and the call and
 * ends the fuzzer with status 1. FUZZ_TASKS fuzzers run at once, a new round starting
 * as one ends, until FUZZ_CALLS calls; meanwhile the Linux fuzzer (tests/linuxfuzz/fuzz.c,
 * /test/linuxfuzz) runs FUZZ_LINUX_PROCS forked processes of FUZZ_LINUX_CALLS system calls
 * each. Everything follows from FUZZ_SEED (printed); a round's calls are reproduced by
 * its seed, though not the interleaving of the tasks: -DFUZZ_FIRST_ROUND=N -DFUZZ_TASKS=1
 * -DFUZZ_CALLS=<FUZZ_ROUND> -DFUZZ_TRACE=1 replays round N alone, every call printed.
 *
 * The checks: every round and the Linux fuzzer end with status 0; once the scratch
 * directories are removed, the kernel's objects in use (SYS_KSTAT: tasks, threads,
 * endpoints, notifications) are what they were before, and every frame (VM_FRAME_USE) and
 * page-table pool page (SYS_KSTAT) the fuzzers took is free again, or held by a survivor
 * (us, the FS server, the VM server's tables); messages only the FS server may send are refused to others;
 * the servers still answer. (Every process's VMA invariants are checked by the VM server
 * as it ends: scripts/run-tests.sh and `make fuzz` fail on its "VMAs broken" line.)
 * `make test` runs this with the defaults below; `make fuzz` builds it with 10 million
 * calls (tests/fuzz/fuzz.mk, FUZZ_PROG_CFLAGS). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include "qtest.h"
#include "vmclient.h"
#include "fuzz/values.h"
#include "fuzz/requests.h"
#include "fuzz/kcalls.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#ifndef FUZZ_SEED
#define FUZZ_SEED 1
#endif
#ifndef FUZZ_CALLS          /* native calls and requests in all */
#define FUZZ_CALLS 120000
#endif
#ifndef FUZZ_TASKS          /* native fuzzers at once */
#define FUZZ_TASKS 4
#endif
#ifndef FUZZ_ROUND          /* calls of one native fuzzer */
#define FUZZ_ROUND 20000
#endif
#ifndef FUZZ_FIRST_ROUND    /* the first round's number (another replays a failed round) */
#define FUZZ_FIRST_ROUND 0
#endif
#ifndef FUZZ_LINUX_PROCS    /* Linux fuzzer processes (one and its forks) */
#define FUZZ_LINUX_PROCS 2
#endif
#ifndef FUZZ_LINUX_CALLS    /* system calls of each */
#define FUZZ_LINUX_CALLS 3000
#endif
#define PRIO 4
#define STR_(x) #x
#define STR(x) STR_(x)

static uint64_t round_seed(uint64_t round) { return (uint64_t)FUZZ_SEED * 1000003 + round; }

/* ---- a native fuzzer ---- */

/* The arena: pages read-write (some touched), read-only, PROT_NONE and unmapped. */
static void arena_setup(void)
{
	char *a = mmap((void *)ARENA_VA, ARENA_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (a == MAP_FAILED)
		return;
	for (int i = 0; i < ARENA_PAGES; i += 3)
		a[i * PAGE_SIZE] = (char)i;
	munmap(a + 8 * PAGE_SIZE, 2 * PAGE_SIZE);
	mprotect(a + 16 * PAGE_SIZE, 4 * PAGE_SIZE, PROT_READ);
	mprotect(a + 24 * PAGE_SIZE, 4 * PAGE_SIZE, PROT_NONE);
}

/* Close every descriptor (the FS server's numbers, 0..31) and open the pool again: the
 * fuzzers would otherwise hold all 32 pipes of the system, and others need some too. */
static void reopen_pool(uint64_t round)
{
	char name[40];
	snprintf(name, sizeof name, "/tmp/fz/r%lu", (unsigned long)round);
	const char *files[] = {"/etc/motd", "/tmp/fz", name, "/dev/null"};
	for (int fd = 0; fd < 32; fd++)
		close(fd);
	fz_nfds = 0;
	for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) {
		int fd = open(files[i], i == 2 ? O_RDWR | O_CREAT : O_RDONLY, 0644);
		if (fd >= 0)
			fz_fds[fz_nfds++] = fd;
	}
}

static int fuzzer_main(uint64_t round)
{
	uint64_t seed = round_seed(round);
	char why[200];
	struct vm_stat_rep st;
	fz_seed(seed);
	fz_pid = vm_stat(&st) == 0 ? (long)st.pid : 0;
	arena_setup();
	fz_slot_add(TH_VM_EP), fz_slot_add(TH_FS_EP), fz_slot_add(TH_FIRST_FREE);
	if (fz_echo_start(PRIO) < 0)
		printf("syscall_fuzz: round %lu: no echo thread\n", (unsigned long)round);
	fz_slot_add(fz_echo_ep);
	for (long i = 0; i < FUZZ_ROUND; i++) {
		if (i % 256 == 0)
			reopen_pool(round);
		enum fz_outcome o = fz_pick(3) == 0 ? fz_kcall(why, sizeof why) : fz_request(why, sizeof why);
		if (o == FZ_WRONG) {
			printf("syscall_fuzz: round %lu (seed %lu), call %ld: %s\n", (unsigned long)round,
			       (unsigned long)seed, i, why);
			vm_exit(1);
		}
	}
	vm_exit(0);
}

/* ---- the coordinator ---- */

/* Start round `round` as a new native fuzzer: its id, or -errno. */
static long start_round(uint64_t round)
{
	long n = k_notify_create();
	if (n < 0)
		return n;
	k_notify_signal(n, round + 1);   /* bits are never 0 */
	long give[VM_SPAWN_PASS] = {n, -1, -1, -1};
	long child = vm_spawn("init", give, PRIO);
	k_handle_close(n);
	return child;
}

/* Start the Linux fuzzer: procs processes of calls system calls each. */
static long start_linux(uint64_t calls, int procs)
{
	char seed[24], ncalls[24], nprocs[8];
	snprintf(seed, sizeof seed, "%lu", (unsigned long)FUZZ_SEED);
	snprintf(ncalls, sizeof ncalls, "%lu", (unsigned long)calls);
	snprintf(nprocs, sizeof nprocs, "%d", procs);
	char *argv[] = {"/test/linuxfuzz", seed, ncalls, "-", nprocs, 0};
	int fd = open(argv[0], O_RDONLY);
	if (fd < 0)
		return -1;
	long child = vm_spawn_fd(fd, argv, 0, PRIO);
	close(fd);
	return child;
}

/* What a campaign came to. */
struct outcome {
	uint64_t done, failed, orphans, ms;
	long lx;          /* the Linux fuzzer's id (or -errno) ... */
	int lx_status;    /* ... and its wait status */
};

/* Run rounds [first, first + rounds) of native fuzzers, FUZZ_TASKS at once, a new one
 * starting as one ends, beside the Linux fuzzer (lx_calls calls in each of lx_procs
 * processes); reap the orphans their forks leave to us. */
static struct outcome campaign(uint64_t first, uint64_t rounds, uint64_t lx_calls, int lx_procs)
{
	struct outcome o = {0, 0, 0, 0, start_linux(lx_calls, lx_procs), -1};
	long child[FUZZ_TASKS];
	uint64_t child_round[FUZZ_TASKS], next = first, end = first + rounds, running = 0;
	for (int i = 0; i < FUZZ_TASKS; i++)
		if ((child[i] = next < end ? start_round(next) : 0) > 0)
			child_round[i] = next++, running++;
	uint64_t t0 = fz_now();
	while (running || (o.lx > 0 && o.lx_status < 0)) {
		struct vm_wait4_req q = {-1, VM_WAIT4_EXITED};
		struct vm_wait4_rep r;
		if (vm_wait4_call(TH_VM_EP, &q, 0, 0, &r) < 0)
			break;
		if (o.lx > 0 && r.pid == VM_LINUX_PID(o.lx)) {
			o.lx_status = (int)r.wstatus;
			continue;
		}
		int i = 0;
		while (i < FUZZ_TASKS && (child[i] <= 0 || r.pid != VM_LINUX_PID(child[i])))
			i++;
		if (i == FUZZ_TASKS) {   /* a fork one of them made, ours once its parent ended */
			o.orphans++;
			continue;
		}
		if (r.wstatus == 0) {
			o.done++;
		} else {
			o.failed++;
			printf("syscall_fuzz: round %lu (seed %lu) ended with wait status %#lx\n",
			       (unsigned long)child_round[i], (unsigned long)round_seed(child_round[i]),
			       (unsigned long)r.wstatus);
		}
		running--, child[i] = 0;
		if (next < end && (child[i] = start_round(next)) > 0)
			child_round[i] = next++, running++;
	}
	o.ms = (fz_now() - t0) / 10000;   /* QEMU virt's timebase: 10 MHz */
	return o;
}

/* Say what campaign o (named what) made: scripts/sysfuzz.sh adds up these lines. */
static void report(const struct outcome *o, const char *what)
{
	printf("syscall_fuzz: %lu native calls in %lu rounds (%lu failed), %lu orphans reaped, in %lu ms (%s)\n",
	       (unsigned long)(o->done * FUZZ_ROUND), (unsigned long)(o->done + o->failed), (unsigned long)o->failed,
	       (unsigned long)o->orphans, (unsigned long)o->ms, what);
}

/* Remove path and everything under it. */
static void remove_tree(const char *path)
{
	struct stat s;
	if (stat(path, &s) < 0)
		return;
	if (S_ISDIR(s.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char sub[512];
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* What only the FS server may say to the VM server (vm_fs_*, vm_tty_signal) is refused
 * to anyone else: each such message of the table, with random words, answers EPERM. */
static void check_fs_only_refused(void)
{
	size_t n;
	const struct proto_desc *all = proto_all(&n);
	int bad = 0, tried = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(all[i].name, "vm_fs_", 6) && strcmp(all[i].name, "vm_tty_signal"))
			continue;
		for (int k = 0; k < 50; k++, tried++) {
			struct msg m = {IPC_TAG(all[i].label, 0, all[i].nreq), {0}};
			for (unsigned j = 0; j < all[i].nreq; j++)
				m.w[j] = fz_word(all[i].req[j].name);
			long r = k_call(TH_VM_EP, &m);
			if (r < 0 || IPC_TAG_LABEL(m.tag) != KE_PERM)
				bad++ < 3 ? printf("%s: %ld, label %lu\n", all[i].name, r, IPC_TAG_LABEL(m.tag)) : 0;
		}
	}
	QCHECK("fs_only_messages_refused", !bad && tried >= 200, "%d of %d accepted or lost", bad, tried);
}

int main(void)
{
	long bits = k_notify_wait_until(TH_FIRST_FREE, 1);   /* a fuzzer finds its round here */
	if (bits > 0)
		return fuzzer_main((uint64_t)bits - 1);

	printf("syscall_fuzz: seed %lu, %lu native calls by %d tasks at once in rounds of %lu, "
	       "Linux: %d processes of %lu calls\n", (unsigned long)FUZZ_SEED, (unsigned long)FUZZ_CALLS,
	       FUZZ_TASKS, (unsigned long)FUZZ_ROUND, FUZZ_LINUX_PROCS, (unsigned long)FUZZ_LINUX_CALLS);
	struct kstat k0, k1, k2;
	k_kstat(&k0);
	long ep = k_endpoint_create();
	k_kstat(&k1);
	k_handle_close(ep);
	k_kstat(&k2);
	QCHECK("kstat_counts", k0.tasks >= 3 && k0.threads >= 3 && k1.endpoints == k0.endpoints + 1 &&
	       k2.endpoints == k0.endpoints && k2.kpool_free == k0.kpool_free,
	       "tasks %lu threads %lu endpoints %lu -> %lu -> %lu", (unsigned long)k0.tasks,
	       (unsigned long)k0.threads, (unsigned long)k0.endpoints, (unsigned long)k1.endpoints,
	       (unsigned long)k2.endpoints);
	fz_seed(FUZZ_SEED);
	check_fs_only_refused();

	/* A first campaign, the same as the real one, warms up what the servers keep once
	 * made (their page tables, heaps, tmpfs chunks and caches grow, say); what the real
	 * one leaves behind beyond it is a leak. */
	uint64_t rounds = (FUZZ_CALLS + FUZZ_ROUND - 1) / FUZZ_ROUND;
	mkdir("/tmp/fz", 0755);
	mkdir("/dev/shm/fz", 0755);
	struct outcome w = campaign(FUZZ_FIRST_ROUND, rounds, FUZZ_LINUX_CALLS, FUZZ_LINUX_PROCS);
	report(&w, "the warm-up");
	QCHECK("warm_up", w.failed == 0 && w.lx_status == 0, "%lu rounds failed, Linux fuzzer %ld: %#x",
	       (unsigned long)w.failed, w.lx, w.lx_status);
	remove_tree("/tmp/fz");
	remove_tree("/dev/shm/fz");
	struct vm_stat_rep before, after;
	struct kstat kb, ka;
	vm_stat(&before);
	k_kstat(&kb);
	struct vm_frame_use_req uq = {};
	struct vm_frame_use_rep ub, ua;
	vm_frame_use_call(TH_VM_EP, &uq, 0, 0, &ub);
	mkdir("/tmp/fz", 0755);
	mkdir("/dev/shm/fz", 0755);
	struct outcome o = campaign(FUZZ_FIRST_ROUND, rounds, FUZZ_LINUX_CALLS, FUZZ_LINUX_PROCS);
	remove_tree("/tmp/fz");
	remove_tree("/dev/shm/fz");
	k_kstat(&ka);
	vm_frame_use_call(TH_VM_EP, &uq, 0, 0, &ua);

	report(&o, "the measured campaign");
	QCHECK("native_fuzzers_came_through", o.failed == 0 && o.done == rounds, "%lu of %lu rounds failed or lost",
	       (unsigned long)(rounds - o.done), (unsigned long)rounds);
	QCHECK("linux_fuzzers_came_through", o.lx > 0 && o.lx_status == 0, "spawned %ld, wait status %#x", o.lx,
	       o.lx_status);
	/* What the survivors took meanwhile is not a leak: pages and page-map nodes of ours
	 * and of the FS server (its heap, caches), the VM server's own tables (VMA nodes, kept
	 * once made), page-table pages of live tasks. Every other frame and pool page the
	 * fuzzers took must be free again: none charged to a task that ended, none left
	 * referenced with nobody charged (OWNER_SHARED). */
	int64_t held = (int64_t)(ua.caller - ub.caller) + (int64_t)(ua.fs - ub.fs) + (int64_t)(ua.own - ub.own);
	QCHECK("frames_back", (int64_t)ub.free - (int64_t)ua.free == held && ua.shared == ub.shared,
	       "%lu free before, %lu after; meanwhile ours %lu -> %lu, the FS server's %lu -> %lu, the VM server's "
	       "%lu -> %lu, shared %lu -> %lu", (unsigned long)ub.free, (unsigned long)ua.free,
	       (unsigned long)ub.caller, (unsigned long)ua.caller, (unsigned long)ub.fs, (unsigned long)ua.fs,
	       (unsigned long)ub.own, (unsigned long)ua.own, (unsigned long)ub.shared, (unsigned long)ua.shared);
	QCHECK("page_table_pages_back", ka.kpool_free + ka.kpool_tasks == kb.kpool_free + kb.kpool_tasks,
	       "free pool pages %lu -> %lu, held by live tasks %lu -> %lu", (unsigned long)kb.kpool_free,
	       (unsigned long)ka.kpool_free, (unsigned long)kb.kpool_tasks, (unsigned long)ka.kpool_tasks);
	QCHECK("kernel_objects_back", kb.tasks == ka.tasks && kb.threads == ka.threads &&
	       kb.endpoints == ka.endpoints && kb.notifications == ka.notifications,
	       "tasks %lu -> %lu, threads %lu -> %lu, endpoints %lu -> %lu, notifications %lu -> %lu",
	       (unsigned long)kb.tasks, (unsigned long)ka.tasks, (unsigned long)kb.threads,
	       (unsigned long)ka.threads, (unsigned long)kb.endpoints, (unsigned long)ka.endpoints,
	       (unsigned long)kb.notifications, (unsigned long)ka.notifications);
	QCHECK("system_still_runs", vm_stat(&after) == 0 && after.tasks == before.tasks, "VM server: %lu tasks",
	       (unsigned long)after.tasks);
	return qtest_done();
}
