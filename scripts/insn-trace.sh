#!/usr/bin/env bash
# insn-trace.sh - where the instructions of one operation go: boot BUILD/kernel.bin (one
# hart) under gdb, single-step from the (SKIP+1)-th run of the user instruction at ADDR
# (an ecall, or an access that faults) until its task is back after it, and print the
# instructions per function: the kernel's, the VM and FS servers', the program's.
#   scripts/insn-trace.sh BUILD ADDR [SKIP [SIG_ADDR SIG_WORD [STOP]]]
# BUILD holds kernel.bin, kernel.elf, servers/{vm,fs}.elf and user/prog.elf: a
# `make BUILD=... NATIVE_PROG=prog.c kernel` (for make bench's program, with
# BENCH_ROOTFS as scripts/bench.mk sets it). Tasks share user addresses: SIG_ADDR and
# SIG_WORD (an instruction word of the program there) pick the program's runs. STOP is
# where the operation ends if not at ADDR + 4 (a compressed faulting load: ADDR + 2).
# A Linux program's own functions are named from the ELF INSN_TRACE_PROG names, the
# personality's from BUILD/linux/personality.elf; INSN_TRACE_LIMIT is the most
# instructions followed (200000).
# Counts are exact but slow (gdb steps a few thousand instructions a second).
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
build=$1 addr=$2 skip=${3:-0} port=${INSN_TRACE_PORT:-$((20000 + RANDOM % 10000))}
sig=None stop=None
[ $# -lt 5 ] || sig="($4, $5)"
[ $# -lt 6 ] || stop=$6
for f in kernel.bin kernel.elf servers/vm.elf servers/fs.elf user/prog.elf; do
	[ -e "$build/$f" ] || { echo "insn-trace: no $build/$f" >&2; exit 2; }
done
log=$(mktemp)
qemu-system-riscv64 -M virt -m 256M -nographic -bios default -smp 1 -kernel "$build/kernel.bin" \
	-gdb "tcp::$port" -S < /dev/null > "$log" 2>&1 &
qemu=$!
trap 'kill $qemu 2>/dev/null; rm -f "$log"' EXIT
sleep 1
timeout 1200 gdb-multiarch -batch -nx -ex "set pagination off" -ex "file $build/kernel.elf" \
	-ex "target remote :$port" -ex "source $(dirname "$0")/insn_trace.py" \
	-ex "python run('$build', $addr, $skip, $sig, $stop)"
