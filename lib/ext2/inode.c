/* inode.c - inodes held during an operation, the block map (direct, single, double and
 * triple indirect blocks), freeing a file's blocks, and reading file data. */
#include "ext2/ext2_internal.h"

static bool valid_type(uint16_t mode)
{
	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG: case EXT2_S_IFDIR: case EXT2_S_IFLNK: case EXT2_S_IFCHR:
	case EXT2_S_IFBLK: case EXT2_S_IFIFO: case EXT2_S_IFSOCK:
		return true;
	}
	return false;
}

int ih_get(struct ext2_fs *fs, uint32_t ino, unsigned flags, struct ext2_ih *ih)
{
	ih->buf = NULL;
	if (ino < 1 || ino > fs->inodes_count)
		return EXT2_ERR(EINVAL);
	if (ino < fs->first_ino && ino != EXT2_ROOT_INO && !(flags & IH_ANY))
		return EXT2_ERR(EINVAL); /* reserved inodes (journal, resize, ...) are not files */
	uint32_t g = (ino - 1) / fs->inodes_per_group;
	uint64_t byte = (uint64_t)((ino - 1) % fs->inodes_per_group) * fs->inode_size;
	struct ext2_cbuf *gb;
	struct ext2_group_desc *gd;
	int r = gd_get(fs, g, BC_READ, &gb, &gd);
	if (r < 0)
		return r;
	uint64_t table = gd->bg_inode_table;
	bc_put(fs, gb);
	if (!blk_valid(fs, table) || table + fs->itable_blocks > fs->blocks_count)
		return EXT2_ERR(EUCLEAN);
	r = bc_get(fs, table + byte / fs->block_size, BC_READ | ((flags & IH_WRITE) ? BC_WRITE : 0),
	           &ih->buf);
	if (r < 0) {
		ih->buf = NULL;
		return r;
	}
	ih->ino = ino;
	ih->in = (struct ext2_inode *)(ih->buf->data + byte % fs->block_size);
	ih->last_pblk = 0;
	ih->writable = flags & IH_WRITE;
	if (!(flags & IH_ANY)) {
		const struct ext2_inode *in = ih->in;
		r = 0;
		if (in->i_mode == 0 || (in->i_links_count == 0 && in->i_dtime != 0))
			r = EXT2_ERR(ENOENT); /* not in use */
		else if (!valid_type(in->i_mode))
			r = EXT2_ERR(EUCLEAN);
		else if ((flags & IH_DIR) && ih_type(ih) != EXT2_S_IFDIR)
			r = EXT2_ERR(ENOTDIR);
		else if ((flags & IH_DIR) && in->i_links_count == 0)
			r = EXT2_ERR(ENOENT); /* removed, still open */
		if (r < 0) {
			ih_put(fs, ih);
			return r;
		}
	}
	return 0;
}

int tx_begin_ih(struct ext2_fs *fs, uint32_t ino, unsigned flags, struct ext2_ih *ih)
{
	int r = tx_begin(fs);
	if (r < 0)
		return r;
	r = ih_get(fs, ino, flags | IH_WRITE, ih);
	if (r < 0)
		tx_end(fs, r);
	return r;
}

void ih_put(struct ext2_fs *fs, struct ext2_ih *ih)
{
	if (ih->buf)
		bc_put(fs, ih->buf);
	ih->buf = NULL;
}

void ih_dirty(struct ext2_fs *fs, struct ext2_ih *ih)
{
	bc_dirty(fs, ih->buf);
}

uint16_t ih_type(const struct ext2_ih *ih)
{
	return ih->in->i_mode & EXT2_S_IFMT;
}

uint64_t ih_size(const struct ext2_fs *fs, const struct ext2_ih *ih)
{
	(void)fs;
	uint64_t s = ih->in->i_size;
	if (ih_type(ih) == EXT2_S_IFREG)
		s |= (uint64_t)ih->in->i_size_high << 32;
	return s;
}

int ih_set_size(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t size)
{
	if (ih_type(ih) != EXT2_S_IFREG) {
		if (size > 0xffffffffu)
			return EXT2_ERR(EFBIG);
		ih->in->i_size = (uint32_t)size;
	} else {
		if (size > 0x7fffffffu && !(fs->feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE)) {
			/* The first file of 2 GiB or more: say so in the superblock. */
			if (fs->rev_level == EXT2_GOOD_OLD_REV)
				return EXT2_ERR(EFBIG);
			struct ext2_cbuf *b;
			struct ext2_super *sb;
			int r = sb_get(fs, BC_READ | BC_WRITE, &b, &sb);
			if (r < 0)
				return r;
			sb->s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
			fs->feature_ro_compat = sb->s_feature_ro_compat;
			bc_dirty(fs, b);
			bc_put(fs, b);
		}
		ih->in->i_size = (uint32_t)size;
		ih->in->i_size_high = (uint32_t)(size >> 32);
	}
	ih_dirty(fs, ih);
	return 0;
}

