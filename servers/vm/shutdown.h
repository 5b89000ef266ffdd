/* shutdown.h - the end of the system: the FS server writes everything out, then the
 * machine powers off. */
#ifndef VM_SHUTDOWN_H
#define VM_SHUTDOWN_H
/* Have the FS server sync (if there is one), then power off with status; once only: a
 * second request while the first waits for the FS server is dropped. If the request
 * cannot be queued now (no free record, a full queue), it waits: shutdown_poll after
 * each message tries again, so that what the FS server holds is never lost. */
void shutdown_after_sync(int status);
void shutdown_retry(void);
extern int shutdown_unposted;
static inline void shutdown_poll(void)
{
	if (shutdown_unposted)
		shutdown_retry();
}
#endif
