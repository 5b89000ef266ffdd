/* console_tty.h - the console terminal: lib/tty's line discipline over the bytes the
 * input thread takes (uart.c), its output through the kernel's console, its signals
 * through the VM server (VM_TTY_SIGNAL). One terminal for the whole system; FS_TTY_OPEN
 * gives a client a descriptor on it. */
#ifndef FS_CONSOLE_TTY_H
#define FS_CONSOLE_TTY_H
#include <stdint.h>
#include "proto/fs_msgs.h"

/* Start the input: 0, or -errno (the terminal still writes; nothing can be typed). */
long console_tty_start(void);
/* FS_WRITE on a terminal descriptor: the request's buffer written; *r's count. */
long console_tty_write(struct fs_write_rep *r);
/* FS_POLL's revents of a terminal descriptor for events (bits 32-47: the bytes a read
 * waits for, 0: poll's rule). */
unsigned console_tty_events(uint64_t events);
#endif
