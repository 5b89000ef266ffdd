/* fslink.c - who the FS server is, the queue to it, its sender thread, and the records of
 * who waits for which answer (see fslink.h). The queue has one writer at a time, the
 * thread holding vm_big exclusively (vmlock.h), and one reader, the sender, so it needs
 * only its two indices written in order: the writer moves head, the sender tail. */
#include "fslink.h"
#include "rt/thread_entry.h"
#include "base/mem.h"
#include "proto/fs_msgs.h"

#define QUEUE_LEN 256                 /* a power of two */
#define MAX_WAITS 256
#define SENDER_STACK 8192
#define SENDER_PRIO 12                /* ours: the sender is as urgent as the main thread */

static struct msg queue[QUEUE_LEN];
static volatile uint32_t head, tail;
static long fs_handle = -1, wakeup = -1;
static uint64_t fs_badge;
static uint8_t sender_stack[SENDER_STACK] __attribute__((aligned(16)));

static struct fs_wait waits[MAX_WAITS];
static uint16_t wait_gen[MAX_WAITS];
static uint64_t pageins_now;   /* records of kind FSW_PAGEIN or FSW_PREFETCH */

static int is_pagein(uint8_t kind)
{
	return kind == FSW_PAGEIN || kind == FSW_PREFETCH;
}

/* The sender thread: forever, send what is queued, then sleep until more is. */
static __attribute__((noreturn, used)) void sender_main(void)
{
	for (;;) {
		while (tail != __atomic_load_n(&head, __ATOMIC_ACQUIRE)) {
			struct msg m = queue[tail % QUEUE_LEN];
			__atomic_store_n(&tail, tail + 1, __ATOMIC_RELEASE);
			k_call(fs_handle, &m);   /* the answer comes back as a call to us */
		}
		k_notify_wait(wakeup);
	}
}

RT_THREAD_ENTRY(sender_entry, sender_main)

long fslink_start(long fs, uint64_t badge)
{
	if (fs_handle >= 0)
		return -KE_BUSY;
	wakeup = k_notify_create();
	if (wakeup < 0)
		return wakeup;
	fs_handle = fs;
	long r = k_thread_start(HANDLE_SELF, (uint64_t)sender_entry,
	                        (uint64_t)(sender_stack + SENDER_STACK), 0, SENDER_PRIO, HANDLE_NONE);
	if (r < 0) {
		fs_handle = -1;
		k_handle_close(wakeup);
		return r;
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
	if (fs_handle < 0 || head - tail >= QUEUE_LEN || nwords > IPC_MAX_WORDS)
		return -KE_AGAIN;
	struct msg *m = &queue[head % QUEUE_LEN];
	m->tag = IPC_TAG(label, 0, nwords);
	memcpy(m->w, words, nwords * sizeof *words);
	__atomic_store_n(&head, head + 1, __ATOMIC_RELEASE);
	k_notify_signal(wakeup, 1);
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
