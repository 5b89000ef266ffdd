/* ext2.h - an ext2 file system library without hardware, without malloc.
 *
 * The FS server links it; the host tests build it with ASan + UBSan. Everything is
 * addressed by inode number. The caller provides
 *   - the block device, as callbacks that move one file system block (its size is passed,
 *     it is fixed at mount) and may fail with a negative errno;
 *   - the memory: a `struct ext2_fs` and a cache area of at least EXT2_MIN_CACHE_BLOCKS
 *     blocks (EXT2_CACHE_MAX are used at most).
 * One caller at a time: the library takes no locks.
 *
 * Errors are negative Linux errno values (the EXT2_E* constants below). On-disk data is
 * never trusted: anything structurally impossible (a block number past the end, a
 * directory entry that does not tile its block, an inode number out of range, a bitmap
 * that disagrees with a free operation, ...) is reported as -EXT2_EUCLEAN (117,
 * "structure needs cleaning"); -EXT2_EIO is reserved for errors of the device itself.
 *
 * Consistency and durability (there is no journal):
 *   - Every operation that changes the file system is a transaction in the block cache:
 *     the metadata blocks it changes stay in the cache until it ends. If it fails (an
 *     error from read_block, -ENOSPC in the middle of mkdir, corruption found half way),
 *     everything it changed is dropped: the library's view, like the device, is as
 *     before the operation.
 *   - Long operations (a write larger than the cache, freeing a file with more blocks
 *     than the cache holds: truncate, unlink, rmdir, rename over a file, release) commit
 *     in steps, each a consistent file system (a file being truncated is only ever
 *     shorter). On failure they stop at the last step: ext2_write returns the bytes
 *     written so far, ext2_truncate leaves a size between the old and the new one. One
 *     state is not e2fsck-clean: if freeing an unlinked file fails after its name is
 *     gone, the inode stays allocated without links; ext2_release(ino) (the number is
 *     returned even on failure) finishes freeing it.
 *   - Write-through: a successful operation has written every block it changed when it
 *     returns, in ascending block order. If write_block fails, the block stays in the
 *     cache ("pending") and the operation still succeeds, like a write-back cache in
 *     Linux: ext2_sync()/ext2_fsync() retry the pending blocks and return 0 only when
 *     everything accepted so far is on the device. An operation that must change a
 *     pending block first writes it; if that fails the operation fails (-EIO) having
 *     changed nothing. Only whole data blocks of ext2_write go straight from the caller's
 *     buffer to the device; if that write fails, ext2_write fails (or returns a short
 *     count).
 *   - So: after read_block failures the device is e2fsck-clean as it is; after
 *     write_block failures, as soon as ext2_sync() returns 0 again (tests/host/
 *     test_ext2_fault.c checks both at every call index of a scenario).
 *   - A read-write mount clears the "clean" state in the superblock; ext2_unmount sets it
 *     back (to what it was at mount).
 *   - Device errors are passed through as the callbacks return them (any negative errno;
 *     a positive return counts as -EIO).
 *
 * Not supported: htree indexes (an indexed directory is read linearly, and its index flag
 * is cleared when the library changes it, which keeps it valid), access times (reads never
 * write them; ext2_setattr does), the reserved-blocks limit (s_r_blocks_count is not
 * enforced), writing files with fragments, journals (ext3 images mount if they need no
 * recovery; the journal is left alone), and any incompatible feature but "filetype".
 */
#ifndef EXT2_H
#define EXT2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Errors (negated when returned). */
#define EXT2_EPERM 1        /* ext2_link of a directory */
#define EXT2_ENOENT 2
#define EXT2_EIO 5
#define EXT2_ENOMEM 12       /* the cache is too small for the file system's block size */
#define EXT2_EBUSY 16
#define EXT2_EEXIST 17
#define EXT2_ENOTDIR 20
#define EXT2_EISDIR 21
#define EXT2_EINVAL 22       /* bad argument, or not an ext2 file system (bad magic) */
#define EXT2_EFBIG 27
#define EXT2_ENOSPC 28
#define EXT2_EROFS 30
#define EXT2_EMLINK 31
#define EXT2_ENAMETOOLONG 36
#define EXT2_ENOTEMPTY 39
#define EXT2_ELOOP 40
#define EXT2_EOPNOTSUPP 95   /* an incompatible feature or revision this library lacks */
#define EXT2_EUCLEAN 117     /* corrupt file system */

