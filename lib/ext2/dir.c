/* dir.c - directory blocks: validation, lookup, adding and removing entries, readdir.
 *
 * A directory block is accepted only if its entries exactly tile it: each rec_len is a
 * multiple of 4, at least 8 + name_len (rounded up), inside the block; a used entry has a
 * name and an inode number in range. A block that breaks a rule is -EUCLEAN as a whole,
 * so no walk can loop or leave the block. */
#include "ext2/ext2_internal.h"

static uint32_t rec_len_get(const struct ext2_fs *fs, const uint8_t *e)
{
	uint32_t raw = le16(e + 4);
	if (fs->block_size == 65536 && (raw == 0 || raw == 65535))
		return 65536; /* a 64 KiB block's single entry */
	return raw;
}

static void rec_len_put(const struct ext2_fs *fs, uint8_t *e, uint32_t len)
{
	put16(e + 4, (uint16_t)(len == 65536 && fs->block_size == 65536 ? 65535 : len));
}

static uint32_t name_len_get(const struct ext2_fs *fs, const uint8_t *e)
{
	/* Without "filetype" the byte after name_len is its high byte. */
	return (fs->feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) ? e[6] : le16(e + 6);
}

static void entry_set(const struct ext2_fs *fs, uint8_t *e, uint32_t ino, const char *name,
                      size_t len, uint8_t ft)
{
	put32(e, ino);
	e[6] = (uint8_t)len;
	e[7] = (fs->feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) ? ft : 0;
	memcpy(e + EXT2_DIRENT_HDR, name, len);
}

