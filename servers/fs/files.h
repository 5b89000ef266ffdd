/* files.h - the file service: each client task's descriptors over the mounted file
 * systems (the mount table, mounts.h), and the handlers of proto/fs.def. */
#ifndef FS_FILES_H
#define FS_FILES_H
#include "vfs.h"
#include "proto/fs_msgs.h"

#define MAX_CLIENTS 64   /* as many as there are tasks (the VM server's MAX_PROCS) */
#define MAX_FDS 32
#define MAX_OPEN 256  /* open file descriptions, shared by the descriptors of every client */
#define FIRST_FD 3   /* 0-2 are the console, kept by the C runtime */
#define VM_BADGE 1   /* the VM server's badge on our endpoint */

#define O_ACCMODE 3
#define O_WRONLY 1
#define O_RDWR   2
#define O_CREAT  0100
#define O_EXCL   0200
#define O_TRUNC  01000
#define O_APPEND 02000
#define O_DIRECTORY 0200000
#define S_IFMT  0170000
#define S_IFDIR 0040000
#define S_IFREG 0100000

/* An open file description, as Linux's struct file: what open made, shared (offset and
 * all) by the descriptors that came from it by inheritance at fork (FS_FORK). */
struct open_file {
	uint32_t refs;             /* descriptors naming it; 0: free */
	uint8_t pipe;              /* PIPE_READ_END or PIPE_WRITE_END of pipe `node`, TTY_FILE; 0: a file */
	uint64_t node, offset, flags;
	uint64_t map;              /* the file identity mmap gave for it (mapping.c), 0: none */
};

#define PIPE_READ_END  1
#define PIPE_WRITE_END 2
#define TTY_FILE       3   /* not a pipe: the console terminal (console_tty.c) */

struct client {
	uint64_t badge;
	struct open_file *fds[MAX_FDS];   /* descriptor FIRST_FD + i, NULL: not open */
};

/* Bytes the current request carries in the IPC buffer (the server loop sets it). */
extern size_t request_bytes;
/* Serve from fs (ops) from now on. */
void files_mount(const struct vfs_ops *ops, void *fs);
/* The client record of the task with this badge (made on first use), or NULL if full. */
struct client *files_client(uint64_t badge);
/* The same without making one; and a client's open descriptor fd, or NULL. */
struct client *files_find(uint64_t badge);
/* (Only files: a pipe's descriptor is not one here. files_any_fd: either.) */
struct open_file *files_fd(struct client *c, int64_t fd);
struct open_file *files_any_fd(struct client *c, int64_t fd);
int files_stat(uint64_t node, struct vfs_stat *st);
/* A descriptor of c for a new open file description like init: its number, or -EMFILE,
 * -ENFILE. */
long files_install(struct client *c, const struct open_file *init);
/* Can node's file system be written? */
int files_writable(uint64_t node);
/* A descriptor or mapping of node went away: if none is left, its cached pages are
 * written back and dropped and the file system may free it (if it has no name left). */
void files_node_closed(uint64_t node);

#define FS_HANDLER(name) long do_##name(struct client *c, const struct name##_req *q, struct name##_rep *r);
FS_HANDLER(fs_open) FS_HANDLER(fs_close) FS_HANDLER(fs_read) FS_HANDLER(fs_read_into)
FS_HANDLER(fs_write)
FS_HANDLER(fs_lseek) FS_HANDLER(fs_fstat) FS_HANDLER(fs_stat) FS_HANDLER(fs_ftruncate)
FS_HANDLER(fs_unlink) FS_HANDLER(fs_mkdir) FS_HANDLER(fs_rmdir) FS_HANDLER(fs_readdir)
FS_HANDLER(fs_fsync) FS_HANDLER(fs_sync) FS_HANDLER(fs_client_gone) FS_HANDLER(fs_rename)
FS_HANDLER(fs_map_fd) FS_HANDLER(fs_page_in) FS_HANDLER(fs_writeback) FS_HANDLER(fs_file_put)
FS_HANDLER(fs_fork) FS_HANDLER(fs_pipe) FS_HANDLER(fs_poll) FS_HANDLER(fs_intr)
FS_HANDLER(fs_setattr) FS_HANDLER(fs_statfs) FS_HANDLER(fs_tty_open) FS_HANDLER(fs_tty_read)
FS_HANDLER(fs_tty_ioctl) FS_HANDLER(fs_tty_input)
#undef FS_HANDLER
#endif
