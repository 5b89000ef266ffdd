/* tmpfs_data.c - a tmpfs file's data (see tmpfs.h): its pages under a two-level index of
 * pages, each asked of the environment when first written, counted against the size
 * bound, and given back when the file shrinks or goes. */
#include "tmpfs_internal.h"
#include "base/mem.h"

/* The data page idx of n, or NULL if it has none. */
static uint8_t *page_at(const struct tmpfs_node *n, uint64_t idx)
{
	void **leaf = n->index ? n->index[idx / TMPFS_FANOUT] : 0;
	return leaf ? leaf[idx % TMPFS_FANOUT] : 0;
}

/* The data page idx of n, made if missing: NULL with *err -ENOSPC if the bound is
 * reached, -ENOMEM if the environment has no page (index pages made on the way stay,
 * empty, until the file shrinks or goes). */
static uint8_t *page_make(struct tmpfs *t, struct tmpfs_node *n, uint64_t idx, int *err)
{
	uint8_t *page = page_at(n, idx);
	if (page)
		return page;
	*err = -T_ENOSPC;
	if (t->used_pages >= t->max_pages)
		return 0;
	*err = -T_ENOMEM;
	if (!n->index && !(n->index = t->env->page_alloc(t->env->ctx)))
		return 0;
	void ***leaf = (void ***)&n->index[idx / TMPFS_FANOUT];
	if (!*leaf && !(*leaf = t->env->page_alloc(t->env->ctx)))
		return 0;
	if (!(page = t->env->page_alloc(t->env->ctx)))
		return 0;
	(*leaf)[idx % TMPFS_FANOUT] = page;
	t->used_pages++;
	n->pages++;
	return page;
}

void tmpfs_drop_pages(struct tmpfs *t, struct tmpfs_node *n, uint64_t first)
{
	if (!n->index)
		return;
	for (uint64_t hi = first / TMPFS_FANOUT; hi < TMPFS_FANOUT; hi++) {
		void **leaf = n->index[hi];
		uint64_t lo = hi == first / TMPFS_FANOUT ? first % TMPFS_FANOUT : 0, from = lo;
		for (; leaf && lo < TMPFS_FANOUT; lo++)
			if (leaf[lo]) {
				t->env->page_free(t->env->ctx, leaf[lo]);
				leaf[lo] = 0;
				t->used_pages--;
				n->pages--;
			}
		if (leaf && from == 0) {
			t->env->page_free(t->env->ctx, leaf);
			n->index[hi] = 0;
		}
	}
	if (first == 0) {
		t->env->page_free(t->env->ctx, n->index);
		n->index = 0;
	}
}

/* The regular file node, or NULL with *err: -ENOENT, or -EISDIR for a directory. */
static struct tmpfs_node *file_of(struct tmpfs *t, uint32_t node, int *err)
{
	struct tmpfs_node *n = tmpfs_node(t, node);
	*err = !n ? -T_ENOENT : tmpfs_isdir(n) ? -T_EISDIR : 0;
	return *err ? 0 : n;
}

long tmpfs_read(struct tmpfs *t, uint32_t node, uint64_t off, void *buf, size_t len)
{
	int err;
	struct tmpfs_node *n = file_of(t, node, &err);
	if (!n)
		return err;
	if (off >= n->size)
		return 0;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	for (size_t done = 0, chunk; done < len; done += chunk) {
		uint64_t at = off + done, in = at % TMPFS_PAGE;
		chunk = len - done < TMPFS_PAGE - in ? len - done : (size_t)(TMPFS_PAGE - in);
		const uint8_t *page = page_at(n, at / TMPFS_PAGE);
		if (page)
			memcpy((uint8_t *)buf + done, page + in, chunk);
		else
			memset((uint8_t *)buf + done, 0, chunk);   /* a hole */
	}
	return (long)len;
}

long tmpfs_write(struct tmpfs *t, uint32_t node, uint64_t off, const void *buf, size_t len)
{
	int err;
	struct tmpfs_node *n = file_of(t, node, &err);
	if (!n)
		return err;
	if (len && off >= TMPFS_MAX_SIZE)
		return -T_EFBIG;
	if (len > TMPFS_MAX_SIZE - off)
		len = (size_t)(TMPFS_MAX_SIZE - off);   /* as far as the largest size, as Linux */
	size_t done = 0, chunk;
	for (; done < len; done += chunk) {
		uint64_t at = off + done, in = at % TMPFS_PAGE;
		chunk = len - done < TMPFS_PAGE - in ? len - done : (size_t)(TMPFS_PAGE - in);
		uint8_t *page = page_make(t, n, at / TMPFS_PAGE, &err);
		if (!page)
			break;
		memcpy(page + in, (const uint8_t *)buf + done, chunk);
	}
	if (len && !done)
		return err;
	if (off + done > n->size)
		n->size = off + done;
	if (done)
		n->mtime = n->ctime = t->env->now(t->env->ctx);
	return (long)done;
}

int tmpfs_truncate(struct tmpfs *t, uint32_t node, uint64_t size)
{
	int err;
	struct tmpfs_node *n = file_of(t, node, &err);
	if (!n)
		return err;
	if (size > TMPFS_MAX_SIZE)
		return -T_EFBIG;
	/* Index pages a failed write left past the end go too. */
	tmpfs_drop_pages(t, n, (size + TMPFS_PAGE - 1) / TMPFS_PAGE);
	uint8_t *last = size < n->size && size % TMPFS_PAGE ? page_at(n, size / TMPFS_PAGE) : 0;
	if (last)   /* growing again later must read zeros there */
		memset(last + size % TMPFS_PAGE, 0, TMPFS_PAGE - size % TMPFS_PAGE);
	n->size = size;
	n->mtime = n->ctime = t->env->now(t->env->ctx);
	return 0;
}
