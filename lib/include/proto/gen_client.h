/* gen_client.h - one client stub per message of PROTO_FILE (after gen_types.h):
 *     long name_call(long h, const struct name_req *q, const void *buf, size_t len,
 *                    struct name_rep *r);
 * It sends the request words (and len bytes of buf through the IPC buffer), waits for
 * the reply and returns 0 with *r filled, or -errno (from the kernel or the server). */
#include "proto/client.h"
#define MSG(L, n, v, doc, req, rep)                                                     \
	static inline long n##_call(long h, const struct n##_req *q, const void *buf,       \
	                            size_t len, struct n##_rep *r)                          \
	{                                                                                   \
		return proto_call(h, L, n##_TAG_FLAGS, q, sizeof *q, buf, len, r, sizeof *r); \
	}
#include PROTO_FILE
#undef MSG