#define EXT2_CACHE_MAX 64          /* blocks the cache uses at most */
#define EXT2_MIN_CACHE_BLOCKS 24   /* ... and at least */
#define EXT2_PATH_MAX 4096         /* path length, symlink expansions included */
#define EXT2_SYMLINK_MAX 40        /* symbolic links followed in one resolution */
#define EXT2_ROOT 2u               /* inode number of the root directory */

struct ext2_dev_ops {
	/* Read or write block `blk` of `bsize` bytes (bytes blk*bsize .. +bsize of the
	 * device). Return 0 or a negative errno. bsize is the file system's block size, except
	 * for the first call of ext2_mount: the superblock, as block 1 of 1024 bytes. Calls
	 * never reach past the device size given to ext2_mount. write_block may be NULL for a
	 * read-only mount. */
	int (*read_block)(void *ctx, uint64_t blk, uint32_t bsize, void *buf);
	int (*write_block)(void *ctx, uint64_t blk, uint32_t bsize, const void *buf);
	/* Seconds since 1970 for time stamps; may be NULL (time stamps are then 0). */
	uint32_t (*now)(void *ctx);
};

/* ext2_mount flags */
#define EXT2_MOUNT_RDONLY 1u

/* Private: one block of the cache. */
struct ext2_cbuf {
	uint64_t blk;
	uint8_t *data;
	uint32_t lru;
	uint16_t pins;
	uint8_t state;   /* EXT2_CB_* in ext2_internal.h */
	bool dir_ok;     /* validated as a directory block since loaded or last changed */
	int16_t hnext;   /* next in its hash chain, -1 at the end */
	bool hashed;
};

#define EXT2_CACHE_HASH 128

/* A mounted file system. The fields are private except where marked. */
struct ext2_fs {
	const struct ext2_dev_ops *ops;
	void *ctx;
	uint64_t dev_bytes;
	/* Geometry, from the validated superblock (read-only for the caller). */
	uint32_t block_size;
	uint32_t log_block_size; /* log2(block_size) */
	uint32_t blocks_count;
	uint32_t inodes_count;
	uint32_t first_data_block;
	uint32_t blocks_per_group;
	uint32_t inodes_per_group;
	uint32_t groups;
	uint32_t inode_size;
	uint32_t first_ino;
	uint32_t rev_level;
	uint32_t itable_blocks;   /* inode table blocks per group */
	uint32_t gdt_blocks;      /* group descriptor blocks */
	uint32_t reserved_gdt;    /* reserved GDT blocks after them (resize_inode) */
	uint32_t ptrs_per_block;  /* block numbers in an indirect block */
	uint32_t feature_compat, feature_incompat, feature_ro_compat;
	bool rdonly;              /* public: mounted read-only (asked, or unknown features) */
	uint16_t state_at_mount;  /* s_state when mounted */
	uint64_t max_file_size;
	/* Cache */
	struct ext2_cbuf cb[EXT2_CACHE_MAX];
	int16_t hhead[EXT2_CACHE_HASH]; /* block number -> chain of cb */
	uint32_t ncb;
	uint32_t lru_clock;
	uint32_t ndirty;          /* blocks changed by the current transaction */
	bool in_tx;
	uint32_t next_generation;
	/* Scratch for path resolution. */
	char path_a[EXT2_PATH_MAX];
	char path_b[EXT2_PATH_MAX];
};

