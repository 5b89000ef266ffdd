# StarFive VisionFive 2 (JH7110): DRAM at 0x40000000, so booti runs the kernel at 0x40200000.
# The SD card is mmc 1 (mmc 0 is the eMMC); the vendor U-Boot reads uEnv.txt from its FAT
# partition 3. Console: UART0, 115200 8N1 (not tested on hardware: see docs/boards.md).
PLAT_BOARD       := VisionFive 2
PLAT_KERNEL_ADDR := 0x40200000
PLAT_BOOT_DEV    := mmc
PLAT_BOOT_PART   := 1:3
