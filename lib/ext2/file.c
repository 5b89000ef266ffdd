/* file.c - stat, read, write, truncate, readlink, setattr. */
#include "ext2/ext2_internal.h"

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st)
{
	struct ext2_ih ih;
	int r = ih_get(fs, ino, 0, &ih);
	if (r < 0)
		return r;
	const struct ext2_inode *in = ih.in;
	uint64_t blocks = in->i_blocks;
	if (fs->feature_ro_compat & EXT2_FEATURE_RO_COMPAT_HUGE_FILE)
		blocks |= (uint64_t)in->i_blocks_hi << 32;
	*st = (struct ext2_stat){
		.ino = ino,
		.mode = in->i_mode,
		.links = in->i_links_count,
		.uid = in->i_uid | ((uint32_t)in->i_uid_high << 16),
		.gid = in->i_gid | ((uint32_t)in->i_gid_high << 16),
		.size = ih_size(fs, &ih),
		.blocks = blocks,
		.atime = in->i_atime,
		.mtime = in->i_mtime,
		.ctime = in->i_ctime,
		.dtime = in->i_dtime,
		.flags = in->i_flags,
		.generation = in->i_generation,
	};
	const uint8_t *x;
	if ((x = ih_time_extra(fs, &ih, EXT2_ATIME_EXTRA_OFF)))
		st->atime_nsec = le32(x) >> 2;
	if ((x = ih_time_extra(fs, &ih, EXT2_MTIME_EXTRA_OFF)))
		st->mtime_nsec = le32(x) >> 2;
	if ((x = ih_time_extra(fs, &ih, EXT2_CTIME_EXTRA_OFF)))
		st->ctime_nsec = le32(x) >> 2;
	uint16_t t = ih_type(&ih);
	if (t == EXT2_S_IFCHR || t == EXT2_S_IFBLK)
		st->rdev = in->i_block[0] ? in->i_block[0] : in->i_block[1];
	ih_put(fs, &ih);
	return 0;
}

static int need_regular(const struct ext2_ih *ih)
{
	uint16_t t = ih_type(ih);
	return t == EXT2_S_IFREG ? 0 : t == EXT2_S_IFDIR ? EXT2_ERR(EISDIR) : EXT2_ERR(EINVAL);
}

int64_t ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, size_t len)
{
	struct ext2_ih ih;
	int r = ih_get(fs, ino, 0, &ih);
	if (r < 0)
		return r;
	int64_t n = need_regular(&ih);
	if (n == 0)
		n = file_read(fs, &ih, off, buf, len);
	ih_put(fs, &ih);
	return n;
}

/* One block's worth of a write. */
static int write_block_part(struct ext2_fs *fs, struct ext2_ih *ih, uint64_t pos, const uint8_t *src,
                            uint32_t n)
{
	uint32_t bs = fs->block_size, boff = (uint32_t)(pos % bs), pblk;
	bool fresh;
	int r = bmap(fs, ih, pos >> fs->log_block_size, true, &pblk, &fresh);
	if (r < 0)
		return r;
	struct ext2_cbuf *b = bc_find(fs, pblk);
	if (n == bs && !b)
		return dev_write(fs, pblk, src); /* whole block, not cached: straight to the device */
	r = bc_get(fs, pblk, fresh ? BC_NEW : BC_READ | BC_WRITE, &b);
	if (r < 0)
		return r;
	memcpy(b->data + boff, src, n);
	bc_dirty(fs, b);
	bc_put(fs, b);
	return 0;
}

int64_t ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, size_t len)
{
	struct ext2_ih ih;
	int r = tx_begin_ih(fs, ino, 0, &ih);
	if (r < 0)
		return r;
	r = need_regular(&ih);
	if (r == 0 && len && off >= fs->max_file_size)
		r = EXT2_ERR(EFBIG);
	if (r < 0 || len == 0) {
		ih_put(fs, &ih);
		return tx_end(fs, r);
	}
	if (len > fs->max_file_size - off)
		len = (size_t)(fs->max_file_size - off);
	if (len > (size_t)INT64_MAX)
		len = (size_t)INT64_MAX;
	uint64_t size = ih_size(fs, &ih);
	size_t done = 0, committed = 0;
	uint32_t bs = fs->block_size;
	if (off > size)
		r = zero_tail(fs, &ih, size);
	if (r == 0)
		ih_touch(fs, &ih, true);
	while (r == 0 && done < len) {
		uint64_t pos = off + done;
		uint32_t boff = (uint32_t)(pos % bs);
		uint32_t n = (uint32_t)(bs - boff < len - done ? bs - boff : len - done);
		if (done > committed && tx_nearly_full(fs)) {
			r = tx_commit(fs); /* even if it fails, the blocks are pending: accepted */
			committed = done;
			if (r < 0)
				break; /* stop: the next step could need a pending block */
		}
		r = write_block_part(fs, &ih, pos, (const uint8_t *)buf + done, n);
		if (r == 0 && pos + n > size) {
			r = ih_set_size(fs, &ih, pos + n);
			if (r == 0)
				size = pos + n;
		}
		if (r == 0)
			done += n;
	}
	ih_put(fs, &ih);
	if (r < 0 && r != EXT2_ERR(ENOSPC) && r != EXT2_ERR(EFBIG)) {
		/* Back to the last commit: what came after it may be half done. (After -ENOSPC
		 * or -EFBIG nothing is: the allocation that failed changed nothing.) */
		tx_end(fs, r);
		return committed ? (int64_t)committed : r;
	}
	tx_end(fs, 0);
	return done ? (int64_t)done : r;
}

