/* cache.c - the block cache and the transactions built on it.
 *
 * A block in the cache is EMPTY, CLEAN, DIRTY (changed by the transaction in progress)
 * or PENDING (changed by a committed transaction whose write failed). DIRTY blocks never
 * leave the cache before the transaction ends: a commit writes them (ascending block
 * numbers), an abort forgets them, so the device, which never saw them, again holds the
 * state before the transaction. A transaction may not change a PENDING block (its old
 * contents would be lost by an abort): bc_get(BC_WRITE) first writes it out, or fails.
 */
#include "ext2/ext2_internal.h"

void bc_init(struct ext2_fs *fs, void *mem, size_t len, uint32_t bsize)
{
	uint8_t *p = mem;
	uintptr_t mis = (uintptr_t)p & 63u; /* align blocks to 64 bytes */
	if (mis) {
		size_t skip = 64u - mis;
		p += skip;
		len = len > skip ? len - skip : 0;
	}
	fs->ncb = (uint32_t)(len / bsize < EXT2_CACHE_MAX ? len / bsize : EXT2_CACHE_MAX);
	for (uint32_t i = 0; i < EXT2_CACHE_MAX; i++) {
		fs->cb[i] = (struct ext2_cbuf){.hnext = -1};
		if (i < fs->ncb)
			fs->cb[i].data = p + (size_t)i * bsize;
	}
	for (uint32_t i = 0; i < EXT2_CACHE_HASH; i++)
		fs->hhead[i] = -1;
	fs->lru_clock = 0;
	fs->ndirty = 0;
	fs->in_tx = false;
}

int dev_read(struct ext2_fs *fs, uint64_t blk, void *buf)
{
	if ((blk + 1) * fs->block_size > fs->dev_bytes)
		return EXT2_ERR(EUCLEAN);
	int r = fs->ops->read_block(fs->ctx, blk, fs->block_size, buf);
	return r < 0 ? r : (r > 0 ? EXT2_ERR(EIO) : 0);
}

int dev_write(struct ext2_fs *fs, uint64_t blk, const void *buf)
{
	if ((blk + 1) * fs->block_size > fs->dev_bytes)
		return EXT2_ERR(EUCLEAN);
	int r = fs->ops->write_block(fs->ctx, blk, fs->block_size, buf);
	return r < 0 ? r : (r > 0 ? EXT2_ERR(EIO) : 0);
}

static uint32_t bc_hash(uint64_t blk)
{
	return (uint32_t)((blk * 0x9E3779B1u) >> 7) % EXT2_CACHE_HASH;
}

struct ext2_cbuf *bc_find(struct ext2_fs *fs, uint64_t blk)
{
	for (int16_t i = fs->hhead[bc_hash(blk)]; i >= 0; i = fs->cb[i].hnext)
		if (fs->cb[i].blk == blk && fs->cb[i].state != EXT2_CB_EMPTY)
			return &fs->cb[i];
	return NULL;
}

/* Give slot b the block number blk (moving it between hash chains). */
static void bc_rehash(struct ext2_fs *fs, struct ext2_cbuf *b, uint64_t blk)
{
	int16_t self = (int16_t)(b - fs->cb);
	if (b->hashed) {
		int16_t *pp = &fs->hhead[bc_hash(b->blk)];
		while (*pp != self)
			pp = &fs->cb[*pp].hnext;
		*pp = b->hnext;
	}
	b->blk = blk;
	uint32_t h = bc_hash(blk);
	b->hnext = fs->hhead[h];
	fs->hhead[h] = self;
	b->hashed = true;
}

static int write_pending(struct ext2_fs *fs, struct ext2_cbuf *b)
{
	int r = dev_write(fs, b->blk, b->data);
	if (r == 0)
		b->state = EXT2_CB_CLEAN;
	return r;
}

/* A slot for a block not in the cache: empty, else the least recently used clean one,
 * else a pending one that can be written now. */
static int bc_victim(struct ext2_fs *fs, struct ext2_cbuf **out)
{
	struct ext2_cbuf *best = NULL;
	for (uint32_t i = 0; i < fs->ncb; i++) {
		struct ext2_cbuf *b = &fs->cb[i];
		if (b->pins)
			continue;
		if (b->state == EXT2_CB_EMPTY) {
			*out = b;
			return 0;
		}
		if (b->state == EXT2_CB_CLEAN &&
		    (!best || (uint32_t)(fs->lru_clock - b->lru) > (uint32_t)(fs->lru_clock - best->lru)))
			best = b;
	}
	if (best) {
		*out = best;
		return 0;
	}
	int err = EXT2_ERR(ENOMEM);
	for (uint32_t i = 0; i < fs->ncb; i++) {
		struct ext2_cbuf *b = &fs->cb[i];
		if (!b->pins && b->state == EXT2_CB_PENDING) {
			int r = write_pending(fs, b);
			if (r == 0) {
				*out = b;
				return 0;
			}
			err = r;
		}
	}
	return err;
}

