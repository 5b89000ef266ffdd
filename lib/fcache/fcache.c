/* fcache.c - the file page cache (see fcache.h): a hash of (node, page index) to slot,
 * one slot per page of the region, and a clock hand to find a slot to reuse when all
 * are taken. */
#include "fcache.h"
#include "base/mem.h"

#define FC_EIO 5
#define NONE (-1)
#define PAGE FC_PAGE_SIZE

static unsigned hash(uint64_t node, uint64_t idx)
{
	return (unsigned)((node * 0x9e3779b97f4a7c15UL ^ idx * 0xc2b2ae3d27d4eb4fUL) >> 56) % FC_BUCKETS;
}

/* The node chain a node's slots are on: a file's pages are found without a scan of the
 * whole cache (fc_writeback and drop_from at every last close of a file). */
static unsigned node_hash(uint64_t node)
{
	return (unsigned)((node * 0x9e3779b97f4a7c15UL) >> 56) % FC_BUCKETS;
}

static void node_link(struct fcache *c, int i)
{
	int16_t *head = &c->node_bucket[node_hash(c->slots[i].node)];
	c->slots[i].node_prev = NONE;
	c->slots[i].node_next = *head;
	if (*head != NONE)
		c->slots[*head].node_prev = (int16_t)i;
	*head = (int16_t)i;
}

static void node_unlink(struct fcache *c, int i)
{
	struct fc_slot *s = &c->slots[i];
	if (s->node_prev != NONE)
		c->slots[s->node_prev].node_next = s->node_next;
	else
		c->node_bucket[node_hash(s->node)] = s->node_next;
	if (s->node_next != NONE)
		c->slots[s->node_next].node_prev = s->node_prev;
}

static uint8_t *page_of(struct fcache *c, int i) { return c->pages + (size_t)i * PAGE; }

void fc_init(struct fcache *c, const struct fc_env *env, void *pages, unsigned npages)
{
	memset(c, 0, sizeof *c);
	c->env = env;
	c->pages = pages;
	c->npages = pages ? (npages < FC_MAX_PAGES ? npages : FC_MAX_PAGES) : 0;
	for (int i = 0; i < FC_BUCKETS; i++)
		c->bucket[i] = c->node_bucket[i] = NONE;
}

static int find(struct fcache *c, uint64_t node, uint64_t idx)
{
	for (int i = c->bucket[hash(node, idx)]; i != NONE; i = c->slots[i].next)
		if (c->slots[i].node == node && c->slots[i].idx == idx)
			return i;
	return NONE;
}

static void unlink_slot(struct fcache *c, int i)
{
	int16_t *pp = &c->bucket[hash(c->slots[i].node, c->slots[i].idx)];
	while (*pp != i)
		pp = &c->slots[*pp].next;
	*pp = c->slots[i].next;
	node_unlink(c, i);
	c->slots[i].used = 0;
	c->nused--;
}

/* Does any mapping use slot i's page? Only a page lent can be mapped: no question for
 * one that is not. (A failed question says yes.) */
static int in_use(struct fcache *c, int i)
{
	const void *page = page_of(c, i);
	uint64_t used;
	return c->slots[i].lent && (c->env->users(c->env->ctx, &page, 1, &used) < 0 || (used & 1));
}

/* Which of the clock's next n slots (n <= FC_ASK_MAX) a mapping uses (bit k: the slot
 * k after the hand): the lent ones asked about in one question. */
static uint64_t next_in_use(struct fcache *c, unsigned n)
{
	const void *pages[FC_ASK_MAX];
	unsigned at[FC_ASK_MAX], nask = 0;
	for (unsigned k = 0; k < n; k++) {
		unsigned i = (c->hand + k) % c->npages;
		if (c->slots[i].lent)
			at[nask] = k, pages[nask++] = page_of(c, (int)i);
	}
	uint64_t used = 0, busy = 0;
	if (nask && c->env->users(c->env->ctx, pages, nask, &used) < 0)
		used = ~0ull;   /* a failed question says yes */
	for (unsigned k = 0; k < nask; k++)
		busy |= (used >> k & 1) << at[k];
	return busy;
}

/* Write slot i to its file if it may be dirty (only bytes before the end of the file).
 * Whether a mapping uses it is asked before the bytes are copied out: if one does, it
 * may write again unseen during or after the write, so the page stays maybe dirty; if
 * none does, none can appear meanwhile (only the caller gives mappings pages). A short
 * write fails (-EIO) and leaves it maybe dirty too. */
