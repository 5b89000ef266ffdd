/* main.c - the FS server. Until the file protocol (proto/fs.h) lands, it serves its
 * endpoint and answers every request with ENOSYS, so clients get a clear error. */
#include "kcall.h"
#include "rt/log.h"
#include "abi/bootinfo.h"

int main(void)
{
	struct msg m = {0};
	log_printf("fs: ready (no file protocol yet)\n");
	long badge = k_recv(TH_FS_EP, &m);
	for (;;) {
		(void)badge;
		m.tag = IPC_TAG(KE_NOSYS, 0, 0);
		badge = k_reply_recv(TH_FS_EP, &m);
	}
}
