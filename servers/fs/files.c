/* files.c - descriptors and the file requests, over whichever file system is mounted. */
#include "files.h"
#include "mapping.h"
#include "mounts.h"
#include "pagecache.h"
#include "pipe.h"
#include "console_tty.h"
#include "poll.h"
#include "kcall.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE

#define E_ROFS   30
#define E_NOTDIR 20
#define E_ISDIR  21
#define E_NFILE  23
#define E_SPIPE  29
#define E_MFILE  24
#define E_NAMETOOLONG 36

static const struct vfs_ops *ops;
/* Bytes in the current request's buffer (set by the server loop before dispatch). */
size_t request_bytes;
static void *fs;
static struct client clients[MAX_CLIENTS];
static struct open_file open_files[MAX_OPEN];

void files_mount(const struct vfs_ops *o, void *f)
{
	ops = o;
	fs = f;
	fpc_mount(o, f);
}

int files_writable(uint64_t node)
{
	return mounts_writable(node);
}

int files_stat(uint64_t node, struct vfs_stat *st)
{
	return ops->stat(fs, node, st);
}

struct client *files_find(uint64_t badge)
{
	for (int i = 0; badge && i < MAX_CLIENTS; i++)
		if (clients[i].badge == badge)
			return &clients[i];
	return 0;
}

struct client *files_client(uint64_t badge)
{
	struct client *free_slot = 0;
	for (int i = 0; i < MAX_CLIENTS; i++) {
		if (clients[i].badge == badge)
			return &clients[i];
		if (!clients[i].badge && !free_slot)
			free_slot = &clients[i];
	}
	if (free_slot) {
		memset(free_slot, 0, sizeof *free_slot);
		free_slot->badge = badge;
	}
	return free_slot;
}

/* The path at p in the request buffer, without leading and trailing slashes. */
static int path_at(const char *p, const char **path, size_t *len)
{
	__ipc_buffer[IPC_BUF_MAX - 1] = 0;
	size_t n = strlen(p);
	if (n >= 1024)
		return -E_NAMETOOLONG;
	while (*p == '/')
		p++, n--;
	while (n && p[n - 1] == '/')
		n--;
	*path = p;
	*len = n;
	return 0;
}

static int request_path(const char **path, size_t *len)
{
	return path_at(__ipc_buffer, path, len);
}

struct open_file *files_any_fd(struct client *c, int64_t fd)
{
	if (fd < FIRST_FD || fd >= FIRST_FD + MAX_FDS)
		return 0;
	return c->fds[fd - FIRST_FD];
}

struct open_file *files_fd(struct client *c, int64_t fd)
{
	struct open_file *f = files_any_fd(c, fd);
	return f && !f->pipe ? f : 0;
}

/* Is any open file description, or any mapping, open on node? */
static int node_open(uint64_t node)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (open_files[i].refs && !open_files[i].pipe && open_files[i].node == node)
			return 1;
	return mapping_holds(node);
}

/* A descriptor of f went away; the last one closes f. */
static void open_file_put(struct open_file *f)
{
	if (--f->refs)
		return;
	if (f->pipe == PIPE_READ_END || f->pipe == PIPE_WRITE_END)
		pipe_end_closed((int)f->node, f->pipe == PIPE_WRITE_END);
	else if (!f->pipe)
		files_node_closed(f->node);
}

/* A free descriptor slot of c and a free open file description: 0, or -EMFILE (no
 * descriptor free) or -ENFILE (no description free). */
static int find_free(struct client *c, int *slot, struct open_file **f)
{
	*slot = -1, *f = 0;
	for (int i = 0; i < MAX_FDS && *slot < 0; i++)
		if (!c->fds[i])
			*slot = i;
	for (int i = 0; i < MAX_OPEN && !*f; i++)
		if (!open_files[i].refs)
			*f = &open_files[i];
	return *slot < 0 ? -E_MFILE : !*f ? -E_NFILE : 0;
}

