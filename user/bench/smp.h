/* smp.h - what the rows measured at several harts share between ops.c (our native build:
 * the kernel IPC row) and smp.c (the Linux program of the "Linux ..." rows at several
 * harts). scripts/bench.sh boots both at SMP_HARTS harts (QEMU -smp 4). */
#ifndef BENCH_SMP_H
#define BENCH_SMP_H

#define SMP_HARTS 4
/* The native row: ops.c measures it on our system; smp.c prints it as "-" on Linux. */
#define SMP_IPC_ROW "IPC call+reply, same address space, 0 words, client hart 0, server hart 1"
#endif
