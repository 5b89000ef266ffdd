#!/usr/bin/env python3
"""sifive_drive.py KERNEL LOG - boot the default system on QEMU's sifive_u machine with 5
harts (a SiFive UART, hart 0 an E51 without an MMU, OpenSBI booting on another hart, a
1 MHz timer: a VisionFive-2-shaped board) and type into its shell: the kernel runs on
the four harts with an MMU, the FS server takes the input from the SiFive UART by
interrupt, the shell runs what was typed, and its exit status reaches init. sifive_u has
no device to power QEMU off with: no test finisher, and the system reset (SRST) its
OpenSBI offers never ends QEMU, so QEMU is stopped here once the kernel says it powers
off. Prints "ok - console: ..." lines; the console goes to LOG."""
import re, sys
from qemu_serial import Console, report

kernel, logname = sys.argv[1], sys.argv[2]
con = Console(kernel, extra=("-smp", "5"), machine="sifive_u")
pos = con.wait_for(b"init: type commands", 0, 90)
boot = re.search(rb"microkernel, hart (\d+),", con.out)
report(boot is not None and boot.group(1) != b"0" and con.wait_for(b"kernel: 4 harts running") >= 0,
       "sifive_u: booted on hart %s, the kernel runs on the 4 harts with an MMU" %
       (boot.group(1).decode() if boot else "?"))
report(con.wait_for(b"fs: console: input from the UART, by interrupt") >= 0,
       "sifive_u: the FS server takes input from the SiFive UART by interrupt")
pos = con.wait_for(b"/ # ", max(pos, 0), 30)
con.send(b"echo typed $((40 + 2)) on sifive_u\r", True)
report(con.wait_for(b"typed 42 on sifive_u", max(pos, 0), 30) >= 0, "sifive_u: a command typed runs")
con.send(b"nproc\r", True)
report(con.wait_for(b"\n4\r", max(pos, 0), 30) >= 0, "sifive_u: nproc says 4")
con.send(b"exit 6\r", True)
report(con.wait_for(b"init: /bin/sh exited with status 6", max(pos, 0), 30) >= 0,
       "sifive_u: exit 6 ends the shell, and init with its status")
report(con.wait_for(b"kernel: powering off (status 6)", max(pos, 0), 30) >= 0,
       "sifive_u: the kernel powers off with init's status")
print("# sifive_u: QEMU's sifive_u has no test finisher and its SBI reset does not end QEMU: "
      "the test stops QEMU")
con.proc.kill()
con.finish(logname)
