/* proto/client.h - the one routine every generated client stub calls. */
#ifndef PROTO_CLIENT_H
#define PROTO_CLIENT_H
#include "kcall.h"
#include "proto/proto.h"

/* flags: IPC_TAG_WINDOW for a request that lends a window (proto.h), else 0. */
static inline long proto_call(long h, uint64_t label, uint64_t flags, const void *req,
                              size_t reqsize, const void *buf, size_t len, void *rep,
                              size_t repsize)
{
	struct msg m = {IPC_TAG(label, len, PROTO_WORDS(reqsize)) | flags, {0}};
	if (len > IPC_BUF_MAX)
		return -KE_2BIG;
	if (len && buf != IPC_BUFFER)
		__builtin_memcpy(IPC_BUFFER, buf, len);
	__builtin_memcpy(m.w, req, reqsize);
	long r = k_call(h, &m);
	if (r < 0)
		return r;
	if (IPC_TAG_LABEL(m.tag))
		return -(long)IPC_TAG_LABEL(m.tag);
	if (IPC_TAG_WORDS(m.tag) != PROTO_WORDS(repsize))
		return -KE_IO;   /* the server broke the protocol */
	__builtin_memcpy(rep, m.w, repsize);
	return 0;
}
#endif
