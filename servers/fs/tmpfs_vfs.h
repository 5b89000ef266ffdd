/* tmpfs_vfs.h - the FS server's tmpfs instances (tmpfs_vfs.c), served by tmpfs_vfs
 * (vfs.h).
 *
 * Each instance is bounded to 16 MiB of file data, as `mount -t tmpfs -o size=16m`: the
 * page cache, in which tmpfs files are read and mapped like any other, holds 4 MiB, and
 * RAM is 256 MiB on QEMU virt, so two full instances (/tmp and /dev/shm) take an eighth
 * of it (more while cached pages double them), leaving programs most of it. Nodes: 1024
 * an instance (Linux's nr_inodes=1024). */
#ifndef FS_TMPFS_VFS_H
#define FS_TMPFS_VFS_H

#define TMPFS_VFS_MAX    2
#define TMPFS_VFS_PAGES  4096   /* 16 MiB */
#define TMPFS_VFS_NODES  1024
/* Pages the instances may need from tmpfs_mem.c: their data, and index pages (an index
 * and one leaf for each file of up to 2 MiB, a leaf more for each 2 MiB beyond). */
#define TMPFS_VFS_MEM_PAGES (TMPFS_VFS_MAX * (TMPFS_VFS_PAGES + 2 * TMPFS_VFS_NODES + 8))

/* A new empty instance (its root mode 01777), or NULL if there are TMPFS_VFS_MAX. */
void *tmpfs_vfs_mount(void);
#endif
