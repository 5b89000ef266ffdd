/* virtio_blk.h - a virtio-mmio block device driver for the FS server (user level): device
 * registers and an interrupt from the VM server, one DMA page for the queue and one for
 * data. Requests are synchronous: the driver waits on its interrupt notification. */
#ifndef FS_VIRTIO_BLK_H
#define FS_VIRTIO_BLK_H
#include <stdint.h>

#define VBLK_SECTOR 512
#define VBLK_MAX_SECTORS 8   /* per request: one data page */

struct vblk {
	volatile uint32_t *regs;
	uint64_t pa, irq;
	uint32_t version;        /* 1 legacy, 2 modern */
	long notif;              /* interrupt notification slot */
	uint8_t *queue;          /* DMA page: descriptors, rings, request header, status */
	uint64_t queue_pa;
	uint8_t *data;           /* DMA page: sector data */
	uint64_t data_pa;
	uint16_t qsize, avail_idx, used_idx;
	uint64_t capacity;       /* sectors */
};

/* Find and set up the first virtio block device the platform lists. 0, or -errno
 * (-ENOENT when there is none). */
int vblk_probe(struct vblk *d);
/* Read/write n (<= VBLK_MAX_SECTORS) sectors at `sector` from/to buf. 0 or -errno. */
int vblk_read(struct vblk *d, uint64_t sector, void *buf, uint32_t n);
int vblk_write(struct vblk *d, uint64_t sector, const void *buf, uint32_t n);
#endif
