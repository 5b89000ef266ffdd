/* pagein.c - the FS server's page-in workers (see pagein.h). */
#include "pagein.h"
#include "files.h"
#include "mapping.h"
#include "kcall.h"
#include "rt/log.h"
#include "rt/thread_entry.h"
#include "proto/fs_msgs.h"

#define WORKERS_MAX  8        /* the kernel's MAX_HARTS */
#define WORKER_STACK 8192
#define WORKER_PRIO  10       /* the main thread's */

struct sl_rwlock fs_big;
static long endpoint = -1;
static uint32_t serving;      /* page-ins being served now */
static uint8_t stacks[WORKERS_MAX][WORKER_STACK] __attribute__((aligned(16)));

/* Serve one page-in: shared if its page is cached, else exclusively. */
static void serve(const struct fs_page_in_req *q)
{
	uint64_t together = __atomic_add_fetch(&serving, 1, __ATOMIC_RELAXED);
	sl_read_lock(&fs_big);
	int done = mapping_page_in(q, together, 1) == 0;
	sl_read_unlock(&fs_big);
	if (!done) {
		sl_write_lock(&fs_big);
		mapping_page_in(q, together, 0);
		sl_write_unlock(&fs_big);
	}
	__atomic_sub_fetch(&serving, 1, __ATOMIC_RELAXED);
}

/* Worker id (1 .. WORKERS_MAX, its lock id): forever, take a page-in, answer "taken" to
 * the sender, serve it. Anything else, or from another than the VM server, is refused. */
static __attribute__((noreturn, used)) void worker_main(uint64_t id)
{
	if (sl_thread_init((unsigned)id) < 0)   /* (then it yields instead of sleeping) */
		log_printf("fs: page-in worker %lu cannot sleep on locks\n", id);
	for (;;) {
		struct msg m = {0};
		long badge = k_recv(endpoint, &m);
		struct fs_page_in_req q;
		int ok = badge == VM_BADGE && IPC_TAG_LABEL(m.tag) == FS_PAGE_IN &&
		         IPC_TAG_WORDS(m.tag) == PROTO_WORDS(sizeof q) && IPC_TAG_BYTES(m.tag) == 0;
		__builtin_memcpy(&q, m.w, sizeof q);
		m.tag = IPC_TAG(ok ? 0 : KE_INVAL, 0, 0);
		k_reply(0, &m);
		if (ok)
			serve(&q);
	}
}

RT_THREAD_ENTRY(worker_entry, worker_main)

long pagein_start(void)
{
	long e = sl_thread_init(0);
	uint64_t harts;
	if (e < 0 || (e = k_endpoint_create()) < 0)
		return e;
	endpoint = e;
	__atomic_store_n(&serving, 0, __ATOMIC_RELAXED);   /* its page too: we never fault later */
	unsigned n = rt_threads_per_hart(worker_entry, &stacks[0][0], WORKER_STACK, WORKERS_MAX, 1, WORKER_PRIO,
	                                 &harts, &e);
	if (n < harts)
		log_printf("fs: %u of %lu page-in workers started (error %ld)\n", n, harts, -e);
	return n ? endpoint : e;
}
