/* proto/kv_msgs.h - the example key-value protocol, generated from proto/kv.def. */
#ifndef PROTO_KV_MSGS_H
#define PROTO_KV_MSGS_H
#include "proto/proto.h"
#define PROTO_FILE "proto/kv.def"
#include "proto/gen_types.h"
#undef PROTO_FILE
#endif
