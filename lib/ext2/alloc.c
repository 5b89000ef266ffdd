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

/* A group's bitmap of blocks or of inodes, with its descriptor and (once gbits_sb has
 * got it) the superblock: what taking or giving back a bit changes together. */
struct gbits {
	bool inodes;              /* the inode bitmap, else the block bitmap */
	uint32_t n;               /* bits in the group's bitmap */
	struct ext2_cbuf *gb, *bb, *sbb;
	struct ext2_group_desc *gd;
	struct ext2_super *sb;
	uint16_t *gfree;          /* the group's free count of the kind */
	uint32_t *sfree;          /* the superblock's */
};

/* Get group g's descriptor and bitmap (mode as for bc_get). With need_free, a group whose
 * count says it has none free is 1 and its bitmap is not read. Anything but 0 leaves
 * nothing held. */
static int gbits_get(struct ext2_fs *fs, uint32_t g, bool inodes, unsigned mode, bool need_free,
                     struct gbits *m)
{
	*m = (struct gbits){.inodes = inodes, .n = inodes ? fs->inodes_per_group : group_nblocks(fs, g)};
	int r = gd_get(fs, g, mode, &m->gb, &m->gd);
	if (r < 0)
		return r;
	m->gfree = inodes ? &m->gd->bg_free_inodes_count : &m->gd->bg_free_blocks_count;
	uint32_t map = inodes ? m->gd->bg_inode_bitmap : m->gd->bg_block_bitmap;
	if (need_free && *m->gfree == 0)
		r = 1;
	else if (!blk_valid(fs, map))
		r = EXT2_ERR(EUCLEAN);
	else
		r = bc_get(fs, map, mode, &m->bb);
	if (r != 0)
		bc_put(fs, m->gb);
	return r;
}

/* The superblock too, for writing. */
static int gbits_sb(struct ext2_fs *fs, struct gbits *m)
{
	int r = sb_get(fs, BC_READ | BC_WRITE, &m->sbb, &m->sb);
	if (r == 0)
		m->sfree = m->inodes ? &m->sb->s_free_inodes_count : &m->sb->s_free_blocks_count;
	return r;
}

static void gbits_put(struct ext2_fs *fs, struct gbits *m)
{
	bc_put(fs, m->sbb);
	bc_put(fs, m->bb);
	bc_put(fs, m->gb);
}

/* Take (set) or give back (clear) `bit`, with the free counts of the group and of the
 * superblock and, for a directory's inode, the group's directory count. The caller has
 * checked that the counts allow it. */
static void gbits_change(struct ext2_fs *fs, struct gbits *m, uint32_t bit, bool take, bool is_dir)
{
	if (take) {
		bit_set(m->bb->data, bit);
		(*m->gfree)--;
		(*m->sfree)--;
		if (is_dir)
			m->gd->bg_used_dirs_count++;
	} else {
		bit_clear(m->bb->data, bit);
		(*m->gfree)++;
		(*m->sfree)++;
		if (is_dir && m->gd->bg_used_dirs_count)
			m->gd->bg_used_dirs_count--;
	}
	bc_dirty(fs, m->bb);
	bc_dirty(fs, m->gb);
	bc_dirty(fs, m->sbb);
}

/* Take a free bit of group g's bitmap: the first clear one in [from, n), else in
 * [lo, from) (bits below lo are never taken). *out is the block or inode it stands for.
 * 1 if the group has none. */
static int alloc_in_group(struct ext2_fs *fs, uint32_t g, bool inodes, uint32_t lo, uint32_t from,
                          bool is_dir, uint32_t *out)
{
	struct gbits m;
	int r = gbits_get(fs, g, inodes, BC_READ | BC_WRITE, true, &m);
	if (r != 0)
		return r;
	uint32_t bit = find_zero(m.bb->data, from, m.n);
	if (bit == m.n) {
		bit = find_zero(m.bb->data, lo, from);
		if (bit == from)
			bit = m.n;
	}
	uint32_t first = inodes ? g * fs->inodes_per_group + 1 : group_first_block(fs, g);
	r = bit >= m.n ? 1 : 0; /* none although the count said some: leave it to fsck */
	if (r == 0 && !inodes)
		r = blk_check_data(fs, first + bit); /* a clear bit for metadata: the bitmap is corrupt */
	if (r == 0)
		r = gbits_sb(fs, &m);
	if (r == 0 && (*m.sfree == 0 || (is_dir && m.gd->bg_used_dirs_count >= fs->inodes_per_group)))
		r = EXT2_ERR(EUCLEAN);
	if (r == 0) {
		gbits_change(fs, &m, bit, true, is_dir);
		*out = first + bit;
	}
	gbits_put(fs, &m);
	return r;
}