uint8_t *ih_time_extra(const struct ext2_fs *fs, const struct ext2_ih *ih, uint32_t off)
{
	if (fs->inode_size < off + 4)
		return NULL;
	uint32_t extra = le16((const uint8_t *)ih->in + EXT2_INODE_EXTRA_ISIZE_OFF);
	return EXT2_INODE_EXTRA_ISIZE_OFF + extra >= off + 4 ? (uint8_t *)ih->in + off : NULL;
}

void ih_set_time(struct ext2_fs *fs, struct ext2_ih *ih, uint32_t *sec, uint32_t off,
                 uint32_t s, uint32_t nsec)
{
	*sec = s;
	uint8_t *x = ih_time_extra(fs, ih, off);
	if (x)
		put32(x, nsec << 2);   /* epoch bits 0: the 32-bit seconds as they are */
}

void ih_touch(struct ext2_fs *fs, struct ext2_ih *ih, bool mtime)
{
	uint32_t now = fs_now(fs);
	ih_set_time(fs, ih, &ih->in->i_ctime, EXT2_CTIME_EXTRA_OFF, now, 0);
	if (mtime)
		ih_set_time(fs, ih, &ih->in->i_mtime, EXT2_MTIME_EXTRA_OFF, now, 0);
	ih_dirty(fs, ih);
}

/* Blocks of an extended attribute block counted in i_blocks. */
static uint32_t xattr_sectors(const struct ext2_fs *fs, const struct ext2_ih *ih)
{
	return ih->in->i_file_acl ? fs->block_size / 512 : 0;
}

bool ih_has_blocks(const struct ext2_fs *fs, const struct ext2_ih *ih)
{
	switch (ih_type(ih)) {
	case EXT2_S_IFREG:
	case EXT2_S_IFDIR:
		return true;
	case EXT2_S_IFLNK: /* a fast symlink keeps its target in i_block */
		return ih->in->i_blocks > xattr_sectors(fs, ih);
	}
	return false; /* devices keep their number there; fifos and sockets nothing */
}

int ih_blocks_add(struct ext2_fs *fs, struct ext2_ih *ih, int delta)
{
	int64_t v = (int64_t)ih->in->i_blocks + (int64_t)delta * (fs->block_size / 512);
	if (v > 0xffffffffll)
		return EXT2_ERR(EFBIG);
	ih->in->i_blocks = v < 0 ? 0 : (uint32_t)v; /* a wrong count goes to 0, not below */
	ih_dirty(fs, ih);
	return 0;
}

/* The path to logical block lblk: the slot in i_block and the indices in up to three
 * indirect blocks. Returns the depth, or -1 past the triple indirect block. */
static int block_path(const struct ext2_fs *fs, uint64_t lblk, uint32_t *slot, uint32_t idx[3])
{
	uint64_t p = fs->ptrs_per_block;
	if (lblk < EXT2_NDIR_BLOCKS) {
		*slot = (uint32_t)lblk;
		return 0;
	}
	lblk -= EXT2_NDIR_BLOCKS;
	if (lblk < p) {
		*slot = EXT2_IND_BLOCK;
		idx[0] = (uint32_t)lblk;
		return 1;
	}
	lblk -= p;
	if (lblk < p * p) {
		*slot = EXT2_DIND_BLOCK;
		idx[0] = (uint32_t)(lblk / p);
		idx[1] = (uint32_t)(lblk % p);
		return 2;
	}
	lblk -= p * p;
	if (lblk < p * p * p) {
		*slot = EXT2_TIND_BLOCK;
		idx[0] = (uint32_t)(lblk / (p * p));
		idx[1] = (uint32_t)(lblk / p % p);
		idx[2] = (uint32_t)(lblk % p);
		return 3;
	}
	return -1;
}

/* Allocate a block for ih near its last one (or its group) and count it. */
static int ih_alloc_block(struct ext2_fs *fs, struct ext2_ih *ih, uint32_t *out)
{
	if ((uint64_t)ih->in->i_blocks + fs->block_size / 512 > 0xffffffffu)
		return EXT2_ERR(EFBIG);
	uint32_t goal = ih->last_pblk ? ih->last_pblk + 1
	                              : group_first_block(fs, (ih->ino - 1) / fs->inodes_per_group);
	int r = alloc_block(fs, goal, out);
	if (r < 0)
		return r;
	ih->last_pblk = *out;
	return ih_blocks_add(fs, ih, 1);
}

