/* vma_tree.c - the VMAs of an address space in an AVL tree ordered by start, each node
 * augmented with the largest free gap of its subtree, so that lookups, insertion,
 * removal and the free-gap search for mmap all take O(log n) node visits (counted in
 * mm->steps; the tests check the count, not the time).
 *
 * The gap of a VMA is the free space just below it: from the end of the previous VMA
 * (0 for the first) up to its start, or up to start - stack_guard_gap for a VM_GROWSDOWN
 * VMA (Linux's vm_start_gap), so a search never lands in a stack's guard. The space
 * above the last VMA is not in the tree; the search looks at it separately.
 *
 *   gap(v) = start_gap(v) - end(prev(v))      max_gap(v) = max(gap(v), max_gap(children))
 *
 * A gap changes when its VMA's start moves or when the previous VMA's end moves or the
 * previous VMA changes (insertion, removal): vt_insert, vt_erase and vt_update redo the
 * gap of the VMA concerned and of its successor, then the maxima up the tree, in one
 * pass that stops where a subtree's height and max_gap come out as they were.
 */
#include "vm_internal.h"

static inline int height(const struct vm_area *n) { return n ? n->height : 0; }
static inline uint64_t maxgap(const struct vm_area *n) { return n ? n->max_gap : 0; }

uint64_t vt_start_gap(const struct vm_mm *mm, const struct vm_area *v)
{
	uint64_t s = v->start;
	if (v->flags & VM_GROWSDOWN)
		s = s > mm->stack_guard_gap ? s - mm->stack_guard_gap : 0;
	return s;
}

/* Height and max_gap of n from its children. */
static inline void recompute(struct vm_area *n)
{
	int hl = height(n->left), hr = height(n->right);
	n->height = 1 + (hl > hr ? hl : hr);
	uint64_t g = n->gap;
	if (maxgap(n->left) > g)
		g = maxgap(n->left);
	if (maxgap(n->right) > g)
		g = maxgap(n->right);
	n->max_gap = g;
}

static void replace_child(struct vm_mm *mm, struct vm_area *parent, struct vm_area *old,
                          struct vm_area *new)
{
	if (!parent)
		mm->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
	if (new)
		new->parent = parent;
}

/*      x                y
 *     / \              / \
 *    a   y     ->     x   c
 *       / \          / \
 *      b   c        a   b       (rotate_left; rotate_right is the mirror) */
static struct vm_area *rotate_left(struct vm_mm *mm, struct vm_area *x)
{
	struct vm_area *y = x->right;
	replace_child(mm, x->parent, x, y);
	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->left = x;
	x->parent = y;
	recompute(x);
	recompute(y);
	return y;
}

static struct vm_area *rotate_right(struct vm_mm *mm, struct vm_area *x)
{
	struct vm_area *y = x->left;
	replace_child(mm, x->parent, x, y);
	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->right = x;
	x->parent = y;
	recompute(x);
	recompute(y);
	return y;
}

/* From n up: recompute, rebalance. A node's parent depends only on the node's height
 * and max_gap, so the walk stops at the first subtree whose two come out as before,
 * once it has passed `must` (a node above n whose own gap changed, or NULL): the
 * height and max_gap n had before must be those of the subtree now in its place. */
static void fixup(struct vm_mm *mm, struct vm_area *n, const struct vm_area *must)
{
	uint64_t steps = 0;   /* (counted here, stored once: mm->steps may alias the nodes) */
	while (n) {
		steps++;
		if (n == must)
			must = 0;
		int old_h = n->height;
		uint64_t old_g = n->max_gap;
		recompute(n);
		int bal = height(n->left) - height(n->right);
		if (bal > 1) {
			if (height(n->left->left) < height(n->left->right))
				rotate_left(mm, n->left);
			n = rotate_right(mm, n);
		} else if (bal < -1) {
			if (height(n->right->right) < height(n->right->left))
				rotate_right(mm, n->right);
			n = rotate_left(mm, n);
		}
		if (!must && n->height == old_h && n->max_gap == old_g)
			break;
		n = n->parent;
	}
	mm->steps += steps;
}

