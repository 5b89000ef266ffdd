#!/usr/bin/env bash
# serial_input.sh - console input end to end: tests/console/ttyprobe.c runs as the program
# of /etc/init.args, and tests/console/serial_drive.py types on QEMU's serial input what
# it asks for (typing with echo and erase, lines, ^D, ^C, raw mode, a 64 KiB paste). The
# program's own "ok - tty:" lines and the driver's "ok - console:" lines are the result.
set -u
BUILD=${BUILD:-build}
dir=$BUILD/console
mkdir -p "$dir"
make --no-print-directory -s BUILD="$BUILD" PROG=tests/console/ttyprobe.c prog-image > "$dir/build.log" 2>&1
pdir=$(tail -n 1 "$dir/build.log")
[ -f "$pdir/kernel.bin" ] || { sed 's/^/#   /' "$dir/build.log"; echo "not ok - console: does not build"; exit 1; }
cp "$pdir/kernel.bin" "$dir/kernel.bin"
timeout -k 5 120 python3 tests/console/serial_drive.py "$dir/kernel.bin" "$dir/console.log"
rc=$?
# (a line may follow an echoed ^C)
grep -a -o -E '(not )?ok - tty: [^[:cntrl:]]*' "$dir/console.log"
grep -aq -E '^ok - tty: a 64 KiB paste' "$dir/console.log" || echo "not ok - console: the program's checks did not all run (see $dir/console.log)"
exit $rc
