#!/usr/bin/env bash
# shell_session.sh - the system as `make run` boots it (the default kernel: init, /etc/rc,
# then busybox's ash on the console), used through QEMU's serial input by
# tests/console/shell_drive.py: editing, a pipeline, /tmp, ^C, /proc/self/maps, free and
# ps, a 64 KiB paste, and the exit status through to QEMU.
set -u
BUILD=${BUILD:-build}
dir=$BUILD/console
mkdir -p "$dir"
# the default kernel (other tests leave a program's image in $BUILD/kernel.bin)
make --no-print-directory -s BUILD="$BUILD" kernel > "$dir/shell-build.log" 2>&1 &&
	cp "$BUILD/kernel.bin" "$dir/shell-kernel.bin" ||
	{ sed 's/^/#   /' "$dir/shell-build.log"; echo "not ok - console: the default kernel does not build"; exit 1; }
timeout -k 5 180 python3 tests/console/shell_drive.py "$dir/shell-kernel.bin" "$dir/shell.log"