/* Give back bit `bit` of group g's bitmap; -EUCLEAN if it is free already (by the bitmap
 * or by the counts). */
static int free_in_group(struct ext2_fs *fs, uint32_t g, bool inodes, uint32_t bit, bool is_dir)
{
	struct gbits m;
	int r = gbits_get(fs, g, inodes, BC_READ | BC_WRITE, false, &m);
	if (r < 0)
		return r;
	r = gbits_sb(fs, &m);
	if (r == 0 && (!bit_test(m.bb->data, bit) || *m.gfree >= m.n ||
	               *m.sfree >= (inodes ? fs->inodes_count : fs->blocks_count)))
		r = EXT2_ERR(EUCLEAN);
	if (r == 0)
		gbits_change(fs, &m, bit, false, is_dir);
	gbits_put(fs, &m);
	return r;
}

int alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out)
{
	uint32_t g0 = 0, from = 0;
	if (blk_valid(fs, goal)) {
		g0 = (goal - fs->first_data_block) / fs->blocks_per_group;
		from = goal - group_first_block(fs, g0); /* < group_nblocks(g0) */
	}
	for (uint32_t i = 0; i < fs->groups; i++) {
		uint32_t g = (g0 + i) % fs->groups;
		int r = alloc_in_group(fs, g, false, 0, i == 0 ? from : 0, false, out);
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
	return free_in_group(fs, g, false, blk - group_first_block(fs, g), false);
}

/* A copy of group g's descriptor. */
static int gd_read(struct ext2_fs *fs, uint32_t g, struct ext2_group_desc *out)
{
	struct ext2_cbuf *b;
	struct ext2_group_desc *gd;
	int r = gd_get(fs, g, BC_READ, &b, &gd);
	if (r < 0)
		return r;
	*out = *gd;
	bc_put(fs, b);
	return 0;
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
	struct ext2_group_desc gd;
	if (is_dir) {
		for (uint32_t g = 0; g < fs->groups; g++) {
			int r = gd_read(fs, g, &gd);
			if (r < 0)
				return r;
			total_free += gd.bg_free_inodes_count;
		}
		uint64_t avg = total_free / fs->groups;
		for (uint32_t i = 0; i < fs->groups; i++) {
			uint32_t g = (pg + i) % fs->groups;
			int r = gd_read(fs, g, &gd);
			if (r < 0)
				return r;
			if (gd.bg_free_inodes_count && gd.bg_free_inodes_count >= avg &&
			    (!found || gd.bg_free_blocks_count > best_blocks)) {
				best = g;
				best_blocks = gd.bg_free_blocks_count;
				found = true;
			}
		}
	} else {
		for (uint32_t i = 0; i < fs->groups && !found; i++) {
			uint32_t g = (pg + i) % fs->groups;
			int r = gd_read(fs, g, &gd);
			if (r < 0)
				return r;
			if (gd.bg_free_inodes_count && gd.bg_free_blocks_count) {
				best = g;
				found = true;
			}
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
		uint32_t g = (g0 + i) % fs->groups;
		/* Inode base+1 is bit 0; the reserved inodes below first_ino are never taken. */
		uint64_t base = (uint64_t)g * fs->inodes_per_group;
		uint32_t lo = base + 1 < fs->first_ino ? (uint32_t)(fs->first_ino - 1 - base) : 0;
		r = alloc_in_group(fs, g, true, lo, lo, is_dir, out);
		if (r <= 0)
			return r;
	}
	return EXT2_ERR(ENOSPC);
}

/* The group of inode `ino` and its bit there; -EINVAL out of range. */
static int inode_bit(const struct ext2_fs *fs, uint32_t ino, uint32_t *g, uint32_t *bit)
{
	if (ino < 1 || ino > fs->inodes_count)
		return EXT2_ERR(EINVAL);
	*g = (ino - 1) / fs->inodes_per_group;
	*bit = (ino - 1) % fs->inodes_per_group;
	return 0;
}

int inode_bit_test(struct ext2_fs *fs, uint32_t ino, bool *used)
{
	uint32_t g, bit;
	struct gbits m;
	int r = inode_bit(fs, ino, &g, &bit);
	if (r == 0)
		r = gbits_get(fs, g, true, BC_READ, false, &m);
	if (r < 0)
		return r;
	*used = bit_test(m.bb->data, bit);
	gbits_put(fs, &m);
	return 0;
}

int free_inode(struct ext2_fs *fs, uint32_t ino, bool is_dir)
{
	uint32_t g, bit;
	int r = inode_bit(fs, ino, &g, &bit);
	return r < 0 ? r : free_in_group(fs, g, true, bit, is_dir);
}