struct ext2_stat {
	uint32_t ino;
	uint16_t mode;     /* type and permission bits, as in POSIX (S_IFREG = 0x8000, ...) */
	uint16_t links;
	uint32_t uid, gid;
	uint64_t size;
	uint64_t blocks;   /* 512-byte units allocated, indirect blocks included */
	uint32_t atime, mtime, ctime, dtime;
	uint32_t atime_nsec, mtime_nsec, ctime_nsec;   /* 0 unless the inode is large */
	uint32_t flags, generation;
	uint32_t rdev;     /* for device nodes: the old-style device number in i_block[0] */
};

struct ext2_statfs {
	uint32_t block_size;
	uint64_t blocks, free_blocks, reserved_blocks;
	uint64_t inodes, free_inodes;
	uint32_t name_max;
};

struct ext2_dirent {
	uint32_t ino;
	uint8_t type;      /* EXT2_FT_* of the entry (EXT2_FT_UNKNOWN without "filetype") */
	uint8_t name_len;
	char name[256];    /* NUL-terminated */
};

/* ext2_setattr mask */
#define EXT2_ATTR_MODE 1u   /* permission bits only (07777); the type never changes */
#define EXT2_ATTR_UID 2u
#define EXT2_ATTR_GID 4u
#define EXT2_ATTR_ATIME 8u
#define EXT2_ATTR_MTIME 16u
struct ext2_attr {
	uint16_t mode;
	uint32_t uid, gid;
	uint32_t atime, mtime;
	uint32_t atime_nsec, mtime_nsec;   /* < 1e9; kept only by large (256-byte) inodes */
};

/* ext2_resolve flags */
#define EXT2_RESOLVE_NOFOLLOW 1u /* do not follow a symlink in the last component */

/* ext2_unlink / ext2_rmdir flags */
#define EXT2_DEFER_FREE 1u /* keep the inode if its last link goes: see ext2_release */

/* Mount: validate the superblock and every group descriptor. `dev_bytes` is the size of
 * the device; `cache`/`cache_len` the memory for the block cache (any alignment; it must
 * outlive the mount). Returns 0, -EINVAL (not ext2: bad magic or no room for a
 * superblock; or bad arguments), -EOPNOTSUPP (revision > 1, fragments, or an incompatible
 * feature other than "filetype": fs->feature_incompat then says which), -EUCLEAN
 * (inconsistent superblock or group descriptors, or the file system is larger than the
 * device), -ENOMEM (cache smaller than EXT2_MIN_CACHE_BLOCKS blocks), or a device error.
 * Nothing is written unless it succeeds. The mount is read-only (fs->rdonly) if asked,
 * without write_block, or with a read-only-compatible feature other than sparse_super,
 * large_file, btree_dir or a compatible one other than dir_prealloc, imagic_inodes,
 * has_journal, ext_attr, resize_inode, dir_index. A read-write mount writes the
 * superblock (state, mount count, and the free counts summed from the groups). */
int ext2_mount(struct ext2_fs *fs, const struct ext2_dev_ops *ops, void *ctx,
               uint64_t dev_bytes, void *cache, size_t cache_len, unsigned flags);
/* Sync, then mark the file system clean (read-write mounts). On error the file system
 * stays mounted; the caller may retry. */
int ext2_unmount(struct ext2_fs *fs);
/* Write every pending block. 0 when all the library has accepted is on the device. */
int ext2_sync(struct ext2_fs *fs);
int ext2_fsync(struct ext2_fs *fs, uint32_t ino);
int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st);

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st);
/* Look `name` (one component; "." and ".." are the directory's own entries) up in `dir`. */
int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t *ino);
/* Resolve `path`: absolute, or relative to `start` (a directory). Symbolic links are
 * followed (at most EXT2_SYMLINK_MAX, else -ELOOP), in the last component too unless
 * EXT2_RESOLVE_NOFOLLOW. A trailing '/' requires a directory. */
int ext2_resolve(struct ext2_fs *fs, uint32_t start, const char *path, unsigned flags,
                 uint32_t *ino);
