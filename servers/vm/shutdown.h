/* shutdown.h - the end of the system: the FS server writes everything out, then the
 * machine powers off. */
#ifndef VM_SHUTDOWN_H
#define VM_SHUTDOWN_H
/* Have the FS server sync (if it is ready), then power off with status; once only: a
 * second request while the first waits for the FS server is dropped. */
void shutdown_after_sync(int status);
#endif
