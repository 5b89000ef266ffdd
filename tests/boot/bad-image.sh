#!/usr/bin/env bash
# A broken kernel.bin must fail visibly, not hang:
#  - U-Boot's booti refuses an image without the "RSC\x05" magic and boot.scr says so; U-Boot
#    would go on with its other boot targets and end at its prompt, so the test stops QEMU
#    as soon as boot.scr has reported the failure;
#  - the first half of kernel.bin alone (booted by OpenSBI) lacks the boot modules, which
#    the kernel notices: it panics and powers off with a non-zero status.
. scripts/boot-lib.sh
require "$UBOOT_ELF" "$B/disk-badmagic.img" "$B/kernel-half.bin"

name="U-Boot refuses a kernel.bin without the image magic"
uboot_disk "$B/disk-badmagic.img"
boot_until uboot-badmagic 30 'boot.scr: could not boot kernel.bin' "${DISK[@]}"
if [ "$seen" -ne 1 ]; then not_ok "$name" "boot.scr did not report the failure (log: $log)"
elif ! grep -q 'Bad Linux RISCV Image magic' "$log"; then not_ok "$name" "no booti error (log: $log)"
elif grep -q 'kernel: rv64' "$log"; then not_ok "$name" "the kernel ran (log: $log)"
else ok "$name ($secs s)"; fi

name="a truncated kernel.bin panics and powers off"
boot truncated 20 -bios default -kernel "$B/kernel-half.bin"
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then not_ok "$name" "timed out after $secs s (log: $log)"
elif [ "$rc" -eq 0 ]; then not_ok "$name" "QEMU exited with status 0 (log: $log)"
elif ! grep -q 'kernel panic' "$log"; then not_ok "$name" "no kernel panic message (log: $log)"
else ok "$name (status $rc, $secs s)"; fi
finish
