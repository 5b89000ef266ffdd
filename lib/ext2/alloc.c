/* alloc.c - block and inode allocation in the bitmaps, keeping the free counts of the
 * group descriptors and of the superblock in step. Each function gets every buffer it
 * changes before changing any, so it either fails having changed nothing or succeeds. */
#include "ext2/ext2_internal.h"

/* First clear bit in [from, n) of bitmap `map`, or n. */
static uint32_t find_zero(const uint8_t *map, uint32_t from, uint32_t n)
{
	uint32_t i = from;
	while (i < n) {
		if ((i & 7) == 0 && map[i >> 3] == 0xff) {
			i += 8;
			continue;
		}
		if (!(map[i >> 3] & (1u << (i & 7))))
			return i;
		i++;
	}
	return n;
}

static bool bit_test(const uint8_t *map, uint32_t i)
{
	return map[i >> 3] & (1u << (i & 7));
}

static void bit_set(uint8_t *map, uint32_t i)
{
	map[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static void bit_clear(uint8_t *map, uint32_t i)
{
	map[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

/* Take a free block of group g at or after bit `from` (then before it). 1 if the group
 * has none. */
static int alloc_in_group(struct ext2_fs *fs, uint32_t g, uint32_t from, uint32_t *out)
{
	struct ext2_cbuf *gb, *bb = NULL, *sbb = NULL;
	struct ext2_group_desc *gd;
	struct ext2_super *sb;
	int r = gd_get(fs, g, BC_READ | BC_WRITE, &gb, &gd);
	if (r < 0)
		return r;
	if (gd->bg_free_blocks_count == 0) {
		r = 1;
		goto out;
	}
	if (!blk_valid(fs, gd->bg_block_bitmap)) {
		r = EXT2_ERR(EUCLEAN);
		goto out;
	}
	r = bc_get(fs, gd->bg_block_bitmap, BC_READ | BC_WRITE, &bb);
	if (r < 0)
		goto out;
	uint32_t n = group_nblocks(fs, g);
	if (from >= n)
		from = 0;
	uint32_t bit = find_zero(bb->data, from, n);
	if (bit == n) {
		bit = find_zero(bb->data, 0, from);
		if (bit == from)
			bit = n;
	}
	if (bit >= n) {
		r = 1; /* the count said free blocks, the bitmap has none: leave it to fsck */
		goto out;
	}
	uint32_t blk = group_first_block(fs, g) + bit;
	r = blk_check_data(fs, blk); /* a clear bit for metadata: the bitmap is corrupt */
	if (r < 0)
		goto out;
	r = sb_get(fs, BC_READ | BC_WRITE, &sbb, &sb);
	if (r < 0)
		goto out;
	if (sb->s_free_blocks_count == 0) {
		r = EXT2_ERR(EUCLEAN);
		goto out;
	}
	bit_set(bb->data, bit);
	gd->bg_free_blocks_count--;
	sb->s_free_blocks_count--;
	bc_dirty(fs, bb);
	bc_dirty(fs, gb);
	bc_dirty(fs, sbb);
	*out = blk;
	r = 0;
out:
	bc_put(fs, sbb);
	bc_put(fs, bb);
	bc_put(fs, gb);
	return r;
}

int alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out)
{
	uint32_t g0 = 0, from = 0;
	if (blk_valid(fs, goal)) {
		g0 = (goal - fs->first_data_block) / fs->blocks_per_group;
		from = goal - group_first_block(fs, g0);
	}
	for (uint32_t i = 0; i < fs->groups; i++) {
		uint32_t g = (g0 + i) % fs->groups;
		int r = alloc_in_group(fs, g, i == 0 ? from : 0, out);
		if (r <= 0)
			return r;
	}
	return EXT2_ERR(ENOSPC);
}

int free_block(struct ext2_fs *fs, uint32_t blk)
{
	int r = blk_check_data(fs, blk);
	if (r < 0)
		return r;
	uint32_t g = (blk - fs->first_data_block) / fs->blocks_per_group;
	uint32_t bit = blk - group_first_block(fs, g);
	struct ext2_cbuf *gb, *bb = NULL, *sbb = NULL;
	struct ext2_group_desc *gd;
	struct ext2_super *sb;
	r = gd_get(fs, g, BC_READ | BC_WRITE, &gb, &gd);
	if (r < 0)
		return r;
	if (!blk_valid(fs, gd->bg_block_bitmap)) {
		r = EXT2_ERR(EUCLEAN);
		goto out;
	}
	r = bc_get(fs, gd->bg_block_bitmap, BC_READ | BC_WRITE, &bb);
	if (r < 0)
		goto out;
	r = sb_get(fs, BC_READ | BC_WRITE, &sbb, &sb);
	if (r < 0)
		goto out;
	if (!bit_test(bb->data, bit) || gd->bg_free_blocks_count >= group_nblocks(fs, g) ||
	    sb->s_free_blocks_count >= fs->blocks_count) {
		r = EXT2_ERR(EUCLEAN); /* freeing a free block */
		goto out;
	}
	bit_clear(bb->data, bit);
	gd->bg_free_blocks_count++;
	sb->s_free_blocks_count++;
	bc_dirty(fs, bb);
	bc_dirty(fs, gb);
	bc_dirty(fs, sbb);
out:
	bc_put(fs, sbb);
	bc_put(fs, bb);
	bc_put(fs, gb);
	return r;
}

static int ialloc_in_group(struct ext2_fs *fs, uint32_t g, bool is_dir, uint32_t *out)
{
	struct ext2_cbuf *gb, *bb = NULL, *sbb = NULL;
	struct ext2_group_desc *gd;
	struct ext2_super *sb;
	int r = gd_get(fs, g, BC_READ | BC_WRITE, &gb, &gd);
	if (r < 0)
		return r;
	if (gd->bg_free_inodes_count == 0) {
		r = 1;
		goto out;
	}
	if (!blk_valid(fs, gd->bg_inode_bitmap)) {
		r = EXT2_ERR(EUCLEAN);
		goto out;
	}
	r = bc_get(fs, gd->bg_inode_bitmap, BC_READ | BC_WRITE, &bb);
	if (r < 0)
		goto out;
	uint64_t base = (uint64_t)g * fs->inodes_per_group; /* inode base+1 is bit 0 */
	uint32_t from = base + 1 < fs->first_ino ? (uint32_t)(fs->first_ino - 1 - base) : 0;
	uint32_t bit = find_zero(bb->data, from, fs->inodes_per_group);
	if (bit >= fs->inodes_per_group) {
		r = 1;
		goto out;
	}
	r = sb_get(fs, BC_READ | BC_WRITE, &sbb, &sb);
	if (r < 0)
		goto out;
	if (sb->s_free_inodes_count == 0 || (is_dir && gd->bg_used_dirs_count >= fs->inodes_per_group)) {
		r = EXT2_ERR(EUCLEAN);
		goto out;
	}
	bit_set(bb->data, bit);
	gd->bg_free_inodes_count--;
	if (is_dir)
		gd->bg_used_dirs_count++;
	sb->s_free_inodes_count--;
	bc_dirty(fs, bb);
	bc_dirty(fs, gb);
	bc_dirty(fs, sbb);
	*out = (uint32_t)(base + bit + 1);
	r = 0;
out:
	bc_put(fs, sbb);
	bc_put(fs, bb);
	bc_put(fs, gb);
	return r;
}

/* The group for a new inode: a directory goes to a group with at least the average of
 * free inodes and the most free blocks (spreading directories), a file next to its
 * parent if there is room there. */
static int pick_group(struct ext2_fs *fs, uint32_t parent, bool is_dir, uint32_t *out)
{
	uint32_t pg = parent >= 1 && parent <= fs->inodes_count ? (parent - 1) / fs->inodes_per_group : 0;
	uint64_t total_free = 0;
	uint32_t best = pg;
	uint32_t best_blocks = 0;
	bool found = false;
	if (is_dir) {
		for (uint32_t g = 0; g < fs->groups; g++) {
			struct ext2_cbuf *b;
			struct ext2_group_desc *gd;
			int r = gd_get(fs, g, BC_READ, &b, &gd);
			if (r < 0)
				return r;
			total_free += gd->bg_free_inodes_count;
			bc_put(fs, b);
		}
		uint64_t avg = total_free / fs->groups;
		for (uint32_t i = 0; i < fs->groups; i++) {
			uint32_t g = (pg + i) % fs->groups;
			struct ext2_cbuf *b;
			struct ext2_group_desc *gd;
			int r = gd_get(fs, g, BC_READ, &b, &gd);
			if (r < 0)
				return r;
			if (gd->bg_free_inodes_count && gd->bg_free_inodes_count >= avg &&
			    (!found || gd->bg_free_blocks_count > best_blocks)) {
				best = g;
				best_blocks = gd->bg_free_blocks_count;
				found = true;
			}
			bc_put(fs, b);
		}
	} else {
		for (uint32_t i = 0; i < fs->groups && !found; i++) {
			uint32_t g = (pg + i) % fs->groups;
			struct ext2_cbuf *b;
			struct ext2_group_desc *gd;
			int r = gd_get(fs, g, BC_READ, &b, &gd);
			if (r < 0)
				return r;
			if (gd->bg_free_inodes_count && gd->bg_free_blocks_count) {
				best = g;
				found = true;
			}
			bc_put(fs, b);
		}
	}
	*out = best;
	return 0;
}

int alloc_inode(struct ext2_fs *fs, uint32_t parent, bool is_dir, uint32_t *out)
{
	uint32_t g0;
	int r = pick_group(fs, parent, is_dir, &g0);
	if (r < 0)
		return r;
	for (uint32_t i = 0; i < fs->groups; i++) {
		r = ialloc_in_group(fs, (g0 + i) % fs->groups, is_dir, out);
		if (r <= 0)
			return r;
	}
	return EXT2_ERR(ENOSPC);
}

static int inode_bitmap(struct ext2_fs *fs, uint32_t ino, unsigned mode, struct ext2_cbuf **gb,
                        struct ext2_group_desc **gd, struct ext2_cbuf **bb, uint32_t *bit)
{
	if (ino < 1 || ino > fs->inodes_count)
		return EXT2_ERR(EINVAL);
	uint32_t g = (ino - 1) / fs->inodes_per_group;
	*bit = (ino - 1) % fs->inodes_per_group;
	int r = gd_get(fs, g, mode, gb, gd);
	if (r < 0)
		return r;
	if (!blk_valid(fs, (*gd)->bg_inode_bitmap))
		r = EXT2_ERR(EUCLEAN);
	else
		r = bc_get(fs, (*gd)->bg_inode_bitmap, mode, bb);
	if (r < 0)
		bc_put(fs, *gb);
	return r;
}

int inode_bit_test(struct ext2_fs *fs, uint32_t ino, bool *used)
{
	struct ext2_cbuf *gb, *bb;
	struct ext2_group_desc *gd;
	uint32_t bit;
	int r = inode_bitmap(fs, ino, BC_READ, &gb, &gd, &bb, &bit);
	if (r < 0)
		return r;
	*used = bit_test(bb->data, bit);
	bc_put(fs, bb);
	bc_put(fs, gb);
	return 0;
}

int free_inode(struct ext2_fs *fs, uint32_t ino, bool is_dir)
{
	struct ext2_cbuf *gb, *bb, *sbb = NULL;
	struct ext2_group_desc *gd;
	struct ext2_super *sb;
	uint32_t bit;
	int r = inode_bitmap(fs, ino, BC_READ | BC_WRITE, &gb, &gd, &bb, &bit);
	if (r < 0)
		return r;
	r = sb_get(fs, BC_READ | BC_WRITE, &sbb, &sb);
	if (r < 0)
		goto out;
	if (!bit_test(bb->data, bit) || gd->bg_free_inodes_count >= fs->inodes_per_group ||
	    sb->s_free_inodes_count >= fs->inodes_count) {
		r = EXT2_ERR(EUCLEAN);
		goto out;
	}
	bit_clear(bb->data, bit);
	gd->bg_free_inodes_count++;
	if (is_dir && gd->bg_used_dirs_count)
		gd->bg_used_dirs_count--;
	sb->s_free_inodes_count++;
	bc_dirty(fs, bb);
	bc_dirty(fs, gb);
	bc_dirty(fs, sbb);
out:
	bc_put(fs, sbb);
	bc_put(fs, bb);
	bc_put(fs, gb);
	return r;
}
