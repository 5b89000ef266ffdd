/* pagein.h - the FS server's page-in workers and the lock they share with its main
 * thread (docs/architecture.md, "The FS server's threads").
 *
 * fs_big guards all of the server's state. The main thread holds it exclusively while
 * it serves a request (main.c). The page-in workers, one per hart, serve FS_PAGE_IN on an
 * endpoint of their own that only the VM server may call: each answers its caller (the
 * VM server's page-in sender) at once, so that one sender keeps them all busy, then
 * serves the page-in holding fs_big shared when the page is cached (lib/fcache's fc_peek
 * and fc_lend may run side by side), or exclusively when it must be read in. The lock is
 * held until the VM server has taken the page (VM_FS_PAGE): until then no other thread
 * may reuse the cache page it names. */
#ifndef FS_PAGEIN_H
#define FS_PAGEIN_H
#include "rt/sleeplock.h"

extern struct sl_rwlock fs_big;

/* Start the workers (the calling thread, the main one, takes lock id 0 here). Their
 * endpoint's handle (ours), for VM_FS_READY; or -KE_* (the VM server then posts page-ins
 * to the main endpoint, served there). */
long pagein_start(void);
#endif
