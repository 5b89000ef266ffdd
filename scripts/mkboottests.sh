#!/usr/bin/env bash
# mkboottests.sh BUILD - make what tests/boot/*.sh boot, in BUILD/boot/, from BUILD/kernel.bin
# and the qemu-virt boot files (make image PLATFORM=qemu-virt, in BUILD/image/qemu-virt/).
set -euo pipefail
build=$1
b=$build/boot img=$build/image/qemu-virt
mkdir -p "$b"
cp "$build/kernel.bin" "$b/kernel.bin"   # the tests' own copy: qemu-tests-build relinks kernel.bin

# patch FILE OFFSET HEX...: overwrite bytes of FILE at OFFSET.
patch() {
	local f=$1 off=$2; shift 2
	printf "$(printf '\\x%s' "$@")" | dd of="$f" bs=1 seek="$off" conv=notrunc status=none
}

# U-Boot disks (FAT partition on virtio-blk 0): distro boot tries extlinux.conf first, then
# boot.scr, so each disk holds one of them.
bash scripts/mkfatimg.sh "$b/disk-extlinux.img" 64 "$img/kernel.bin" "$img/extlinux/extlinux.conf:extlinux/extlinux.conf"
bash scripts/mkfatimg.sh "$b/disk-bootscr.img" 64 "$img/kernel.bin" "$img/boot.scr"
# The vendor U-Boot's uEnv.txt handling (import the file, run uenvcmd), done by a script.
mkimage -A riscv -O linux -T script -C none -n "vendor uEnv.txt" \
	-d platform/qemu-virt/vendor-uenv.cmd "$b/vendor-uenv.scr" > /dev/null
bash scripts/mkfatimg.sh "$b/disk-uenv.img" 64 "$img/kernel.bin" "$img/uEnv.txt" "$b/vendor-uenv.scr:boot.scr"

# Another load address, two ways (see tests/boot/load-address.sh):
# 1. QEMU puts a raw -kernel at the first 2 MiB boundary after the firmware's end: OpenSBI
#    padded with zeros to 4 MiB moves the kernel to 0x80400000.
cp /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin "$b/fw_dynamic-4M.bin"
truncate -s 4M "$b/fw_dynamic-4M.bin"
# 2. booti moves the image to RAM start + text_offset: a copy whose header says 0x600000.
cp "$build/kernel.bin" "$b/kernel-offset6M.bin"
patch "$b/kernel-offset6M.bin" 8 00 00 60 00
bash scripts/mkfatimg.sh "$b/disk-offset6M.img" 64 "$b/kernel-offset6M.bin:kernel.bin" \
	"$img/extlinux/extlinux.conf:extlinux/extlinux.conf"

# Broken kernels (tests/boot/bad-image.sh): half the file; a header without magic2.
head -c $(($(stat -c %s "$build/kernel.bin") / 2)) "$build/kernel.bin" > "$b/kernel-half.bin"
cp "$build/kernel.bin" "$b/kernel-badmagic.bin"
patch "$b/kernel-badmagic.bin" 56 00 00 00 00
bash scripts/mkfatimg.sh "$b/disk-badmagic.img" 64 "$b/kernel-badmagic.bin:kernel.bin" "$img/boot.scr"
