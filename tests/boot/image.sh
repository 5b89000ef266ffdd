#!/usr/bin/env bash
# `make image PLATFORM=...` wrote each board's boot files (made by make boot-tests-build):
# kernel.bin as built, extlinux.conf, a valid U-Boot script boot.scr, and a uEnv.txt that
# loads kernel.bin from the board's boot partition to its load address.
. scripts/boot-lib.sh
require "$BUILD/kernel.bin"
for p in qemu-virt:virtio:0:1:0x84000000 visionfive2:mmc:1:3:0x40200000 visionfive:mmc:0:3:0x80200000; do
	IFS=: read -r plat dev n part addr <<< "$p"
	d=$BUILD/image/$plat name="make image PLATFORM=$plat"
	if ! cmp -s "$d/kernel.bin" "$B/kernel.bin"; then not_ok "$name" "$d/kernel.bin differs from the kernel built"
	elif ! grep -q '^[[:space:]]*kernel /kernel.bin' "$d/extlinux/extlinux.conf" 2>/dev/null; then
		not_ok "$name" "$d/extlinux/extlinux.conf has no kernel /kernel.bin"
	elif ! mkimage -l "$d/boot.scr" 2>/dev/null | grep -q 'RISC-V Linux Script'; then
		not_ok "$name" "$d/boot.scr is not a U-Boot script image"
	elif ! grep -q "^uenvcmd=.*fatload $dev $n:$part $addr kernel.bin; booti $addr - " "$d/uEnv.txt" 2>/dev/null; then
		not_ok "$name" "$d/uEnv.txt does not load kernel.bin from $dev $n:$part to $addr"
	else ok "$name"; fi
done
finish
