#!/usr/bin/env bash
# Boot path 4: the kernel runs from a physical address other than 0x80200000.
#  - QEMU loads a raw -kernel image at the first 2 MiB boundary after the end of the -bios
#    file. OpenSBI fw_dynamic padded with zeros to 4 MiB still works (its code and data are
#    at the start; QEMU tells it the kernel's address), and the kernel lands at 0x80400000.
#  - U-Boot's booti (2023.01) always moves the image to RAM start + the header's text_offset
#    (it does not run it in place), so a copy of kernel.bin whose header says 0x600000 is
#    run at 0x80600000. The kernel never reads its own text_offset.
. scripts/boot-lib.sh
require "$B/kernel.bin" "$B/fw_dynamic-4M.bin" "$UBOOT_ELF" "$B/disk-offset6M.img"

boot load-0x80400000 20 -bios "$B/fw_dynamic-4M.bin" -kernel "$B/kernel.bin"
expect_init "kernel.bin runs at 0x80400000 (after a 4 MiB firmware)" 80400000

uboot_disk "$B/disk-offset6M.img"
boot load-0x80600000 30 "${DISK[@]}"
expect_init "kernel.bin runs at 0x80600000 (booti, text_offset 0x600000)" 80600000
finish
