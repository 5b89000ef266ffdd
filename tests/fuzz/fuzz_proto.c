/* fuzz_proto.c - libFuzzer harness of what decodes and describes untrusted messages
 * (lib/proto): the servers' generated dispatch (proto/gen_server.h) of every protocol,
 * over handlers that check they were given exactly the request's words, and the
 * tracer's rendering of any request and reply (proto_format_request/_reply) into
 * buffers of every small size. The input is the message: a tag, 8 words, the handler's
 * answer and a buffer size. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/describe.h"
#include "proto/fault_msgs.h"
#include "proto/fs_msgs.h"
#include "proto/kv_msgs.h"
#include "proto/vm_msgs.h"

/* The IPC message as the registers carry it (kcall.h's, which holds RISC-V asm). */
struct msg {
	uint64_t tag;
	uint64_t w[IPC_MAX_WORDS];
};

/* The servers' IPC buffer, which the dispatch ends at the request's bytes. */
char __ipc_buffer[IPC_BUF_MAX];

/* What the handlers are to see and answer. */
struct fz {
	struct msg sent;
	int64_t status;           /* a handler's return value */
	uint64_t reply[IPC_MAX_WORDS];
	int called;
};

/* A handler: the request must be the words sent, the reply is filled from the input. */
static long stub(struct fz *c, const void *q, size_t qlen, void *r, size_t rlen)
{
	if (qlen > sizeof c->sent.w || rlen > sizeof c->reply || memcmp(q, c->sent.w, qlen))
		abort();
	memcpy(r, c->reply, rlen);
	c->called++;
	return c->status;
}

#define MSG(L, n, v, doc, req, rep)                                                     \
	static long do_##n(struct fz *c, const struct n##_req *q, struct n##_rep *r)        \
	{                                                                                   \
		return stub(c, q, sizeof *q, r, sizeof *r);                                     \
	}
#include "proto/vm.def"
#include "proto/fault.def"
#include "proto/fs.def"
#include "proto/kv.def"
#undef MSG

#define PROTO_CTX struct fz
#define PROTO_FILE "proto/vm.def"
#define PROTO_DISPATCH vm_dispatch
#include "proto/gen_server.h"
#undef PROTO_DISPATCH
#undef PROTO_FILE
#define PROTO_FILE "proto/fault.def"
#define PROTO_DISPATCH fault_dispatch
#include "proto/gen_server.h"
#undef PROTO_DISPATCH
#undef PROTO_FILE
#define PROTO_FILE "proto/fs.def"
#define PROTO_DISPATCH fs_dispatch
#include "proto/gen_server.h"
#undef PROTO_DISPATCH
#undef PROTO_FILE
#define PROTO_FILE "proto/kv.def"
#define PROTO_DISPATCH kv_dispatch
#include "proto/gen_server.h"
#undef PROTO_DISPATCH
#undef PROTO_FILE

/* Render the request and the reply into buffers of n bytes: NUL-terminated, and each
 * the prefix of the same rendering into a large buffer. */
static void render(uint64_t tag, const uint64_t *w, uint64_t req_label, size_t n)
{
	char big[1024], *small = malloc(n ? n : 1);
	size_t len = proto_format_request(big, sizeof big, tag, w);
	size_t k = proto_format_request(small, n, tag, w);
	if (len != strlen(big) || (n && (k != strlen(small) || memcmp(small, big, k))))
		abort();
	len = proto_format_reply(big, sizeof big, req_label, tag, w);
	k = proto_format_reply(small, n, req_label, tag, w);
	if (len != strlen(big) || (n && (k != strlen(small) || memcmp(small, big, k))))
		abort();
	free(small);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz c = {0};
	uint8_t n = 0;
	uint8_t in[sizeof c.sent + sizeof c.status + sizeof c.reply + 1] = {0};
	memcpy(in, data, size < sizeof in ? size : sizeof in);
	memcpy(&c.sent, in, sizeof c.sent);
	memcpy(&c.status, in + sizeof c.sent, sizeof c.status);
	memcpy(c.reply, in + sizeof c.sent + sizeof c.status, sizeof c.reply);
	n = in[sizeof in - 1];
	/* Labels are small: most inputs should name a real message. */
	uint64_t label = IPC_TAG_LABEL(c.sent.tag);
	size_t nd;
	const struct proto_desc *all = proto_all(&nd);
	if (label >= 0x10000 && (c.sent.tag & 1))
		c.sent.tag = IPC_TAG(all[label % nd].label, IPC_TAG_BYTES(c.sent.tag), IPC_TAG_WORDS(c.sent.tag));
	if (c.status != PROTO_NO_REPLY && (c.status < -4095 || c.status > 4096))
		c.status %= 4096;

	render(c.sent.tag, c.sent.w, IPC_TAG_LABEL(c.sent.tag), n);
	struct msg m = c.sent;
	uint64_t bytes = IPC_TAG_BYTES(c.sent.tag);
	memset(__ipc_buffer, 'x', sizeof __ipc_buffer);   /* what an earlier message left */
	int r = vm_dispatch(&c, &m);
	if (!r)
		r = fault_dispatch(&c, &m);
	if (!r)
		r = fs_dispatch(&c, &m);
	if (!r)
		r = kv_dispatch(&c, &m);
	const struct proto_desc *d = proto_lookup(IPC_TAG_LABEL(c.sent.tag));
	if (!d != !r || c.called > 1 || (r == 2 && c.status != PROTO_NO_REPLY))
		abort();   /* a declared label is dispatched, once; an undeclared one is not */
	if (d && IPC_TAG_WORDS(c.sent.tag) != d->nreq && (c.called || r != 1))
		abort();   /* a wrong word count never reaches the handler */
	if (bytes < IPC_BUF_MAX && (__ipc_buffer[bytes] || (bytes && __ipc_buffer[bytes - 1] != 'x')))
		abort();   /* the request's bytes end with a NUL, and only they are left as sent */
	if (r == 1)
		render(m.tag, m.w, IPC_TAG_LABEL(c.sent.tag), n);
	return 0;
}
