/* ext2_internal.h - shared between the files of lib/ext2 (not for callers). */
#ifndef EXT2_INTERNAL_H
#define EXT2_INTERNAL_H

#include "ext2/ext2.h"
#include "ext2/ext2_format.h"

#include "base/mem.h"

/* ext2_cbuf.state */
#define EXT2_CB_EMPTY 0   /* no data */
#define EXT2_CB_CLEAN 1   /* same as on the device */
#define EXT2_CB_DIRTY 2   /* changed by the current transaction */
#define EXT2_CB_PENDING 3 /* changed by a committed transaction; writing it failed */

/* bc_get modes */
#define BC_READ 0u   /* read it from the device unless cached */
#define BC_NEW 1u    /* a block being allocated: zero-filled, not read */
#define BC_WRITE 2u  /* the caller will change it (may be or-ed with BC_READ) */

/* While fewer than this many cache blocks are free of the current transaction, a long
 * operation commits before its next step. One step (mapping one block of a file, with
 * up to three new indirect blocks) changes or pins at most ~14 blocks. */
#define EXT2_STEP_BLOCKS 16

#define EXT2_ERR(e) (-(EXT2_##e))

/* cache.c */
int bc_get(struct ext2_fs *fs, uint64_t blk, unsigned mode, struct ext2_cbuf **out);
void bc_put(struct ext2_fs *fs, struct ext2_cbuf *b);
void bc_dirty(struct ext2_fs *fs, struct ext2_cbuf *b);
struct ext2_cbuf *bc_find(struct ext2_fs *fs, uint64_t blk);
int tx_begin(struct ext2_fs *fs);
int tx_commit(struct ext2_fs *fs);
void tx_abort(struct ext2_fs *fs);
bool tx_nearly_full(struct ext2_fs *fs);
int tx_end(struct ext2_fs *fs, int result); /* commit if result >= 0, else abort */
int bc_flush_pending(struct ext2_fs *fs);
void bc_init(struct ext2_fs *fs, void *mem, size_t len, uint32_t bsize);
int dev_read(struct ext2_fs *fs, uint64_t blk, void *buf);        /* uncached */
int dev_write(struct ext2_fs *fs, uint64_t blk, const void *buf);

/* super.c */
uint64_t sb_block(const struct ext2_fs *fs);
uint32_t sb_offset(const struct ext2_fs *fs);
int sb_get(struct ext2_fs *fs, unsigned mode, struct ext2_cbuf **b, struct ext2_super **sb);
int gd_get(struct ext2_fs *fs, uint32_t group, unsigned mode, struct ext2_cbuf **b,
           struct ext2_group_desc **gd);
uint32_t group_first_block(const struct ext2_fs *fs, uint32_t group);
uint32_t group_nblocks(const struct ext2_fs *fs, uint32_t group);
bool group_has_super(const struct ext2_fs *fs, uint32_t group);
bool blk_valid(const struct ext2_fs *fs, uint64_t blk);
int blk_check_data(struct ext2_fs *fs, uint32_t blk); /* 0, or -EUCLEAN if metadata */
/* bc_get of a block that must not be metadata (blk_check_data first): one to change. */
int bc_get_data(struct ext2_fs *fs, uint32_t blk, unsigned mode, struct ext2_cbuf **b);
uint32_t fs_now(struct ext2_fs *fs);

/* alloc.c */
int alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out);
int free_block(struct ext2_fs *fs, uint32_t blk);
int alloc_inode(struct ext2_fs *fs, uint32_t parent, bool is_dir, uint32_t *out);
int free_inode(struct ext2_fs *fs, uint32_t ino, bool is_dir);
int inode_bit_test(struct ext2_fs *fs, uint32_t ino, bool *used);

/* inode.c: an inode held for the length of an operation (its table block pinned). */
struct ext2_ih {
	uint32_t ino;
	struct ext2_cbuf *buf;
	struct ext2_inode *in;    /* in buf->data */
	uint32_t last_pblk;       /* allocation goal hint */
	bool writable;
};
/* ih_get flags */
#define IH_WRITE 1u   /* the operation will change it */
#define IH_ANY 2u     /* also an inode not in use (mode 0 / deleted): for allocation */
#define IH_DIR 4u     /* a directory still linked: else -ENOTDIR, or -ENOENT (removed, open) */
int ih_get(struct ext2_fs *fs, uint32_t ino, unsigned flags, struct ext2_ih *ih);
/* tx_begin, then ih_get(ino, flags | IH_WRITE); if that fails the transaction ends (having
 * changed nothing) and its error is returned. */
int tx_begin_ih(struct ext2_fs *fs, uint32_t ino, unsigned flags, struct ext2_ih *ih);
void ih_put(struct ext2_fs *fs, struct ext2_ih *ih);
void ih_dirty(struct ext2_fs *fs, struct ext2_ih *ih);
uint64_t ih_size(const struct ext2_fs *fs, const struct ext2_ih *ih);
int ih_set_size(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t size);
uint16_t ih_type(const struct ext2_ih *ih);
bool ih_has_blocks(const struct ext2_fs *fs, const struct ext2_ih *ih); /* i_block are block numbers */
int bmap(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t lblk, bool alloc, uint32_t *pblk,
         bool *fresh);
int ih_new_block(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t lblk, struct ext2_cbuf **b);
int zero_tail(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t from);
int trunc_blocks(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t size);
int inode_free_all(struct ext2_fs *fs, struct ext2_ih *ih);
int64_t file_read(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t off, void *buf, size_t len);
/* Set ctime (and mtime) to now, whole seconds. */
void ih_touch(struct ext2_fs *fs, struct ext2_ih *ih, bool mtime);
/* The time stamp's nanosecond field at byte off (EXT2_*TIME_EXTRA_OFF) of a large inode,
 * or NULL if the inode's i_extra_isize does not reach it (the time has whole seconds). */
uint8_t *ih_time_extra(const struct ext2_fs *fs, const struct ext2_ih *ih, uint32_t off);
/* *sec (a time field of ih->in) = s, and its nanoseconds where the inode keeps them. */
void ih_set_time(struct ext2_fs *fs, struct ext2_ih *ih, uint32_t *sec, uint32_t off,
                 uint32_t s, uint32_t nsec);
int ih_blocks_add(struct ext2_fs *fs, struct ext2_ih *ih, int delta_blocks);

/* file.c */
int ext2_symlink_target(struct ext2_fs *fs, uint32_t ino, char *buf, size_t cap, size_t *len);

/* dir.c */
struct dir_slot {
	uint64_t lblk;  /* directory block */
	uint32_t off;   /* entry offset in it */
	uint32_t ino;
	uint8_t type;
};
int dir_find(struct ext2_fs *fs, struct ext2_ih *dir, const char *name, size_t len,
             struct dir_slot *slot);
int dir_add(struct ext2_fs *fs, struct ext2_ih *dir, const char *name, size_t len,
            uint32_t ino, uint8_t ft);
int dir_remove(struct ext2_fs *fs, struct ext2_ih *dir, const struct dir_slot *slot);
int dir_set_ino(struct ext2_fs *fs, struct ext2_ih *dir, const struct dir_slot *slot,
                uint32_t ino, uint8_t ft);
int dir_check_empty(struct ext2_fs *fs, struct ext2_ih *dir); /* 0, or -ENOTEMPTY */
int dir_init(struct ext2_fs *fs, struct ext2_ih *dir, uint32_t parent);
uint8_t mode_to_ft(uint16_t mode);
int check_ino_ref(struct ext2_fs *fs, uint32_t ino);

static inline uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}
static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#endif
