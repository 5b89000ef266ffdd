#!/usr/bin/env bash
# Boot paths 1 and 2: kernel.bin as QEMU's -kernel, started in S-mode by OpenSBI fw_dynamic,
# either QEMU's built-in copy (-bios default) or Debian's (package opensbi).
. scripts/boot-lib.sh
require "$B/kernel.bin" "$OPENSBI_DYNAMIC"

boot bios-default 20 -bios default -kernel "$B/kernel.bin"
expect_init "QEMU's OpenSBI (-bios default) boots kernel.bin" 80200000

boot opensbi-debian 20 -bios "$OPENSBI_DYNAMIC" -kernel "$B/kernel.bin"
expect_init "Debian's OpenSBI fw_dynamic boots kernel.bin" 80200000
finish
