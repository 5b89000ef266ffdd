#!/usr/bin/env bash
# bench.sh IMAGE - boot a benchmark kernel under QEMU -icount shift=0 and print its table.
set -euo pipefail
img=$1
out=$(timeout --foreground -k 5 120 qemu-system-riscv64 -M virt -m 256M -nographic -bios default \
	-icount shift=0 -kernel "$img" < /dev/null 2>&1) || { echo "$out" | tail -20; echo "bench: QEMU failed"; exit 1; }
echo "instructions retired per operation (QEMU $(qemu-system-riscv64 --version | head -1 | awk '{print $4}'), -icount shift=0):"
echo "$out" | sed -n 's/^bench: //p'
