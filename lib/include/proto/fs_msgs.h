/* proto/fs_msgs.h - the FS server's file protocol, generated from proto/fs.def. */
#ifndef PROTO_FS_MSGS_H
#define PROTO_FS_MSGS_H
#include "proto/proto.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_types.h"
#undef PROTO_FILE
#endif