long files_install(struct client *c, const struct open_file *init)
{
	int slot;
	struct open_file *f;
	int e = find_free(c, &slot, &f);
	if (e < 0)
		return e;
	*f = *init;
	f->refs = 1;
	c->fds[slot] = f;
	return FIRST_FD + slot;
}

/* Undo install() of descriptor fd of c (nothing else knows of it yet). */
static void uninstall(struct client *c, long fd)
{
	c->fds[fd - FIRST_FD]->refs = 0;
	c->fds[fd - FIRST_FD] = 0;
}

/* pipe: the reading end's descriptor and the writing end's. */
long do_fs_pipe(struct client *c, const struct fs_pipe_req *q, struct fs_pipe_rep *r)
{
	(void)q;
	struct open_file rd = {.pipe = PIPE_READ_END}, wr = {.pipe = PIPE_WRITE_END, .flags = O_WRONLY};
	long rfd = files_install(c, &rd), wfd = rfd < 0 ? rfd : files_install(c, &wr), p = wfd < 0 ? wfd : pipe_create();
	if (p < 0) {
		if (wfd >= 0)
			uninstall(c, wfd);
		if (rfd >= 0)
			uninstall(c, rfd);
		return p;
	}
	c->fds[rfd - FIRST_FD]->node = c->fds[wfd - FIRST_FD]->node = (uint64_t)p;
	r->rfd = (uint64_t)rfd, r->wfd = (uint64_t)wfd;
	return 0;
}

void files_node_closed(uint64_t node)
{
	if (node_open(node))
		return;
	fpc_forget(node);
	if (ops->release)
		ops->release(fs, node);   /* frees it if it was unlinked meanwhile */
}

/* Set node's length: its mapped pages past the new end go, and the cache follows (its
 * pages past the end dropped, the last one zeroed past it). 0 or -errno. */
static int truncate_node(uint64_t node, uint64_t length)
{
	struct vfs_stat st;
	int e = ops->stat(fs, node, &st);
	if (e < 0 || (e = ops->truncate(fs, node, length)) < 0)
		return e;
	if (length < st.size && mapping_holds(node)) {   /* mapped pages past the end go */
		struct vm_fs_unmap_req uq = {node, (length + PAGE_SIZE - 1) / PAGE_SIZE,
		                             (st.size + PAGE_SIZE - 1) / PAGE_SIZE, 1};
		struct vm_fs_unmap_rep ur;
		vm_fs_unmap_call(TH_VM_EP, &uq, 0, 0, &ur);
	}
	fpc_resized(node, st.size, length);
	return 0;
}

long do_fs_open(struct client *c, const struct fs_open_req *q, struct fs_open_rep *r)
{
	const char *path;
	size_t len;
	uint64_t node;
	struct vfs_stat st;
	int slot;
	struct open_file *f;
	int e = find_free(c, &slot, &f);
	if (e < 0 || (e = request_path(&path, &len)) < 0)
		return e;
	e = ops->lookup(fs, path, len, &node);
	if (e == 0 && (q->flags & O_CREAT) && (q->flags & O_EXCL))
		return -KE_EXIST;
	if (e == -KE_NOENT && (q->flags & O_CREAT)) {
		if (!ops->create)
			return -E_ROFS;
		e = ops->create(fs, path, len, q->mode, &node);
	}
	if (e < 0 || (e = ops->stat(fs, node, &st)) < 0)
		return e;
	int writing = (q->flags & O_ACCMODE) != 0 || (q->flags & O_TRUNC);
	if ((st.mode & S_IFMT) == S_IFDIR && writing)
		return -E_ISDIR;
	if ((q->flags & O_DIRECTORY) && (st.mode & S_IFMT) != S_IFDIR)
		return -E_NOTDIR;
	if (writing && !files_writable(node))
		return -E_ROFS;
	if ((q->flags & O_TRUNC) && (q->flags & O_ACCMODE) && (e = truncate_node(node, 0)) < 0)
		return e;
	*f = (struct open_file){.refs = 1, .node = node, .flags = q->flags};
	c->fds[slot] = f;
	r->fd = FIRST_FD + slot;
	return 0;
}

