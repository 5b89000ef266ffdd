/* shutdown.c - power off once the FS server has synced (see shutdown.h). */
#include "shutdown.h"
#include "fslink.h"
#include "proto/fs_msgs.h"
#include "rt/log.h"
#include "abi/bootinfo.h"

static int power_status, powering_off;

/* The completion of the FS_SYNC record: power off, whatever the answer. */
static void fs_synced(struct fs_wait *w, const struct vm_fs_done_req *q)
{
	(void)w;
	if (q->status)
		log_printf("vm: the FS server could not sync (%lu)\n", q->status);
	k_poweroff(VMH_POWER, power_status);
}

void shutdown_after_sync(int status)
{
	if (powering_off++)
		return;
	power_status = status;
	struct fs_wait *w = fslink_fs_badge() ? fs_wait_new(FSW_SYNC, 0) : 0;
	uint64_t words[] = {w ? fs_wait_cookie(w) : 0};
	if (w)
		w->on_done = fs_synced;
	if (!w || fslink_post(FS_SYNC, words, 1) < 0) {
		log_printf("vm: the FS server could not sync\n");
		k_poweroff(VMH_POWER, status);
	}
}