/* Resolve all but the last component of `path` into *dir and copy the last one into
 * `name` (NUL-terminated; "" for "/", "." or ".." are returned as such). */
int ext2_resolve_parent(struct ext2_fs *fs, uint32_t start, const char *path, uint32_t *dir,
                        char name[256]);
/* Read up to `len` bytes at `off` of a regular file; holes read as zeros. Returns the
 * bytes read (0 at or past the end) or an error (-EISDIR for a directory, -EINVAL for
 * other types). */
int64_t ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, size_t len);
/* Write into a regular file, allocating blocks; the file grows as needed. Returns the
 * bytes written: `len`, or fewer if the device filled (-ENOSPC when nothing could be
 * written), the maximal file size was reached (-EFBIG), or an error stopped it. */
int64_t ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf,
                   size_t len);
/* Set the size of a regular file: shrinking frees blocks, growing leaves a hole. */
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size);
int ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t len); /* -> length */
/* Create a regular file (mode: permission bits; the type is added). -EEXIST if the name
 * is taken. uid/gid are the owner's. */
int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, uint16_t mode,
                uint32_t uid, uint32_t gid, uint32_t *ino);
int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, uint16_t mode,
               uint32_t uid, uint32_t gid, uint32_t *ino);
int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, const char *target,
                 uint32_t uid, uint32_t gid, uint32_t *ino);
/* A new name for an existing non-directory inode. */
int ext2_link(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t ino);
/* Remove a name (not a directory: -EISDIR). When the inode's last link goes, its blocks
 * and the inode are freed now, or, with EXT2_DEFER_FREE, kept (links 0) until
 * ext2_release. *ino (may be NULL) receives the inode number. */
int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name, unsigned flags,
                uint32_t *ino);
/* Remove an empty directory (-ENOTEMPTY, -ENOTDIR, -EINVAL for "."; -ENOTEMPTY for ".."),
 * EXT2_DEFER_FREE as for ext2_unlink. */
int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name, unsigned flags,
               uint32_t *ino);
/* Move `oldname` of `olddir` to `newname` of `newdir`, replacing what that names (a file
 * by a file, a directory by an empty directory: -EISDIR, -ENOTDIR, -ENOTEMPTY otherwise).
 * A directory cannot move below itself (-EINVAL); "." and ".." are -EINVAL. The replaced
 * inode (its number in *replaced if not NULL, 0 if none; set even when freeing it
 * failed) loses a link; if that was its last, it is freed now or, with EXT2_DEFER_FREE,
 * at ext2_release. Renaming a name onto itself or onto another link of the same inode
 * does nothing. */
int ext2_rename(struct ext2_fs *fs, uint32_t olddir, const char *oldname, uint32_t newdir,
                const char *newname, unsigned flags, uint32_t *replaced);
/* The caller's last reference to `ino` is gone: free it if it has no link left.
 * Returns 0 (freed or still linked), -ENOENT if the inode is not in use. */
int ext2_release(struct ext2_fs *fs, uint32_t ino);
/* Iterate a directory: *cookie starts at 0. Returns 1 with an entry (and *cookie moved
 * past it), 0 at the end, or an error. Entries are given in on-disk order, "." and ".."
 * included. A cookie is a byte offset in the directory: iteration resumes at the first
 * entry at or after it, so to give an entry again, pass the cookie returned before it
 * (not that cookie + 1: the entry would be skipped). Cookies stay valid across changes
 * to the directory; after the first entry they are never 0. */
int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *cookie, struct ext2_dirent *ent);
/* Change what mask says of the inode (EXT2_ATTR_*: mode keeps the type; times with
 * nanoseconds where the inode has room for them) and set its ctime to now, as Linux's
 * setattr does. -EINVAL if a nanosecond field is 1e9 or more. */
int ext2_setattr(struct ext2_fs *fs, uint32_t ino, const struct ext2_attr *attr, unsigned mask);

#endif
