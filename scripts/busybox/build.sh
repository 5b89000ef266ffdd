#!/usr/bin/env bash
# build.sh CACHE - build Debian 12's busybox (source package 1:1.35.0-4) as a static
# riscv64 Linux program: the three files of the source package, fetched from Debian's pool
# and checked against the SHA-256 sums pinned below, Debian's patches (debian/patches/series,
# in order, patch -p1), the configuration user/busybox/busybox.config (Debian's "static"
# flavour), cross-built with CROSS_COMPILE=riscv64-linux-gnu- (glibc, -static).
# The result goes to CACHE/<hash of this script and the config>/ (busybox, busybox.links:
# the applets' paths, version, config: the .config it was built with) and is reused while
# neither changes; the downloads stay in CACHE/dl/. Progress goes to stderr; stdout gets
# that directory, or on failure one line with the reason (and the exit status is 1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${1:?usage: build.sh CACHE}
config=$repo/user/busybox/busybox.config
fail() { echo "$*"; echo "busybox: $*" >&2; exit 1; }

# The source package, pinned: the .dsc's own sum, and the two sums the .dsc lists.
version=1.35.0
debrev=4
pool=http://deb.debian.org/debian/pool/main/b/busybox
files=(
	"busybox_$version-$debrev.dsc 3a867bd80e41345808a2a29b5df5b110b51b4dde956e54b44821a953fb5ebb4f"
	"busybox_$version.orig.tar.bz2 faeeb244c35a348a334f4a59e44626ee870fb07b6884d68c10ae8bc19f83a694"
	"busybox_$version-$debrev.debian.tar.xz d611281ea49cfac240a5dfdb0de6f440138e3345490e087d8e39b7434a6bd819"
)

[ -f "$config" ] || fail "no configuration file $config"
# One build at a time in CACHE: another make (make run PROG=build/busybox/busybox asks
# for the binary too) waits here, then finds the result cached.
mkdir -p "$cache" && exec 9>"$cache/.lock" || fail "cannot create $cache/.lock"
flock 9 || fail "cannot lock $cache/.lock"
key=$(cat "$0" "$config" | sha256sum | cut -c1-16)
out=$cache/$key
if [ -x "$out/busybox" ] && [ -f "$out/version" ]; then
	echo "busybox: $(cat "$out/version"), cached in $out" >&2
	echo "$out"; exit 0
fi
bash "$repo/scripts/install-deps.sh" gcc-riscv64-linux-gnu libc6-dev-riscv64-cross curl bzip2 \
	xz-utils patch make >&2 || fail "cannot install the packages to build busybox"

# Fetch what is missing from CACHE/dl; a file whose sum is not the pinned one is refused
# (and removed, so that the next run fetches it again).
dl=$cache/dl
mkdir -p "$dl" || fail "cannot create $dl"
for entry in "${files[@]}"; do
	f=${entry% *} sum=${entry#* }
	if [ ! -f "$dl/$f" ]; then
		echo "busybox: fetching $pool/$f" >&2
		curl -fsSL --retry 2 --max-time 300 -o "$dl/$f.part" "$pool/$f" >&2 ||
			{ rm -f "$dl/$f.part"; fail "cannot fetch $pool/$f"; }
		mv "$dl/$f.part" "$dl/$f"
	fi
	got=$(sha256sum "$dl/$f" | cut -d' ' -f1)
	if [ "$got" != "$sum" ]; then
		mv "$dl/$f" "$dl/$f.bad"
		fail "$f has SHA-256 $got, not the pinned $sum: refused (kept as $dl/$f.bad)"
	fi
done

src=$cache/src-$key log=$cache/build-$key.log
rm -rf "$src" "$out.tmp" && mkdir -p "$src" "$out.tmp" || fail "cannot create $src and $out.tmp"
: > "$log"
echo "busybox: building busybox $version-$debrev (a few minutes); log: $log" >&2
{ tar -xjf "$dl/busybox_$version.orig.tar.bz2" -C "$src" --strip-components=1 &&
	tar -xJf "$dl/busybox_$version-$debrev.debian.tar.xz" -C "$src"; } >>"$log" 2>&1 ||
	fail "cannot unpack the source package (see $log)"
# Debian's patches, as dpkg-source applies them: the series' names in order, without the
# comments and blank lines.
patches=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$src/debian/patches/series" | cut -d' ' -f1)
for p in $patches; do
	echo "== patch $p" >>"$log"
	patch -d "$src" -p1 --no-backup-if-mismatch -N < "$src/debian/patches/$p" >>"$log" 2>&1 ||
		fail "Debian's patch $p does not apply (see $log)"
done

# Configure: our file, then oldconfig answers any question with the default (from a
# process substitution: in a pipeline, yes's SIGPIPE would fail it under pipefail).
bbmake() { make -C "$src" CROSS_COMPILE=riscv64-linux-gnu- KCONFIG_NOTIMESTAMP=1 "$@" >>"$log" 2>&1; }
cp "$config" "$src/.config"
bbmake oldconfig < <(yes "") || fail "make oldconfig failed (see $log)"
# Every option of the file must have survived oldconfig (a typo or an option this version
# does not know would silently be dropped otherwise).
missing=$(grep -E '^(CONFIG_|# CONFIG_.* is not set)' "$config" | while read -r l; do
	grep -qxF "$l" "$src/.config" || echo "${l}"; done)
[ -z "$missing" ] || fail "options of $config not kept by oldconfig: $(echo "$missing" | head -5 | tr '\n' ' ')"
t0=$SECONDS
bbmake -j"$(nproc)" SKIP_STRIP=y BB_EXTRA_VERSION="Debian $version-$debrev" busybox ||
	{ tail -20 "$log" >&2; fail "busybox build failed (see $log)"; }
bbmake busybox.links || fail "make busybox.links failed (see $log)"
echo "busybox: compiled in $((SECONDS - t0)) s" >&2
if riscv64-linux-gnu-readelf -lW "$src/busybox" | grep -qw INTERP; then
	fail "the busybox built is dynamically linked (CONFIG_STATIC?)"
fi
cp "$src/busybox" "$src/busybox.links" "$out.tmp/" && cp "$src/.config" "$out.tmp/config" ||
	fail "build products missing (see $log)"
echo "$version-$debrev (Debian source package busybox 1:$version-$debrev)" > "$out.tmp/version"
rm -rf "$out" && mv "$out.tmp" "$out" && rm -rf "$src"
echo "busybox: $(cat "$out/version") built into $out" >&2
echo "$out"
