/* bench_sys_linux.h - the benchmark layer for Linux (see bench_sys.h), where the program
 * is /init: it powers the machine off when done. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "spin.h"

#define SYS_HAS_IPC 0
#define SYS_HAS_RING 0
/* The first boot has the benchmark file in the initramfs, always in the page cache; the
 * second (scripts/bench.sh) has our system's ext2 disk too, for the disk row. */
#define SYS_HAS_DISK 1
#define SYS_HAS_LOCAL_IPC 0
#define SYS_HAS_LOCKSTAT 0    /* (the lock rows are of our kernel's one lock) */
static int sys_lock_counts(uint64_t *held, uint64_t *holds)
{
	(void)held, (void)holds;
	return -1;
}
#define SYS_HAS_SMP 0         /* the rows at several harts are smp.c's, a program of their own */
#define SYS_HAS_LINUX_ABI 1   /* the "Linux ..." rows: Linux's calls by number (ops.c) */

/* getppid, with the same inline ecall our side uses (glibc's syscall() would add its
 * wrapper's instructions to the count). */
static inline long sys_null(void)
{
	register long a0 __asm__("a0");
	register long a7 __asm__("a7") = SYS_getppid;
	__asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
	return a0;
}

/* Linux system call nr with four arguments, the same inline ecall (what glibc's syscall()
 * would do without its wrapper); the result or -errno. */
static inline long sys_linux_call(long nr, long x0, long x1, long x2, long x3, long x4)
{
	register long a0 __asm__("a0") = x0;
	register long a1 __asm__("a1") = x1;
	register long a2 __asm__("a2") = x2;
	register long a3 __asm__("a3") = x3;
	register long a4 __asm__("a4") = x4;
	register long a7 __asm__("a7") = nr;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7) : "memory");
	return a0;
}

/* The disk boot, when scripts/bench.sh attaches our system's ext2 disk (virtio-blk): mount it
 * read-only (no atime writes) on /disk and make that the root, so that ops.c finds
 * DISK_MARKER and FILE_PATH where ours has them. The device node comes from a devtmpfs of
 * its own on /disk-dev (/dev stays the initramfs's). 0 if the disk is the root now, -1
 * without a disk (the first boot). */
static int sys_disk_root(void)
{
	mkdir("/disk-dev", 0755);
	mkdir("/disk", 0755);
	if (mount("devtmpfs", "/disk-dev", "devtmpfs", 0, 0) < 0 ||
	    mount("/disk-dev/vda", "/disk", "ext2", MS_RDONLY, 0) < 0)
		return -1;
	return chroot("/disk") || chdir("/") ? -1 : 0;
}

/* Drop the file's pages from the page cache (they are clean and no longer mapped), and only
 * those: the file system's metadata stays cached, as ours keeps it in its block cache
 * (vm/drop_caches would drop the indirect block and the inode table's block too). 0 on success. */
static int sys_drop_cached(int fd) { return posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED); }

/* The spinner's thread (spin.h): of the lowest priority there is for a thread that runs,
 * SCHED_IDLE, which a waking thread of normal policy always preempts. */
static void *spin_thread(void *arg)
{
	(void)arg;
	struct sched_param none = {0};
	if (sched_setscheduler(0, SCHED_IDLE, &none) < 0)
		return (void *)1;   /* sys_spun() stays 0: disk_main's samples then fail */
	bench_spinner();
}

/* Start spin_thread(); 0 on success. */
static int sys_spin_start(void)
{
	pthread_t t;
	return pthread_create(&t, 0, spin_thread, 0) != 0;
}

/* /tmp as ours has it (servers/fs/tmpfs_vfs.h, as scripts/linux-baseline/prog-init.c
 * mounts it for the differential tests): tmpfs of 16 MiB and 1024 inodes, for the
 * "Linux ..." rows that write a file. A failure shows in those rows. */
static int sys_init(void)
{
	mkdir("/tmp", 01777);
	if (mount("tmpfs", "/tmp", "tmpfs", 0, "size=16m,nr_inodes=1024,mode=1777") < 0)
		printf("bench: cannot mount tmpfs on /tmp: %s\n", strerror(errno));
	return 0;
}

/* The end of main: /init must not return (the kernel would panic), so power off. */
static int sys_done(int status)
{
	fflush(stdout);
	reboot(RB_POWER_OFF);
	perror("bench: reboot");
	return status ? status : 1;
}

static int sys_fini(void) { return sys_done(0); }
