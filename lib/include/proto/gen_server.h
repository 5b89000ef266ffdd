/* gen_server.h - a dispatch function for PROTO_FILE (after gen_types.h). Define
 *   PROTO_DISPATCH  the function's name, PROTO_CTX the handler context type,
 * and provide   long do_name(PROTO_CTX *ctx, const struct name_req *q, struct name_rep *r)
 * for every message. The generated
 *   static int PROTO_DISPATCH(PROTO_CTX *ctx, struct msg *m)
 * returns 0 when m's label is not in this protocol (m untouched), 1 when *m now holds
 * the reply, 2 when no reply is to be sent now. A request with the wrong number of
 * words gets EINVAL without reaching the handler. The request's bytes in __ipc_buffer
 * are ended with a NUL (when fewer than IPC_BUF_MAX): a handler that reads a name or a
 * path there sees only what this request carried, never what the server's last reply
 * or another client's request left. */
extern char __ipc_buffer[];
static int PROTO_DISPATCH(PROTO_CTX *ctx, struct msg *m)
{
	if (IPC_TAG_BYTES(m->tag) < IPC_BUF_MAX)
		__ipc_buffer[IPC_TAG_BYTES(m->tag)] = 0;
	switch (IPC_TAG_LABEL(m->tag)) {
#define MSG(L, n, v, doc, req, rep)                                                     \
	case L: {                                                                           \
		struct n##_req q_;                                                              \
		struct n##_rep r_;                                                              \
		__builtin_memset(&r_, 0, sizeof r_);                                            \
		if (IPC_TAG_WORDS(m->tag) != PROTO_WORDS(sizeof q_)) {                          \
			m->tag = IPC_TAG(KE_INVAL, 0, 0);                                           \
			return 1;                                                                   \
		}                                                                               \
		__builtin_memcpy(&q_, m->w, sizeof q_);                                         \
		long s_ = do_##n(ctx, &q_, &r_);                                                \
		if (s_ == PROTO_NO_REPLY)                                                       \
			return 2;                                                                   \
		if (s_ < 0) {                                                                   \
			m->tag = IPC_TAG(-s_, 0, 0);                                                \
			return 1;                                                                   \
		}                                                                               \
		m->tag = IPC_TAG(0, s_, PROTO_WORDS(sizeof r_));                                \
		__builtin_memcpy(m->w, &r_, sizeof r_);                                         \
		return 1;                                                                       \
	}
#include PROTO_FILE
#undef MSG
	}
	return 0;
}
