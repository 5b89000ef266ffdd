/* mapping.c - the FS side of file mappings: the VM server's requests (fs.def's
 * FS_MAP_FD, FS_PAGE_IN, FS_WRITEBACK, FS_FILE_PUT), each answered by a call to the VM
 * server (VM_FS_DONE, VM_FS_PAGE): on the main thread before the reply to the VM server's
 * sender thread; a page-in on a page-in worker (pagein.c) after it.
 *
 * A file identity given to the VM server stands for one open file description (so two
 * mmaps of one descriptor share it and their VMAs can merge, as in Linux) and holds the
 * node open: the file lives on after close() and unlink() while it is mapped. */
#include "files.h"
#include "mapping.h"
#include "pagecache.h"
#include "kcall.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE

#define MAX_MAPS 128
#define E_ACCES 13
#define E_NODEV 19
#define PROT_WRITE 0x2
#define MAP_TYPE 0x0f
#define MAP_SHARED 0x01
#define MAP_SHARED_VALIDATE 0x03
#define FMODE_READ 0x1     /* lib/vm's VM_FMODE_* */
#define FMODE_WRITE 0x2

struct fmap {
	uint64_t node;
	uint32_t refs;
	uint32_t gen;
};
static struct fmap maps[MAX_MAPS];

int mapping_holds(uint64_t node)
{
	for (int i = 0; i < MAX_MAPS; i++)
		if (maps[i].refs && maps[i].node == node)
			return 1;
	return 0;
}

/* Identities are index + 1 with a generation above, so a stale one is refused. */
static struct fmap *fmap_of(uint64_t id)
{
	uint64_t i = (id & 0xffff) - 1;
	if (i >= MAX_MAPS || !maps[i].refs || maps[i].gen != (id >> 16))
		return 0;
	return &maps[i];
}

static uint64_t id_of(const struct fmap *m)
{
	return (uint64_t)m->gen << 16 | (uint64_t)(m - maps + 1);
}

static void done(uint64_t cookie, long status, uint64_t file, uint64_t key, uint64_t size, uint64_t mode)
{
	struct vm_fs_done_req q = {cookie, (uint64_t)(status < 0 ? -status : status), file, key, size, mode};
	struct vm_fs_done_rep r;
	if (cookie)
		vm_fs_done_call(TH_VM_EP, &q, 0, 0, &r);
}

/* The mmap hook's checks, Linux's: what can be mapped, and how the open mode limits it. */
static long check_map(struct open_file *f, const struct vfs_stat *st, uint64_t prot, uint64_t flags,
                      uint64_t *mode)
{
	if ((st->mode & S_IFMT) != S_IFREG)
		return -E_NODEV;
	uint64_t acc = f->flags & O_ACCMODE;
	if (acc == O_WRONLY)
		return -E_ACCES;
	uint64_t type = flags & MAP_TYPE;
	int shared = type == MAP_SHARED || type == MAP_SHARED_VALIDATE;
	int writable = acc == O_RDWR && files_writable(f->node);
	if (shared && (prot & PROT_WRITE) && !writable)
		return -E_ACCES;
	*mode = FMODE_READ | (writable ? FMODE_WRITE : 0);   /* O_APPEND does not matter: Linux
	                                                         checks the inode's append-only flag */
	return 0;
}

long do_fs_map_fd(struct client *c, const struct fs_map_fd_req *q, struct fs_map_fd_rep *r)
{
	(void)r;
	if (c->badge != VM_BADGE)
		return -KE_PERM;
	struct client *owner = files_find(q->badge);
	struct open_file *f = owner ? files_fd(owner, q->fd) : 0;
	struct vfs_stat st;
	uint64_t mode = 0;
	long e = !f ? -KE_BADF : files_stat(f->node, &st);
	if (e == 0)
		e = check_map(f, &st, q->prot, q->flags, &mode);
	struct fmap *m = e == 0 && f->map ? fmap_of(f->map) : 0;
	for (int i = 0; e == 0 && !m && i < MAX_MAPS; i++)
		if (!maps[i].refs) {
			m = &maps[i];
			*m = (struct fmap){f->node, 0, m->gen + 1};
			f->map = id_of(m);
		}
	if (e == 0 && !m)
		e = -KE_NOMEM;
	if (e < 0)
		return done(q->cookie, e, 0, 0, 0, 0), 0;
	m->refs++;
	done(q->cookie, 0, id_of(m), f->node, st.size, mode);
	return 0;
}

int mapping_page_in(const struct fs_page_in_req *q, uint64_t together, int only_cached)
{
	struct fmap *m = fmap_of(q->file);
	uint64_t va = 0, next[VM_FS_PAGE_AROUND] = {0};
	int sw = q->shared_write != 0, e = -KE_BADF;
	if (m && only_cached)
		e = (va = fpc_peek(m->node, q->idx, sw)) ? 0 : -KE_AGAIN;
	else if (m)
		e = fpc_get(m->node, q->idx, sw, &va);
	if (e == -KE_AGAIN)
		return -1;
	for (int k = 0; e == 0 && k < VM_FS_PAGE_AROUND; k++)   /* neighbours already cached */
		next[k] = fpc_peek(m->node, q->idx + 1 + (uint64_t)k, sw);
	struct vm_fs_page_req pq = {q->cookie, (uint64_t)(e < 0 ? -e : 0), va, next[0], next[1], next[2], next[3],
	                            together};
	struct vm_fs_page_rep pr;
	vm_fs_page_call(TH_VM_EP, &pq, 0, 0, &pr);
	return 0;
}

/* FS_PAGE_IN on the main endpoint: when the VM server has no page-in workers' endpoint. */
long do_fs_page_in(struct client *c, const struct fs_page_in_req *q, struct fs_page_in_rep *r)
{
	(void)r;
	if (c->badge != VM_BADGE)
		return -KE_PERM;
	mapping_page_in(q, 1, 0);
	return 0;
}

long do_fs_writeback(struct client *c, const struct fs_writeback_req *q, struct fs_writeback_rep *r)
{
	(void)r;
	if (c->badge != VM_BADGE)
		return -KE_PERM;
	struct fmap *m = fmap_of(q->file);
	int e = !m ? -KE_BADF : q->len ? fpc_writeback(m->node, q->off, q->len) : 0;
	done(q->cookie, e, 0, 0, 0, 0);
	return 0;
}

long do_fs_file_put(struct client *c, const struct fs_file_put_req *q, struct fs_file_put_rep *r)
{
	(void)r;
	if (c->badge != VM_BADGE)
		return -KE_PERM;
	struct fmap *m = fmap_of(q->file);
	if (!m)
		return -KE_BADF;
	if (--m->refs == 0)   /* descriptors naming it find it stale by its generation */
		files_node_closed(m->node);
	return 0;
}
