/* main.c - the FS server. It finds the disk (virtio-blk) and reports it; the file
 * protocol (proto/fs.def) is still to come, so every request is answered with ENOSYS. */
#include "kcall.h"
#include "rt/log.h"
#include "abi/bootinfo.h"
#include "virtio_blk.h"

static struct vblk disk;
static uint8_t sector_buf[VBLK_SECTOR];

/* Log the first bytes of a sector as text (non-printing bytes as '.'). */
static void show_sector(uint64_t n)
{
	char text[17];
	if (vblk_read(&disk, n, sector_buf, 1) < 0) {
		log_printf("fs: disk: cannot read sector %lu\n", n);
		return;
	}
	for (int i = 0; i < 16; i++)
		text[i] = sector_buf[i] >= 0x20 && sector_buf[i] < 0x7f ? (char)sector_buf[i] : '.';
	text[16] = 0;
	log_printf("fs: disk: sector %lu begins '%s'\n", n, text);
}

int main(void)
{
	struct msg m = {0};
	int e = vblk_probe(&disk);
	if (e == 0) {
		log_printf("fs: virtio-blk at %lx (irq %lu, virtio-mmio v%u): %lu sectors\n", disk.pa,
		           disk.irq, disk.version, disk.capacity);
		show_sector(0);
		show_sector(disk.capacity - 1);
	} else {
		log_printf("fs: no disk (%d)\n", e);
	}
	log_printf("fs: ready (no file protocol yet)\n");
	long badge = k_recv(TH_FS_EP, &m);
	for (;;) {
		(void)badge;
		m.tag = IPC_TAG(KE_NOSYS, 0, 0);
		badge = k_reply_recv(TH_FS_EP, &m);
	}
}
