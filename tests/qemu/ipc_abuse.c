/* ipc_abuse.c - a server task that never answers cannot hold its callers for ever, nor
 * can another task answer in its place: the sinkhole (user/helpers/sinkhole.c) takes two
 * blocked_callers' calls and saves their replies, showing us the tokens. Replying with
 * those tokens from here, or with tokens near them, is refused (KE_NOENT) and reaches no
 * caller; a caller is ended by its parent while it waits (128 + SIGKILL, not the
 * "answered" status 1); when the sinkhole is ended the other caller's call fails with
 * KE_PIPE; the servers answer all along and every frame comes back. (The VM and FS
 * servers call no client: their only calls are to each other, servers/vm/fslink.c and
 * the FS server's VM_FS_* calls.) */
#include "qtest.h"
#include "vmclient.h"
#include "abi/bootinfo.h"

int main(void)
{
	struct vm_stat_rep before, after;
	struct vm_wait_rep end;
	qtest_settle();
	vm_stat(&before);
	long ep = k_endpoint_create(), back = k_endpoint_create();
	long give_sink[VM_SPAWN_PASS] = {ep, back, -1, -1}, give_caller[VM_SPAWN_PASS] = {ep, -1, -1, -1};
	long sink = vm_spawn("sinkhole", give_sink, 4);
	long a = vm_spawn("blocked_caller", give_caller, 4), b = vm_spawn("blocked_caller", give_caller, 4);
	QCHECK("spawned", sink > 0 && a > 0 && b > 0, "%ld %ld %ld", sink, a, b);

	uint64_t tok[2] = {0, 0};
	for (int i = 0; i < 2; i++) {
		struct msg m = {0};
		if (k_recv(back, &m) >= 0)
			tok[i] = m.w[0];
	}
	QCHECK("sinkhole_holds_both_calls", tok[0] && tok[1] && tok[0] != tok[1], "tokens %lx %lx",
	       (unsigned long)tok[0], (unsigned long)tok[1]);
	int refused = 0, tries = 0;
	for (int i = 0; i < 2; i++) {
		const uint64_t forged[] = {tok[i], tok[i] ^ (1ul << 16), tok[i] + 1, tok[i] - 1};
		for (int f = 0; f < 4; f++, tries++) {
			struct msg r = {IPC_TAG(9, 0, 1), {42}};
			refused += k_reply((long)forged[f], &r) == -KE_NOENT;
		}
	}
	QCHECK("foreign_reply_tokens_refused", refused == tries, "%d of %d refused", refused, tries);

	long ka = vm_kill(a);
	QCHECK("waiting_caller_can_be_ended", ka == 0 && vm_wait(a, &end) == 0 && end.status == 128 + 9,
	       "kill %ld, status %ld (1: a forged reply reached it)", ka, (long)end.status);
	long ks = vm_kill(sink);
	QCHECK("sinkhole_ended", ks == 0 && vm_wait(sink, &end) == 0 && end.status == 128 + 9, "kill %ld, status %ld",
	       ks, (long)end.status);
	QCHECK("other_caller_gets_pipe", vm_wait(b, &end) == 0 && end.status == 100 + KE_PIPE, "status %ld",
	       (long)end.status);
	k_handle_close(ep);
	k_handle_close(back);
	QCHECK("frames_back", vm_stat(&after) == 0 && after.free_frames == before.free_frames, "%lu before, %lu after",
	       (unsigned long)before.free_frames, (unsigned long)after.free_frames);
	return qtest_done();
}
