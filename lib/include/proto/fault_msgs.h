/* proto/fault_msgs.h - fault messages, generated from proto/fault.def. */
#ifndef PROTO_FAULT_MSGS_H
#define PROTO_FAULT_MSGS_H
#include "proto/proto.h"
#define PROTO_FILE "proto/fault.def"
#include "proto/gen_types.h"
#undef PROTO_FILE
#endif
