#!/usr/bin/env bash
# run.sh KDIR WORK INIT [FILE...] [-- QEMU-OPTION...] - pack INIT (the static Linux build of
# user/bench/ops.c, made by scripts/bench.mk, the binary our system also runs for the
# "Linux ..." rows) as /init and each FILE (as /its-name, executable if it is, so in the
# page cache) into an initramfs with KDIR's gen_init_cpio, boot KDIR/Image under QEMU
# -icount shift=0,sleep=off (see scripts/bench.sh) with the QEMU options after "--"
# (bench.sh's disk), and print the "bench" lines.
# On failure stdout gets one line with the reason; exit status 1.
set -euo pipefail
usage="usage: run.sh KDIR WORK INIT [FILE...] [-- QEMU-OPTION...]"
kdir=${1:?$usage} work=${2:?$usage} init=${3:?$usage}
shift 3
files=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do files+=("$1"); shift; done
[ $# -eq 0 ] || shift
fail() { echo "$*"; echo "linux-baseline: $*" >&2; exit 1; }
mkdir -p "$work"
[ -x "$init" ] || fail "no Linux build of user/bench/ops.c ($init): see make's errors above"
{ printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\nnod /dev/null 0666 0 0 c 1 3\nfile /init %s 0755 0 0\n' "$(realpath "$init")"
  for f in ${files[@]+"${files[@]}"}; do
	printf 'file /%s %s %s 0 0\n' "$(basename "$f")" "$(realpath "$f")" "$([ -x "$f" ] && echo 0755 || echo 0644)"
  done; } > "$work/initrd.list"
"$kdir/gen_init_cpio" "$work/initrd.list" > "$work/initrd.cpio" || fail "gen_init_cpio failed"
out=$(timeout --foreground -k 5 120 qemu-system-riscv64 -M virt -m 256M -nographic -bios default \
	-icount shift=0,sleep=off -no-reboot -kernel "$kdir/Image" -initrd "$work/initrd.cpio" \
	-append "console=ttyS0 rdinit=/init quiet norandmaps" "$@" < /dev/null 2>&1) ||
	{ echo "$out" | tail -20 >&2; fail "QEMU failed or timed out booting Linux"; }
echo "$out" | tr -d '\r' | grep '^bench' || { echo "$out" | tail -20 >&2; fail "no bench: lines from Linux"; }