static int write_slot(struct fcache *c, int i)
{
	struct fc_slot *s = &c->slots[i];
	struct fc_stat st;
	if (!s->maybe_dirty)
		return 0;
	int e = c->env->stat(c->env->ctx, s->node, &st);
	if (e < 0)
		return e;
	uint64_t off = s->idx * PAGE;
	int mapped = in_use(c, i);
	if (off < st.size) {
		size_t n = st.size - off < PAGE ? (size_t)(st.size - off) : PAGE;
		long w = c->env->write(c->env->ctx, s->node, off, page_of(c, i), n);
		if (w < 0 || (size_t)w < n)
			return w < 0 ? (int)w : -FC_EIO;
	}
	s->maybe_dirty = (uint8_t)mapped;
	return 0;
}

/* Drop the mappings of slot i's page (and the VM server's memory of where it is). */
static int unmap_slot(struct fcache *c, int i)
{
	struct fc_slot *s = &c->slots[i];
	int e = c->env->unmap(c->env->ctx, s->node, s->idx, s->idx + 1);
	if (e == 0)
		s->lent = 0;
	return e;
}

/* Slot i may be reused as far as lending goes: 0, or -errno while it is still lent. */
static int take_back(struct fcache *c, int i)
{
	return c->slots[i].lent ? unmap_slot(c, i) : 0;
}

/* Pages [first, end of file) of node go: the lent ones are forgotten first (slots that
 * stay lent are taken back before reuse, take_back). */
static void drop_from(struct fcache *c, uint64_t node, uint64_t first)
{
	int lent = 0;
	for (int i = c->node_bucket[node_hash(node)]; i != NONE; i = c->slots[i].node_next)
		lent |= c->slots[i].lent && c->slots[i].node == node && c->slots[i].idx >= first;
	int forgot = lent && c->env->unmap(c->env->ctx, node, first, UINT64_MAX) == 0;
	for (int i = c->node_bucket[node_hash(node)], next; i != NONE; i = next) {
		struct fc_slot *s = &c->slots[i];
		next = s->node_next;   /* (unlink_slot takes i off the chain) */
		if (s->node != node || s->idx < first)
			continue;
		if (forgot)
			s->lent = 0;
		unlink_slot(c, i);
	}
}

/* A slot to fill: a free one, else by the clock hand: the first of the next few that no
 * mapping uses (asking about every page would cost a call per page), else the first after
 * them whose mappings can be dropped. Written back first if it may be dirty; only a clean
 * page is reused. NONE if no page can be. */
#define UNMAPPED_TRIES FC_ASK_MAX
static int take_slot(struct fcache *c)
{
	for (unsigned i = 0; c->nused < c->npages && i < c->npages; i++)
		if (!c->slots[i].used && !take_back(c, (int)i))
			return (int)i;
	unsigned tries = c->npages < UNMAPPED_TRIES ? c->npages : UNMAPPED_TRIES;
	uint64_t busy = next_in_use(c, tries);
	for (unsigned n = 0; n < c->npages + tries; n++) {
		int i = (int)(c->hand++ % c->npages);
		struct fc_slot *s = &c->slots[i];
		if (n < tries ? (busy >> n & 1) || take_back(c, i) : unmap_slot(c, i) < 0)
			continue;
		if (write_slot(c, i) < 0 || s->maybe_dirty)
			continue;
		unlink_slot(c, i);
		return i;
	}
	return NONE;
}

int fc_get(struct fcache *c, uint64_t node, uint64_t idx, int shared_write, uint8_t **page)
{
	if (!c->npages)
		return -FC_ENOMEM;
	int i = find(c, node, idx);
	if (i == NONE) {
		struct fc_stat st;
		int e = c->env->stat(c->env->ctx, node, &st);
		if (e < 0)
			return e;
		if (idx >= (st.size + PAGE - 1) / PAGE)
			return -FC_EFAULT;
		if ((i = take_slot(c)) == NONE)
			return -FC_ENOMEM;
		long n = c->env->read(c->env->ctx, node, idx * PAGE, page_of(c, i), PAGE);
		if (n < 0)
			return (int)n;   /* the slot stays free */
		memset(page_of(c, i) + n, 0, PAGE - (size_t)n);
		unsigned b = hash(node, idx);
		c->slots[i] = (struct fc_slot){node, idx, c->bucket[b], NONE, NONE, 1, 0, 0};   /* not lent */
		c->bucket[b] = (int16_t)i;
		node_link(c, i);
		c->nused++;
	}
	if (shared_write)
		c->slots[i].maybe_dirty = 1;
	*page = page_of(c, i);
	return 0;
}

void fc_lend(struct fcache *c, const uint8_t *page)
{
	__atomic_store_n(&c->slots[(page - c->pages) / PAGE].lent, 1, __ATOMIC_RELAXED);
}

