/* poll.h - FS_POLL: what a client's descriptors are ready for, and the clients that
 * wait until one is, or until an empty pipe they read has something (FS_READ with wait).
 * A change (pipe.c) marks the waiters to be looked at again; the server loop answers
 * them after the reply in hand (poll_flush), since the answers go through the same IPC
 * buffer. */
#ifndef FS_POLL_H
#define FS_POLL_H
#include <stdint.h>

/* Something a waiter may wait for has changed. */
void poll_changed(void);
/* Did anything change since the last poll_flush? */
int poll_pending(void);
/* c waits to read up to len bytes of the pipe open as its descriptor fd, now empty:
 * PROTO_NO_REPLY (poll_flush answers), -KE_INTR if it was interrupted meanwhile, or
 * -KE_AGAIN when no one more can wait. */
struct client;
long poll_wait_read(struct client *c, int64_t fd, uint64_t len);
/* Answer every waiter that is ready now. */
void poll_flush(void);
/* The client with this badge is gone: forget its waits. */
void poll_client_gone(uint64_t badge);
#endif