long do_fs_close(struct client *c, const struct fs_close_req *q, struct fs_close_rep *r)
{
	(void)r;
	struct open_file *f = files_any_fd(c, q->fd);
	if (!f)
		return -KE_BADF;
	c->fds[q->fd - FIRST_FD] = 0;
	open_file_put(f);
	return 0;
}

/* For a file the page cache does not hold: up to len (<= IPC_BUF_MAX) bytes at off
 * straight from the file system into __ipc_buffer, the cached pages on top (they are
 * the newest). The count, or -errno. */
static long read_uncached(uint64_t node, uint64_t off, size_t len)
{
	long n = ops->read(fs, node, off, __ipc_buffer, len);
	if (n > 0)
		fpc_read_overlay(node, off, __ipc_buffer, (size_t)n);
	return n;
}

long do_fs_read(struct client *c, const struct fs_read_req *q, struct fs_read_rep *r)
{
	struct open_file *f = files_any_fd(c, q->fd);
	if (!f || (f->flags & O_ACCMODE) == O_WRONLY)
		return -KE_BADF;
	if (f->pipe == TTY_FILE)
		return -KE_INVAL;   /* the terminal is read with FS_TTY_READ */
	if (f->pipe) {   /* a pipe has no offsets */
		size_t len = q->len < IPC_BUF_MAX ? q->len : IPC_BUF_MAX;
		long n = q->at != -1 ? -E_SPIPE : pipe_read((int)f->node, __ipc_buffer, len);
		if (n == -KE_AGAIN && q->wait && len)
			return poll_wait_read(c, q->fd, len);
		r->count = n > 0 ? (uint64_t)n : 0;
		return n;
	}
	if (q->at < -1)
		return -KE_INVAL;
	uint64_t off = q->at < 0 ? f->offset : (uint64_t)q->at;
	size_t len = q->len < IPC_BUF_MAX ? q->len : IPC_BUF_MAX;
	long n = fpc_read(f->node, off, __ipc_buffer, len);   /* through the page cache */
	if (n == -12)   /* not cached */
		n = read_uncached(f->node, off, len);
	if (n < 0)
		return n;
	if (q->at < 0)
		f->offset += (uint64_t)n;
	r->count = (uint64_t)n;
	return n;
}

/* fc_sink for FS_READ_INTO: into the window the caller lent; *touch set when a page of
 * it is not mapped writable yet. */
static long put_in_window(void *touch, size_t at, const void *src, size_t n)
{
	long got = k_window_write(at, src, n);
	if (got >= 0 && (size_t)got < n)
		*(int *)touch = 1;
	return got;
}

long do_fs_read_into(struct client *c, const struct fs_read_into_req *q, struct fs_read_into_rep *r)
{
	struct open_file *f = files_any_fd(c, q->fd);
	if (!f || (f->flags & O_ACCMODE) == O_WRONLY)
		return -KE_BADF;
	if (f->pipe) {   /* pipes and the terminal answer through the IPC buffer */
		r->next = FS_READ_INTO_USE_READ;
		return 0;
	}
	if (q->at < -1)
		return -KE_INVAL;
	uint64_t off = q->at < 0 ? f->offset : (uint64_t)q->at;
	size_t len = q->len < FS_READ_INTO_MAX ? q->len : FS_READ_INTO_MAX;
	int touch = 0;
	long n = fpc_read_to(f->node, off, len, put_in_window, &touch);
	if (n == -12) {   /* not cached: as do_fs_read, a buffer at a time */
		len = len < IPC_BUF_MAX ? len : IPC_BUF_MAX;
		if ((n = read_uncached(f->node, off, len)) > 0)
			n = put_in_window(&touch, 0, __ipc_buffer, (size_t)n);
	}
	if (n < 0)
		return n;
	if (q->at < 0)
		f->offset += (uint64_t)n;
	r->count = (uint64_t)n;
	r->next = touch ? FS_READ_INTO_TOUCH : (size_t)n == len && len < q->len ? FS_READ_INTO_MORE
	                                                                     : FS_READ_INTO_DONE;
	return 0;
}

