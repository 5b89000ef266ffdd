#!/usr/bin/env bash
# shared_futex.sh - the model of the futexes without FUTEX_PRIVATE_FLAG
# (servers/vm/shared_futex.pml) names exactly the messages the waiters and wakers send
# the VM server as vm.def declares them, spin finds no error in it (exhaustive: no lost
# wake, no waiter left queued or with a stale bit), and spin does find one in its broken
# variant (BROKEN_NO_RECHECK: the VM server queues without checking the word), so the
# check can fail.
set -u
MODEL=servers/vm/shared_futex.pml
NAME=shared_futex
. scripts/spin-lib.sh
spin_names_defined "VM_FUTEX_WAIT VM_FUTEX_WAKE VM_FUTEX_CANCEL" lib/include/proto/vm.def
spin_check BROKEN_NO_RECHECK ""
