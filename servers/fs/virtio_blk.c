/* virtio_blk.c - virtio-mmio (legacy version 1 and version 2) block device.
 *
 * One queue of 8 descriptors in one DMA page: descriptors at 0, the available ring at
 * 128, the used ring at 256 (legacy: QueueAlign 256), then the request header at 512 and
 * the status byte at 528. A request is three descriptors: header (type, sector), data,
 * status; the data is a page of its own, so one request moves a whole 4 KiB block. */
#include "virtio_blk.h"
#include "kcall.h"
#include "base/mem.h"
#include "rt/log.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

enum {
	R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008, R_DEV_FEATURES = 0x010,
	R_DEV_FEATURES_SEL = 0x014, R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024,
	R_GUEST_PAGE_SIZE = 0x028, R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038,
	R_QUEUE_ALIGN = 0x03c, R_QUEUE_PFN = 0x040, R_QUEUE_READY = 0x044, R_QUEUE_NOTIFY = 0x050,
	R_INT_STATUS = 0x060, R_INT_ACK = 0x064, R_STATUS = 0x070, R_QUEUE_DESC = 0x080,
	R_QUEUE_DRIVER = 0x090, R_QUEUE_DEVICE = 0x0a0, R_CONFIG = 0x100,
};
enum { S_ACK = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8 };
#define QSIZE 8
#define AVAIL_OFF 128
#define USED_OFF 256
#define HDR_OFF 512      /* in the queue page: 16-byte header, then the status byte */
#define STATUS_OFF 528
#define IRQ_BIT 0

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
#define D_NEXT 1
#define D_WRITE 2

static uint32_t rd(struct vblk *d, uint32_t off) { return d->regs[off / 4]; }
static void wr(struct vblk *d, uint32_t off, uint32_t v) { d->regs[off / 4] = v; }
static void fence(void) { __asm__ volatile("fence rw, rw" ::: "memory"); }

static int dma_page(uint8_t **va, uint64_t *pa)
{
	struct vm_dma_alloc_req q;
	struct vm_dma_alloc_rep r;
	long e = vm_dma_alloc_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0)
		return (int)e;
	*va = (uint8_t *)r.va;
	*pa = r.pa;
	return 0;
}