long do_fs_write(struct client *c, const struct fs_write_req *q, struct fs_write_rep *r)
{
	struct open_file *f = files_any_fd(c, q->fd);
	struct vfs_stat st;
	if (!f || (f->flags & O_ACCMODE) == 0)
		return -KE_BADF;
	if (f->pipe == TTY_FILE)
		return console_tty_write(r);
	if (f->pipe) {
		long n = q->at != -1 ? -E_SPIPE : pipe_write((int)f->node, __ipc_buffer, request_bytes);
		r->count = n > 0 ? (uint64_t)n : 0;
		return n < 0 ? n : 0;
	}
	if (!files_writable(f->node))
		return -E_ROFS;
	if (q->at < -1)
		return -KE_INVAL;
	uint64_t off = q->at < 0 ? f->offset : (uint64_t)q->at;
	if ((q->append || (f->flags & O_APPEND)) && ops->stat(fs, f->node, &st) == 0)
		off = st.size;
	long n = ops->write(fs, f->node, off, __ipc_buffer, request_bytes);
	if (n < 0)
		return n;
	fpc_write_through(f->node, off, __ipc_buffer, (size_t)n);   /* mappings see it */
	if (q->at < 0)
		f->offset = off + (uint64_t)n;
	r->count = (uint64_t)n;
	return 0;
}

long do_fs_lseek(struct client *c, const struct fs_lseek_req *q, struct fs_lseek_rep *r)
{
	struct open_file *f = files_fd(c, q->fd);
	struct vfs_stat st;
	if (!f)
		return -KE_BADF;
	int64_t base;
	if (q->whence == 0)
		base = 0;
	else if (q->whence == 1)
		base = (int64_t)f->offset;
	else if (q->whence == 2 && ops->stat(fs, f->node, &st) == 0)
		base = (int64_t)st.size;
	else
		return -KE_INVAL;
	if ((q->offset < 0 && -q->offset > base) || (q->offset > 0 && base > INT64_MAX - q->offset))
		return -KE_INVAL;
	f->offset = (uint64_t)(base + q->offset);
	r->offset = (int64_t)f->offset;
	return 0;
}

/* FS_STAT and FS_FSTAT answer with the same fields. */
#define STAT_REPLY(type, st) \
	((type){st.ino, st.mode | st.nlink << 32, st.uid | st.gid << 32, st.size, st.blocks, \
	        st.atime, st.mtime, st.ctime})

long do_fs_fstat(struct client *c, const struct fs_fstat_req *q, struct fs_fstat_rep *r)
{
	struct open_file *f = files_fd(c, q->fd);
	struct vfs_stat st;
	if (!f)
		return -KE_BADF;
	int e = ops->stat(fs, f->node, &st);
	if (e < 0)
		return e;
	*r = STAT_REPLY(struct fs_fstat_rep, st);
	return 0;
}

long do_fs_stat(struct client *c, const struct fs_stat_req *q, struct fs_stat_rep *r)
{
	(void)c, (void)q;
	const char *path;
	size_t len;
	uint64_t node;
	struct vfs_stat st;
	int e = request_path(&path, &len);
	if (e < 0 || (e = ops->lookup(fs, path, len, &node)) < 0 || (e = ops->stat(fs, node, &st)) < 0)
		return e;
	*r = STAT_REPLY(struct fs_stat_rep, st);
	return 0;
}

/* The node a request names: c's descriptor fd, or with fd -1 the path in the request's
 * buffer. 0, or -errno. */
static long request_node(struct client *c, int64_t fd, uint64_t *node)
{
	if (fd == -1) {
		const char *path;
		size_t len;
		int e = request_path(&path, &len);
		return e < 0 ? e : ops->lookup(fs, path, len, node);
	}
	struct open_file *f = files_fd(c, fd);
	if (!f)
		return -KE_BADF;
	*node = f->node;
	return 0;
}

