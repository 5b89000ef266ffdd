/* test_vm_tree.c - the VMA tree of lib/vm: order, balance and gap augmentation under
 * random insertions and removals, the lookups, the free-gap search (top-down, aligned,
 * hint, stack guard), and logarithmic cost with 10,000 VMAs, measured in tree nodes
 * visited (mm->steps), not in time. */
#include "test_vm_env.h"
#include "vm/vm_internal.h"

static uint64_t rnd_state = 12345;
static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static int check_tree(struct vm_mm *mm)
{
	char why[160];
	if (vt_check(mm, why, sizeof why)) {
		snprintf(check_msg, sizeof check_msg, "vt_check: %s", why);
		return -1;
	}
	return 0;
}

/* Nodes made by hand: the tree alone, no accounting. */
static struct vm_area *node(uint64_t start, uint64_t end)
{
	struct vm_area *v = calloc(1, sizeof *v);
	v->start = start;
	v->end = end;
	v->flags = VM_READ | VM_MAYREAD;
	return v;
}

TEST(tree_random_insert_erase_keeps_invariants)
{
	struct vm_mm *mm = tenv_reset();
	enum { SLOTS = 512 };
	static struct vm_area *slot[SLOTS];
	memset(slot, 0, sizeof slot);
	for (int step = 0; step < 6000; step++) {
		int i = (int)(rnd() % SLOTS);
		if (slot[i]) {
			vt_erase(mm, slot[i]);
			free(slot[i]);
			slot[i] = 0;
		} else {
			/* slot i owns [i*4, i*4 + 1..3) pages: never overlapping */
			uint64_t s = P(i * 4), len = 1 + rnd() % 3;
			slot[i] = node(s, s + len * PG);
			if (rnd() % 8 == 0)
				slot[i]->flags |= VM_GROWSDOWN;
			vt_insert(mm, slot[i]);
		}
		if (check_tree(mm)) {
			check_failed_now = 1;
			return;
		}
	}
	/* find = first VMA ending above the address, walk = sorted */
	for (int i = 0; i < SLOTS; i++) {
		struct vm_area *want = 0;
		for (int j = i; j < SLOTS && !want; j++)
			want = slot[j];
		CHECK(vt_find(mm, P(i * 4)) == want);
	}
	for (int i = 0; i < SLOTS; i++)
		if (slot[i]) {
			vt_erase(mm, slot[i]);
			free(slot[i]);
		}
	CHECK(mm->root == 0);
	CHECK_EQ(mm->map_count, 0);
}

TEST(tree_find_prev_next)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(10, 2, RO, ANON_PRIV) >= 0);
	CHECK(tmap(20, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(30, 2, RO, ANON_PRIV) >= 0);
	CHECK_INV();
	struct vm_area *a = vm_find_vma(mm, P(0)), *b, *c, *prev;
	CHECK(a && a->start == P(10));
	CHECK(vm_find_vma(mm, P(11)) == a);                 /* inside */
	b = vm_find_vma(mm, P(12));                          /* a's end: the next one */
	CHECK(b && b->start == P(20));
	c = vm_next(mm, b);
	CHECK(c && c->start == P(30) && vm_next(mm, c) == 0);
	CHECK(vm_prev(mm, c) == b && vm_prev(mm, a) == 0);
	CHECK(vm_find_vma(mm, P(32)) == 0);
	CHECK(vm_find_vma_prev(mm, P(25), &prev) == c && prev == b);
	CHECK(vm_find_vma_prev(mm, P(40), &prev) == 0 && prev == c);
	CHECK(vm_find_intersection(mm, P(12), P(20)) == 0);
	CHECK(vm_find_intersection(mm, P(12), P(21)) == b);
}