uint8_t *fc_peek(struct fcache *c, uint64_t node, uint64_t idx, int shared_write)
{
	int i = c->npages ? find(c, node, idx) : NONE;
	if (i == NONE)
		return 0;
	if (shared_write)   /* (atomic: fc_peek may run beside itself, fcache.h) */
		__atomic_store_n(&c->slots[i].maybe_dirty, 1, __ATOMIC_RELAXED);
	return page_of(c, i);
}

long fc_read_to(struct fcache *c, uint64_t node, uint64_t off, size_t n, fc_sink put, void *arg)
{
	struct fc_stat st;
	int e = c->npages ? c->env->stat(c->env->ctx, node, &st) : -FC_ENOMEM;
	if (e < 0 || (st.mode & FC_S_IFMT) != FC_S_IFREG)
		return e < 0 ? e : -FC_ENOMEM;
	if (off >= st.size)
		return 0;
	if (n > st.size - off)
		n = (size_t)(st.size - off);
	size_t done = 0;
	while (done < n) {
		uint64_t pos = off + done, in = pos % PAGE;
		size_t chunk = PAGE - in < n - done ? (size_t)(PAGE - in) : n - done;
		uint8_t *p;
		if ((e = fc_get(c, node, pos / PAGE, 0, &p)) < 0)
			return done ? (long)done : e;
		long took = put(arg, done, p + in, chunk);
		if (took < 0)
			return done ? (long)done : took;
		done += (size_t)took;
		if ((size_t)took < chunk)
			break;
	}
	return (long)done;
}

static long put_in_buffer(void *buf, size_t at, const void *src, size_t n)
{
	memcpy((uint8_t *)buf + at, src, n);
	return (long)n;
}

long fc_read(struct fcache *c, uint64_t node, uint64_t off, void *buf, size_t n)
{
	return fc_read_to(c, node, off, n, put_in_buffer, buf);
}

/* Copy between buf and each cached page of node meeting [off, off + n). */
static void each_overlap(struct fcache *c, uint64_t node, uint64_t off, size_t n, int to_cache,
                         uint8_t *buf)
{
	for (uint64_t idx = off / PAGE; n && idx * PAGE < off + n; idx++) {
		int i = find(c, node, idx);
		if (i == NONE)
			continue;
		uint64_t lo = idx * PAGE > off ? idx * PAGE : off;
		uint64_t hi = (idx + 1) * PAGE < off + n ? (idx + 1) * PAGE : off + n;
		uint8_t *p = page_of(c, i) + (lo - idx * PAGE), *b = buf + (lo - off);
		if (to_cache)
			memcpy(p, b, hi - lo);
		else
			memcpy(b, p, hi - lo);
	}
}

void fc_read_overlay(struct fcache *c, uint64_t node, uint64_t off, void *buf, size_t n)
{
	each_overlap(c, node, off, n, 0, buf);
}

void fc_write_through(struct fcache *c, uint64_t node, uint64_t off, const void *buf, size_t n)
{
	each_overlap(c, node, off, n, 1, (uint8_t *)buf);
}

int fc_writeback(struct fcache *c, uint64_t node, uint64_t off, uint64_t len)
{
	int err = 0;
	for (int i = c->node_bucket[node_hash(node)]; i != NONE; i = c->slots[i].node_next) {
		struct fc_slot *s = &c->slots[i];
		if (s->node != node || !s->maybe_dirty)
			continue;
		if (len && (s->idx * PAGE + PAGE <= off || s->idx * PAGE >= off + len))
			continue;
		int e = write_slot(c, i);
		if (e < 0 && !err)
			err = e;
	}
	return err;
}

int fc_writeback_all(struct fcache *c)
{
	int err = 0;
	for (unsigned i = 0; i < c->npages; i++) {
		int e = c->slots[i].used ? write_slot(c, (int)i) : 0;
		if (e < 0 && !err)
			err = e;
	}
	return err;
}

void fc_resized(struct fcache *c, uint64_t node, uint64_t old_size, uint64_t new_size)
{
	drop_from(c, node, (new_size + PAGE - 1) / PAGE);
	uint64_t from = old_size < new_size ? old_size : new_size, in = from % PAGE;
	int i = in ? find(c, node, from / PAGE) : NONE;
	if (i != NONE)   /* bytes past the end read as zeros, now and after it grows */
		memset(page_of(c, i) + in, 0, PAGE - in);
}

int fc_forget(struct fcache *c, uint64_t node)
{
	int err = fc_writeback(c, node, 0, 0);
	drop_from(c, node, 0);
	return err;
}