long do_fs_statfs(struct client *c, const struct fs_statfs_req *q, struct fs_statfs_rep *r)
{
	uint64_t node;
	struct vfs_statfs st;
	long e = request_node(c, q->fd, &node);
	if (e < 0)
		return e;
	e = ops->statfs(fs, node, &st);
	if (e == 0)
		*r = (struct fs_statfs_rep){st.type, st.bsize, st.blocks, st.bfree, st.bavail, st.files,
		                            st.ffree, st.namelen | (uint64_t)!files_writable(node) << 32};
	return e;
}

long do_fs_ftruncate(struct client *c, const struct fs_ftruncate_req *q, struct fs_ftruncate_rep *r)
{
	(void)r;
	struct open_file *f = files_fd(c, q->fd);
	if (!f || (f->flags & O_ACCMODE) == 0)
		return f ? -KE_INVAL : -KE_BADF;
	return truncate_node(f->node, q->length);
}

long do_fs_setattr(struct client *c, const struct fs_setattr_req *q, struct fs_setattr_rep *r)
{
	(void)r;
	uint64_t node;
	if (q->mask & ~(uint64_t)FS_ATTR_ALL)
		return -KE_INVAL;
	long e = request_node(c, q->fd, &node);
	if (e < 0)
		return e;
	if (!ops->setattr)
		return -E_ROFS;
	struct vfs_attr a = {q->mask, q->mode & 07777, q->owner & 0xffffffffu, q->owner >> 32,
	                     q->atime, q->mtime};
	return ops->setattr(fs, node, &a);
}

long do_fs_unlink(struct client *c, const struct fs_unlink_req *q, struct fs_unlink_rep *r)
{
	(void)c, (void)q, (void)r;
	const char *path;
	size_t len;
	uint64_t node;
	int e = request_path(&path, &len);
	if (e < 0 || !ops->unlink)
		return e < 0 ? e : -E_ROFS;
	if ((e = ops->unlink(fs, path, len, &node)) == 0)
		files_node_closed(node);   /* freed now unless open or mapped */
	return e;
}

long do_fs_mkdir(struct client *c, const struct fs_mkdir_req *q, struct fs_mkdir_rep *r)
{
	(void)c, (void)r;
	const char *path;
	size_t len;
	int e = request_path(&path, &len);
	return e < 0 ? e : ops->mkdir ? ops->mkdir(fs, path, len, q->mode) : -E_ROFS;
}

long do_fs_rmdir(struct client *c, const struct fs_rmdir_req *q, struct fs_rmdir_rep *r)
{
	(void)c, (void)q, (void)r;
	const char *path;
	size_t len;
	uint64_t node;
	int e = request_path(&path, &len);
	if (e < 0 || !ops->rmdir)
		return e < 0 ? e : -E_ROFS;
	if ((e = ops->rmdir(fs, path, len, &node)) == 0)
		files_node_closed(node);   /* an open directory lives on until its last close */
	return e;
}

long do_fs_rename(struct client *c, const struct fs_rename_req *q, struct fs_rename_rep *r)
{
	(void)c, (void)q, (void)r;
	const char *from, *to;
	size_t flen, tlen;
	uint64_t replaced = 0;
	int e = path_at(__ipc_buffer, &from, &flen);
	if (e < 0)
		return e;
	size_t second = strlen(__ipc_buffer) + 1;   /* the new name follows the old one's NUL */
	if (second >= request_bytes)
		return -KE_INVAL;
	if ((e = path_at(__ipc_buffer + second, &to, &tlen)) < 0)
		return e;
	if (!ops->rename)
		return -E_ROFS;
	e = ops->rename(fs, from, flen, to, tlen, &replaced);
	if (replaced)
		files_node_closed(replaced);   /* the file it replaced: freed unless open or mapped */
	return e;
}

/* The child of a fork inherits the parent's descriptors: the same slots, naming the same
 * open file descriptions (one offset between them, as on Linux). */