/* Only max_gap changed below n: walk up while the maxima change. */
static void propagate_gap(struct vm_mm *mm, struct vm_area *n)
{
	uint64_t steps = 0;
	for (; n; n = n->parent) {
		steps++;
		uint64_t old = n->max_gap;
		recompute(n);
		if (n->max_gap == old)
			break;
	}
	mm->steps += steps;
}

/* The gap below v when the VMA before it ends at lo (0: none). */
static uint64_t gap_below(const struct vm_mm *mm, const struct vm_area *v, uint64_t lo)
{
	uint64_t sg = vt_start_gap(mm, v);
	return sg > lo ? sg - lo : 0;
}

/* v's gap, the VMA before it ending at lo, with the maxima above it. */
static void set_gap(struct vm_mm *mm, struct vm_area *v, uint64_t lo)
{
	uint64_t g = gap_below(mm, v, lo);
	if (g != v->gap || v->max_gap < g) {
		v->gap = g;
		propagate_gap(mm, v);
	}
}

struct vm_area *vt_first(struct vm_mm *mm)
{
	struct vm_area *n = mm->root;
	while (n && n->left) {
		mm->steps++;
		n = n->left;
	}
	return n;
}

struct vm_area *vt_last(struct vm_mm *mm)
{
	struct vm_area *n = mm->root;
	while (n && n->right) {
		mm->steps++;
		n = n->right;
	}
	return n;
}

struct vm_area *vt_find(struct vm_mm *mm, uint64_t addr)
{
	return vt_walk(mm->root, addr, &mm->steps);
}

/* Link v as a leaf at *link below p, between pred and succ (its neighbours, NULL at an
 * end, both ancestors of the new leaf). Both gaps are set before the one fixup pass,
 * which must pass succ only if its gap changed (not when v fills the end of a split
 * VMA). */
static void link_leaf(struct vm_mm *mm, struct vm_area *v, struct vm_area *p,
                      struct vm_area **link, const struct vm_area *pred, struct vm_area *succ)
{
	struct vm_area *must = 0;
	v->left = v->right = 0;
	v->parent = p;
	v->height = 1;
	v->gap = v->max_gap = gap_below(mm, v, pred ? pred->end : 0);
	*link = v;
	if (succ && gap_below(mm, succ, v->end) != succ->gap) {
		succ->gap = gap_below(mm, succ, v->end);
		must = succ;
	}
	fixup(mm, p, must);
	mm->map_count++;
}

/* The descent leaves pred to the right and succ to the left, each for the last time. */
void vt_insert(struct vm_mm *mm, struct vm_area *v)
{
	struct vm_area *p = 0, **link = &mm->root, *pred = 0, *succ = 0;
	uint64_t steps = 0;
	while (*link) {
		steps++;
		p = *link;
		if (v->start < p->start) {
			succ = p;
			link = &p->left;
		} else {
			pred = p;
			link = &p->right;
		}
	}
	mm->steps += steps;
	link_leaf(mm, v, p, link, pred, succ);
}

/* v's successor-to-be is the leftmost place of prev's right subtree, found from prev
 * rather than from the root; its successor is the last node that walk went left from,
 * or, if prev has no right child, prev's next (an ancestor). */
void vt_insert_after(struct vm_mm *mm, struct vm_area *prev, struct vm_area *v)
{
	struct vm_area *p = prev, **link = &prev->right, *succ;
	uint64_t steps = 0;
	while (*link) {
		steps++;
		p = *link;
		link = &p->left;
	}
	mm->steps += steps;
	succ = p != prev ? p : vt_next(mm, prev);
	link_leaf(mm, v, p, link, prev, succ);
}

/* succ's gap is set first. Where succ ends up: in v's place (two children: it takes v's
 * height and max_gap, which the fixup compares against, and must be passed), as v's
 * only child (a leaf: recomputed here), or above v (the fixup must pass it if its gap
 * changed: not when pred's end has already been moved up to v's). */
