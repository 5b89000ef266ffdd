# insn_trace.py - gdb's Python side of scripts/insn-trace.sh: single-step QEMU from a
# user instruction until the same address space is back at the instruction after it,
# and count the instructions retired per function of the kernel, the servers and the
# program (which task ran them is read off satp and the kernel's task table).
import bisect
import collections
import os
import subprocess

import gdb


def value(expr):
    return int(gdb.parse_and_eval(expr)) & 0xffffffffffffffff   # ($satp reads as signed)


def physical(va):
    """va's physical address through the Sv39 tables satp names (None if unmapped)."""
    gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
    try:
        table = (value("$satp") & ((1 << 44) - 1)) << 12
        for level in (2, 1, 0):
            pte = value("*(unsigned long *)%#x" % (table + ((va >> (12 + 9 * level)) & 0x1ff) * 8))
            if not pte & 1:
                return None
            if pte & 0xe:   # a leaf (a superpage above level 0)
                return ((pte >> 10) << 12) + (va & ((1 << (12 + 9 * level)) - 1))
            table = (pte >> 10) << 12
        return None
    finally:
        gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)


def word(addr):
    """The instruction word at addr: through gdb's reading of virtual memory, or, for a
    page gdb cannot read (execute-only: the Linux personality's code), the physical one;
    None where nothing is mapped (fetching it faults)."""
    try:
        return value("*(unsigned int *)%#x" % addr) & 0xffffffff
    except gdb.MemoryError:
        pa = physical(addr)
        if pa is None:
            return None
        gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
        try:
            return value("*(unsigned int *)%#x" % pa) & 0xffffffff
        finally:
            gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)


def symbols(elf):
    """Sorted (addresses, names) of the text symbols of elf."""
    out = subprocess.run(["riscv64-unknown-elf-nm", "-n", elf], capture_output=True, text=True).stdout
    addrs, names = [], []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW":
            addrs.append(int(f[0], 16))
            names.append(f[2])
    return addrs, names


def task_of_satp():
    """satp -> task name, from the kernel's tasks[] (struct aspace keeps its satp)."""
    names = {}
    for i in range(value("sizeof(tasks) / sizeof(tasks[0])")):
        if value("tasks[%d].used" % i):
            names[value("tasks[%d].as.satp" % i)] = gdb.parse_and_eval("tasks[%d].name" % i).string()
    return names


def go_to(pc, satp=None):
    """Continue to pc (in the address space satp, if given): a breakpoint on a user
    address stops in every task that runs that address."""
    gdb.execute("break *%#x" % pc, to_string=True)
    while True:
        gdb.execute("continue", to_string=True)
        if satp is None or value("$satp") == satp:
            break
    gdb.execute("delete", to_string=True)


def run(build, addr, skip=0, sig=None, stop=None, limit=int(os.environ.get("INSN_TRACE_LIMIT", 200000))):
    """Trace the (skip+1)-th time addr runs (sig: (address, word) that must hold there,
    to tell the program from other tasks at the same address); stop: the address where
    the traced operation is over (default addr + 4)."""
    gdb.execute("break *%#x" % addr, to_string=True)
    n = 0
    while n <= skip:
        gdb.execute("continue", to_string=True)
        if sig is None or word(sig[0]) == sig[1]:
            n += 1
    gdb.execute("delete", to_string=True)
    satp, stop = value("$satp"), stop or addr + 4
    pcs = [(addr, satp)]
    go_to(value("&trap_entry"))   # the ecall (or the faulting access) traps
    tasks = task_of_satp()        # (read in S-mode: gdb reads through the current map)
    while len(pcs) < limit:
        pc, now = value("$pc"), value("$satp")
        if pc == stop and now == satp:
            break
        pcs.append((pc, now))
        insn = word(pc)
        # QEMU's single step does not stop at the other side of a trap or an sret.
        if insn == 0x10200073:                       # sret
            go_to(value("$sepc"), now)
        elif insn == 0x00000073:                     # ecall
            go_to(value("&trap_entry"))
        elif insn is None:                           # a fetch that faults: not retired
            pcs.pop()
            go_to(value("&trap_entry"))
        else:
            gdb.execute("stepi", to_string=True)
    elfs = {}

    def table_of(who):
        """The symbols of the task named who: a server's, the Linux personality's
        ("lx", BUILD/linux/personality.elf), a helper program's of BUILD/user, else the
        program INSN_TRACE_PROG names (a Linux program), else the booted program's
        (init's place)."""
        if who not in elfs:
            path = {"kernel": "/kernel.elf", "vm": "/servers/vm.elf", "fs": "/servers/fs.elf",
                    "lx": "/linux/personality.elf"}.get(who)
            if path:
                path = build + path
            elif os.path.exists("%s/user/%s.elf" % (build, who)):
                path = "%s/user/%s.elf" % (build, who)
            else:
                path = os.environ.get("INSN_TRACE_PROG") or build + "/user/prog.elf"
            elfs[who] = symbols(path)
        return elfs[who]

    lx = os.path.exists(build + "/linux/personality.elf") and table_of("lx")[0]
    counts = collections.Counter()
    for pc, s in pcs:
        who = "kernel" if pc >= 0xffffffff80000000 else tasks.get(s, "?")
        if lx and who != "kernel" and lx[0] <= pc <= lx[-1] + 0x1000:
            who = "lx"   # (the personality, in the Linux program's address space)
        table = table_of(who)
        i = bisect.bisect_right(table[0], pc) - 1
        counts["%s:%s" % (who, table[1][i] if i >= 0 else "?")] += 1
    print("insn-trace: %d instructions" % len(pcs))
    for name, c in counts.most_common():
        print("%7d  %s" % (c, name))
