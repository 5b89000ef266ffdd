/* main.c - the FS server: serves files (proto/fs.def) to every task. The root file
 * system is the cpio archive packed into the kernel image; the disk (virtio-blk) is
 * found and checked, and will hold the ext2 file system. */
#include "kcall.h"
#include "rt/log.h"
#include "abi/bootinfo.h"
#include "proto/vm.h"
#include "files.h"
#include "virtio_blk.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE
#define PROTO_FILE "proto/fs.def"
#define PROTO_DISPATCH fs_dispatch
#define PROTO_CTX struct client
#include "proto/gen_server.h"

void *cpio_vfs_mount(const uint8_t *archive, size_t len);

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

/* Map the root file system archive the kernel packed in, and serve it. */
static int mount_root(void)
{
	struct vm_map_module_req q;
	struct vm_map_module_rep r;
	long e = vm_map_module_call(TH_VM_EP, &q, "rootfs", 7, &r);
	if (e < 0)
		return (int)e;
	files_mount(&cpio_vfs, cpio_vfs_mount((const uint8_t *)r.va, r.size));
	log_printf("fs: root file system: %lu-byte cpio archive\n", r.size);
	return 0;
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
	if ((e = mount_root()) < 0)
		log_printf("fs: no root file system (%d): every request will fail\n", e);
	long badge = k_recv(TH_FS_EP, &m);
	for (;;) {
		struct client *c = badge > 0 && e == 0 ? files_client((uint64_t)badge) : 0;
		if (!c)
			m.tag = IPC_TAG(e < 0 ? KE_NOSYS : KE_AGAIN, 0, 0);
		else if ((request_bytes = IPC_TAG_BYTES(m.tag)), !fs_dispatch(c, &m))
			m.tag = IPC_TAG(KE_NOSYS, 0, 0);
		badge = k_reply_recv(TH_FS_EP, &m);
	}
}