/* Negotiate and set up queue 0. */
static int setup(struct vblk *d)
{
	wr(d, R_STATUS, 0);
	wr(d, R_STATUS, S_ACK | S_DRIVER);
	wr(d, R_DRV_FEATURES_SEL, 0);
	wr(d, R_DRV_FEATURES, 0);
	if (d->version == 2) {
		wr(d, R_DRV_FEATURES_SEL, 1);
		wr(d, R_DRV_FEATURES, 1);   /* VIRTIO_F_VERSION_1 */
		wr(d, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
		if (!(rd(d, R_STATUS) & S_FEATURES_OK))
			return -KE_IO;
	}
	wr(d, R_QUEUE_SEL, 0);
	uint32_t max = rd(d, R_QUEUE_NUM_MAX);
	if (max < QSIZE)
		return -KE_IO;
	d->qsize = QSIZE;
	wr(d, R_QUEUE_NUM, QSIZE);
	if (d->version == 1) {
		wr(d, R_GUEST_PAGE_SIZE, PAGE_SIZE);
		wr(d, R_QUEUE_ALIGN, USED_OFF);
		wr(d, R_QUEUE_PFN, (uint32_t)(d->queue_pa / PAGE_SIZE));
	} else {
		wr(d, R_QUEUE_DESC, (uint32_t)d->queue_pa);
		wr(d, R_QUEUE_DESC + 4, (uint32_t)(d->queue_pa >> 32));
		wr(d, R_QUEUE_DRIVER, (uint32_t)(d->queue_pa + AVAIL_OFF));
		wr(d, R_QUEUE_DRIVER + 4, (uint32_t)((d->queue_pa + AVAIL_OFF) >> 32));
		wr(d, R_QUEUE_DEVICE, (uint32_t)(d->queue_pa + USED_OFF));
		wr(d, R_QUEUE_DEVICE + 4, (uint32_t)((d->queue_pa + USED_OFF) >> 32));
		wr(d, R_QUEUE_READY, 1);
	}
	wr(d, R_STATUS, rd(d, R_STATUS) | S_DRIVER_OK);
	d->capacity = (uint64_t)rd(d, R_CONFIG) | (uint64_t)rd(d, R_CONFIG + 4) << 32;
	return 0;
}

int vblk_probe(struct vblk *d)
{
	memset(d, 0, sizeof *d);
	for (uint64_t i = 0;; i++) {
		struct vm_device_info_req q = {VM_DEVICE_VIRTIO, i};
		struct vm_device_info_rep r;
		if (vm_device_info_call(TH_VM_EP, &q, 0, 0, &r) < 0)
			return -KE_NOENT;
		struct vm_map_device_req mq = {r.pa & ~(PAGE_SIZE - 1), 1};
		struct vm_map_device_rep mr;
		if (vm_map_device_call(TH_VM_EP, &mq, 0, 0, &mr) < 0)
			continue;
		d->regs = (volatile uint32_t *)(mr.va + (r.pa & (PAGE_SIZE - 1)));
		d->pa = r.pa;
		d->irq = r.irq;
		d->version = rd(d, R_VERSION);
		if (rd(d, R_MAGIC) != 0x74726976 || rd(d, R_DEVICE_ID) != 2 ||
		    (d->version != 1 && d->version != 2))
			continue;
		break;
	}
	struct vm_irq_bind_req bq;
	struct vm_irq_bind_rep br;
	int e;
	if ((d->notif = k_notify_create()) < 0)
		return (int)d->notif;
	bq = (struct vm_irq_bind_req){d->irq, d->notif, IRQ_BIT};
	if ((e = (int)vm_irq_bind_call(TH_VM_EP, &bq, 0, 0, &br)) < 0 ||
	    (e = dma_page(&d->queue, &d->queue_pa)) < 0 || (e = dma_page(&d->data, &d->data_pa)) < 0)
		return e;
	return setup(d);
}

/* One request: type 0 read, 1 write; waits for the device's interrupt. */
static int request(struct vblk *d, uint32_t type, uint64_t sector, uint32_t n)
{
	if (n == 0 || n > VBLK_MAX_SECTORS || sector >= d->capacity || n > d->capacity - sector)
		return -KE_INVAL;
	struct desc *desc = (struct desc *)d->queue;
	uint16_t *avail = (uint16_t *)(d->queue + AVAIL_OFF);       /* flags, idx, ring[] */
	volatile uint16_t *used = (uint16_t *)(d->queue + USED_OFF); /* flags, idx, ring[] */
	uint32_t *hdr = (uint32_t *)(d->queue + HDR_OFF);
	hdr[0] = type;
	hdr[1] = 0;
	*(uint64_t *)(hdr + 2) = sector;
	d->queue[STATUS_OFF] = 0xff;
	desc[0] = (struct desc){d->queue_pa + HDR_OFF, 16, D_NEXT, 1};
	desc[1] = (struct desc){d->data_pa, n * VBLK_SECTOR, (uint16_t)(D_NEXT | (type ? 0 : D_WRITE)), 2};
	desc[2] = (struct desc){d->queue_pa + STATUS_OFF, 1, D_WRITE, 0};
	avail[2 + d->avail_idx % d->qsize] = 0;
	fence();
	avail[1] = ++d->avail_idx;
	fence();
	wr(d, R_QUEUE_NOTIFY, 0);
	while (used[1] == d->used_idx) {
		long bits = k_notify_wait(d->notif);
		if (bits < 0)
			return (int)bits;
		wr(d, R_INT_ACK, rd(d, R_INT_STATUS));
		k_irq_ack(d->notif, d->irq);
	}
	d->used_idx++;
	fence();
	return d->queue[STATUS_OFF] == 0 ? 0 : -KE_IO;
}

int vblk_read(struct vblk *d, uint64_t sector, void *buf, uint32_t n)
{
	int e = request(d, 0, sector, n);
	if (e == 0)
		memcpy(buf, d->data, n * VBLK_SECTOR);
	return e;
}

int vblk_write(struct vblk *d, uint64_t sector, const void *buf, uint32_t n)
{
	if (n > VBLK_MAX_SECTORS)
		return -KE_INVAL;
	memcpy(d->data, buf, n * VBLK_SECTOR);
	return request(d, 1, sector, n);
}
