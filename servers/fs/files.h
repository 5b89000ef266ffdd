/* files.h - the file service: each client task's descriptors over the mounted file
 * system, and the handlers of proto/fs.def. */
#ifndef FS_FILES_H
#define FS_FILES_H
#include "vfs.h"
#include "proto/fs.h"

#define MAX_CLIENTS 32
#define MAX_FDS 32
#define FIRST_FD 3   /* 0-2 are the console, kept by the C runtime */
#define VM_BADGE 1   /* the VM server's badge on our endpoint */

struct open_file {
	uint8_t used;
	uint64_t node, offset, flags;
};

struct client {
	uint64_t badge;
	struct open_file fds[MAX_FDS];
};

/* Bytes the current request carries in the IPC buffer (the server loop sets it). */
extern size_t request_bytes;
/* Serve from fs (ops) from now on. */
void files_mount(const struct vfs_ops *ops, void *fs);
/* The client record of the task with this badge (made on first use), or NULL if full. */
struct client *files_client(uint64_t badge);

#define FS_HANDLER(name) long do_##name(struct client *c, const struct name##_req *q, struct name##_rep *r);
FS_HANDLER(fs_open) FS_HANDLER(fs_close) FS_HANDLER(fs_read) FS_HANDLER(fs_write)
FS_HANDLER(fs_lseek) FS_HANDLER(fs_fstat) FS_HANDLER(fs_stat) FS_HANDLER(fs_ftruncate)
FS_HANDLER(fs_unlink) FS_HANDLER(fs_mkdir) FS_HANDLER(fs_rmdir) FS_HANDLER(fs_readdir)
FS_HANDLER(fs_fsync) FS_HANDLER(fs_sync) FS_HANDLER(fs_client_gone)
#undef FS_HANDLER
#endif