int bmap(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t lblk, bool alloc, uint32_t *pblk,
         bool *fresh)
{
	uint32_t slot, idx[3];
	int depth = block_path(fs, lblk, &slot, idx);
	if (fresh)
		*fresh = false;
	*pblk = 0;
	if (depth < 0)
		return alloc ? EXT2_ERR(EFBIG) : 0;
	struct ext2_cbuf *holder = ih->buf, *held = NULL;
	uint32_t *ptr = &ih->in->i_block[slot];
	int r = 0;
	for (int level = 0;; level++) {
		bool leaf = level == depth;
		uint32_t v = *ptr;
		struct ext2_cbuf *next = NULL;
		if (v == 0) {
			if (!alloc)
				break;
			r = ih_alloc_block(fs, ih, &v);
			if (r < 0)
				break;
			*ptr = v;
			bc_dirty(fs, holder);
			if (leaf) {
				if (fresh)
					*fresh = true;
			} else {
				r = bc_get(fs, v, BC_NEW, &next);
				if (r < 0)
					break;
			}
		} else {
			if (!blk_valid(fs, v)) {
				r = EXT2_ERR(EUCLEAN);
				break;
			}
			if (alloc) { /* about to be written: must not be metadata */
				r = blk_check_data(fs, v);
				if (r < 0)
					break;
			}
			ih->last_pblk = v;
		}
		if (leaf) {
			*pblk = v;
			break;
		}
		if (!next) {
			r = bc_get(fs, v, BC_READ | (alloc ? BC_WRITE : 0), &next);
			if (r < 0)
				break;
		}
		if (held)
			bc_put(fs, held);
		held = holder = next;
		ptr = (uint32_t *)held->data + idx[level];
	}
	if (held)
		bc_put(fs, held);
	return r;
}

/* Allocate logical block lblk of ih (not mapped yet) and get it zero-filled, to write. */
int ih_new_block(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t lblk, struct ext2_cbuf **b)
{
	uint32_t pblk;
	int r = bmap(fs, ih, lblk, true, &pblk, NULL);
	return r < 0 ? r : bc_get(fs, pblk, BC_NEW, b);
}

/* Bytes [from, end of its block) of the block holding `from` become zeros: what lies past
 * the end of a file must read as zeros once the file grows. */
int zero_tail(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t from)
{
	uint32_t bs = fs->block_size, pblk;
	if (from % bs == 0)
		return 0;
	int r = bmap(fs, ih, from >> fs->log_block_size, false, &pblk, NULL);
	if (r < 0 || !pblk)
		return r;
	struct ext2_cbuf *b;
	r = bc_get_data(fs, pblk, BC_READ | BC_WRITE, &b);
	if (r < 0)
		return r;
	memset(b->data + from % bs, 0, bs - from % bs);
	bc_dirty(fs, b);
	bc_put(fs, b);
	return 0;
}

/* Freeing blocks from logical block `from` on, highest first, committing on the way when
 * the cache fills up; i_size always covers what is still mapped. */
struct trunc {
	struct ext2_ih *ih;
	uint64_t size;  /* the final size */
	uint64_t from;  /* first logical block to free */
};

static int trunc_checkpoint(struct ext2_fs *fs, struct trunc *t, uint64_t freed_from)
{
	if (!tx_nearly_full(fs))
		return 0;
	uint64_t bound = freed_from << fs->log_block_size;
	if (bound < t->size)
		bound = t->size;
	if (bound < ih_size(fs, t->ih))
		(void)ih_set_size(fs, t->ih, bound); /* shrinking: cannot fail */
	return tx_commit(fs);
}

static int trunc_tree(struct ext2_fs *fs, struct trunc *t, uint32_t *ptr, struct ext2_cbuf *holder,
                      int depth, uint64_t base)
{
	uint64_t p = fs->ptrs_per_block;
	uint64_t span = depth == 0 ? 1 : depth == 1 ? p : depth == 2 ? p * p : p * p * p;
	uint32_t v = *ptr;
	if (v == 0 || base + span <= t->from)
		return 0;
	int r;
	if (depth > 0) {
		struct ext2_cbuf *b;
		r = bc_get_data(fs, v, BC_READ | BC_WRITE, &b);
		if (r < 0)
			return r;
		uint64_t cspan = span / p;
		for (uint32_t i = (uint32_t)p; i-- > 0;) {
			uint64_t cbase = base + i * cspan;
			if (cbase + cspan <= t->from)
				break;
			r = trunc_tree(fs, t, (uint32_t *)b->data + i, b, depth - 1, cbase);
			if (r == 0 && depth == 1)
				r = trunc_checkpoint(fs, t, cbase);
			if (r < 0) {
				bc_put(fs, b);
				return r;
			}
		}
		bc_put(fs, b);
		if (base < t->from)
			return 0; /* still holds blocks below `from` */
	}
	r = free_block(fs, v);
	if (r < 0)
		return r;
	*ptr = 0;
	bc_dirty(fs, holder);
	return ih_blocks_add(fs, t->ih, -1);
}

