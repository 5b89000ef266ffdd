#!/usr/bin/env bash
# A broken kernel.bin must fail visibly, not hang:
#  - U-Boot's booti refuses an image without the "RSC\x05" magic and boot.scr says so; U-Boot
#    would go on with its other boot targets and end at its prompt, so the test stops QEMU
#    as soon as boot.scr has reported the failure;
#  - the first half of kernel.bin alone (booted by OpenSBI) lacks the end marker boot.S
#    checks first: it says the image is truncated and shuts down through SBI SRST;
#  - so does a kernel.bin cut after its first page.
. scripts/boot-lib.sh
require "$UBOOT_ELF" "$B/disk-badmagic.img" "$B/kernel-half.bin"

name="U-Boot refuses a kernel.bin without the image magic"
uboot_disk "$B/disk-badmagic.img"
boot_until uboot-badmagic 30 'boot.scr: could not boot kernel.bin' "${DISK[@]}"
if [ "$seen" -ne 1 ]; then not_ok "$name" "boot.scr did not report the failure (log: $log)"
elif ! grep -q 'Bad Linux RISCV Image magic' "$log"; then not_ok "$name" "no booti error (log: $log)"
elif grep -q 'kernel: rv64' "$log"; then not_ok "$name" "the kernel ran (log: $log)"
else ok "$name ($secs s)"; fi

head -c 4096 "$B/kernel.bin" > "$B/kernel-page.bin"
for cut in half page; do
	name="a kernel.bin cut to its first $cut says so and stops"
	boot "truncated-$cut" 20 -bios default -kernel "$B/kernel-$cut.bin"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then not_ok "$name" "timed out after $secs s (log: $log)"
	elif ! grep -q 'kernel: image truncated' "$log"; then not_ok "$name" "no truncation message (log: $log)"
	elif grep -q 'kernel: rv64' "$log"; then not_ok "$name" "the kernel ran (log: $log)"
	else ok "$name ($secs s)"; fi
done
finish
