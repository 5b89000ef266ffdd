/* fslink.h - how the VM server asks the FS server for things without ever waiting on it.
 *
 * The main thread never blocks on the FS server: it queues the request (fslink_post) and
 * goes on serving faults and calls. A sender thread of this server makes the blocking
 * call to the FS server, one for each of two lanes: FS_PAGE_IN to the FS server's page-in
 * workers, which take it at once and serve several side by side; everything else to its
 * main thread. The FS server's answer comes back later as a call of its own
 * (vm.def's VM_FS_PAGE / VM_FS_DONE) carrying the cookie of a `struct fs_wait`, whose
 * completion function finishes what was waiting for it: this file delivers answers,
 * and no module routes another's. So the FS server may call the VM server at any time, and
 * the VM server may have any number of page-ins in flight. Requests of a lane reach the
 * FS server in the order they were posted (FS_SYNC after the write-backs before it); a
 * page-in may be overtaken by what was posted after it (FS_FILE_PUT: its answer is then
 * an error, EBADF, for a page its task no longer maps). */
#ifndef VM_FSLINK_H
#define VM_FSLINK_H
#include "kcall.h"
#include "proto/vm_msgs.h"

/* Who waits for an answer of the FS server. */
enum fs_wait_kind {
	FSW_FREE,
	FSW_MMAP,       /* a VM_MMAP of a descriptor: the caller's reply is saved in token */
	FSW_PAGEIN,     /* a fault: the faulting thread's reply is saved in token */
	FSW_PREFETCH,   /* a page MAP_POPULATE or mlock asked for: req[0] names the FSW_POPULATE */
	FSW_POPULATE,   /* a request waiting for the pages it populates (populate.c) */
	FSW_MSYNC,      /* an msync(MS_SYNC): `pending` write-backs still to come */
	FSW_SYNC,       /* the power-off after init's exit */
	FSW_SPAWN,      /* a VM_SPAWN_FD building a child (exec.c) */
	FSW_FORK,       /* a VM_FORK's child waiting for its descriptors (clone.c) */
};

struct fs_wait;
struct proc;
struct vm_fs_page_req;
struct vm_fs_done_req;
/* What to do with an answer (set by whoever made the record, changeable as it goes on):
 * VM_FS_PAGE's (fs: the FS server, whose address space holds the page) or VM_FS_DONE's.
 * The function owns the record: it frees it, or keeps it for more answers. */
typedef void fs_page_fn(struct fs_wait *w, struct proc *fs, const struct vm_fs_page_req *q);
typedef void fs_done_fn(struct fs_wait *w, const struct vm_fs_done_req *q);

struct fs_wait {
	uint8_t kind;
	fs_page_fn *on_page;     /* NULL: such an answer is not expected, and dropped */
	fs_done_fn *on_done;
	uint64_t badge;          /* the task it is for (FSW_PAGEIN: the faulting thread's id) */
	long token;              /* saved reply (k_caller_save), 0 if none */
	uint64_t va, access;     /* FSW_PAGEIN/PREFETCH: the page; FSW_MMAP: the request */
	uint64_t pending;        /* FSW_MSYNC/FSW_SPAWN: answers still to come */
	long status;             /* the first error of those answers */
	uint64_t req[6];         /* FSW_MMAP: the VM_MMAP words; FSW_SPAWN: exec.c's state */
};

/* Start the sender threads that talk to the FS server, the task with this badge, through
 * handle fs (ours on its endpoint) and pagein (on its page-in workers', or -1: none,
 * page-ins go to fs too; closed here if its lane cannot start). 0 or -KE_*. Before it,
 * fslink_post fails. */
long fslink_start(long fs, long pagein, uint64_t badge);
/* The FS server's badge: 0 before it is ready, and once it has ended. */
uint64_t fslink_fs_badge(void);
/* The task with this badge has ended: tell the FS server (its descriptors go), unless it
 * is the FS server itself, which nobody answers for from now on. */
void fslink_client_gone(uint64_t badge);
/* Queue one request (label and words as the FS server's protocol has them). 0, or
 * -KE_AGAIN when the queue is full or the link is not started. */
long fslink_post(uint64_t label, const uint64_t *words, unsigned nwords);
/* A record for an answer to wait on, kind set, the rest zero; NULL if all are in use. */
struct fs_wait *fs_wait_new(enum fs_wait_kind kind, uint64_t badge);
/* The record a cookie names, or NULL if it is stale or forged. */
struct fs_wait *fs_wait_find(uint64_t cookie);
/* An answer of the FS server: to the completion of the record its cookie names;
 * dropped if the cookie is stale or forged or no such answer is expected. */
void fslink_page_ready(struct proc *fs, const struct vm_fs_page_req *q);
void fslink_done(const struct vm_fs_done_req *q);
uint64_t fs_wait_cookie(const struct fs_wait *w);
void fs_wait_free(struct fs_wait *w);
/* Page-ins waiting now. */
uint64_t fs_wait_pageins(void);
#endif
