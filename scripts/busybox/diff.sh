#!/usr/bin/env bash
# diff.sh BUSYBOX [CASES] - run each busybox command of CASES (user/busybox/cases) on this
# system and on Linux 6.1 with scripts/linux-diff.sh, BUSYBOX being the static busybox
# (make busybox-diff: build/busybox/busybox). Prints linux-diff's "ok - ..." or
# "not ok - ..." (with the differences) for each, then "N passed, N failed". The known
# differences of every case are in user/busybox/busybox.diffok. Not part of make test:
# it needs the busybox build (a few minutes, and the source package from Debian's pool).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:?usage: diff.sh BUSYBOX [CASES]}
cases=${2:-$repo/user/busybox/cases}
[ -x "$bin" ] || { echo "diff.sh: $bin is not an executable (make busybox)"; exit 1; }
[ -f "$cases" ] || { echo "diff.sh: no $cases"; exit 1; }
# linux-diff.sh names its work after the program and finds NAME.diffok beside it; a
# program in a directory named disk gets a writable root.
work=$(cd "$(dirname "$bin")" && pwd)/diff
mkdir -p "$work/disk"
for d in "$work" "$work/disk"; do
	cmp -s "$bin" "$d/busybox" || cp "$bin" "$d/busybox"
	cp "$repo/user/busybox/busybox.diffok" "$d/busybox.diffok"
done
pass=0 fail=0
while IFS= read -r line; do
	case $line in ''|'#'*) continue;; esac
	prog=$work/busybox
	case $line in disk:*) prog=$work/disk/busybox line=${line#disk:};; esac
	eval "set -- $line"
	echo "# busybox $line"
	if bash "$repo/scripts/linux-diff.sh" "$prog" "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done < "$cases"
echo "$pass passed, $fail failed"
