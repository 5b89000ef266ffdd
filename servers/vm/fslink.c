/* fslink.c - who the FS server is, the queues to it, their sender threads, and the
 * records of who waits for which answer (see fslink.h). A queue has one writer at a
 * time, the thread holding vm_big exclusively (vmlock.h), and one reader, its sender, so
 * it needs only its two indices written in order: the writer moves head, the sender
 * tail. */
#include "fslink.h"
#include "rt/thread_entry.h"
#include "rt/log.h"
#include "base/mem.h"
#include "proto/fs_msgs.h"

#define QUEUE_LEN 256                 /* a power of two */
#define MAX_WAITS 256
#define SENDER_STACK 8192
#define SENDER_PRIO 12                /* ours: the ordered lane is as urgent as the main thread */
#define PAGEIN_PRIO 10                /* the FS server's: its page-in worker's answer "taken"
                                         does not hand the hart back to the sender before
                                         the worker has served the page-in */

/* A lane: a queue of requests and the thread that sends them, each a blocking call, to
 * one endpoint of the FS server. */
struct lane {
	struct msg queue[QUEUE_LEN];
	volatile uint32_t head, tail;
	long fs_handle, wakeup;      /* once started */
	int started;
	uint8_t stack[SENDER_STACK] __attribute__((aligned(16)));
};
enum { LANE_ORDERED, LANE_PAGEIN, LANES };
static struct lane lanes[LANES];
static uint64_t fs_badge;

static struct fs_wait waits[MAX_WAITS];
static uint16_t wait_gen[MAX_WAITS];
static uint64_t pageins_now;   /* records of kind FSW_PAGEIN or FSW_PREFETCH */

static int is_pagein(uint8_t kind)
{
	return kind == FSW_PAGEIN || kind == FSW_PREFETCH;
}

/* A sender thread, of lane `which`: forever, send what is queued, then sleep until more
 * is. (The ordered lane's answers come back as calls to us; the page-in workers answer
 * at once, and later by a call.) */
static __attribute__((noreturn, used)) void sender_main(uint64_t which)
{
	struct lane *l = &lanes[which];
	for (;;) {
		while (l->tail != __atomic_load_n(&l->head, __ATOMIC_ACQUIRE)) {
			struct msg m = l->queue[l->tail % QUEUE_LEN];
			__atomic_store_n(&l->tail, l->tail + 1, __ATOMIC_RELEASE);
			k_call(l->fs_handle, &m);
		}
		k_notify_wait(l->wakeup);
	}
}

RT_THREAD_ENTRY(sender_entry, sender_main)

/* Give lane `which` the FS server's handle fs and start its sender: 0 or -KE_*. */
static long lane_start(unsigned which, long fs)
{
	struct lane *l = &lanes[which];
	if ((l->wakeup = k_notify_create()) < 0)
		return l->wakeup;
	l->fs_handle = fs;
	long r = k_thread_start(HANDLE_SELF, (uint64_t)sender_entry, (uint64_t)(l->stack + SENDER_STACK), which,
	                        which == LANE_PAGEIN ? PAGEIN_PRIO : SENDER_PRIO, HANDLE_NONE);
	if (r < 0) {
		k_handle_close(l->wakeup);
		return r;
	}
	l->started = 1;
	return 0;
}

long fslink_start(long fs, long pagein, uint64_t badge)
{
	if (lanes[LANE_ORDERED].started)
		return -KE_BUSY;
	long e = lane_start(LANE_ORDERED, fs);
	if (e < 0)
		return e;
	if (pagein >= 0 && (e = lane_start(LANE_PAGEIN, pagein)) < 0) {
		log_printf("vm: no page-in lane to the FS server (%ld): page-ins go with the rest\n", -e);
		k_handle_close(pagein);
	}
	fs_badge = badge;
	return 0;
}

uint64_t fslink_fs_badge(void)
{
	return fs_badge;
}

void fslink_client_gone(uint64_t badge)
{
	if (!fs_badge)
		return;
	if (badge == fs_badge) {
		fs_badge = 0;
		return;
	}
	uint64_t w[] = {badge};
	fslink_post(FS_CLIENT_GONE, w, 1);
}

long fslink_post(uint64_t label, const uint64_t *words, unsigned nwords)
{
	struct lane *l = &lanes[label == FS_PAGE_IN && lanes[LANE_PAGEIN].started ? LANE_PAGEIN : LANE_ORDERED];
	if (!l->started || l->head - l->tail >= QUEUE_LEN || nwords > IPC_MAX_WORDS)
		return -KE_AGAIN;
	struct msg *m = &l->queue[l->head % QUEUE_LEN];
	m->tag = IPC_TAG(label, 0, nwords);
	memcpy(m->w, words, nwords * sizeof *words);
	__atomic_store_n(&l->head, l->head + 1, __ATOMIC_RELEASE);
	k_notify_signal(l->wakeup, 1);
	return 0;
}

struct fs_wait *fs_wait_new(enum fs_wait_kind kind, uint64_t badge)
{
	for (int i = 0; i < MAX_WAITS; i++) {
		if (waits[i].kind != FSW_FREE)
			continue;
		waits[i] = (struct fs_wait){.kind = (uint8_t)kind, .badge = badge};
		wait_gen[i]++;
		pageins_now += is_pagein((uint8_t)kind);
		return &waits[i];
	}
	return 0;
}

/* A cookie is the record's index + 1 with its generation above, so an answer to a
 * record that was freed and reused is recognised as stale. */
uint64_t fs_wait_cookie(const struct fs_wait *w)
{
	uint64_t i = (uint64_t)(w - waits);
	return (uint64_t)wait_gen[i] << 16 | (i + 1);
}

struct fs_wait *fs_wait_find(uint64_t cookie)
{
	uint64_t i = (cookie & 0xffff) - 1;
	if (i >= MAX_WAITS || waits[i].kind == FSW_FREE || wait_gen[i] != (cookie >> 16))
		return 0;
	return &waits[i];
}

void fslink_page_ready(struct proc *fs, const struct vm_fs_page_req *q)
{
	struct fs_wait *w = fs_wait_find(q->cookie);
	if (w && w->on_page)
		w->on_page(w, fs, q);
}

void fslink_done(const struct vm_fs_done_req *q)
{
	struct fs_wait *w = fs_wait_find(q->cookie);
	if (w && w->on_done)
		w->on_done(w, q);
}

void fs_wait_free(struct fs_wait *w)
{
	pageins_now -= is_pagein(w->kind);
	w->kind = FSW_FREE;
}

uint64_t fs_wait_pageins(void)
{
	return pageins_now;
}