/* Give the child q->child the descriptors of q->parent: 0 or -errno. */
static long fork_fds(const struct fs_fork_req *q)
{
	struct client *parent = files_find(q->parent);
	if (q->child == VM_BADGE || q->child == q->parent || files_find(q->child))
		return -KE_INVAL;   /* a child is new to us */
	if (!parent)
		return 0;           /* nothing open: nothing to inherit */
	struct client *child = files_client(q->child);
	if (!child)
		return -KE_AGAIN;   /* the table of clients is full: a limit on processes */
	for (int i = 0; i < MAX_FDS; i++)
		if ((child->fds[i] = parent->fds[i]))
			child->fds[i]->refs++;
	return 0;
}

long do_fs_fork(struct client *c, const struct fs_fork_req *q, struct fs_fork_rep *r)
{
	(void)r;
	if (c->badge != VM_BADGE)
		return -KE_PERM;   /* only the VM server knows who is whose child */
	long e = fork_fds(q);
	if (q->cookie) {   /* the child starts once we answer */
		struct vm_fs_done_req dq = {q->cookie, (uint64_t)-e, 0, 0, 0, 0};
		struct vm_fs_done_rep dr;
		vm_fs_done_call(TH_VM_EP, &dq, 0, 0, &dr);
	}
	return e;
}

long do_fs_client_gone(struct client *c, const struct fs_client_gone_req *q, struct fs_client_gone_rep *r)
{
	(void)r;
	if (c->badge != VM_BADGE)
		return -KE_PERM;   /* only the VM server knows who has ended */
	poll_client_gone(q->badge);
	for (int i = 0; i < MAX_CLIENTS; i++) {
		struct client *gone = &clients[i];
		if (!gone->badge || gone->badge != q->badge)
			continue;
		for (int j = 0; j < MAX_FDS; j++) {
			struct open_file *f = gone->fds[j];
			gone->fds[j] = 0;
			if (f)
				open_file_put(f);
		}
		memset(gone, 0, sizeof *gone);
	}
	return 0;
}

long do_fs_sync(struct client *c, const struct fs_sync_req *q, struct fs_sync_rep *r)
{
	(void)r;
	int e = fpc_writeback_all(), s = ops->sync ? ops->sync(fs) : 0;
	if (e == 0)
		e = s;
	if (c->badge == VM_BADGE && q->cookie) {   /* the VM server waits to power off */
		struct vm_fs_done_req dq = {q->cookie, (uint64_t)-e, 0, 0, 0, 0};
		struct vm_fs_done_rep dr;
		vm_fs_done_call(TH_VM_EP, &dq, 0, 0, &dr);
	}
	return e;
}

long do_fs_fsync(struct client *c, const struct fs_fsync_req *q, struct fs_fsync_rep *r)
{
	(void)r;
	struct open_file *f = files_fd(c, q->fd);
	if (!f)
		return -KE_BADF;
	int e = fpc_writeback(f->node, 0, 0);   /* what mappings wrote, then the rest */
	int s = ops->fsync ? ops->fsync(fs, f->node) : 0;   /* read-only: nothing is dirty */
	return e < 0 ? e : s;
}

struct dirbuf {
	size_t used;
	uint64_t count;
};

static int emit_entry(void *arg, uint64_t ino, unsigned type, const char *name, size_t len)
{
	struct dirbuf *d = arg;
	if (len > 255 || d->used + 6 + len > IPC_BUF_MAX)
		return 1;
	uint8_t *p = (uint8_t *)__ipc_buffer + d->used;
	uint32_t i32 = (uint32_t)ino;
	memcpy(p, &i32, 4);
	p[4] = (uint8_t)type;
	p[5] = (uint8_t)len;
	memcpy(p + 6, name, len);
	d->used += 6 + len;
	d->count++;
	return 0;
}

long do_fs_readdir(struct client *c, const struct fs_readdir_req *q, struct fs_readdir_rep *r)
{
	struct open_file *f = files_fd(c, q->fd);
	if (!f)
		return -KE_BADF;
	struct dirbuf d = {0, 0};
	long next = ops->readdir(fs, f->node, q->cookie, emit_entry, &d);
	if (next < 0)
		return next;
	r->count = d.count;
	r->next = (uint64_t)next;
	return (long)d.used;
}
