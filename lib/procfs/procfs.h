/* procfs.h - Linux's /proc without the hardware: which node a path names, what a
 * directory lists, and the text of each file in Linux 6.1's exact layout, made from the
 * figures the VM server gives (proto/vm_msgs.h). Pure: no system calls, built for the
 * personality (lib/linux/lx_procfs.c) and for the host tests (tests/host/test_procfs.c).
 * Every text is written into a caller's buffer of size n, truncated to fit (NUL-
 * terminated when n > 0); the functions return the length the whole text has, so a
 * caller sees when its buffer was too small. */
#ifndef PROCFS_PROCFS_H
#define PROCFS_PROCFS_H
#include <stddef.h>
#include <stdint.h>
#include "proto/vm_msgs.h"

/* What a node is. A link's target is the caller's to make (procfs_link). */
enum procfs_kind {
	PFS_NONE,
	PFS_ROOT,        /* /proc */
	PFS_SELF,        /* /proc/self: a link to the caller's pid */
	PFS_MOUNTS_LINK, /* /proc/mounts: a link to self/mounts */
	PFS_MEMINFO, PFS_UPTIME, PFS_LOADAVG, PFS_CPUINFO, PFS_SYSSTAT,   /* the system's files */
	PFS_PID,         /* /proc/PID */
	PFS_STATUS, PFS_STAT, PFS_STATM, PFS_CMDLINE, PFS_MAPS, PFS_MOUNTS,   /* its files */
	PFS_EXE, PFS_CWD,   /* its links */
	PFS_NKINDS
};

struct procfs_node {
	uint8_t kind;    /* PFS_* */
	int64_t pid;     /* the process of a PFS_PID node or below it; else 0 */
};

/* Is the absolute, normalised path in /proc ("/proc" or below)? */
int procfs_is_proc(const char *path);
/* The node path names (absolute, normalised, in /proc): 0, or -2 (ENOENT) for no such
 * name, -20 (ENOTDIR) for a name below a file. self is the caller's pid: "self" and
 * "mounts" are links, followed when they are not the last component, or when follow. */
int procfs_lookup(const char *path, int64_t self, int follow, struct procfs_node *n);
/* Linux's st_mode of a node (S_IFDIR 0555, S_IFREG 0444, S_IFLNK 0777), and an inode
 * number for it, unique among /proc's nodes, never 0. */
uint32_t procfs_mode(uint8_t kind);
uint64_t procfs_ino(const struct procfs_node *n);
static inline int procfs_is_dir(uint8_t kind) { return kind == PFS_ROOT || kind == PFS_PID; }
static inline int procfs_is_link(uint8_t kind)
{
	return kind == PFS_SELF || kind == PFS_MOUNTS_LINK || kind == PFS_EXE || kind == PFS_CWD;
}
/* The i-th fixed entry of directory kind dir (PFS_ROOT, PFS_PID), "." and ".." not
 * counted: its name and kind; 0 past the last. (The root then lists the pids.) */
int procfs_entry(uint8_t dir, size_t i, const char **name, uint8_t *kind);
/* Linux's d_type for a node's kind (DT_DIR 4, DT_REG 8, DT_LNK 10). */
uint8_t procfs_dtype(uint8_t kind);

/* ---- the files' text (procfs_text.c) ---- */
/* /proc/PID/status: umask (0 to 0777) is the process's own when it is the caller's,
 * else -1 (no Umask line, as Linux for a task it cannot read it of). */
size_t procfs_status(char *buf, size_t n, const struct vm_procinfo *i, int umask);
/* /proc/PID/stat's 52 fields, in Linux's order; times in clock ticks (USER_HZ 100). */
size_t procfs_stat(char *buf, size_t n, const struct vm_procinfo *i);
/* /proc/PID/statm (pages). */
size_t procfs_statm(char *buf, size_t n, const struct vm_procinfo *i);
/* /proc/meminfo from VM_MEMINFO's answer (pages of 4 KiB). */
size_t procfs_meminfo(char *buf, size_t n, const struct vm_meminfo_rep *m);
/* /proc/uptime: since boot and idle, nanoseconds. */
size_t procfs_uptime(char *buf, size_t n, uint64_t up_ns, uint64_t idle_ns);
/* /proc/loadavg: no load kept, so 0.00 three times; running, all threads, last pid. */
size_t procfs_loadavg(char *buf, size_t n, uint64_t running, uint64_t threads, int64_t last_pid);
/* /proc/stat: nharts cpu lines (and their sum) in USER_HZ ticks, of which only idle is
 * not 0 (up_ns: no task's times are kept, so all of the time is shown idle), no
 * interrupts or switches counted, btime 0 (no wall clock), processes: forks since boot
 * (the last pid given), running. */
size_t procfs_sysstat(char *buf, size_t n, unsigned nharts, uint64_t up_ns, int64_t last_pid, uint64_t running);
/* /proc/cpuinfo of RISC-V: each of nharts harts with its isa and mmu strings. */
size_t procfs_cpuinfo(char *buf, size_t n, unsigned nharts, const char *isa, const char *mmu);
/* One line of /proc/mounts (Linux's show_vfsmnt): device, mount point, type, options. */
size_t procfs_mount_line(char *buf, size_t n, const char *dev, const char *dir, const char *type,
                         const char *opts);
/* One line of /proc/PID/maps (show_map_vma) for mapping e: the file's device dev
 * (major << 8 | minor) and its name (NULL: none, as for a file mapping whose path is not
 * known: only the program's is); heap, stack and the personality's pages ([vdso],
 * Linux's nearest) by kind. */
size_t procfs_maps_line(char *buf, size_t n, const struct vm_procmap *e, uint32_t dev, const char *name);
#endif
