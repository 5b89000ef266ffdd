#!/usr/bin/env bash
# sifive_u.sh - the default system on QEMU's sifive_u machine, typed into through its
# SiFive UART (tests/console/sifive_drive.py).
set -u
BUILD=${BUILD:-build}
dir=$BUILD/console
mkdir -p "$dir"
make --no-print-directory -s BUILD="$BUILD" kernel > "$dir/sifive-build.log" 2>&1 &&
	cp "$BUILD/kernel.bin" "$dir/sifive-kernel.bin" ||
	{ sed 's/^/#   /' "$dir/sifive-build.log"; echo "not ok - console: the default kernel does not build"; exit 1; }
timeout -k 5 180 python3 tests/console/sifive_drive.py "$dir/sifive-kernel.bin" "$dir/sifive.log"
