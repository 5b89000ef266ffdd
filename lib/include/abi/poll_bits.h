/* abi/poll_bits.h - Linux's poll(2) event bits, which FS_POLL (proto/fs.def) speaks too:
 * the FS server (servers/fs/poll.c) and the personality (lib/linux/lx_pipe.c) share them. */
#ifndef ABI_POLL_BITS_H
#define ABI_POLL_BITS_H
#define POLLIN     0x001
#define POLLOUT    0x004
#define POLLERR    0x008
#define POLLHUP    0x010
#define POLLNVAL   0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100
#endif
