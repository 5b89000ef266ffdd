/* pipe.h - pipes: a 64 KiB ring of bytes between the descriptors of its two ends, with
 * Linux's rules (PIPE_BUF atomicity, end of file when no writer is left, EPIPE when no
 * reader is). Nothing here waits: an operation that cannot go on now answers -KE_AGAIN
 * and the client waits for a change with FS_POLL (poll.c), which every change wakes. */
#ifndef FS_PIPE_H
#define FS_PIPE_H
#include <stddef.h>
#include <stdint.h>
#include "abi/poll_bits.h"

#define PIPE_SIZE 65536
#define PIPE_BUF  4096    /* writes of at most this many bytes are never split */

/* A new pipe with one reader and one writer: its index, or -ENFILE. */
int pipe_create(void);
/* Up to n bytes out of pipe p into buf: how many, 0 at end of file (empty, no writer
 * left), or -KE_AGAIN (empty, a writer left). */
long pipe_read(int p, void *buf, size_t n);
/* n bytes of buf into pipe p: all of them when n <= PIPE_BUF (else as many as fit), or
 * -KE_AGAIN (no room now), or -EPIPE (no reader left). */
long pipe_write(int p, const void *buf, size_t n);
/* One of p's ends (the writing one if writer) is no longer open anywhere. */
void pipe_end_closed(int p, int writer);
/* What poll reports for the reading or writing end of p now. */
unsigned pipe_events(int p, int writer);
/* How many bytes p holds (FIONREAD). */
size_t pipe_bytes(int p);
#endif
