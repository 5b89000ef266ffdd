/* proto/proto.h - how protocols are declared, once, and what is generated from them.
 *
 * A protocol is a .def file of rows
 *     MSG(LABEL, name, value, "what it does",
 *         FIELDS(F(type, field) ...),      request words, in order (MR0, MR1, ...)
 *         FIELDS(F(type, field) ...))      reply words
 * Every field is one 64-bit register word (int64_t or uint64_t). Bulk data (names,
 * file contents) travels in the IPC buffer beside the words, or, for a request whose
 * last field is F_WINDOW(addr, len) (two words), the server copies it straight into the
 * caller's memory there (IPC_TAG_WINDOW, SYS_WINDOW_WRITE); its stub sets the flag.
 * Including the generators below with PROTO_FILE set to the .def produces:
 *   gen_types.h   the label constants, `struct name_req`, `struct name_rep`, and
 *                 compile-time checks that each fits the registers;
 *   gen_client.h  a client stub per message: name_call(h, &req, buf, len, &rep);
 *   gen_server.h  a dispatch function that checks the word count, unpacks the request,
 *                 calls do_name(ctx, &req, &rep) and packs the reply;
 *   gen_desc.h    a table of names and field names for the pretty-printer and tracer.
 * Conventions: a reply's label is 0 on success or a positive errno. A handler returns
 * 0, a positive number of reply bytes left in the IPC buffer, -errno, or PROTO_NO_REPLY
 * when it answers later (or never).
 */
#ifndef PROTO_PROTO_H
#define PROTO_PROTO_H

#include <stdint.h>
#include <stddef.h>
#include "abi/syscall.h"

#define PROTO_NO_REPLY (-0x7fffffffL)
#define F_WINDOW(addr, len) F(uint64_t, addr) F(uint64_t, len) PROTO_WINDOW_MARK
#define PROTO_WINDOW_MARK   /* (gen_types.h's flag pass gives it a meaning) */
#define PROTO_WORDS(size) (((size) + 7) / 8)

struct proto_field {
	const char *name;
	uint8_t is_signed;
};

/* One message as the pretty-printer and the tracer see it. */
struct proto_desc {
	uint64_t label;
	const char *proto;          /* "vm", "fault", ... */
	const char *name;           /* "vm_spawn" */
	const char *doc;
	uint8_t nreq, nrep;         /* words */
	struct proto_field req[IPC_MAX_WORDS + 1], rep[IPC_MAX_WORDS + 1];
};

#endif
