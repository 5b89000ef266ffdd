#!/usr/bin/env bash
# vmfs.sh - the model of the VM <-> FS protocol (servers/vm/vmfs.pml) names exactly the
# messages of the exchange as proto/*.def declares them, spin finds no error in it
# (exhaustive: deadlock, assertions), and spin does find one in each of its broken
# variants, so the check can fail: BROKEN_REUSE (the FS server reuses a mapped cache
# page) and BROKEN_EARLY_UNLOCK (a page-in worker lets fs_big go before the VM server
# has taken the cached page it lends).
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

NAME=vmfs
. scripts/spin-lib.sh
spin_names_defined "$EXCHANGE" $DEFS
defined=$(sed -n 's/^MSG(\([A-Z0-9_]*\),.*/\1/p' $DEFS | sorted)
# the messages between the two servers, as the .def files mark them: vm.def's VM_FS_*,
# and fs.def's requests only the VM server makes (the rest are any task's)
linked=$( (echo "$defined" | grep '^VM_FS_'; grep -B1 -i 'from the VM server' lib/include/proto/fs.def |
	sed -n 's/^MSG(\([A-Z0-9_]*\),.*/\1/p'; sed -n '/From the VM server only/,$p' lib/include/proto/fs.def |
	sed -n 's/^MSG(\([A-Z0-9_]*\),.*/\1/p') | sorted)
unlisted=$(comm -23 <(echo "$linked") <(echo "$EXCHANGE $LEFT_OUT" | sorted))
[ -z "$unlisted" ] && echo "ok - vmfs_every_link_message_judged" ||
	echo "not ok - vmfs_every_link_message_judged: model or list as left out: $(echo $unlisted)"

spin_check BROKEN_REUSE -DCOLLAPSE
spin_broken BROKEN_EARLY_UNLOCK -DCOLLAPSE