uint8_t mode_to_ft(uint16_t mode)
{
	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG: return EXT2_FT_REG_FILE;
	case EXT2_S_IFDIR: return EXT2_FT_DIR;
	case EXT2_S_IFCHR: return EXT2_FT_CHRDEV;
	case EXT2_S_IFBLK: return EXT2_FT_BLKDEV;
	case EXT2_S_IFIFO: return EXT2_FT_FIFO;
	case EXT2_S_IFSOCK: return EXT2_FT_SOCK;
	case EXT2_S_IFLNK: return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

/* An inode number found in a directory entry. */
int check_ino_ref(struct ext2_fs *fs, uint32_t ino)
{
	if (ino < 1 || ino > fs->inodes_count || (ino < fs->first_ino && ino != EXT2_ROOT_INO))
		return EXT2_ERR(EUCLEAN);
	return 0;
}

static int dir_check_block(const struct ext2_fs *fs, const uint8_t *d)
{
	uint32_t bs = fs->block_size, off = 0;
	while (off < bs) {
		if (bs - off < EXT2_DIRENT_HDR)
			return EXT2_ERR(EUCLEAN);
		const uint8_t *e = d + off;
		uint32_t rec = rec_len_get(fs, e), nl = name_len_get(fs, e), ino = le32(e);
		if (rec < EXT2_DIRENT_HDR || rec % 4 || rec > bs - off)
			return EXT2_ERR(EUCLEAN);
		if (nl > EXT2_NAME_LEN || rec < EXT2_DIR_REC_LEN(nl))
			return EXT2_ERR(EUCLEAN);
		if (ino && (nl == 0 || ino > fs->inodes_count))
			return EXT2_ERR(EUCLEAN);
		off += rec;
	}
	return 0;
}

/* Directory blocks: i_size is a whole number of blocks, all of them allocated. */
static int dir_nblocks(struct ext2_fs *fs, struct ext2_ih *dir, uint64_t *n)
{
	uint64_t size = dir->in->i_size;
	if (size % fs->block_size)
		return EXT2_ERR(EUCLEAN);
	*n = size >> fs->log_block_size;
	if (*n > (uint64_t)dir->in->i_blocks / (fs->block_size / 512))
		return EXT2_ERR(EUCLEAN);
	return 0;
}

static int dir_block(struct ext2_fs *fs, struct ext2_ih *dir, uint64_t lblk, unsigned mode,
                     struct ext2_cbuf **b)
{
	uint32_t pblk;
	int r = bmap(fs, dir, lblk, false, &pblk, NULL);
	if (r < 0)
		return r;
	if (!pblk)
		return EXT2_ERR(EUCLEAN); /* directories have no holes */
	r = (mode & BC_WRITE) ? bc_get_data(fs, pblk, mode, b) : bc_get(fs, pblk, mode, b);
	if (r < 0 || (*b)->dir_ok)
		return r;
	r = dir_check_block(fs, (*b)->data);
	if (r < 0)
		bc_put(fs, *b);
	else
		(*b)->dir_ok = true;
	return r;
}

/* A walk over the entries of a directory, block by block, each block held while the
 * walk is on it. */
struct dir_cur {
	uint64_t lblk, n;     /* the block it is on; the directory's blocks */
	uint32_t off;         /* the entry's offset in it */
	unsigned mode;        /* bc_get mode of the blocks */
	struct ext2_cbuf *b;  /* the block, NULL before the first entry and after the last */
};

/* Begin a walk at the first entry of logical block lblk (there is none past the end). */
static int dir_cur_start(struct ext2_fs *fs, struct ext2_ih *dir, unsigned mode, uint64_t lblk,
                         struct dir_cur *c)
{
	*c = (struct dir_cur){.lblk = lblk, .mode = mode};
	return dir_nblocks(fs, dir, &c->n);
}

/* On to the next entry: true with c->b and c->off on it; false past the last one or on
 * an error (in *err, else untouched). After false the walk holds nothing. */
static bool dir_cur_next(struct ext2_fs *fs, struct ext2_ih *dir, struct dir_cur *c, int *err)
{
	if (c->b) {
		c->off += rec_len_get(fs, c->b->data + c->off);
		if (c->off < fs->block_size)
			return true;
		bc_put(fs, c->b);
		c->b = NULL;
		c->lblk++;
		c->off = 0;
	}
	if (c->lblk >= c->n)
		return false;
	int r = dir_block(fs, dir, c->lblk, c->mode, &c->b);
	if (r < 0) {
		c->b = NULL;
		*err = r;
		return false;
	}
	return true;
}

/* Leave a walk on an entry (its block goes). */
static void dir_cur_end(struct ext2_fs *fs, struct dir_cur *c)
{
	bc_put(fs, c->b);
	c->b = NULL;
}

int dir_find(struct ext2_fs *fs, struct ext2_ih *dir, const char *name, size_t len,
             struct dir_slot *slot)
{
	struct dir_cur c;
	int r = dir_cur_start(fs, dir, BC_READ, 0, &c);
	while (r == 0 && dir_cur_next(fs, dir, &c, &r)) {
		const uint8_t *e = c.b->data + c.off;
		uint32_t ino = le32(e);
		if (ino && name_len_get(fs, e) == len && memcmp(e + EXT2_DIRENT_HDR, name, len) == 0) {
			*slot = (struct dir_slot){c.lblk, c.off, ino, e[7]};
			dir_cur_end(fs, &c);
			return 0;
		}
	}
	return r < 0 ? r : EXT2_ERR(ENOENT);
}

static void dir_changed(struct ext2_fs *fs, struct ext2_ih *dir)
{
	dir->in->i_flags &= ~EXT2_INDEX_FL; /* an htree index would now be stale */
	ih_touch(fs, dir, true);
}

int dir_add(struct ext2_fs *fs, struct ext2_ih *dir, const char *name, size_t len, uint32_t ino,
            uint8_t ft)
{
	uint32_t need = EXT2_DIR_REC_LEN(len), bs = fs->block_size;
	struct dir_cur c;
	int r = dir_cur_start(fs, dir, BC_READ | BC_WRITE, 0, &c);
	while (r == 0 && dir_cur_next(fs, dir, &c, &r)) {
		uint8_t *e = c.b->data + c.off;
		uint32_t rec = rec_len_get(fs, e);
		uint32_t used = le32(e) ? EXT2_DIR_REC_LEN(name_len_get(fs, e)) : 0;
		if (rec - used >= need) {
			if (used) { /* split: the new entry takes the slack */
				rec_len_put(fs, e, used);
				e += used;
				rec_len_put(fs, e, rec - used);
			}
			entry_set(fs, e, ino, name, len, ft);
			bc_dirty(fs, c.b);
			dir_cur_end(fs, &c);
			dir_changed(fs, dir);
			return 0;
		}
	}
	if (r < 0)
		return r;
	/* No room: a new block at the end. */
	uint64_t n = c.n;
	if (((n + 1) << fs->log_block_size) > 0xffffffffull)
		return EXT2_ERR(EFBIG);
	struct ext2_cbuf *b;
	r = ih_new_block(fs, dir, n, &b);
	if (r < 0)
		return r;
	rec_len_put(fs, b->data, bs);
	entry_set(fs, b->data, ino, name, len, ft);
	bc_put(fs, b);
	r = ih_set_size(fs, dir, (n + 1) << fs->log_block_size);
	if (r < 0)
		return r;
	dir_changed(fs, dir);
	return 0;
}

/* Hold the block of `slot` for changing, with its entry found again (it must still name
 * the same inode) and the offset of the entry before it (-1 if none). */
static int slot_get(struct ext2_fs *fs, struct ext2_ih *dir, const struct dir_slot *slot,
                    struct ext2_cbuf **b, int64_t *prev)
{
	int r = dir_block(fs, dir, slot->lblk, BC_READ | BC_WRITE, b);
	if (r < 0)
		return r;
	*prev = -1;
	for (uint32_t off = 0; off < fs->block_size;) {
		if (off == slot->off) {
			if (le32((*b)->data + off) == slot->ino)
				return 0;
			break;
		}
		*prev = off;
		off += rec_len_get(fs, (*b)->data + off);
	}
	bc_put(fs, *b);
	return EXT2_ERR(ENOENT);
}

/* The block slot_get held has been changed: so has the directory. */
static void slot_changed(struct ext2_fs *fs, struct ext2_ih *dir, struct ext2_cbuf *b)
{
	bc_dirty(fs, b);
	bc_put(fs, b);
	dir_changed(fs, dir);
}

int dir_remove(struct ext2_fs *fs, struct ext2_ih *dir, const struct dir_slot *slot)
{
	struct ext2_cbuf *b;
	int64_t prev;
	int r = slot_get(fs, dir, slot, &b, &prev);
	if (r < 0)
		return r;
	uint8_t *e = b->data + slot->off;
	if (prev >= 0) { /* the previous entry absorbs it */
		uint8_t *p = b->data + prev;
		rec_len_put(fs, p, rec_len_get(fs, p) + rec_len_get(fs, e));
	} else {
		put32(e, 0);
	}
	slot_changed(fs, dir, b);
	return 0;
}

int dir_set_ino(struct ext2_fs *fs, struct ext2_ih *dir, const struct dir_slot *slot, uint32_t ino,
                uint8_t ft)
{
	struct ext2_cbuf *b;
	int64_t prev;
	int r = slot_get(fs, dir, slot, &b, &prev);
	if (r < 0)
		return r;
	put32(b->data + slot->off, ino);
	if (fs->feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE)
		b->data[slot->off + 7] = ft;
	slot_changed(fs, dir, b);
	return 0;
}

static bool is_dot(const uint8_t *e, uint32_t nl)
{
	return (nl == 1 && e[8] == '.') || (nl == 2 && e[8] == '.' && e[9] == '.');
}

/* 0 if the directory holds nothing but "." and "..", -ENOTEMPTY if it holds more. */
int dir_check_empty(struct ext2_fs *fs, struct ext2_ih *dir)
{
	struct dir_cur c;
	int r = dir_cur_start(fs, dir, BC_READ, 0, &c);
	while (r == 0 && dir_cur_next(fs, dir, &c, &r)) {
		const uint8_t *e = c.b->data + c.off;
		if (le32(e) && !is_dot(e, name_len_get(fs, e))) {
			dir_cur_end(fs, &c);
			return EXT2_ERR(ENOTEMPTY);
		}
	}
	return r;
}

/* The first block of a new directory: "." and "..". */
int dir_init(struct ext2_fs *fs, struct ext2_ih *dir, uint32_t parent)
{
	struct ext2_cbuf *b;
	int r = ih_new_block(fs, dir, 0, &b);
	if (r < 0)
		return r;
	uint32_t first = EXT2_DIR_REC_LEN(1);
	rec_len_put(fs, b->data, first);
	entry_set(fs, b->data, dir->ino, ".", 1, EXT2_FT_DIR);
	rec_len_put(fs, b->data + first, fs->block_size - first);
	entry_set(fs, b->data + first, parent, "..", 2, EXT2_FT_DIR);
	bc_put(fs, b);
	return ih_set_size(fs, dir, fs->block_size);
}

int ext2_readdir(struct ext2_fs *fs, uint32_t dirno, uint64_t *cookie, struct ext2_dirent *ent)
{
	struct ext2_ih dir;
	int r = ih_get(fs, dirno, 0, &dir);
	if (r < 0)
		return r;
	struct dir_cur c;
	if (ih_type(&dir) != EXT2_S_IFDIR)
		r = EXT2_ERR(ENOTDIR);
	else
		r = dir_cur_start(fs, &dir, BC_READ, *cookie >> fs->log_block_size, &c);
	while (r == 0 && dir_cur_next(fs, &dir, &c, &r)) {
		const uint8_t *e = c.b->data + c.off;
		uint32_t rec = rec_len_get(fs, e), ino = le32(e);
		uint64_t pos = (c.lblk << fs->log_block_size) + c.off;
		if (pos >= *cookie && ino) {
			r = check_ino_ref(fs, ino);
			if (r == 0) {
				uint32_t nl = name_len_get(fs, e);
				ent->ino = ino;
				ent->name_len = (uint8_t)nl;
				ent->type = (fs->feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) && e[7] <= 7
				                ? e[7] : EXT2_FT_UNKNOWN;
				memcpy(ent->name, e + EXT2_DIRENT_HDR, nl);
				ent->name[nl] = 0;
				*cookie = pos + rec;
				r = 1;
			}
			dir_cur_end(fs, &c);
			break;
		}
		if (c.off + rec == fs->block_size) /* a block without a further entry: past it */
			*cookie = (c.lblk + 1) << fs->log_block_size;
	}
	ih_put(fs, &dir);
	return r;
}
