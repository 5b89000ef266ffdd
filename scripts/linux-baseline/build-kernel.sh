#!/usr/bin/env bash
# build-kernel.sh CACHE - build the Linux baseline's Image for make bench: Debian 12's
# linux-source-6.1, tinyconfig + fragment.config, cross-built with riscv64-linux-gnu-gcc.
# The result goes to CACHE/<hash of fragment.config>/ (Image, gen_init_cpio, version) and is
# reused while the fragment is unchanged. Progress goes to stderr; stdout gets that
# directory, or on failure one line with the reason (and the exit status is 1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${1:?usage: build-kernel.sh CACHE}
frag=$here/fragment.config
key=$(sha256sum "$frag" | cut -c1-16)
out=$cache/$key
fail() { echo "$*"; echo "linux-baseline: $*" >&2; exit 1; }
# The cross compiler is needed for /init (run.sh) even when the Image is cached.
bash "$here/../install-deps.sh" gcc-riscv64-linux-gnu libc6-dev-riscv64-cross >&2 ||
	fail "cannot install the riscv64-linux-gnu cross compiler"
if [ -f "$out/Image" ] && [ -f "$out/version" ]; then
	echo "linux-baseline: Linux $(cat "$out/version"), cached in $out" >&2
	echo "$out"; exit 0
fi
bash "$here/../install-deps.sh" linux-source-6.1 flex bison bc libelf-dev libssl-dev cpio >&2 || fail "cannot install the packages to build Linux"
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1)
[ -n "$tarball" ] || fail "no /usr/src/linux-source-6.1.tar.* (package linux-source-6.1)"
src=$cache/src-$key log=$cache/build-$key.log
rm -rf "$src" "$out.tmp" && mkdir -p "$src" "$out.tmp" || fail "cannot create $src and $out.tmp"
echo "linux-baseline: building Linux from $tarball (a few minutes); log: $log" >&2
kmake() { make -C "$src" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- "$@" >>"$log" 2>&1; }
{ tar -xf "$tarball" -C "$src" --strip-components=1 &&
	kmake tinyconfig && (cd "$src" && ARCH=riscv scripts/kconfig/merge_config.sh -m .config "$frag") >>"$log" 2>&1 &&
	kmake olddefconfig && kmake -j2 Image; } >>"$log" 2>&1 || { tail -20 "$log" >&2; fail "kernel build failed (see $log)"; }
# Every option of the fragment, set or "is not set", must have survived olddefconfig.
missing=$(grep -E '^CONFIG_|^# CONFIG_[A-Za-z0-9_]+ is not set$' "$frag" | while read -r l; do
	grep -qxF "$l" "$src/.config" || { l=${l#\# }; echo "${l%%[= ]*}"; }; done)
[ -z "$missing" ] || fail "fragment options not set in .config: $(echo $missing)"
cp "$src/arch/riscv/boot/Image" "$src/usr/gen_init_cpio" "$out.tmp/" || fail "build products missing (see $log)"
echo "$(make -s -C "$src" kernelversion) (Debian linux-source-6.1 $(dpkg-query -W -f='${Version}' linux-source-6.1))" > "$out.tmp/version"
rm -rf "$out" && mv "$out.tmp" "$out" && rm -rf "$src"
echo "linux-baseline: Linux $(cat "$out/version") built into $out" >&2
echo "$out"
