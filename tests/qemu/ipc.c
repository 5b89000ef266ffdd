/* ipc.c - two tasks in separate address spaces exchange thousands of calls; every reply
 * is checked word by word and byte by byte, on the register path and the buffer path.
 * The child's frames must all come back when it ends. */
#include <string.h>
#include "qtest.h"
#include "vmclient.h"
#include "abi/bootinfo.h"

int main(void)
{
	struct vm_stat_rep before, after;
	qtest_settle();
	vm_stat(&before);
	long ep = k_endpoint_create();
	QCHECK("endpoint_create", ep >= TH_FIRST_FREE, "got %ld", ep);
	long give[VM_SPAWN_PASS] = {ep, -1, -1, -1};
	long child = vm_spawn("ipc_echo", give, 4);
	QCHECK("spawn_echo", child > 0, "got %ld", child);

	int bad = 0;
	for (int i = 0; i < 5000 && !bad; i++) {
		uint64_t nw = (uint64_t)i % (IPC_MAX_WORDS + 1), label = 100 + (uint64_t)i % 50;
		struct msg m = {IPC_TAG(label, 0, nw), {0}};
		for (uint64_t j = 0; j < nw; j++)
			m.w[j] = (uint64_t)i * 977 + j;
		long r = k_call(ep, &m);
		if (r != 0 || IPC_TAG_LABEL(m.tag) != label + 1 || IPC_TAG_WORDS(m.tag) != nw)
			bad = i + 1;
		for (uint64_t j = 0; j < nw; j++)
			if (m.w[j] != (uint64_t)i * 977 + j + 1)
				bad = i + 1;
	}
	QCHECK("register_calls_5000", !bad, "call %d came back wrong", bad - 1);

	bad = 0;
	for (int i = 1; i <= 600 && !bad; i++) {
		uint64_t n = (uint64_t)(i * 37) % IPC_BUF_MAX + 1;
		for (uint64_t j = 0; j < n; j++)
			__ipc_buffer[j] = (char)(j * 7 + (uint64_t)i);
		struct msg m = {IPC_TAG(9, n, 2), {(uint64_t)i, n}};
		long r = k_call(ep, &m);
		if (r != 0 || IPC_TAG_BYTES(m.tag) != n || m.w[0] != (uint64_t)i + 1)
			bad = i;
		for (uint64_t j = 0; j < n && !bad; j++)
			if (__ipc_buffer[j] != (char)((n - 1 - j) * 7 + (uint64_t)i))
				bad = i;
	}
	QCHECK("buffer_calls_600", !bad, "buffer call %d came back wrong", bad);

	struct msg m = {IPC_TAG(9, IPC_BUF_MAX + 1, 0), {0}};
	QCHECK("buffer_too_long", k_call(ep, &m) == -KE_INVAL, "oversized buffer accepted");

	struct msg stop = {IPC_TAG(0, 0, 0), {0}};
	QCHECK("stop_echo", k_call(ep, &stop) == 0 && IPC_TAG_LABEL(stop.tag) == 1, "no reply");
	struct vm_wait_rep end;
	QCHECK("echo_exit_status", vm_wait(child, &end) == 0 && end.status == 0, "status %ld", (long)end.status);
	vm_stat(&after);
	QCHECK("frames_returned", after.free_frames == before.free_frames,
	       "%lu free before, %lu after", (unsigned long)before.free_frames, (unsigned long)after.free_frames);
	return qtest_done();
}
