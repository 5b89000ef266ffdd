#!/usr/bin/env bash
# mkbootdir.sh OUTDIR KERNEL - write what goes on a board's boot partition: kernel.bin,
# extlinux/extlinux.conf, uEnv.txt, boot.cmd and boot.scr (mkimage), from the templates in
# platform/common/ filled in with BOARD, KERNEL_ADDR, BOOT_DEV, BOOT_PART (environment).
set -euo pipefail
out=$1 kernel=$2
: "$BOARD" "$KERNEL_ADDR" "$BOOT_DEV" "$BOOT_PART"
rm -rf "$out"
mkdir -p "$out/extlinux"
fill() {
	sed -e "s|@BOARD@|$BOARD|g" -e "s|@KERNEL_ADDR@|$KERNEL_ADDR|g" \
	    -e "s|@BOOT_DEV@|$BOOT_DEV|g" -e "s|@BOOT_PART@|$BOOT_PART|g" "platform/common/$1.in"
}
cp "$kernel" "$out/kernel.bin"
fill extlinux.conf > "$out/extlinux/extlinux.conf"
fill uEnv.txt > "$out/uEnv.txt"
fill boot.cmd > "$out/boot.cmd"
mkimage -A riscv -O linux -T script -C none -n "boot kernel.bin ($BOARD)" \
	-d "$out/boot.cmd" "$out/boot.scr" > /dev/null
echo "$out: $(cd "$out" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')"
