/* test_ext2_util.h - what the lib/ext2 tests share: a RAM block device with fault
 * injection, images made by mke2fs from a staging tree, and e2fsck/debugfs checks. */
#ifndef TEST_EXT2_UTIL_H
#define TEST_EXT2_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ext2/ext2.h"
#include "ext2/ext2_format.h"

/* The image in memory. Calls are counted from 0; fail_*_at = -1 never fails. */
struct memdev {
	uint8_t *data;
	uint64_t size;
	long reads, writes;
	long fail_read_at, fail_write_at;
	bool fail_persist;   /* fail every call from that index on, not just that one */
	long failed;         /* calls failed so far */
	long oob;            /* calls past the end of the device (the library must not make any) */
	long max_calls;      /* > 0: fail (and count in `runaway`) beyond this many calls */
	long runaway;
	uint8_t *read_map;   /* if set: one byte per block, set when the block is read */
	uint32_t map_bsize;
};

extern const struct ext2_dev_ops memdev_ops;
extern const struct ext2_dev_ops memdev_ops_notime;

int memdev_load(struct memdev *d, const char *path);
int memdev_save(const struct memdev *d, const char *path);
void memdev_init_copy(struct memdev *d, const struct memdev *from);
void memdev_free(struct memdev *d);
/* Back to the contents of `from` (same size), counters and faults reset. */
void memdev_restore(struct memdev *d, const struct memdev *from);
void memdev_heal(struct memdev *d);

/* A mounted test file system (heap allocated: struct ext2_fs carries path buffers). */
struct tfs {
	struct ext2_fs fs;
	struct memdev dev;
	uint8_t *cache;
	size_t cache_len;
};
/* Load `img` and mount it; NULL and *err on failure. */
struct tfs *tfs_open(const char *img, unsigned flags, int *err);
/* Mount a copy of an in-memory device. */
struct tfs *tfs_open_dev(const struct memdev *from, unsigned flags, int *err);
int tfs_remount(struct tfs *t, unsigned flags);
void tfs_close(struct tfs *t);

/* Files of this test run: <EXT2_WORKDIR>/<test_name>/<name>. Rotating static buffers. */
extern const char *ext2_test_name;
const char *wpath(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* exit status */
bool have_e2fsprogs(void);

/* The staging tree (regular files of many sizes, nested directories, a directory of
 * many entries, symlinks, a sparse file reaching the triple indirect block at 1 KiB). */
int build_staging(const char *dir);
/* mke2fs -t ext2 -b bs [extra] -d staging img size_kib: 0 on success. */
int make_image(const char *img, const char *staging, unsigned bs, unsigned size_kib, const char *extra);
int e2fsck_status(const char *img); /* e2fsck -fn exit status (0: clean) */
/* debugfs -R 'cat path': malloc'ed bytes in *out, or -1. */
int debugfs_cat(const char *img, const char *path, uint8_t **out, size_t *len);
int host_read(const char *path, uint8_t **out, size_t *len);
int host_write(const char *path, const void *data, size_t len);
void pattern(uint8_t *buf, size_t len, uint32_t seed);
uint32_t rnd(uint64_t *state);

/* Read a whole file through the library (malloc'ed). */
int lib_read_all(struct ext2_fs *fs, uint32_t ino, uint8_t **out, size_t *len);
/* Resolve an absolute path, or 0. */
uint32_t lib_ino(struct ext2_fs *fs, const char *path);

/* Byte offset of an inode / of a file's block in an image (parsed independently). */
uint64_t img_inode_off(const struct memdev *d, uint32_t ino);
uint32_t img_bsize(const struct memdev *d);
struct ext2_super *img_super(struct memdev *d);

#endif
