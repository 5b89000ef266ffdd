/* super.c - mount (superblock and group descriptor validation), unmount, statfs, and
 * the geometry helpers everything else uses. */
#include "ext2/ext2_internal.h"

uint32_t fs_now(struct ext2_fs *fs)
{
	return fs->ops->now ? fs->ops->now(fs->ctx) : 0;
}

uint64_t sb_block(const struct ext2_fs *fs)
{
	return EXT2_SUPER_OFFSET / fs->block_size;
}

uint32_t sb_offset(const struct ext2_fs *fs)
{
	return EXT2_SUPER_OFFSET % fs->block_size;
}

int sb_get(struct ext2_fs *fs, unsigned mode, struct ext2_cbuf **b, struct ext2_super **sb)
{
	int r = bc_get(fs, sb_block(fs), mode, b);
	if (r < 0)
		return r;
	*sb = (struct ext2_super *)((*b)->data + sb_offset(fs));
	return 0;
}

int gd_get(struct ext2_fs *fs, uint32_t group, unsigned mode, struct ext2_cbuf **b,
           struct ext2_group_desc **gd)
{
	if (group >= fs->groups)
		return EXT2_ERR(EUCLEAN);
	uint64_t byte = (uint64_t)group * sizeof(struct ext2_group_desc);
	int r = bc_get(fs, fs->first_data_block + 1 + byte / fs->block_size, mode, b);
	if (r < 0)
		return r;
	*gd = (struct ext2_group_desc *)((*b)->data + byte % fs->block_size);
	return 0;
}

uint32_t group_first_block(const struct ext2_fs *fs, uint32_t group)
{
	return fs->first_data_block + group * fs->blocks_per_group;
}

uint32_t group_nblocks(const struct ext2_fs *fs, uint32_t group)
{
	uint64_t start = group_first_block(fs, group);
	uint64_t left = fs->blocks_count - start;
	return (uint32_t)(left < fs->blocks_per_group ? left : fs->blocks_per_group);
}

