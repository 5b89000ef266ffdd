#!/usr/bin/env bash
# virtio_blk.sh - the FS server's user-level virtio-blk driver finds a disk, reads it
# through its DMA pages and its interrupt notification, on legacy (v1) and modern (v2)
# virtio-mmio. The disk holds known text in its first and last sectors.
set -u
BUILD=${BUILD:-build}
img=$BUILD/disk/test.img
mkdir -p "$BUILD/disk"
printf 'HELLO-VIRTIO-BLK' > "$img"
truncate -s 1M "$img"
printf 'LAST-SECTOR-OK!!' | dd of="$img" bs=512 seek=2047 conv=notrunc 2>/dev/null
for legacy in true false; do
	v=$([ "$legacy" = true ] && echo 1 || echo 2)
	log=$BUILD/disk/virtio-v$v.log
	timeout --foreground -k 5 30 qemu-system-riscv64 -M virt -m 256M -nographic -bios default \
		-kernel "$BUILD/kernel.bin" -global virtio-mmio.force-legacy=$legacy \
		-drive file="$img",format=raw,if=none,id=hd0,snapshot=on -device virtio-blk-device,drive=hd0 \
		< /dev/null > "$log" 2>&1
	if grep -q "fs: virtio-blk at [0-9a-f]* (irq [0-9]*, virtio-mmio v$v): 2048 sectors" "$log" &&
		grep -q "fs: disk: sector 0 begins 'HELLO-VIRTIO-BLK'" "$log" &&
		grep -q "fs: disk: sector 2047 begins 'LAST-SECTOR-OK!!'" "$log"; then
		echo "ok - virtio_mmio_v${v}_reads"
	else
		echo "not ok - virtio_mmio_v${v}_reads: see $log"
	fi
done