int bc_get(struct ext2_fs *fs, uint64_t blk, unsigned mode, struct ext2_cbuf **out)
{
	if (blk >= fs->blocks_count)
		return EXT2_ERR(EUCLEAN);
	struct ext2_cbuf *b = bc_find(fs, blk);
	if (b) {
		if (mode & BC_NEW) {
			if (b->pins)
				return EXT2_ERR(EUCLEAN); /* a block in use being allocated again */
			memset(b->data, 0, fs->block_size);
			if (b->state != EXT2_CB_DIRTY)
				fs->ndirty++;
			b->state = EXT2_CB_DIRTY;
		} else if ((mode & BC_WRITE) && b->state == EXT2_CB_PENDING) {
			int r = write_pending(fs, b);
			if (r < 0)
				return r;
		}
	} else {
		int r = bc_victim(fs, &b);
		if (r < 0)
			return r;
		b->state = EXT2_CB_EMPTY;
		b->dir_ok = false;
		bc_rehash(fs, b, blk);
		if (mode & BC_NEW) {
			memset(b->data, 0, fs->block_size);
			b->state = EXT2_CB_DIRTY;
			fs->ndirty++;
		} else {
			r = dev_read(fs, blk, b->data);
			if (r < 0)
				return r;
			b->state = EXT2_CB_CLEAN;
		}
	}
	if (mode & BC_NEW)
		b->dir_ok = false;
	b->pins++;
	b->lru = ++fs->lru_clock;
	*out = b;
	return 0;
}

void bc_put(struct ext2_fs *fs, struct ext2_cbuf *b)
{
	(void)fs;
	if (b && b->pins)
		b->pins--;
}

void bc_dirty(struct ext2_fs *fs, struct ext2_cbuf *b)
{
	b->dir_ok = false;
	if (b->state != EXT2_CB_DIRTY) {
		b->state = EXT2_CB_DIRTY;
		fs->ndirty++;
	}
}

int bc_flush_pending(struct ext2_fs *fs)
{
	int err = 0;
	for (uint32_t i = 0; i < fs->ncb; i++) {
		struct ext2_cbuf *b = &fs->cb[i];
		if (b->state == EXT2_CB_PENDING) {
			int r = write_pending(fs, b);
			if (r < 0)
				err = r;
		}
	}
	return err;
}

int tx_begin(struct ext2_fs *fs)
{
	if (fs->rdonly)
		return EXT2_ERR(EROFS);
	if (fs->in_tx)
		return EXT2_ERR(EINVAL);
	(void)bc_flush_pending(fs); /* a chance to catch up; failures stay pending */
	fs->in_tx = true;
	fs->ndirty = 0;
	return 0;
}

/* Write the transaction's blocks so far in ascending order; the transaction goes on. */
int tx_commit(struct ext2_fs *fs)
{
	int err = 0;
	uint64_t last = 0;
	bool first = true;
	for (;;) {
		struct ext2_cbuf *next = NULL;
		for (uint32_t i = 0; i < fs->ncb; i++) {
			struct ext2_cbuf *b = &fs->cb[i];
			if (b->state == EXT2_CB_DIRTY && (first || b->blk > last) &&
			    (!next || b->blk < next->blk))
				next = b;
		}
		if (!next)
			break;
		first = false;
		last = next->blk;
		int r = dev_write(fs, next->blk, next->data);
		next->state = r < 0 ? EXT2_CB_PENDING : EXT2_CB_CLEAN;
		if (r < 0)
			err = r;
	}
	fs->ndirty = 0;
	return err;
}

void tx_abort(struct ext2_fs *fs)
{
	for (uint32_t i = 0; i < fs->ncb; i++)
		if (fs->cb[i].state == EXT2_CB_DIRTY)
			fs->cb[i].state = EXT2_CB_EMPTY;
	fs->ndirty = 0;
}

int tx_end(struct ext2_fs *fs, int result)
{
	if (result < 0)
		tx_abort(fs);
	else
		(void)tx_commit(fs); /* failed writes stay pending: ext2_sync reports them */
	fs->in_tx = false;
	return result;
}

bool tx_nearly_full(struct ext2_fs *fs)
{
	uint32_t avail = 0;
	for (uint32_t i = 0; i < fs->ncb; i++)
		if (!fs->cb[i].pins && fs->cb[i].state != EXT2_CB_DIRTY)
			avail++;
	return avail < EXT2_STEP_BLOCKS;
}

int ext2_sync(struct ext2_fs *fs)
{
	if (fs->in_tx)
		return EXT2_ERR(EINVAL);
	return bc_flush_pending(fs);
}

int ext2_fsync(struct ext2_fs *fs, uint32_t ino)
{
	(void)ino; /* write-through: only pending blocks are left, whoever they belong to */
	return ext2_sync(fs);
}
