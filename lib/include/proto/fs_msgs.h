/* proto/fs_msgs.h - the FS server's file protocol, generated from proto/fs.def. */
#ifndef PROTO_FS_MSGS_H
#define PROTO_FS_MSGS_H
#include "proto/proto.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_types.h"
#undef PROTO_FILE

/* FS_READ_INTO's next */
#define FS_READ_INTO_DONE 0u
#define FS_READ_INTO_MORE 1u
#define FS_READ_INTO_TOUCH 2u
#define FS_READ_INTO_USE_READ 3u
#define FS_READ_INTO_MAX (1u << 20)   /* bytes one request reads at most */

/* FS_SETATTR's mask */
#define FS_ATTR_MODE 1u
#define FS_ATTR_UID 2u
#define FS_ATTR_GID 4u
#define FS_ATTR_ATIME 8u        /* to atime */
#define FS_ATTR_MTIME 16u       /* to mtime */
#define FS_ATTR_ATIME_NOW 32u   /* to the server's clock */
#define FS_ATTR_MTIME_NOW 64u
#define FS_ATTR_ALL 127u
#endif
