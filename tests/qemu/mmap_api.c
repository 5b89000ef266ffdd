/* mmap_api.c - the Linux memory API through the VM server: mmap and its flags, munmap,
 * mprotect enforced by the hardware, mlock populating, msync and madvise checks, brk,
 * the maps listing, rlimits and the overcommit policies. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include "qtest.h"
#include "vmclient.h"
#include "proto/vm_msgs.h"
#include "abi/bootinfo.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define PG 4096UL

static sigjmp_buf env;
static volatile int fault_code;
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

/* Does writing to p fault, and with which si_code (0: it did not fault)? */
static int write_faults(volatile char *p)
{
	fault_code = 0;
	if (sigsetjmp(env, 1) == 0)
		*p = 1;
	return fault_code;
}

static uint64_t faults(void)
{
	struct vm_stat_rep st;
	vm_stat(&st);
	return st.faults;
}

static long overcommit(long policy, long ratio, struct vm_overcommit_rep *r)
{
	struct vm_overcommit_req q = {policy, ratio};
	return vm_overcommit_call(TH_VM_EP, &q, 0, 0, r);
}

int main(void)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, 0);

	QCHECK("pagesize", getpagesize() == 4096 && sysconf(_SC_PAGESIZE) == 4096, "page size");
	char *a = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	QCHECK("mmap_anon", a != MAP_FAILED && ((uintptr_t)a & (PG - 1)) == 0, "got %p", (void *)a);
	memset(a, 7, 4 * PG);
	QCHECK("mmap_rw", a[0] == 7 && a[4 * PG - 1] == 7, "data");
	QCHECK("mmap_len0_einval", mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	       errno == EINVAL, "errno %d", errno);
	QCHECK("mmap_noflags_einval", mmap(0, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	       errno == EINVAL, "errno %d", errno);
	/* As Linux: MAP_SHARED_VALIDATE checks flags for files; anonymous memory says EINVAL. */
	QCHECK("mmap_validate_anon_einval",
	       mmap(0, PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x800000, -1, 0) == MAP_FAILED &&
	       errno == EINVAL, "errno %d", errno);
	QCHECK("fixed_noreplace_eexist",
	       mmap(a, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED &&
	       errno == EEXIST, "errno %d", errno);
	char *f = mmap(a + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	QCHECK("map_fixed_replaces", f == a + PG && f[0] == 0 && a[0] == 7, "fixed map %p", (void *)f);

	QCHECK("mprotect_ro", mprotect(a, PG, PROT_READ) == 0 && write_faults(a) == SEGV_ACCERR, "code %d", fault_code);
	QCHECK("mprotect_rw_again", mprotect(a, PG, PROT_READ | PROT_WRITE) == 0 && write_faults(a) == 0 && a[0] == 1,
	       "code %d", fault_code);
	QCHECK("mprotect_none_keeps_data", mprotect(a + 2 * PG, PG, PROT_NONE) == 0 &&
	       write_faults(a + 2 * PG) == SEGV_ACCERR && mprotect(a + 2 * PG, PG, PROT_READ) == 0 &&
	       a[2 * PG] == 7, "code %d byte %d", fault_code, a[2 * PG]);
	QCHECK("mprotect_hole_enomem", mprotect((void *)0x3e00000000UL, PG, PROT_READ) == -1 && errno == ENOMEM,
	       "errno %d", errno);
	QCHECK("munmap", munmap(a, 4 * PG) == 0 && write_faults(a) == SEGV_MAPERR, "code %d", fault_code);
	QCHECK("munmap_unaligned_einval", munmap(a + 1, PG) == -1 && errno == EINVAL, "errno %d", errno);

	char *l = mmap(0, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t f0 = faults();
	QCHECK("mlock", mlock(l, 8 * PG) == 0, "errno %d", errno);
	for (int i = 0; i < 8; i++)
		l[i * PG] = (char)i;
	QCHECK("mlock_populates", faults() == f0, "%lu faults after mlock", (unsigned long)(faults() - f0));
	QCHECK("munlock", munlock(l, 8 * PG) == 0, "errno %d", errno);
	char *pop = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	f0 = faults();
	pop[0] = pop[3 * PG] = 1;
	QCHECK("map_populate", pop != MAP_FAILED && faults() == f0, "faults %lu", (unsigned long)(faults() - f0));

	QCHECK("msync_ok", msync(l, PG, MS_SYNC) == 0, "errno %d", errno);
	QCHECK("msync_both_einval", msync(l, PG, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL, "errno %d", errno);
	QCHECK("msync_hole_enomem", msync((void *)0x3e00000000UL, PG, MS_SYNC) == -1 && errno == ENOMEM,
	       "errno %d", errno);
	l[PG] = 9;
	QCHECK("madvise_dontneed_zeroes", madvise(l, 2 * PG, MADV_DONTNEED) == 0 && l[PG] == 0, "byte %d", l[PG]);
	QCHECK("madvise_bad_einval", madvise(l, PG, 12345) == -1 && errno == EINVAL, "errno %d", errno);

	char *b0 = sbrk(0);
	QCHECK("brk_grows", sbrk(3 * PG) == b0 && (b0[0] = 1, b0[3 * PG - 1] = 2, sbrk(0) == b0 + 3 * PG), "brk");
	QCHECK("brk_shrinks", sbrk(-(long)(3 * PG)) == b0 + 3 * PG && sbrk(0) == b0, "brk");

	struct vm_maps_req mq = {0};
	struct vm_maps_rep mr;
	QCHECK("maps_text", vm_maps_call(TH_VM_EP, &mq, 0, 0, &mr) == 0 && mr.count >= 4 &&
	       strstr(__ipc_buffer, "rw-p") && strstr(__ipc_buffer, "r-xp"), "%s", __ipc_buffer);

	struct rlimit rl, old;
	getrlimit(RLIMIT_AS, &old);
	rl.rlim_cur = 64UL << 20;
	rl.rlim_max = old.rlim_max;
	QCHECK("rlimit_as_set", setrlimit(RLIMIT_AS, &rl) == 0 && getrlimit(RLIMIT_AS, &rl) == 0 &&
	       rl.rlim_cur == 64UL << 20, "cur %lu", (unsigned long)rl.rlim_cur);
	QCHECK("rlimit_as_enforced", mmap(0, 128UL << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	       errno == ENOMEM, "errno %d", errno);
	setrlimit(RLIMIT_AS, &old);
	QCHECK("rlimit_as_restored", mmap(0, 128UL << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED,
	       "errno %d", errno);

	struct vm_overcommit_rep oc;
	QCHECK("overcommit_never", overcommit(2, 10, &oc) == 0 && oc.policy == 2, "policy");
	void *big = mmap(0, 200UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	QCHECK("overcommit_never_refuses", big == MAP_FAILED && errno == ENOMEM, "errno %d", errno);
	void *ro = mmap(0, 200UL << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	QCHECK("overcommit_readonly_not_charged", ro != MAP_FAILED, "errno %d", errno);
	overcommit(0, 50, &oc);
	big = mmap(0, 200UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	QCHECK("overcommit_heuristic_allows", big != MAP_FAILED, "errno %d", errno);
	return qtest_done();
}
