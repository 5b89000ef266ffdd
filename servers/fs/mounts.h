/* mounts.h - the FS server's mount table: the root file system and those mounted on its
 * paths, served together by mounts_vfs, one vfs table over all of them (a node carries
 * its mount, lib/mount's mt_node). */
#ifndef FS_MOUNTS_H
#define FS_MOUNTS_H
#include "vfs.h"

/* Mount fs (ops) at path (absolute, without slashes at either end; "" is the root, first):
 * 0 or -errno (EBUSY: something is mounted there; ENOMEM: the table is full). */
int mounts_add(const char *path, const struct vfs_ops *ops, void *fs);
/* Can node's file system be written? */
int mounts_writable(uint64_t node);

extern const struct vfs_ops mounts_vfs;
#endif
