/* shutdown.c - power off once the FS server has synced (see shutdown.h). */
#include "shutdown.h"
#include "fslink.h"
#include "proto/fs_msgs.h"
#include "rt/log.h"
#include "abi/bootinfo.h"

static int power_status, powering_off;
int shutdown_unposted;

/* The completion of the FS_SYNC record: power off, whatever the answer. */
static void fs_synced(struct fs_wait *w, const struct vm_fs_done_req *q)
{
	(void)w;
	if (q->status)
		log_printf("vm: the FS server could not sync (%lu)\n", q->status);
	k_poweroff(VMH_POWER, power_status);
}

/* Ask the FS server to sync: 0, or -1 if no record is free or its queue is full now
 * (both free up as its answers come). */
static int post_sync(void)
{
	struct fs_wait *w = fs_wait_new(FSW_SYNC, 0);
	if (!w)
		return -1;
	w->on_done = fs_synced;
	uint64_t words[] = {fs_wait_cookie(w)};
	if (fslink_post(FS_SYNC, words, 1) < 0) {
		fs_wait_free(w);
		return -1;
	}
	return 0;
}

void shutdown_after_sync(int status)
{
	if (powering_off++)
		return;
	power_status = status;
	if (!fslink_fs_badge()) {   /* no FS server (yet): nothing of it to write out */
		log_printf("vm: no FS server to sync\n");
		k_poweroff(VMH_POWER, status);
	}
	shutdown_unposted = post_sync() < 0;
}

void shutdown_retry(void)
{
	shutdown_unposted = post_sync() < 0;
}
