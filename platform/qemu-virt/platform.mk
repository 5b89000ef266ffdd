# QEMU virt: what `make image PLATFORM=qemu-virt` writes (see docs/boards.md). U-Boot from
# Debian's u-boot-qemu finds the FAT partition on virtio-blk 0. The kernel is loaded at
# kernel_addr_r (0x84000000 in that U-Boot) and booti moves it to 0x80200000.
PLAT_BOARD       := QEMU virt
PLAT_KERNEL_ADDR := 0x84000000
PLAT_BOOT_DEV    := virtio
PLAT_BOOT_PART   := 0:1