int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size)
{
	struct ext2_ih ih;
	int r = tx_begin_ih(fs, ino, 0, &ih);
	if (r < 0)
		return r;
	r = need_regular(&ih);
	if (r == 0 && size > fs->max_file_size)
		r = EXT2_ERR(EFBIG);
	uint64_t old = r == 0 ? ih_size(fs, &ih) : 0;
	if (r == 0 && size > old) {
		r = zero_tail(fs, &ih, old);
		if (r == 0)
			r = ih_set_size(fs, &ih, size);
	} else if (r == 0 && size < old) {
		r = trunc_blocks(fs, &ih, size);
	}
	if (r == 0 && size != old)
		ih_touch(fs, &ih, true);
	ih_put(fs, &ih);
	return tx_end(fs, r);
}

/* The target of a symbolic link, checked: 0 < length < EXT2_PATH_MAX, no NUL inside. */
static int link_target(struct ext2_fs *fs, struct ext2_ih *ih, char *buf, size_t cap, size_t *len)
{
	uint64_t size = ih_size(fs, ih);
	if (size == 0 || size >= EXT2_PATH_MAX || size > fs->block_size)
		return EXT2_ERR(EUCLEAN);
	size_t n = (size_t)size < cap ? (size_t)size : cap;
	if (!ih_has_blocks(fs, ih)) {
		if (size >= EXT2_FAST_SYMLINK_MAX)
			return EXT2_ERR(EUCLEAN);
		memcpy(buf, ih->in->i_block, n);
	} else {
		uint32_t pblk;
		int r = bmap(fs, ih, 0, false, &pblk, NULL);
		if (r < 0)
			return r;
		if (!pblk)
			return EXT2_ERR(EUCLEAN);
		struct ext2_cbuf *b;
		r = bc_get(fs, pblk, BC_READ, &b);
		if (r < 0)
			return r;
		memcpy(buf, b->data, n);
		bc_put(fs, b);
	}
	for (size_t i = 0; i < n; i++)
		if (buf[i] == 0)
			return EXT2_ERR(EUCLEAN);
	*len = n;
	return 0;
}

int ext2_symlink_target(struct ext2_fs *fs, uint32_t ino, char *buf, size_t cap, size_t *len)
{
	struct ext2_ih ih;
	int r = ih_get(fs, ino, 0, &ih);
	if (r < 0)
		return r;
	r = ih_type(&ih) == EXT2_S_IFLNK ? link_target(fs, &ih, buf, cap, len) : EXT2_ERR(EINVAL);
	ih_put(fs, &ih);
	return r;
}

int ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t len)
{
	size_t n;
	int r = ext2_symlink_target(fs, ino, buf, len, &n);
	return r < 0 ? r : (int)n;
}

int ext2_setattr(struct ext2_fs *fs, uint32_t ino, const struct ext2_attr *a, unsigned mask)
{
	if ((mask & EXT2_ATTR_ATIME && a->atime_nsec >= 1000000000u) ||
	    (mask & EXT2_ATTR_MTIME && a->mtime_nsec >= 1000000000u))
		return EXT2_ERR(EINVAL);
	struct ext2_ih ih;
	int r = tx_begin_ih(fs, ino, 0, &ih);
	if (r < 0)
		return r;
	struct ext2_inode *in = ih.in;
	if (mask & EXT2_ATTR_MODE)
		in->i_mode = (uint16_t)((in->i_mode & EXT2_S_IFMT) | (a->mode & 07777));
	if (mask & EXT2_ATTR_UID) {
		in->i_uid = (uint16_t)a->uid;
		in->i_uid_high = (uint16_t)(a->uid >> 16);
	}
	if (mask & EXT2_ATTR_GID) {
		in->i_gid = (uint16_t)a->gid;
		in->i_gid_high = (uint16_t)(a->gid >> 16);
	}
	if (mask & EXT2_ATTR_ATIME)
		ih_set_time(fs, &ih, &in->i_atime, EXT2_ATIME_EXTRA_OFF, a->atime, a->atime_nsec);
	if (mask & EXT2_ATTR_MTIME)
		ih_set_time(fs, &ih, &in->i_mtime, EXT2_MTIME_EXTRA_OFF, a->mtime, a->mtime_nsec);
	ih_touch(fs, &ih, false);
	ih_put(fs, &ih);
	return tx_end(fs, 0);
}
