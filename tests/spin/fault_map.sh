#!/usr/bin/env bash
# fault_map.sh - the model of a first touch mapped by the fault's reply
# (servers/vm/fault_map.pml, FAULT_REPLY_MAP): spin finds no error in it (exhaustive: no
# page table entry maps a freed frame, no frame leaks), and does find one in its broken
# variant (BROKEN_NO_GEN: the kernel maps without comparing the address space's gen
# with the fault's), so the check can fail.
set -u
MODEL=servers/vm/fault_map.pml
NAME=fault_map
. scripts/spin-lib.sh
spin_check BROKEN_NO_GEN ""