static bool is_power_of(uint32_t n, uint32_t base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

bool group_has_super(const struct ext2_fs *fs, uint32_t group)
{
	if (group <= 1 || !(fs->feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER))
		return true;
	return is_power_of(group, 3) || is_power_of(group, 5) || is_power_of(group, 7);
}

/* Blocks at the start of a group taken by a superblock copy and the descriptor table. */
static uint32_t group_super_blocks(const struct ext2_fs *fs, uint32_t group)
{
	return group_has_super(fs, group) ? 1 + fs->gdt_blocks + fs->reserved_gdt : 0;
}

bool blk_valid(const struct ext2_fs *fs, uint64_t blk)
{
	return blk >= fs->first_data_block && blk < fs->blocks_count;
}

/* Is `blk` free of the fixed metadata (superblock, descriptors, bitmaps, inode table)? */
int blk_check_data(struct ext2_fs *fs, uint32_t blk)
{
	if (!blk_valid(fs, blk))
		return EXT2_ERR(EUCLEAN);
	uint32_t g = (blk - fs->first_data_block) / fs->blocks_per_group;
	uint32_t start = group_first_block(fs, g);
	if (blk - start < group_super_blocks(fs, g))
		return EXT2_ERR(EUCLEAN);
	struct ext2_cbuf *b;
	struct ext2_group_desc *gd;
	int r = gd_get(fs, g, BC_READ, &b, &gd);
	if (r < 0)
		return r;
	if (blk == gd->bg_block_bitmap || blk == gd->bg_inode_bitmap ||
	    (blk >= gd->bg_inode_table && (uint64_t)blk < (uint64_t)gd->bg_inode_table + fs->itable_blocks))
		r = EXT2_ERR(EUCLEAN);
	bc_put(fs, b);
	return r;
}

int bc_get_data(struct ext2_fs *fs, uint32_t blk, unsigned mode, struct ext2_cbuf **b)
{
	int r = blk_check_data(fs, blk);
	return r < 0 ? r : bc_get(fs, blk, mode, b);
}

static bool in_range(uint64_t x, uint64_t lo, uint64_t hi)
{
	return x >= lo && x < hi;
}

/* One group descriptor against the geometry. */
static int check_group(struct ext2_fs *fs, uint32_t g, const struct ext2_group_desc *gd)
{
	uint64_t start = group_first_block(fs, g), n = group_nblocks(fs, g);
	uint64_t meta_lo = start + group_super_blocks(fs, g), end = start + n;
	uint64_t it = gd->bg_inode_table, it_end = it + fs->itable_blocks;
	if (!in_range(gd->bg_block_bitmap, meta_lo, end) || !in_range(gd->bg_inode_bitmap, meta_lo, end))
		return EXT2_ERR(EUCLEAN);
	if (it < meta_lo || it_end > end)
		return EXT2_ERR(EUCLEAN);
	if (gd->bg_block_bitmap == gd->bg_inode_bitmap || in_range(gd->bg_block_bitmap, it, it_end) ||
	    in_range(gd->bg_inode_bitmap, it, it_end))
		return EXT2_ERR(EUCLEAN);
	if (gd->bg_free_blocks_count > n || gd->bg_free_inodes_count > fs->inodes_per_group ||
	    gd->bg_used_dirs_count > fs->inodes_per_group)
		return EXT2_ERR(EUCLEAN);
	return 0;
}

/* The superblock alone. Fills the geometry of fs. */
static int check_super(struct ext2_fs *fs, const struct ext2_super *s, uint64_t dev_bytes)
{
	if (s->s_magic != EXT2_MAGIC)
		return EXT2_ERR(EINVAL);
	if (s->s_rev_level > EXT2_DYNAMIC_REV)
		return EXT2_ERR(EOPNOTSUPP);
	if (s->s_log_block_size > EXT2_MAX_LOG_BLOCK - EXT2_MIN_LOG_BLOCK)
		return EXT2_ERR(EUCLEAN);
	fs->log_block_size = EXT2_MIN_LOG_BLOCK + s->s_log_block_size;
	fs->block_size = 1u << fs->log_block_size;
	uint32_t bs = fs->block_size;
	fs->rev_level = s->s_rev_level;
	if (fs->rev_level == EXT2_GOOD_OLD_REV) {
		fs->inode_size = EXT2_GOOD_OLD_INODE_SIZE;
		fs->first_ino = EXT2_GOOD_OLD_FIRST_INO;
		fs->feature_compat = fs->feature_incompat = fs->feature_ro_compat = 0;
	} else {
		fs->inode_size = s->s_inode_size;
		fs->first_ino = s->s_first_ino;
		fs->feature_compat = s->s_feature_compat;
		fs->feature_incompat = s->s_feature_incompat;
		fs->feature_ro_compat = s->s_feature_ro_compat;
		if (fs->feature_incompat & ~(uint32_t)EXT2_INCOMPAT_SUPPORTED)
			return EXT2_ERR(EOPNOTSUPP);
		if (fs->inode_size < EXT2_GOOD_OLD_INODE_SIZE || fs->inode_size > bs ||
		    (fs->inode_size & (fs->inode_size - 1)))
			return EXT2_ERR(EUCLEAN);
		if (fs->first_ino < EXT2_GOOD_OLD_FIRST_INO)
			return EXT2_ERR(EUCLEAN);
	}
	if (s->s_log_frag_size != s->s_log_block_size)
		return EXT2_ERR(EOPNOTSUPP); /* fragments smaller than blocks */
	fs->blocks_per_group = s->s_blocks_per_group;
	fs->inodes_per_group = s->s_inodes_per_group;
	fs->blocks_count = s->s_blocks_count;
	fs->inodes_count = s->s_inodes_count;
	fs->first_data_block = s->s_first_data_block;
	if (fs->blocks_per_group < 8 || fs->blocks_per_group > 8 * bs || fs->blocks_per_group % 8)
		return EXT2_ERR(EUCLEAN);
	if (fs->inodes_per_group < bs / fs->inode_size || fs->inodes_per_group > 8 * bs)
		return EXT2_ERR(EUCLEAN);
	if (fs->first_data_block != (bs == 1024 ? 1u : 0u))
		return EXT2_ERR(EUCLEAN);
	if (fs->blocks_count <= fs->first_data_block + 1)
		return EXT2_ERR(EUCLEAN);
	if ((uint64_t)fs->blocks_count * bs > dev_bytes)
		return EXT2_ERR(EUCLEAN); /* the device is smaller than the file system */
	uint64_t groups = ((uint64_t)fs->blocks_count - fs->first_data_block + fs->blocks_per_group - 1) /
	                  fs->blocks_per_group;
	fs->groups = (uint32_t)groups;
	if ((uint64_t)fs->inodes_count != groups * fs->inodes_per_group)
		return EXT2_ERR(EUCLEAN);
	if (fs->first_ino >= fs->inodes_count)
		return EXT2_ERR(EUCLEAN);
	if (s->s_r_blocks_count > fs->blocks_count)
		return EXT2_ERR(EUCLEAN);
	fs->itable_blocks = (uint32_t)(((uint64_t)fs->inodes_per_group * fs->inode_size + bs - 1) / bs);
	fs->gdt_blocks = (uint32_t)((groups * sizeof(struct ext2_group_desc) + bs - 1) / bs);
	fs->reserved_gdt = (fs->feature_compat & EXT2_FEATURE_COMPAT_RESIZE_INODE) ? s->s_reserved_gdt_blocks : 0;
	if (fs->reserved_gdt > bs / 4)
		return EXT2_ERR(EUCLEAN);
	/* Group 0 holds the superblock, the descriptors, two bitmaps and the inode table. */
	if ((uint64_t)1 + fs->gdt_blocks + fs->reserved_gdt + 2 + fs->itable_blocks > group_nblocks(fs, 0))
		return EXT2_ERR(EUCLEAN);
	fs->ptrs_per_block = bs / 4;
	uint64_t p = fs->ptrs_per_block;
	uint64_t lblks = EXT2_NDIR_BLOCKS + p + p * p + p * p * p;
	if (lblks > (1ull << 32))
		lblks = 1ull << 32;
	fs->max_file_size = lblks << fs->log_block_size;
	if (fs->rev_level == EXT2_GOOD_OLD_REV && fs->max_file_size > 0x7fffffffull)
		fs->max_file_size = 0x7fffffffull;
	return 0;
}

/* A transaction changing the superblock alone: tx_begin and sb_get for writing (on
 * failure the transaction ends), then tx_end_sb commits the change. */
static int tx_begin_sb(struct ext2_fs *fs, struct ext2_cbuf **b, struct ext2_super **sb)
{
	int r = tx_begin(fs);
	if (r < 0)
		return r;
	r = sb_get(fs, BC_READ | BC_WRITE, b, sb);
	if (r < 0)
		tx_end(fs, r);
	return r;
}

static int tx_end_sb(struct ext2_fs *fs, struct ext2_cbuf *b)
{
	bc_dirty(fs, b);
	bc_put(fs, b);
	return tx_end(fs, 0);
}

int ext2_mount(struct ext2_fs *fs, const struct ext2_dev_ops *ops, void *ctx,
               uint64_t dev_bytes, void *cache, size_t cache_len, unsigned flags)
{
	if (!fs || !ops || !ops->read_block || !cache)
		return EXT2_ERR(EINVAL);
	memset(fs, 0, sizeof *fs);
	fs->ops = ops;
	fs->ctx = ctx;
	fs->dev_bytes = dev_bytes;
	if (dev_bytes < EXT2_SUPER_OFFSET + EXT2_SUPER_SIZE)
		return EXT2_ERR(EINVAL); /* no room for a superblock: not ext2 */
	struct ext2_super s;
	int r = ops->read_block(ctx, EXT2_SUPER_OFFSET / EXT2_SUPER_SIZE, EXT2_SUPER_SIZE, &s);
	if (r != 0)
		return r < 0 ? r : EXT2_ERR(EIO);
	r = check_super(fs, &s, dev_bytes);
	if (r < 0)
		return r;
	fs->rdonly = (flags & EXT2_MOUNT_RDONLY) || !ops->write_block ||
	             (fs->feature_ro_compat & ~(uint32_t)EXT2_RO_COMPAT_SUPPORTED) ||
	             (fs->feature_compat & ~(uint32_t)EXT2_COMPAT_SUPPORTED);
	fs->state_at_mount = s.s_state;
	bc_init(fs, cache, cache_len, fs->block_size);
	if (fs->ncb < EXT2_MIN_CACHE_BLOCKS)
		return EXT2_ERR(ENOMEM);

	uint64_t free_blocks = 0, free_inodes = 0;
	for (uint32_t g = 0; g < fs->groups; g++) {
		struct ext2_cbuf *b;
		struct ext2_group_desc *gd;
		r = gd_get(fs, g, BC_READ, &b, &gd);
		if (r < 0)
			return r;
		r = check_group(fs, g, gd);
		free_blocks += gd->bg_free_blocks_count;
		free_inodes += gd->bg_free_inodes_count;
		bc_put(fs, b);
		if (r < 0)
			return r;
	}
	fs->next_generation = s.s_wtime ^ (uint32_t)(free_blocks * 2654435761u);
	if (fs->rdonly)
		return 0;
	/* Read-write: the superblock says "not clean" until ext2_unmount, and its free
	 * counts become the sums of the groups' (which are what the allocator keeps). */
	struct ext2_cbuf *b;
	struct ext2_super *sb;
	r = tx_begin_sb(fs, &b, &sb);
	if (r < 0)
		return r;
	sb->s_free_blocks_count = (uint32_t)free_blocks;
	sb->s_free_inodes_count = (uint32_t)free_inodes;
	sb->s_state &= (uint16_t)~EXT2_VALID_FS;
	sb->s_mnt_count++;
	sb->s_mtime = fs_now(fs);
	return tx_end_sb(fs, b);
}

int ext2_unmount(struct ext2_fs *fs)
{
	if (!fs->rdonly) {
		struct ext2_cbuf *b;
		struct ext2_super *sb;
		int r = tx_begin_sb(fs, &b, &sb);
		if (r < 0)
			return r;
		sb->s_state = fs->state_at_mount;
		sb->s_wtime = fs_now(fs);
		tx_end_sb(fs, b);
	}
	return ext2_sync(fs);
}

int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st)
{
	struct ext2_cbuf *b;
	struct ext2_super *sb;
	int r = sb_get(fs, BC_READ, &b, &sb);
	if (r < 0)
		return r;
	*st = (struct ext2_statfs){
		.block_size = fs->block_size,
		.blocks = fs->blocks_count,
		.free_blocks = sb->s_free_blocks_count,
		.reserved_blocks = sb->s_r_blocks_count,
		.inodes = fs->inodes_count,
		.free_inodes = sb->s_free_inodes_count,
		.name_max = EXT2_NAME_LEN,
	};
	bc_put(fs, b);
	return 0;
}