void vt_erase(struct vm_mm *mm, struct vm_area *v)
{
	struct vm_area *pred = vt_prev(mm, v), *succ = vt_next(mm, v);
	bool changed = false;
	if (succ && gap_below(mm, succ, pred ? pred->end : 0) != succ->gap) {
		succ->gap = gap_below(mm, succ, pred ? pred->end : 0);
		changed = true;
	}
	if (v->left && v->right) {
		/* Put the successor s (leftmost of the right subtree, no left child) in v's place. */
		struct vm_area *s = succ, *fix;
		if (s->parent == v) {
			fix = s;
		} else {
			fix = s->parent;
			fix->left = s->right;
			if (s->right)
				s->right->parent = fix;
			s->right = v->right;
			v->right->parent = s;
		}
		s->left = v->left;
		v->left->parent = s;
		replace_child(mm, v->parent, v, s);
		s->height = v->height;
		s->max_gap = v->max_gap;
		fixup(mm, fix, s);
	} else {
		struct vm_area *child = v->left ? v->left : v->right, *p = v->parent;
		replace_child(mm, p, v, child);
		if (child)
			recompute(child);
		fixup(mm, p, v->right || !changed ? 0 : succ);
	}
	v->left = v->right = v->parent = 0;
	mm->map_count--;
}

void vt_update_start(struct vm_mm *mm, struct vm_area *v)
{
	struct vm_area *p = vt_prev(mm, v);
	set_gap(mm, v, p ? p->end : 0);
}

void vt_update_end(struct vm_mm *mm, struct vm_area *v)
{
	struct vm_area *n = vt_next(mm, v);
	if (n)
		set_gap(mm, n, v->end);
}

void vt_update(struct vm_mm *mm, struct vm_area *v)
{
	vt_update_start(mm, v);
	vt_update_end(mm, v);
}

/* ---- the free-gap search ---- */

struct gap_query {
	uint64_t len, need, low, high, mask, off;
	bool topdown;
	uint64_t found;
};

/* Can [s, e) (clipped to the query's limits) hold the request? Sets q->found. */
static bool try_gap(struct gap_query *q, uint64_t s, uint64_t e)
{
	if (s < q->low)
		s = q->low;
	if (e > q->high)
		e = q->high;
	if (e <= s || e - s < q->need)
		return false;
	if (q->topdown) {
		uint64_t a = e - q->len;
		q->found = a - ((a - q->off) & q->mask);
	} else {
		q->found = s + ((q->off - s) & q->mask);
	}
	return true;
}

/* The first gap that can hold the request, from the highest down (topdown) or from the
 * lowest up: an in-order walk (reversed for topdown) of the nodes whose subtree may hold
 * one (max_gap), in a loop with the parent links, as Linux 4.x's unmapped_area and
 * unmapped_area_topdown walk the same gaps. A subtree whose gaps all lie beyond the
 * limit on the near side is skipped, and the walk ends at the first node whose gap
 * lies wholly beyond the far limit: every gap after it is further out still. */
static bool search(struct vm_mm *mm, struct gap_query *q)
{
	struct vm_area *n = mm->root;
	uint64_t lowest_end = q->low + q->need, highest_start = q->high - q->need;
	uint64_t steps = 0;
	bool found = false;
	if (!n || n->max_gap < q->need)
		return false;
	for (;;) {
		steps++;
		uint64_t ge = vt_start_gap(mm, n), gs = ge - n->gap;
		/* the near subtree: the right one's gaps start at n->end or above, the left
		 * one's end at gs or below */
		struct vm_area *near = q->topdown ? n->right : n->left;
		if (near && near->max_gap >= q->need &&
		    (q->topdown ? n->end <= highest_start : gs >= lowest_end)) {
			n = near;
			continue;
		}
		for (;;) {
			if (q->topdown ? ge < lowest_end : gs > highest_start)
				goto out;
			if (n->gap >= q->need && try_gap(q, gs, ge)) {
				found = true;
				goto out;
			}
			struct vm_area *far = q->topdown ? n->left : n->right;
			if (far && far->max_gap >= q->need) {
				n = far;
				break;
			}
			/* up to the next node of the walk: the first ancestor reached from its
			 * near side */
			struct vm_area *c;
			do {
				c = n;
				n = n->parent;
				if (!n)
					goto out;
				steps++;
			} while (c != (q->topdown ? n->right : n->left));
			ge = vt_start_gap(mm, n);
			gs = ge - n->gap;
		}
	}
out:
	mm->steps += steps;
	return found;
}

