/* kv_server.c - the example user-level service: a key-value store serving the protocol
 * declared in proto/kv.def on the endpoint it was given (slot TH_FIRST_FREE). All the
 * message plumbing is generated; this file is only the handlers. */
#include "kcall.h"
#include "proto/kv_msgs.h"
#include "abi/bootinfo.h"

#define KV_SLOTS 32

struct kv_store {
	uint64_t key[KV_SLOTS], value[KV_SLOTS];
	uint8_t used[KV_SLOTS];
	uint64_t count;
	int stop;
};

static int find(struct kv_store *s, uint64_t key)
{
	for (int i = 0; i < KV_SLOTS; i++)
		if (s->used[i] && s->key[i] == key)
			return i;
	return -1;
}

static long do_kv_put(struct kv_store *s, const struct kv_put_req *q, struct kv_put_rep *r)
{
	int i = find(s, q->key);
	for (int j = 0; i < 0 && j < KV_SLOTS; j++)
		if (!s->used[j])
			i = j, s->used[j] = 1, s->key[j] = q->key, s->count++;
	if (i < 0)
		return -KE_NOSPC;
	s->value[i] = q->value;
	r->count = s->count;
	return 0;
}

static long do_kv_get(struct kv_store *s, const struct kv_get_req *q, struct kv_get_rep *r)
{
	int i = find(s, q->key);
	if (i < 0)
		return -KE_NOENT;
	r->value = s->value[i];
	return 0;
}

static long do_kv_del(struct kv_store *s, const struct kv_del_req *q, struct kv_del_rep *r)
{
	(void)r;
	int i = find(s, q->key);
	if (i < 0)
		return -KE_NOENT;
	s->used[i] = 0;
	s->count--;
	return 0;
}

static long do_kv_stop(struct kv_store *s, const struct kv_stop_req *q, struct kv_stop_rep *r)
{
	(void)q, (void)r;
	s->stop = 1;
	return 0;
}

#define PROTO_FILE "proto/kv.def"
#define PROTO_DISPATCH kv_dispatch
#define PROTO_CTX struct kv_store
#include "proto/gen_server.h"

int main(void)
{
	static struct kv_store store;
	struct msg m = {0};
	long badge = k_recv(TH_FIRST_FREE, &m);
	for (;;) {
		if (badge < 0)
			return 2;
		if (!kv_dispatch(&store, &m))
			m.tag = IPC_TAG(KE_NOSYS, 0, 0);
		if (store.stop) {
			k_reply(0, &m);
			return 0;
		}
		badge = k_reply_recv(TH_FIRST_FREE, &m);
	}
}
