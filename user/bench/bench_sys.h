/* bench_sys.h - picks the per-system layer under ops.c. Each layer provides:
 *   SYS_HAS_IPC                1 if the system has IPC between address spaces;
 *   SYS_HAS_DISK               1 if the system boots a second time with the benchmark file
 *                              on a disk, for the disk row (else it is "-"); then also
 *   sys_disk_root()            0 if this is that boot and the disk is the root now;
 *   sys_drop_cached(fd)        drop the file's pages from the page cache (0 on success);
 *   sys_spin_start(), sys_spun()  a spinning thread for the disk waits, and the
 *                              instructions it has run so far (spin.h);
 *   sys_init(), sys_fini()     set up (0 on success) and finish (main's return value);
 *   sys_done(status)           main's return value when it ends without sys_init();
 *   sys_null()                 the cheapest system call there is;
 *   sys_ipc_msg, sys_ipc_call(&m, nwords, nbytes)  one IPC round trip (if SYS_HAS_IPC);
 *   sys_ring_call(batch)       batch requests through a shared ring (if SYS_HAS_RING);
 *   SYS_HAS_SMP                1 if this build also boots at several harts for the native
 *                              row there (ops.c's smp_main); then also sys_harts(): how
 *                              many harts run, and with more than one this thread pinned
 *                              to hart 0 (the local echo thread pins itself to hart 1);
 *   SYS_HAS_LINUX_ABI          1 in the Linux build, which has the "Linux ..." rows; then also
 *   sys_linux_call(nr, a0, a1, a2, a3, a4)  Linux system call nr by an inline ecall. */
#ifndef BENCH_SYS_H
#define BENCH_SYS_H
#ifdef __linux__
#include "bench_sys_linux.h"
#else
#include "bench_sys_ours.h"
#endif
#endif
