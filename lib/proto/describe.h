/* describe.h - names and readable renderings of every message of every protocol.
 * Pure: builds for the target and the host (the trace tool, unit tests). */
#ifndef PROTO_DESCRIBE_H
#define PROTO_DESCRIBE_H
#include <stddef.h>
#include <stdint.h>
#include "proto/proto.h"

/* The description of the message with this label, or NULL. */
const struct proto_desc *proto_lookup(uint64_t label);
/* All descriptions, for listings; *n receives the count. */
const struct proto_desc *proto_all(size_t *n);
/* Render a request ("vm_spawn(give0=2, ..., prio=0x4) +9 bytes") into buf. Unknown
 * labels render as "label 0x...(w0, w1, ...)". Returns the length. */
size_t proto_format_request(char *buf, size_t n, uint64_t tag, const uint64_t *w);
/* Render the reply to a request with label req_label: "= 0 (child=256)" or "= ENOENT". */
size_t proto_format_reply(char *buf, size_t n, uint64_t req_label, uint64_t tag, const uint64_t *w);
/* "ENOENT" for 2, etc.; NULL if unknown. */
const char *proto_errno_name(uint64_t err);
#endif
