# StarFive VisionFive v1 (JH7100): DRAM at 0x80000000, so booti runs the kernel at 0x80200000.
# The SD card is mmc 0; partition 3 is assumed for the FAT boot partition (unverified: check
# with `part list mmc 0` at the U-Boot prompt). Console: UART3, 115200 8N1. See docs/boards.md.
PLAT_BOARD       := VisionFive
PLAT_KERNEL_ADDR := 0x80200000
PLAT_BOOT_DEV    := mmc
PLAT_BOOT_PART   := 0:3