int trunc_blocks(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t size)
{
	struct trunc t = {ih, size, (size + fs->block_size - 1) >> fs->log_block_size};
	int r = zero_tail(fs, ih, size); /* for a later growth */
	if (r < 0)
		return r;
	uint64_t p = fs->ptrs_per_block;
	static const int depth_of[EXT2_N_BLOCKS] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
	for (int s = EXT2_N_BLOCKS - 1; s >= 0; s--) {
		uint64_t base = s < (int)EXT2_NDIR_BLOCKS ? (uint64_t)s
		                : s == EXT2_IND_BLOCK ? EXT2_NDIR_BLOCKS
		                : s == EXT2_DIND_BLOCK ? EXT2_NDIR_BLOCKS + p
		                : EXT2_NDIR_BLOCKS + p + p * p;
		r = trunc_tree(fs, &t, &ih->in->i_block[s], ih->buf, depth_of[s], base);
		if (r == 0 && depth_of[s] == 0)
			r = trunc_checkpoint(fs, &t, base);
		if (r < 0)
			return r;
	}
	return ih_set_size(fs, ih, size);
}

/* Drop the inode's reference to its extended attribute block. */
static int drop_xattr(struct ext2_fs *fs, struct ext2_ih *ih)
{
	uint32_t blk = ih->in->i_file_acl;
	if (!blk)
		return 0;
	struct ext2_cbuf *b;
	int r = bc_get_data(fs, blk, BC_READ | BC_WRITE, &b);
	if (r < 0)
		return r;
	uint32_t refs = le32(b->data + EXT2_XATTR_REFCOUNT_OFF);
	if (le32(b->data) != EXT2_XATTR_MAGIC || refs == 0) {
		bc_put(fs, b);
		return EXT2_ERR(EUCLEAN);
	}
	put32(b->data + EXT2_XATTR_REFCOUNT_OFF, refs - 1);
	bc_dirty(fs, b);
	bc_put(fs, b);
	if (refs == 1) {
		r = free_block(fs, blk);
		if (r < 0)
			return r;
	}
	ih->in->i_file_acl = 0;
	return ih_blocks_add(fs, ih, -1);
}

/* An inode without links: free its blocks, then the inode. */
int inode_free_all(struct ext2_fs *fs, struct ext2_ih *ih)
{
	int r;
	bool is_dir = ih_type(ih) == EXT2_S_IFDIR;
	if (ih_has_blocks(fs, ih)) {
		r = trunc_blocks(fs, ih, 0);
		if (r < 0)
			return r;
	}
	r = drop_xattr(fs, ih);
	if (r < 0)
		return r;
	r = free_inode(fs, ih->ino, is_dir);
	if (r < 0)
		return r;
	uint32_t now = fs_now(fs);
	ih->in->i_dtime = now ? now : 1; /* a zero dtime would look like a lost file */
	ih->in->i_links_count = 0;
	ih_dirty(fs, ih);
	return 0;
}

int64_t file_read(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t off, void *buf, size_t len)
{
	uint64_t size = ih_size(fs, ih);
	uint32_t bs = fs->block_size;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = (size_t)(size - off);
	if (len > (size_t)INT64_MAX)
		len = (size_t)INT64_MAX;
	size_t done = 0;
	while (done < len) {
		uint64_t pos = off + done;
		uint32_t boff = (uint32_t)(pos % bs);
		size_t n = bs - boff < len - done ? bs - boff : len - done;
		uint32_t pblk;
		int r = bmap(fs, ih, pos >> fs->log_block_size, false, &pblk, NULL);
		if (r < 0)
			return done ? (int64_t)done : r;
		uint8_t *dst = (uint8_t *)buf + done;
		struct ext2_cbuf *b = pblk ? bc_find(fs, pblk) : NULL;
		if (!pblk) {
			memset(dst, 0, n);
		} else if (!b && n == bs) {
			r = dev_read(fs, pblk, dst);
		} else {
			r = bc_get(fs, pblk, BC_READ, &b);
			if (r == 0) {
				memcpy(dst, b->data + boff, n);
				bc_put(fs, b);
			}
		}
		if (r < 0)
			return done ? (int64_t)done : r;
		done += n;
	}
	return (int64_t)done;
}
