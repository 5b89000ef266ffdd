#!/usr/bin/env bash
# vmfs.sh - the model of the VM <-> FS protocol (servers/vm/vmfs.pml) names exactly the
# messages of the exchange as proto/*.def declares them, spin finds no error in it
# (exhaustive: deadlock, assertions), and spin does find one in its broken variant
# (BROKEN_REUSE: the FS server reuses a mapped cache page), so the check can fail.
set -u
BUILD=${BUILD:-build}
MODEL=servers/vm/vmfs.pml
DEFS="lib/include/proto/fs.def lib/include/proto/vm.def"

# The exchange: what the VM server posts to the FS server for file mappings and the
# power-off (fs.def) and the FS server's calls back (vm.def). Left out, with the reason:
#   FS_FORK (a child's descriptors), FS_INTR (a signal for a poll): they go over the same
#   link but touch no page; VM_FS_READY: the start-up handshake, before any of it.
EXCHANGE="FS_MAP_FD FS_PAGE_IN FS_WRITEBACK FS_FILE_PUT FS_SYNC FS_CLIENT_GONE
          VM_FS_PAGE VM_FS_DONE VM_FS_PAGE_USERS VM_FS_UNMAP"
LEFT_OUT="FS_FORK FS_INTR VM_FS_READY"

sorted() { tr ' \t' '\n\n' | grep -v '^$' | sort -u; }
defined=$(sed -n 's/^MSG(\([A-Z0-9_]*\),.*/\1/p' $DEFS | sorted)
# mtype = { ... } of the model, which may span lines
modelled=$(sed -n '/^mtype *= *{/,/}/p' "$MODEL" | sed 's/mtype *= *{//; s/}.*//' | tr ',' ' ' | sorted)
# the messages between the two servers, as the .def files mark them: vm.def's VM_FS_*,
# and fs.def's requests only the VM server makes (the rest are any task's)
linked=$( (echo "$defined" | grep '^VM_FS_'; grep -B1 -i 'from the VM server' lib/include/proto/fs.def |
	sed -n 's/^MSG(\([A-Z0-9_]*\),.*/\1/p'; sed -n '/From the VM server only/,$p' lib/include/proto/fs.def |
	sed -n 's/^MSG(\([A-Z0-9_]*\),.*/\1/p') | sorted)

missing=$(comm -23 <(echo "$EXCHANGE" | sorted) <(echo "$defined"))
[ -z "$missing" ] && echo "ok - vmfs_exchange_in_defs" ||
	echo "not ok - vmfs_exchange_in_defs: not in proto/*.def: $(echo $missing)"
diff=$(diff <(echo "$EXCHANGE" | sorted) <(echo "$modelled") | sed -n 's/^\([<>]\) /\1/p')
[ -z "$diff" ] && echo "ok - vmfs_model_names_exchange" ||
	echo "not ok - vmfs_model_names_exchange: < only in the exchange, > only in the model: $(echo $diff)"
unlisted=$(comm -23 <(echo "$linked") <(echo "$EXCHANGE $LEFT_OUT" | sorted))
[ -z "$unlisted" ] && echo "ok - vmfs_every_link_message_judged" ||
	echo "not ok - vmfs_every_link_message_judged: model or list as left out: $(echo $unlisted)"

if ! command -v spin > /dev/null; then
	echo "not ok - vmfs_spin: spin is not installed (make deps)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# verify NAME SPINFLAGS: run spin's exhaustive safety check; prints pan's output.
verify() {
	local dir=$work/$1
	mkdir -p "$dir" && cp "$MODEL" "$dir/" && cd "$dir" &&
		spin $2 -a vmfs.pml > spin.log 2>&1 && cc -O2 -DSAFETY -DCOLLAPSE -o pan pan.c &&
		./pan -m100000 2>&1
}
out=$(verify good "") ; rc=$?
states=$(echo "$out" | sed -n 's/^ *\([0-9]*\) states, stored.*/\1/p')
if [ $rc -eq 0 ] && echo "$out" | grep -q 'errors: 0' && ! echo "$out" | grep -q 'Search not completed'; then
	echo "ok - vmfs_model_verified ($states states, $(echo "$out" | sed -n 's/^pan: elapsed time //p'))"
else
	echo "not ok - vmfs_model_verified: $(echo "$out" | grep -E '^pan:|errors:' | head -3 | tr '\n' ' ')"
fi
out=$(verify broken "-DBROKEN_REUSE"); rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q 'errors: [1-9]'; then
	echo "ok - vmfs_broken_variant_rejected: $(echo "$out" | grep -m1 '^pan:1:')"
else
	echo "not ok - vmfs_broken_variant_rejected: spin found no error in BROKEN_REUSE"
fi