/* Top-down placement: below mmap_base, each new mapping directly under the previous. */
TEST(gap_topdown_each_below_the_previous)
{
	struct vm_mm *mm = tenv_reset();
	mm->mmap_base = P(1000);
	int64_t a = vm_mmap(mm, 0, 4 * PG, RW, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	int64_t b = vm_mmap(mm, 0, 2 * PG, RO, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK_EQ(a, P(996));
	CHECK_EQ(b, P(994));
	CHECK_INV();
	/* a hole that fits is found again after munmap */
	CHECK_EQ(vm_munmap(mm, P(996), 4 * PG), 0);
	CHECK_EQ(vm_mmap(mm, 0, 3 * PG, RO | VM_PROT_EXEC, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0),
	         P(997));
	CHECK_INV();
}

TEST(gap_search_highest_fitting_hole)
{
	struct vm_mm *mm = tenv_reset();
	mm->mmap_base = P(100);
	/* used: [10,20) [25,27) [30,90); holes: [0,10) [20,25) [27,30) [90,100) */
	CHECK(tmap(10, 10, RO, ANON_PRIV) >= 0);
	CHECK(tmap(25, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(30, 60, RO, ANON_PRIV) >= 0);
	CHECK_EQ(vm_get_unmapped_area(mm, 0, 0, 10 * PG, 0, 0), P(90));
	CHECK_EQ(vm_get_unmapped_area(mm, 0, 0, 11 * PG, 0, 0), (int64_t)(P(10) - 11 * PG));
	CHECK_EQ(vm_get_unmapped_area(mm, 0, 0, 5 * PG, 0, 0), P(95));
	CHECK_EQ(vt_unmapped_area(mm, 4 * PG, P(0), P(30), 0, 0, true), P(21));
	CHECK_EQ(vt_unmapped_area(mm, 3 * PG, P(0), P(30), 0, 0, true), P(27));
	CHECK_EQ(vt_unmapped_area(mm, 3 * PG, P(0), P(30), 0, 0, false), P(0));
	CHECK_EQ(vt_unmapped_area(mm, 3 * PG, P(15), P(30), 0, 0, false), P(20));
	CHECK_EQ(vt_unmapped_area(mm, 6 * PG, P(15), P(30), 0, 0, false), -VM_ENOMEM);
	/* alignment: 4 pages aligned to 4 pages needs a gap of 7 */
	CHECK_EQ(vt_unmapped_area(mm, 4 * PG, P(0), P(30), 4 * PG - 1, 0, true), P(4));
}

TEST(gap_hint_honoured_if_free)
{
	struct vm_mm *mm = tenv_reset();
	mm->mmap_base = P(1000);
	CHECK(tmap(10, 10, RO, ANON_PRIV) >= 0);
	int64_t a = vm_mmap(mm, P(40), 2 * PG, RW, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK_EQ(a, P(40));
	a = vm_mmap(mm, P(41), 2 * PG, RW, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK_EQ(a, P(998));                                 /* hint taken: placed elsewhere */
	a = vm_mmap(mm, P(20) + 5, PG, RO, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK_EQ(a, P(20));                                  /* unaligned hint rounded down */
	CHECK_INV();
}

TEST(gap_thp_alignment_of_big_anonymous_maps)
{
	struct vm_mm *mm = tenv_reset();
	mm->mmap_base = 0x40000000ull + 5 * PG;
	uint64_t mib = 1ull << 20;
	int64_t a = vm_mmap(mm, 0, 4 * mib, RW, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK(a > 0 && (a & (VM_PMD_SIZE - 1)) == 0);
	int64_t b = vm_mmap(mm, 0, 4 * mib + PG, RW, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK(b > 0 && (uint64_t)b + 4 * mib + PG == (uint64_t)a);  /* directly below, unaligned */
	mm->thp_align = false;
	int64_t c = vm_mmap(mm, 0, 4 * mib, RO, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK_EQ(c + (int64_t)(4 * mib), b);
	CHECK_INV();
}

TEST(gap_keeps_stack_guard)
{
	struct vm_mm *mm = tenv_reset();
	mm->stack_guard_gap = 16 * PG;
	mm->mmap_base = P(1000);
	CHECK(tmap(900, 100, RW, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);
	int64_t a = vm_mmap(mm, 0, 4 * PG, RW, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK_EQ(a, P(900 - 16 - 4));
	/* a hint inside the guard is not honoured either */
	a = vm_mmap(mm, P(890), PG, RW, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK(a != (int64_t)P(890));
	CHECK_INV();
}

TEST(gap_bottom_up_fallback_and_enomem)
{
	struct vm_mm *mm = tenv_reset();
	mm->task_size = 64 * PG;
	mm->mmap_base = 8 * PG;
	mm->mmap_min_addr = PG;
	/* below mmap_base only 7 pages: a 16-page map goes bottom-up from task_size / 3 */
	int64_t a = vm_mmap(mm, 0, 16 * PG, RO, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	CHECK_EQ(a, (int64_t)(22 * PG));
	CHECK_EQ(vm_mmap(mm, 0, 4 * PG, RO, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0), 4 * PG);
	CHECK_EQ(vm_mmap(mm, 0, 64 * PG, RO, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0), -VM_ENOMEM);
	CHECK_EQ(vm_mmap(mm, 0, 30 * PG, RO, VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0), -VM_ENOMEM);
	CHECK_INV();
}

/* Build n VMAs (alternating protections so they do not merge) one page apart. */
static void build(struct vm_mm *mm, int n)
{
	for (int i = 0; i < n; i++)
		tmap((uint64_t)i * 2, 1, i & 1 ? RO : RW, ANON_PRIV);
	(void)mm;
}

static int log2i(uint64_t n)
{
	int l = 0;
	while (n >>= 1)
		l++;
	return l;
}

/* Max and total steps of a lookup of every VMA. */
static uint64_t lookup_cost(struct vm_mm *mm, int n, uint64_t *max)
{
	uint64_t total = 0;
	*max = 0;
	for (int i = 0; i < n; i++) {
		uint64_t s0 = mm->steps;
		struct vm_area *v = vm_find_vma(mm, P(i * 2));
		if (!v || v->start != P(i * 2))
			return UINT64_MAX;
		uint64_t d = mm->steps - s0;
		total += d;
		if (d > *max)
			*max = d;
	}
	return total;
}

TEST(log_cost_10000_vmas)
{
	struct vm_mm *mm = tenv_reset();
	build(mm, 100);
	uint64_t max100, tot100 = lookup_cost(mm, 100, &max100);
	struct vm_area *r = mm->root;
	int h100 = r->height;
	tenv_reset();
	mm = &T.mm;
	uint64_t s0 = mm->steps;
	build(mm, 10000);
	uint64_t build_steps = mm->steps - s0;
	CHECK_INV();
	CHECK_EQ(mm->map_count, 10000);
	uint64_t max10k, tot10k = lookup_cost(mm, 10000, &max10k);
	int lg = log2i(10000);                                   /* 13 */
	/* AVL: height <= 1.44 log2(n + 2) */
	CHECK(mm->root->height <= (int)(1.45 * (lg + 1)));
	CHECK(max10k <= (uint64_t)mm->root->height);
	/* 100x the VMAs: a lookup costs about twice as much (log), not 100 times */
	CHECK(tot10k / 10000 <= 3 * (tot100 / 100 + 1));
	CHECK(max10k <= 3 * max100 && h100 < mm->root->height);
	/* building: O(log n) per mmap (gather, merge check, insert, gaps) */
	CHECK(build_steps / 10000 <= 20 * (uint64_t)lg);

	/* one mmap, munmap, mprotect in the middle: O(log n) each */
	uint64_t s = mm->steps;
	CHECK_EQ(vm_mprotect(mm, P(5000), PG, RO | VM_PROT_EXEC), 0);
	CHECK(mm->steps - s <= 40 * (uint64_t)lg);
	s = mm->steps;
	CHECK_EQ(vm_munmap(mm, P(7000), PG), 0);
	CHECK(mm->steps - s <= 20 * (uint64_t)lg);
	s = mm->steps;
	CHECK_EQ(tmap(7000, 1, RW, ANON_PRIV), (int64_t)P(7000));
	CHECK(mm->steps - s <= 20 * (uint64_t)lg);
	/* the free-gap search: the only 2-page hole is deep in the tree */
	CHECK_EQ(vm_munmap(mm, P(3002), PG), 0);                 /* hole [3001, 3004) */
	s = mm->steps;
	CHECK_EQ(vt_unmapped_area(mm, 3 * PG, P(1), P(19999), 0, 0, true), P(3001));
	CHECK(mm->steps - s <= 6 * (uint64_t)lg);
	s = mm->steps;
	CHECK_EQ(vt_unmapped_area(mm, 2 * PG, P(1), P(19999), 0, 0, true), P(3002));
	/* a search that fails is also cheap: the root's max_gap says no */
	s = mm->steps;
	CHECK_EQ(vt_unmapped_area(mm, 4 * PG, P(1), P(19999), 0, 0, true), -VM_ENOMEM);
	CHECK(mm->steps - s <= 3 * (uint64_t)mm->root->height + 2);
	printf("# lookups: 100 VMAs avg %.1f max %lu steps; 10000 VMAs avg %.1f max %lu (height %d); "
	       "mmap avg %lu\n", tot100 / 100.0, (unsigned long)max100, tot10k / 10000.0,
	       (unsigned long)max10k, mm->root->height, (unsigned long)(build_steps / 10000));
	CHECK_INV();
}

TEST(log_cost_erase_everything)
{
	struct vm_mm *mm = tenv_reset();
	build(mm, 10000);
	uint64_t s = mm->steps, worst = 0;
	for (int i = 0; i < 10000; i += 3) {
		uint64_t s1 = mm->steps;
		CHECK_EQ(vm_munmap(mm, P(i * 2), PG), 0);
		if (mm->steps - s1 > worst)
			worst = mm->steps - s1;
	}
	CHECK(worst <= 20 * 14);
	CHECK((mm->steps - s) / 3334 <= 10 * 14);
	CHECK_INV();
}

CHECK_MAIN()
