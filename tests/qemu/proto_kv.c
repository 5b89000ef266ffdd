/* proto_kv.c - the example protocol end to end: generated client stubs against the
 * generated dispatch of user/helpers/kv_server.c, including malformed requests. */
#include "qtest.h"
#include "vmclient.h"
#include "proto/kv_msgs.h"
#define PROTO_FILE "proto/kv.def"
#include "proto/gen_client.h"

int main(void)
{
	long ep = k_endpoint_create();
	long give[VM_SPAWN_PASS] = {ep, -1, -1, -1};
	long child = vm_spawn("kv_server", give, 4);
	QCHECK("spawn_kv_server", child > 0, "got %ld", child);

	int bad = 0;
	for (uint64_t k = 1; k <= 20; k++) {
		struct kv_put_req q = {k, k * k};
		struct kv_put_rep r;
		bad |= kv_put_call(ep, &q, 0, 0, &r) != 0 || r.count != k;
	}
	QCHECK("put_20", !bad, "a put failed");
	bad = 0;
	for (uint64_t k = 1; k <= 20; k++) {
		struct kv_get_req q = {k};
		struct kv_get_rep r;
		bad |= kv_get_call(ep, &q, 0, 0, &r) != 0 || r.value != k * k;
	}
	QCHECK("get_20", !bad, "a get returned the wrong value");
	struct kv_del_req d = {7};
	struct kv_del_rep dr;
	QCHECK("del", kv_del_call(ep, &d, 0, 0, &dr) == 0, "delete failed");
	struct kv_get_req g = {7};
	struct kv_get_rep gr;
	QCHECK("get_deleted_enoent", kv_get_call(ep, &g, 0, 0, &gr) == -KE_NOENT, "deleted key found");
	long e = 0;
	uint64_t stored = 19;
	for (uint64_t k = 100; k < 140 && e == 0; k++) {
		struct kv_put_req q = {k, 1};
		struct kv_put_rep r;
		if ((e = kv_put_call(ep, &q, 0, 0, &r)) == 0)
			stored = r.count;
	}
	QCHECK("put_full_enospc", e == -KE_NOSPC && stored == 32, "error %ld after %lu keys", e,
	       (unsigned long)stored);

	struct msg m = {IPC_TAG(KV_GET, 0, 3), {7, 0, 0}};
	QCHECK("wrong_word_count_einval", k_call(ep, &m) == 0 && IPC_TAG_LABEL(m.tag) == KE_INVAL,
	       "reply label %lu", (unsigned long)IPC_TAG_LABEL(m.tag));
	m.tag = IPC_TAG(0x4BFF, 0, 0);
	QCHECK("unknown_label_enosys", k_call(ep, &m) == 0 && IPC_TAG_LABEL(m.tag) == KE_NOSYS,
	       "reply label %lu", (unsigned long)IPC_TAG_LABEL(m.tag));

	struct kv_stop_req s;
	struct kv_stop_rep sr;
	QCHECK("stop", kv_stop_call(ep, &s, 0, 0, &sr) == 0, "stop failed");
	struct vm_wait_rep end;
	QCHECK("server_exit", vm_wait(child, &end) == 0 && end.status == 0, "status %ld", (long)end.status);
	return qtest_done();
}
