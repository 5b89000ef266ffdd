#!/usr/bin/env bash
# fuzz-seeds.sh - write the seed corpora of the libFuzzer harnesses (tests/fuzz/corpus/
# NAME/seed-*): QEMU virt's device tree and the tests' board trees, two small ext2 images
# and a newc archive of one staging tree, the first page of small
# riscv64 programs (elf), and hand-made inputs of the other harnesses in their encodings (see each fuzz_NAME.c). Run from the repository root; the files are
# committed, so this is only needed to change them. The corpus' other files (crash-*)
# are inputs that once crashed a harness, kept as regression tests.
set -euo pipefail
C=tests/fuzz/corpus
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p $C/{fdt,ext2,cpio,proto,procfs,tmpfs,initstack,elf}

# fdt: QEMU's own tree (repacked: QEMU pads it to 1 MiB) and the host tests' fixtures.
qemu-system-riscv64 -M virt,dumpdtb=$T/virt.dtb -m 256M -smp 2 -display none 2>/dev/null
dtc -q -I dtb -O dtb -o $C/fdt/seed-qemu-virt.dtb $T/virt.dtb
for f in tests/host/fixtures/*.dts; do
	dtc -q -I dts -O dtb -o $C/fdt/seed-$(basename "$f" .dts).dtb "$f"
done

# One staging tree: a file with a second (hard) link, an empty file, a file of several
# blocks, a fast and a slow symlink, nested directories.
S=$T/stage
mkdir -p $S/dir/sub
echo hello > $S/file
ln $S/file $S/dir/hard
: > $S/empty
seq 1 800 > $S/dir/big
ln -s file $S/link
ln -s /dir/sub/../../$(printf 'x%.0s' $(seq 70)) $S/dir/longlink
find $S -exec touch -h -d @1700000000 {} +   # fixed times (ctimes, inode numbers and
# QEMU's rng-seed still differ from run to run)
# ext2 images with 1 KiB and 2 KiB blocks, their trailing zeros cut (the harness pads).
for cfg in "1024 24 64" "2048 32 128"; do
	set -- $cfg
	E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -F -t ext2 -b "$1" -N "$2" -m 0 \
		-U 00000000-0000-0000-0000-000000000001 \
		-E root_owner=0:0,hash_seed=00000000-0000-0000-0000-000000000002 -d $S $T/img "$3" 2>/dev/null
	python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); n=(len(d.rstrip(b"\0"))+1023)//1024*1024; open(sys.argv[2],"wb").write(d[:n])' \
		$T/img $C/ext2/seed-mke2fs-$(($1 / 1024))k
	rm -f $T/img
done
# cpio: the tree with "./" names, as find(1) gives them, and without.
(cd $S && find . | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0) > $C/cpio/seed-tree.cpio
(cd $S && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0) > $C/cpio/seed-tree-noprefix.cpio

python3 - "$C" <<'PY'
import re, struct, sys
C = sys.argv[1] + '/'
labels = {}
for f in ['vm', 'fs', 'fault', 'kv']:
    for m in re.finditer(r'^MSG\((\w+),\s*\w+,\s*(0x[0-9A-Fa-f]+|\d+)',
                         open('lib/include/proto/%s.def' % f).read(), re.M):
        labels[m.group(1)] = int(m.group(2), 0)
def tag(label, nbytes, nwords):
    return label << 20 | nbytes << 4 | nwords
# proto: tag, 8 request words, the handler's status, 8 reply words, a buffer size.
def msg(name, t, w, status=0, rep=(), n=64):
    w = [x % 2**64 for x in w] + [0] * (8 - len(w))
    rep = list(rep) + [0] * (8 - len(rep))
    open(C + 'proto/seed-' + name, 'wb').write(struct.pack('<Q8Qq8QB', t, *w, status, *rep, n))
msg('vm_spawn', tag(labels['VM_SPAWN'], 9, 5), [2, -1, -1, -1, 4], 0, [256], 60)
msg('kv_put_enospc', tag(labels['KV_PUT'], 0, 2), [1, 2], -28, [], 20)
msg('fs_wrong_words', tag(labels['FS_OPEN'], 0, 7), range(7), 0, [], 8)
msg('unknown_label', tag(0x7777, 3, 8), range(8), 0, [], 255)
msg('no_reply', tag(labels['VM_STAT'], 0, 0), [], -0x7fffffff, [], 0)
# procfs: the path below /proc, NUL, then the figures of the texts.
for name, p in [('self_status', '/self/status'), ('pid_maps', '/123/maps'),
                ('mounts', '/mounts'), ('root', '/'), ('self_exe_below', '/self/exe/x'),
                ('file_below', '/meminfo/x')]:
    open(C + 'procfs/seed-' + name, 'wb').write(p.encode() + b'\0' + bytes(range(1, 200)))
# tmpfs: operations (fuzz_tmpfs.c op()); a path is its length and one byte per
# character of "a/b/c/d.".
def path(s):
    return bytes([len(s)] + ["a/b/c/d.".index(c) for c in s])
ops = b''.join([
    bytes([0]) + path('a') + bytes([0o644 & 0xff]),             # create a
    bytes([1]) + path('b'),                              # mkdir b
    bytes([0]) + path('b/c') + bytes([0o600 & 0xff]),           # create b/c
    bytes([6]) + path('b/c') + b'\x00\x10' + b'\x20\x00', # write 8 KiB at 16
    bytes([7]) + path('b/c') + b'\x00\x00' + b'\x10\x00', # read
    bytes([8]) + path('b/c') + b'\x00\x05',              # truncate
    bytes([10, 3, 1, 0]),                                # readdir of the root
    bytes([12]) + path('b'),                             # mount at b
    bytes([13]) + path('b/c'),                           # resolve b/c
    bytes([4]) + path('b/c') + path('a'),                # rename b/c over a
    bytes([0x15, 1]),                                    # release node 1 (the root)
    bytes([2]) + path('a'),                              # unlink a
    bytes([3]) + path('b'),                              # rmdir b
    bytes([15]),                                         # statfs
])
open(C + 'tmpfs/seed-ops', 'wb').write(ops)
open(C + 'tmpfs/seed-long-name', 'wb').write(bytes([1]) + path('a') + bytes([0, 0xff, 0xf, 0, 0xfe, 0]))
# initstack: size, argc, envc, naux, execfn length (255: none), 16 random bytes, 25 auxv
# pairs, execfn, the strings.
def initstack(name, size, argc, envc, naux, fn, strings):
    aux = struct.pack('<50Q', *[x for i in range(25) for x in (100 + i, i)])
    h = struct.pack('<HBBBB16s', size, argc, envc, naux, 255 if fn is None else len(fn), bytes(range(16)))
    open(C + 'initstack/seed-' + name, 'wb').write(h + aux + (fn or b'') + strings)
initstack('linux', 4096, 2, 1, 16, b'/bin/prog', b'prog\0arg\0PATH=/bin\0')
initstack('native', 4096, 1, 0, 0, None, b'init\0')
initstack('tight', 160, 1, 1, 3, b'/x', b'a\0b\0')
PY

# elf: the file's size (8 bytes) and its first page, of the programs tests/disk/exec_bad.sh
# builds: static, static-pie, .bss in the last .data page, dynamic (refused), and the
# static one marked native (EI_OSABI 255).
echo 'int main(void) { return 7; }' > $T/seven.c
riscv64-linux-gnu-gcc -static -O2 -o $T/static $T/seven.c
riscv64-linux-gnu-gcc -O2 -o $T/dynamic $T/seven.c
riscv64-linux-gnu-gcc -static-pie -nostdlib -fPIE -O2 -Wl,--no-dynamic-linker -o $T/static_pie tests/disk/elf/static_pie.c
riscv64-linux-gnu-gcc -static -nostdlib -O2 -o $T/bss_tail tests/disk/elf/bss_tail.c
python3 - "$C/elf" $T <<'PY'
import os, struct, sys
out, t = sys.argv[1], sys.argv[2]
for name in ['static', 'dynamic', 'static_pie', 'bss_tail', 'native']:
    d = bytearray(open(os.path.join(t, 'static' if name == 'native' else name), 'rb').read())
    if name == 'native':
        d[7] = 255
    open(os.path.join(out, 'seed-' + name), 'wb').write(struct.pack('<Q', len(d)) + bytes(d[:4096]))
PY

# lxargs: struct clone_args' 11 words: glibc's pthread_create, fork, vfork.
python3 - "$C/lxargs" <<'PY'
import os, struct, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
thread = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x80000 | 0x100000 | 0x200000
for name, w in [('pthread_create', [thread, 0, 0x3fff000f90, 0x3fff000f90, 0, 0x3ffe800000, 0x800000, 0x3fff001700, 0, 0, 0]),
                ('fork', [0x1000000 | 0x200000, 0, 0x2000, 0, 17, 0, 0, 0, 0, 0, 0]),
                ('vfork', [0x100 | 0x4000, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0])]:
    open(os.path.join(out, 'seed-' + name), 'wb').write(struct.pack('<11Q', *w))
PY
