/* vfs.h - what the file service needs of a file system, as a table of functions, so the
 * cpio root (read-only, packed into the kernel image), the ext2 disk and tmpfs are served
 * alike, and the mount table (mounts.c) over them.
 * A node is a file system's own 64-bit name for a file. Errors are negative errno. */
#ifndef FS_VFS_H
#define FS_VFS_H
#include <stddef.h>
#include <stdint.h>

struct vfs_stat {
	uint64_t ino, mode, nlink, size, blocks, uid, gid;
	uint64_t atime, mtime, ctime;   /* nanoseconds since 1970 */
};

/* What setattr changes: mask is FS_SETATTR's (FS_ATTR_* of proto/fs_msgs.h). */
struct vfs_attr {
	uint64_t mask, mode, uid, gid;
	uint64_t atime, mtime;   /* nanoseconds since 1970 */
};

/* What statfs tells of a file system: Linux's f_type, the block size, the counts. */
struct vfs_statfs {
	uint64_t type, bsize, blocks, bfree, bavail, files, ffree, namelen;
};

/* Called by readdir for each entry: return 0 to go on, 1 when the reply is full. */
typedef int (*vfs_emit)(void *arg, uint64_t ino, unsigned type, const char *name, size_t len);

struct vfs_ops {
	const char *name;
	int (*lookup)(void *fs, const char *path, size_t len, uint64_t *node);
	int (*stat)(void *fs, uint64_t node, struct vfs_stat *st);
	long (*read)(void *fs, uint64_t node, uint64_t off, void *buf, size_t len);
	/* From cookie on (0: the start); returns the cookie to continue from, 0 at the end. */
	long (*readdir)(void *fs, uint64_t dir, uint64_t cookie, vfs_emit emit, void *arg);
	/* Changing; all NULL in a read-only file system (EROFS). Paths are as in lookup. */
	long (*write)(void *fs, uint64_t node, uint64_t off, const void *buf, size_t len);
	int (*create)(void *fs, const char *path, size_t len, uint64_t mode, uint64_t *node);
	int (*truncate)(void *fs, uint64_t node, uint64_t size);
	/* Change attributes (the mode's type stays); the change time becomes now. */
	int (*setattr)(void *fs, uint64_t node, const struct vfs_attr *a);
	/* Remove a name; the file itself stays until release() if it is still open. */
	int (*unlink)(void *fs, const char *path, size_t len, uint64_t *node);
	int (*mkdir)(void *fs, const char *path, size_t len, uint64_t mode);
	int (*rmdir)(void *fs, const char *path, size_t len, uint64_t *node);
	/* Move a name, replacing what the new one named (as Linux's rename); *replaced gets
	 * that node (0: none), whose last name went: the file lives on until release(). */
	int (*rename)(void *fs, const char *from, size_t flen, const char *to, size_t tlen,
	              uint64_t *replaced);
	int (*fsync)(void *fs, uint64_t node);
	/* The last descriptor of node closed: free it if it has no name left. */
	int (*release)(void *fs, uint64_t node);
	int (*sync)(void *fs);   /* everything to the device */
	/* The file system holding node (one file system ignores it; the mount table does not). */
	int (*statfs)(void *fs, uint64_t node, struct vfs_statfs *st);
};

extern const struct vfs_ops cpio_vfs;
extern const struct vfs_ops ext2_vfs;
extern const struct vfs_ops tmpfs_vfs;
#endif
