/* main.c - the FS server: serves files (proto/fs.def) to every task. The root file
 * system is ext2 on the disk (virtio-blk) when there is one, else the cpio archive
 * packed into the kernel image; tmpfs instances are mounted on /tmp and /dev/shm. */
#include "kcall.h"
#include "rt/log.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#include "files.h"
#include "virtio_blk.h"
#include "pagecache.h"
#include "poll.h"
#include "mounts.h"
#include "clock.h"
#include "tmpfs_mem.h"
#include "tmpfs_vfs.h"
#include "console_tty.h"
#include "pagein.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE
#define PROTO_FILE "proto/fs.def"
#define PROTO_DISPATCH fs_dispatch
#define PROTO_CTX struct client
#include "proto/gen_server.h"

void *cpio_vfs_mount(const uint8_t *archive, size_t len);
void *ext2_vfs_mount(struct vblk *disk, int *err);

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

/* tmpfs on /tmp and /dev/shm (tmpfs_vfs.h says how large), in the mount table after the
 * root. */
static void mount_tmpfs(void)
{
	static const char *const at[TMPFS_VFS_MAX] = {"tmp", "dev/shm"};
	int e = tmem_init(TMPFS_VFS_MEM_PAGES);
	for (int i = 0; e == 0 && i < TMPFS_VFS_MAX; i++)
		e = mounts_add(at[i], &tmpfs_vfs, tmpfs_vfs_mount());
	if (e < 0)
		log_printf("fs: no tmpfs (%d)\n", e);
}

/* Startup asks the VM server for devices, DMA pages, the packed root and the page
 * cache's memory. Afterwards we still call the VM server (answers to its requests, page
 * users, truncation): it never waits on us, so that cannot deadlock. */
int main(void)
{
	struct msg m = {0};
	int e = vblk_probe(&disk);
	const uint8_t *archive = 0;
	size_t archive_len = 0;
	struct vm_map_module_req mq;
	struct vm_map_module_rep mr;
	if (vm_map_module_call(TH_VM_EP, &mq, "rootfs", 7, &mr) == 0)
		archive = (const uint8_t *)mr.va, archive_len = mr.size;
	struct vm_device_info_req iq = {VM_DEVICE_RTC, 0};
	struct vm_device_info_rep ir;
	struct vm_map_device_req dq;
	struct vm_map_device_rep dr;
	if (vm_device_info_call(TH_VM_EP, &iq, 0, 0, &ir) == 0) {
		dq = (struct vm_map_device_req){ir.pa & ~(PAGE_SIZE - 1), 1};
		if (vm_map_device_call(TH_VM_EP, &dq, 0, 0, &dr) == 0)
			clock_use((volatile uint32_t *)(dr.va + (ir.pa & (PAGE_SIZE - 1))));
	}

	void *ext2 = 0;
	int me = -KE_NOENT;
	if (e == 0) {
		log_printf("fs: virtio-blk at %lx (irq %lu, virtio-mmio v%u): %lu sectors\n", disk.pa,
		           disk.irq, disk.version, disk.capacity);
		show_sector(0);
		show_sector(disk.capacity - 1);
		if ((ext2 = ext2_vfs_mount(&disk, &me))) {
			mounts_add("", &ext2_vfs, ext2);
			log_printf("fs: root file system: ext2 on the disk\n");
		} else {
			log_printf("fs: the disk holds no usable ext2 (%d): serving the packed root\n", me);
		}
	} else {
		log_printf("fs: no disk (%d)\n", e);
	}
	if ((e = fpc_init()) < 0)
		log_printf("fs: no memory for the page cache (%d): files cannot be mapped\n", e);
	int served = ext2 != 0;
	if (!ext2 && archive) {
		mounts_add("", &cpio_vfs, cpio_vfs_mount(archive, archive_len));
		log_printf("fs: root file system: %lu-byte cpio archive\n", (unsigned long)archive_len);
		served = 1;
	} else if (!ext2) {
		log_printf("fs: no root file system: every request will fail\n");
	}
	if (served) {
		mount_tmpfs();
		files_mount(&mounts_vfs, 0);
	}
	console_tty_start();
	long pagein = pagein_start();
	if (pagein < 0)
		log_printf("fs: no page-in workers (%ld): page-ins are served here\n", -pagein);
	struct vm_fs_ready_req rq = {pagein < 0 ? -1 : pagein};
	struct vm_fs_ready_rep rr;
	vm_fs_ready_call(TH_VM_EP, &rq, 0, 0, &rr);   /* the VM server may post requests now */
	long badge = k_recv(TH_FS_EP, &m);
	for (;;) {   /* each request served holding fs_big exclusively (pagein.h) */
		sl_write_lock(&fs_big);
		struct client *c = badge > 0 && served ? files_client((uint64_t)badge) : 0;
		int d = 1;
		if (!c)
			m.tag = IPC_TAG(served ? KE_AGAIN : KE_NOSYS, 0, 0);
		else if ((request_bytes = IPC_TAG_BYTES(m.tag)), !(d = fs_dispatch(c, &m)))
			m.tag = IPC_TAG(KE_NOSYS, 0, 0);
		int flush = d == 2 || poll_pending();
		if (flush && d != 2)
			k_reply(0, &m);
		if (flush)
			poll_flush();   /* waiters a change made ready, through the same IPC buffer */
		sl_write_unlock(&fs_big);
		/* the usual case: answer and take the next */
		badge = flush ? k_recv(TH_FS_EP, &m) : k_reply_recv(TH_FS_EP, &m);
	}
}
