/* syscall_fuzz.c - thousands of system calls with random numbers and arguments (bad
 * handles, kernel and unmapped pointers, huge lengths, odd alignments). Each must come
 * back with a result or an error from the known set, and the system must keep running.
 * Calls that would rightly block forever or end this task are left out: receives and
 * waits, calls on endpoints nobody serves, thread creation, exit. Then thousands of calls
 * to the servers with random labels, word counts and buffer lengths. */
#include <stdint.h>
#include "qtest.h"
#include "vmclient.h"
#include "abi/bootinfo.h"

static uint64_t seed = 0x9e3779b97f4a7c15UL;
static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static char buf[8192] __attribute__((aligned(4096)));

static uint64_t interesting(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 7, 63, 64, 65, 4095, 4096, 4097, (uint64_t)-1, (uint64_t)-2, 0x7fffffffffffffffUL,
		0x8000000000000000UL, USER_TOP, USER_TOP - 1, USER_TOP - 4096, 0xffffffff80000000UL,
		0xffffffc080000000UL, 0x3f00000000UL, 0x10000, 0x10001, VM_WINDOW_VA, BOOTINFO_VA,
	};
	switch (rnd() % 4) {
	case 0: return v[rnd() % (sizeof v / sizeof v[0])];
	case 1: return rnd() % 80;                          /* handle-like */
	case 2: return (uint64_t)buf + rnd() % sizeof buf;  /* a real buffer */
	default: return rnd();
	}
}

static int allowed_error(long r)
{
	switch (-r) {
	case KE_PERM: case KE_NOENT: case KE_SRCH: case KE_2BIG: case KE_BADF: case KE_NOMEM:
	case KE_FAULT: case KE_BUSY: case KE_EXIST: case KE_INVAL: case KE_NOSPC: case KE_NOSYS:
		return 1;
	}
	return 0;
}

int main(void)
{
	static const long skip[] = {SYS_RECV, SYS_REPLY_RECV, SYS_NOTIFY_WAIT, SYS_THREAD_START,
	                            SYS_THREAD_EXIT, SYS_CALL, SYS_SEND,
	                            SYS_CONSOLE_WRITE /* random bytes would garble the report */};
	int bad = 0, calls = 0;
	for (int i = 0; i < 20000 && !bad; i++) {
		long nr = (long)(rnd() % (SYS_COUNT + 4));
		int skipped = 0;
		for (unsigned j = 0; j < sizeof skip / sizeof skip[0]; j++)
			skipped |= nr == skip[j];
		uint64_t a[6];
		for (int j = 0; j < 6; j++)
			a[j] = interesting();
		if (skipped || (nr == SYS_HANDLE_CLOSE && a[0] < TH_FIRST_FREE))
			continue;   /* keep the handles this test reports through */
		long r = k_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		calls++;
		if (r < 0 && r > -4096 && !allowed_error(r)) {
			printf("call %d: nr %ld returned unexpected %ld\n", i, nr, r);
			bad = 1;
		}
	}
	QCHECK("random_syscalls_answered", !bad && calls > 10000, "%d calls", calls);
	k_set_ipc_buffer(__ipc_buffer);   /* the random calls may have moved it */

	int ipc_bad = 0;
	for (int i = 0; i < 3000; i++) {   /* calls to the servers with random words and tags */
		/* FS requests with random descriptors, lengths and buffer bytes as paths; labels
		 * nobody serves to the VM server (its real requests would end or spawn tasks). */
		uint64_t label = i & 1 ? 0x200 + rnd() % 0x10 : 0x900 + rnd() % 0x100;
		for (int j = 0; j < 64; j++)
			__ipc_buffer[j] = (char)(rnd() % 3 ? 'a' + rnd() % 26 : '/');
		__ipc_buffer[rnd() % 64] = 0;
		struct msg m = {IPC_TAG(label, rnd() % 5000, rnd() % 12), {0}};
		for (int j = 0; j < 8; j++)
			m.w[j] = interesting();
		long r = k_call(i & 1 ? TH_FS_EP : TH_VM_EP, &m);
		if (((r < 0 && r != -KE_INVAL) || (r == 0 && IPC_TAG_LABEL(m.tag) > 200)) && !ipc_bad) {
			printf("request %d: tag %lx returned %ld\n", i, (unsigned long)m.tag, r);
			ipc_bad = 1;
		}
	}
	QCHECK("random_requests_answered", !ipc_bad, "a server call failed oddly");

	/* What only the FS server may say to the VM server is refused to anyone else; file
	 * requests that go through the FS server (mmap and spawn of a descriptor) answer. */
	int fs_bad = 0;
	for (int i = 0; i < 400; i++) {
		static const uint8_t words[4] = {7, 6, 1, 4};   /* VM_FS_PAGE, _DONE, _PAGE_USERS, _UNMAP */
		unsigned k = (unsigned)(rnd() % 4);
		struct msg m = {IPC_TAG(0x130 + k, 0, words[k]), {0}};
		for (int j = 0; j < 8; j++)
			m.w[j] = interesting();
		long r = k_call(TH_VM_EP, &m);
		if (r < 0 || IPC_TAG_LABEL(m.tag) != KE_PERM)
			fs_bad |= 1, printf("VM_FS_* %x: %ld, label %lu\n", 0x130 + k, r, IPC_TAG_LABEL(m.tag));
		struct msg q = {IPC_TAG(i & 1 ? 0x110 : 0x124, 1, 6), {0}};   /* VM_MMAP, VM_SPAWN_FD */
		for (int j = 0; j < 6; j++)
			q.w[j] = interesting();
		q.w[3] &= ~(uint64_t)(0x10 | 0x20 | 0x100000);   /* a file, and no MAP_FIXED */
		q.w[i & 1 ? 4 : 0] = 40 + rnd() % 1000;    /* a descriptor that is not open */
		__ipc_buffer[0] = 0;
		r = k_call(TH_VM_EP, &q);
		if (r < 0 || IPC_TAG_LABEL(q.tag) == 0)
			fs_bad |= 1, printf("request %lx: %ld, label %lu\n", (unsigned long)q.tag, r, IPC_TAG_LABEL(q.tag));
	}
	QCHECK("fs_only_requests_refused_and_bad_fds_answered", !fs_bad, "a request was accepted or lost");
	struct vm_stat_rep st;
	QCHECK("system_still_runs", vm_stat(&st) == 0 && st.tasks >= 2, "VM server silent");
	return qtest_done();
}
