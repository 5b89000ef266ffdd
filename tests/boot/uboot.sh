#!/usr/bin/env bash
# Boot path 3: Debian's U-Boot (qemu-riscv64_smode, run by QEMU's OpenSBI) finds a FAT
# partition on virtio-blk and boots kernel.bin with booti, unattended, from the files that
# `make image PLATFORM=qemu-virt` writes: extlinux.conf, boot.scr, or uEnv.txt (imported
# and run the way the VisionFive vendor U-Boot does). U-Boot waits 2 s (bootdelay) first.
. scripts/boot-lib.sh
require "$UBOOT_ELF" "$B/disk-extlinux.img" "$B/disk-bootscr.img" "$B/disk-uenv.img"

uboot_disk "$B/disk-extlinux.img"
boot uboot-extlinux 30 "${DISK[@]}"
expect_init "U-Boot boots kernel.bin from extlinux/extlinux.conf" 80200000

uboot_disk "$B/disk-bootscr.img"
boot uboot-bootscr 30 "${DISK[@]}"
expect_init "U-Boot boots kernel.bin from boot.scr" 80200000

uboot_disk "$B/disk-uenv.img"
boot uboot-uenv 30 "${DISK[@]}"
expect_init "U-Boot boots kernel.bin from uEnv.txt (uenvcmd)" 80200000
finish