int64_t vt_unmapped_area(struct vm_mm *mm, uint64_t len, uint64_t low, uint64_t high,
                         uint64_t align_mask, uint64_t align_offset, bool topdown)
{
	struct gap_query q = {.len = len, .need = len + align_mask, .low = low, .high = high,
	                      .mask = align_mask, .off = align_offset, .topdown = topdown};
	if (q.need < len || high < low || high - low < q.need)
		return -VM_ENOMEM;
	struct vm_area *last = vt_last(mm);
	uint64_t top = last ? last->end : 0;
	if (topdown) {
		if (try_gap(&q, top, UINT64_MAX) || search(mm, &q))
			return (int64_t)q.found;
	} else {
		if (search(mm, &q) || try_gap(&q, top, UINT64_MAX))
			return (int64_t)q.found;
	}
	return -VM_ENOMEM;
}

/* ---- the checker ---- */

static int fail(char *why, size_t n, const char *msg, uint64_t at)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	if (!n)
		return -1;
	while (*msg && i + 1 < n)
		why[i++] = *msg++;
	const char *pre = " at 0x";
	while (*pre && i + 1 < n)
		why[i++] = *pre++;
	for (int sh = 60; sh >= 0; sh -= 4)
		if (i + 1 < n)
			why[i++] = hex[(at >> sh) & 15];
	why[i] = 0;
	return -1;
}

/* Check the subtree: links, balance, heights, max_gap; counts nodes. */
static int check_node(struct vm_mm *mm, struct vm_area *n, struct vm_area *parent,
                      uint64_t *count, char *why, size_t wn)
{
	if (!n)
		return 0;
	if (n->parent != parent)
		return fail(why, wn, "bad parent link", n->start);
	if (check_node(mm, n->left, n, count, why, wn) || check_node(mm, n->right, n, count, why, wn))
		return -1;
	int hl = height(n->left), hr = height(n->right);
	if (n->height != 1 + (hl > hr ? hl : hr))
		return fail(why, wn, "bad height", n->start);
	if (hl - hr > 1 || hr - hl > 1)
		return fail(why, wn, "unbalanced", n->start);
	uint64_t g = n->gap;
	if (maxgap(n->left) > g)
		g = maxgap(n->left);
	if (maxgap(n->right) > g)
		g = maxgap(n->right);
	if (n->max_gap != g)
		return fail(why, wn, "bad max_gap", n->start);
	(*count)++;
	return 0;
}

int vt_check(struct vm_mm *mm, char *why, size_t n)
{
	uint64_t count = 0, prev_end = 0;
	if (check_node(mm, mm->root, 0, &count, why, n))
		return -1;
	if (count != mm->map_count)
		return fail(why, n, "map_count differs from the nodes", count);
	uint64_t seen = 0;
	for (struct vm_area *v = vt_first(mm); v; v = vt_next(mm, v)) {
		if (v->start >= v->end)
			return fail(why, n, "empty or inverted VMA", v->start);
		if ((v->start | v->end) & ~VM_PAGE_MASK)
			return fail(why, n, "unaligned VMA", v->start);
		if (v->start < prev_end)
			return fail(why, n, "VMAs out of order or overlapping", v->start);
		uint64_t sg = vt_start_gap(mm, v);
		if (v->gap != (sg > prev_end ? sg - prev_end : 0))
			return fail(why, n, "bad gap", v->start);
		prev_end = v->end;
		seen++;
	}
	if (seen != count)
		return fail(why, n, "in-order walk misses nodes", seen);
	if (prev_end > mm->task_size)
		return fail(why, n, "VMA above task_size", prev_end);
	return 0;
}
