/* test_vm_mremap.c - vm_mremap: every errno, shrink and grow in place, moves (MAYMOVE,
 * FIXED over mappings, DONTUNMAP, several VMAs), old_len 0 on shared mappings, files,
 * locks and limits, the frames following each move in the fake page store, and every
 * unwind point failed in turn (the mm, its counters, the charge and the frames exactly
 * as before). */
#include "test_vm_env.h"

#define MAYMOVE   VM_MREMAP_MAYMOVE
#define FIXED     (VM_MREMAP_MAYMOVE | VM_MREMAP_FIXED)
#define DONTUNMAP (VM_MREMAP_MAYMOVE | VM_MREMAP_DONTUNMAP)

static struct vm_area *at(uint64_t page) { return vm_find_vma(&T.mm, P(page)); }

/* Give pages [page, page + n) frames with contents page number + 1000. */
static void fill(uint64_t page, uint64_t n)
{
	for (uint64_t i = page; i < page + n; i++)
		tpage_put(&T.mm, P(i), (unsigned)(1000 + i));
}

static unsigned frame(uint64_t page) { return tpage_get(&T.mm, P(page)); }

static int64_t mr(uint64_t page, uint64_t old_pages, uint64_t new_pages, uint64_t flags,
                  uint64_t new_page)
{
	return vm_mremap(&T.mm, P(page), old_pages * PG, new_pages * PG, flags,
	                 new_page == ~0ull ? 0 : P(new_page));
}

/* Everything observable, frames included. */
struct full { struct snap s; struct tpage pages[256]; int npages; };
static void full_take(struct full *f)
{
	snap_take(&f->s);
	memcpy(f->pages, T.pages, sizeof f->pages);
	f->npages = T.npages;
}
static bool full_same(const struct full *a, const struct full *b)
{
	return snap_same(&a->s, &b->s) && a->npages == b->npages &&
	       !memcmp(a->pages, b->pages, sizeof a->pages[0] * (size_t)a->npages);
}

TEST(mremap_argument_errnos)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(4, 4, RO, ANON_PRIV) >= 0);
	struct full f0, f1;
	full_take(&f0);
	CHECK_EQ(mr(0, 4, 2, 8, ~0ull), -VM_EINVAL);                  /* unknown flag */
	CHECK_EQ(mr(0, 4, 4, VM_MREMAP_FIXED, 20), -VM_EINVAL);      /* FIXED without MAYMOVE */
	CHECK_EQ(mr(0, 4, 4, VM_MREMAP_DONTUNMAP, 20), -VM_EINVAL);  /* DONTUNMAP without it */
	CHECK_EQ(mr(0, 4, 2, DONTUNMAP, 20), -VM_EINVAL);            /* DONTUNMAP resizing */
	CHECK_EQ(vm_mremap(mm, P(0) + 1, PG, PG, 0, 0), -VM_EINVAL);  /* misaligned */
	CHECK_EQ(mr(0, 4, 0, 0, ~0ull), -VM_EINVAL);                  /* new_len 0 */
	CHECK_EQ(vm_mremap(mm, P(0), PG, PG, FIXED, P(20) + 8), -VM_EINVAL);
	CHECK_EQ(vm_mremap(mm, P(0), PG, PG, FIXED, mm->task_size), -VM_EINVAL);
	CHECK_EQ(mr(0, 4, 4, FIXED, 2), -VM_EINVAL);                  /* overlap */
	CHECK_EQ(vm_mremap(mm, P(20), PG, PG, FIXED, P(40) + 1), -VM_EINVAL);  /* before lookup */
	CHECK_EQ(mr(20, 1, 2, MAYMOVE, ~0ull), -VM_EFAULT);           /* unmapped */
	CHECK_EQ(mr(20, 4, 4, FIXED, 40), -VM_EFAULT);                /* a move from a hole */
	CHECK_EQ(mr(2, 4, 6, MAYMOVE, ~0ull), -VM_EFAULT);            /* crosses VMAs */
	CHECK_EQ(mr(2, 4, 4, DONTUNMAP, 40), -VM_EFAULT);             /* ... not FIXED */
	CHECK_EQ(mr(0, 0, 2, MAYMOVE, ~0ull), -VM_EINVAL);            /* duplicate private */
	/* a shrink's tail reaching past task_size (the system fuzz unmapped its stack so) */
	CHECK_EQ(vm_mremap(mm, P(4), mm->task_size + PG, 2 * PG, FIXED, P(0)), -VM_EINVAL);
	CHECK_EQ(vm_mremap(mm, P(4), mm->task_size - P(4) + PG, 2 * PG, FIXED, P(0)), -VM_EINVAL);
	CHECK_EQ(vm_mremap(mm, P(4), mm->task_size + PG, 2 * PG, 0, 0), -VM_EINVAL);
	CHECK_EQ(mr(0, 2, 3, 0, ~0ull), -VM_ENOMEM);                  /* no room, may not move */
	CHECK_EQ(mr(0, 4, 5, 0, ~0ull), -VM_ENOMEM);                  /* next VMA in the way */
	full_take(&f1);
	CHECK(full_same(&f0, &f1));
	CHECK_EQ(mr(0, 8, 8, 0, ~0ull), (int64_t)P(0));               /* same size: nothing */
	CHECK_EQ(mr(0, 30, 30, 0, ~0ull), (int64_t)P(0));             /* ... not even checked */
	at(0)->pgoff = ~0ull - 2;                                     /* file page overflow */
	CHECK_EQ(mr(0, 4, 8, MAYMOVE, ~0ull), -VM_EINVAL);
	at(0)->pgoff = P(0) / PG;
	CHECK_INV();
}

TEST(mremap_special_mappings)
{
	struct vm_mm *mm = tenv_reset();
	T.hook_set = VM_DONTEXPAND;
	CHECK(tmapf(0, 4, RW, VM_MAP_SHARED, 1, 0) >= 0);
	T.hook_set = 0;
	CHECK_EQ(mr(0, 4, 8, MAYMOVE, ~0ull), -VM_EFAULT);            /* may not grow */
	CHECK_EQ(mr(0, 4, 4, DONTUNMAP, 20), -VM_EINVAL);
	CHECK_EQ(mr(0, 4, 2, 0, ~0ull), (int64_t)P(0));               /* may shrink */
	CHECK_EQ(mr(0, 2, 2, FIXED, 20), (int64_t)P(20));             /* and move */
	CHECK_VMAS(30, "20-22 rw-s de f1+0");
	CHECK_EQ(vm_munmap(mm, P(20), 2 * PG), 0);
	CHECK_INV();
}

TEST(mremap_shrink_in_place)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 8, RW, ANON_PRIV) >= 0);
	CHECK(tmap(8, 2, RO, ANON_PRIV) >= 0);
	fill(0, 10);
	CHECK_EQ(mr(0, 6, 4, 0, ~0ull), (int64_t)P(0));
	CHECK_VMAS(12, "0-4 rw-p ac; 6-8 rw-p ac; 8-10 r--p");
	CHECK_EQ(frame(3), 1003u);
	CHECK_EQ(frame(4), 0u);                                       /* the tail's frames go */
	CHECK_EQ(T.sys.committed, 6);
	CHECK_EQ(mr(0, 10, 1, 0, ~0ull), (int64_t)P(0));              /* across VMAs and a hole */
	CHECK_VMAS(12, "0-1 rw-p ac");
	CHECK_EQ(mm->total_vm, 1);
	CHECK_EQ(T.sys.committed, 1);
	CHECK_EQ(mr(3, 2, 1, 0, ~0ull), -VM_EFAULT);                  /* must start mapped */
	CHECK_INV();
}

TEST(mremap_grow_in_place_merges_with_next)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(6, 2, RW, ANON_PRIV) >= 0);
	fill(0, 4);
	CHECK_EQ(mr(0, 4, 5, 0, ~0ull), (int64_t)P(0));               /* into the hole */
	CHECK_VMAS(8, "0-5 rw-p ac; 6-8 rw-p ac");
	CHECK_EQ(mr(0, 5, 6, 0, ~0ull), (int64_t)P(0));               /* up to the next: one */
	CHECK_VMAS(8, "0-8 rw-p ac");
	CHECK_EQ(T.move_calls, 0);
	CHECK_EQ(frame(2), 1002u);
	CHECK_EQ(mm->total_vm, 8);
	CHECK_EQ(T.sys.committed, 8);
	/* a different neighbour is not merged */
	CHECK(tmap(10, 2, RO, ANON_PRIV) >= 0);
	CHECK_EQ(mr(0, 8, 10, 0, ~0ull), (int64_t)P(0));
	CHECK_VMAS(12, "0-10 rw-p ac; 10-12 r--p");
	/* a written VMA lends its identity to the grown one: they merge */
	struct vm_area *v;
	CHECK(tmap(20, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(23, 2, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_fault_check(mm, P(23), VM_FAULT_WRITE, &v), 0);
	CHECK_EQ(mr(20, 2, 3, 0, ~0ull), (int64_t)P(20));
	CHECK_VMAS(30, "0-10 rw-p ac; 10-12 r--p; 20-25 rw-p ac");
	CHECK(at(20)->anon != 0);
	CHECK_INV();
}

TEST(mremap_maymove_moves_frames)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(4, 2, RO, ANON_PRIV) >= 0);
	fill(0, 4);
	struct vm_area *v;
	CHECK_EQ(vm_fault_check(mm, P(0), VM_FAULT_WRITE, &v), 0);
	uint64_t anon = at(0)->anon;
	int64_t a = mr(0, 4, 8, MAYMOVE, ~0ull);
	CHECK(a > 0 && (uint64_t)a != P(0));
	CHECK_EQ(T.move_calls, 1);
	CHECK_EQ(T.moved_pages, 4);
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(tpage_get(mm, (uint64_t)a + (uint64_t)i * PG), 1000u + (unsigned)i);
		CHECK_EQ(frame((uint64_t)i), 0u);
	}
	v = vm_find_vma(mm, (uint64_t)a);
	CHECK(v->start == (uint64_t)a && v->end == (uint64_t)a + 8 * PG);
	CHECK_EQ(v->anon, anon);                                      /* the pages' identity */
	CHECK_EQ(v->pgoff, P(0) / PG);                                /* and their offset */
	CHECK_VMAS(8, "4-6 r--p");
	CHECK_EQ(mm->total_vm, 10);
	CHECK_EQ(T.sys.committed, 8);
	CHECK_INV();
}

TEST(mremap_fixed_replaces_the_target)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(20, 8, RO, ANON_SHARED) >= 0);                     /* the target's middle */
	fill(0, 4);
	fill(20, 8);
	CHECK_EQ(mr(0, 4, 4, FIXED, 22), (int64_t)P(22));
	CHECK_VMAS(30, "20-22 r--s; 22-26 rw-p ac; 26-28 r--s");
	CHECK_EQ(frame(22), 1000u);
	CHECK_EQ(frame(25), 1003u);
	CHECK_EQ(frame(21), 1021u);
	CHECK_EQ(frame(26), 1026u);
	CHECK_EQ(frame(0), 0u);
	CHECK_EQ(mm->total_vm, 8);
	/* shrink and move: the tail goes, two pages move */
	CHECK_EQ(mr(22, 4, 2, FIXED, 40), (int64_t)P(40));
	CHECK_VMAS(44, "20-22 r--s; 26-28 r--s; 40-42 rw-p ac");
	CHECK_EQ(frame(41), 1001u);
	CHECK_EQ(T.sys.committed, 2 + 8);                             /* + the object's */
	/* grow and move: a never-written VMA takes its new place's page number and merges */
	CHECK(tmap(50, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(60, 2, RW, ANON_PRIV) >= 0);
	CHECK_EQ(mr(60, 2, 3, FIXED, 52), (int64_t)P(52));
	CHECK_VMAS(64, "20-22 r--s; 26-28 r--s; 40-42 rw-p ac; 50-55 rw-p ac");
	CHECK_EQ(T.sys.committed, 7 + 8);
	CHECK_INV();
}

TEST(mremap_fixed_same_size_over_several_vmas)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(2, 2, RO, ANON_PRIV) >= 0);
	CHECK(tmap(5, 1, RO, ANON_PRIV) >= 0);
	CHECK(tmap(20, 10, VM_PROT_NONE, ANON_SHARED) >= 0);
	fill(0, 6);
	fill(20, 10);
	CHECK_EQ(mr(0, 7, 7, FIXED, 21), (int64_t)P(21));             /* holes kept, also at the end */
	CHECK_VMAS(30, "20-21 ---s; 21-23 rw-p ac; 23-25 r--p; 25-26 ---s; 26-27 r--p; 27-30 ---s");
	CHECK_EQ(frame(21), 1000u);
	CHECK_EQ(frame(26), 1005u);
	CHECK_EQ(frame(25), 1025u);                                   /* under the hole: kept */
	CHECK_EQ(T.move_calls, 3);
	CHECK_EQ(mr(22, 4, 4, FIXED, 40), (int64_t)P(40));            /* starts inside a VMA */
	CHECK_VMAS(50, "20-21 ---s; 21-22 rw-p ac; 26-27 r--p; 27-30 ---s; 40-41 rw-p ac; "
	               "41-43 r--p; 43-44 ---s");
	CHECK_EQ(mm->total_vm, 10);
	CHECK_INV();
}

TEST(mremap_dontunmap)
{
	struct vm_mm *mm = tenv_reset();
	struct vm_area *v;
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_fault_check(mm, P(0), VM_FAULT_WRITE, &v), 0);
	fill(0, 4);
	uint64_t anon = at(0)->anon;
	CHECK_EQ(mr(0, 4, 4, DONTUNMAP, 20), (int64_t)P(20));         /* a hint */
	CHECK_VMAS(30, "0-4 rw-p ac; 20-24 rw-p ac");
	CHECK_EQ(frame(0), 0u);                                       /* mapped and empty */
	CHECK_EQ(frame(21), 1001u);
	CHECK_EQ(at(20)->anon, anon);
	CHECK_EQ(at(0)->anon, 0);                                     /* it gave its identity */
	CHECK_EQ(T.sys.committed, 8);
	CHECK_EQ(mm->total_vm, 8);
	/* part of a locked VMA: Linux unlocks the whole old VMA */
	CHECK(tmap(40, 8, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	fill(40, 8);
	CHECK_EQ(mr(42, 2, 2, DONTUNMAP | VM_MREMAP_FIXED, 60), (int64_t)P(60));
	CHECK_VMAS(64, "0-4 rw-p ac; 20-24 rw-p ac; 40-48 rw-p ac; 60-62 rw-p ac lo");
	CHECK_EQ(mm->locked_vm, 2);
	CHECK_EQ(frame(42), 0u);
	CHECK_EQ(frame(60), 1042u);
	CHECK_EQ(frame(43), 0u);
	CHECK_EQ(frame(44), 1044u);
	/* shared and file mappings too (Linux >= 5.13) */
	CHECK(tmap(70, 2, RW, ANON_SHARED) >= 0);
	CHECK_EQ(mr(70, 2, 2, DONTUNMAP, ~0ull) > 0, 1);
	CHECK(tmapf(80, 2, RW, VM_MAP_SHARED, 2, 5) >= 0);
	CHECK_EQ(mr(80, 2, 2, DONTUNMAP | VM_MREMAP_FIXED, 90), (int64_t)P(90));
	CHECK_VMAS(92, "0-4 rw-p ac; 20-24 rw-p ac; 40-48 rw-p ac; 60-62 rw-p ac lo; 70-72 rw-s; "
	               "80-82 rw-s f2+5; 90-92 rw-s f2+5");
	CHECK_EQ(T.files[2].refs, 3);
	/* RLIMIT_AS counts the second copy */
	mm->rlim[VM_RLIMIT_AS].cur = (mm->total_vm + 1) * PG;
	CHECK_EQ(mr(0, 2, 2, DONTUNMAP, ~0ull), -VM_ENOMEM);
	CHECK_INV();
}

TEST(mremap_old_len_zero_maps_shared_pages_again)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_SHARED) >= 0);
	struct vm_file *obj = at(0)->file;
	fill(0, 4);
	int64_t a = mr(2, 0, 3, MAYMOVE, ~0ull);
	CHECK(a > 0);
	struct vm_area *v = vm_find_vma(mm, (uint64_t)a);
	CHECK(v->file == obj && v->pgoff == 2 && v->end - v->start == 3 * PG);
	CHECK_EQ(obj->refs, 2);
	CHECK_EQ(T.move_calls, 0);
	CHECK_EQ(frame(2), 1002u);                                    /* nothing moved */
	CHECK_VMAS(4, "0-4 rw-s");
	CHECK_EQ(mr(0, 0, 2, FIXED, 10), (int64_t)P(10));
	CHECK_VMAS(12, "0-4 rw-s; 10-12 rw-s");
	CHECK_EQ(mr(0, 0, 2, 0, ~0ull), -VM_ENOMEM);                  /* must move */
	CHECK_EQ(mr(0, 0, 2, FIXED, 0), -VM_EFAULT);                  /* the target holds it */
	/* a shared map of a read-only file (VM_MAYSHARE only) */
	CHECK(tmapf(20, 2, RO, VM_MAP_SHARED, 7, 3) >= 0);
	CHECK_EQ(mr(21, 0, 1, FIXED, 30), (int64_t)P(30));
	CHECK_VMAS(32, "0-4 rw-s; 10-12 rw-s; 20-22 r--s f7+3; 30-31 r--s f7+4");
	CHECK_EQ(T.sys.committed, 4);                                 /* the object's charge */
	CHECK_EQ(mm->total_vm, 12);
	CHECK_INV();
}

TEST(mremap_file_backed_moves_keep_offsets)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmapf(0, 8, RW, VM_MAP_PRIVATE, 1, 10) >= 0);
	CHECK_EQ(mr(2, 2, 4, FIXED, 20), (int64_t)P(20));
	CHECK_VMAS(30, "0-2 rw-p ac f1+10; 4-8 rw-p ac f1+14; 20-24 rw-p ac f1+12");
	CHECK_EQ(T.files[1].refs, 4);
	CHECK_EQ(T.sys.committed, 10);
	/* moved back next to its file neighbours with contiguous offsets: merges */
	CHECK_EQ(mr(20, 2, 2, FIXED, 2), (int64_t)P(2));
	CHECK_VMAS(30, "0-8 rw-p ac f1+10; 22-24 rw-p ac f1+14");
	CHECK_EQ(vm_munmap(mm, P(0), 30 * PG), 0);
	CHECK_EQ(T.files[1].refs, 1);
	CHECK_INV();
}

TEST(mremap_locked_growth_is_populated_and_limited)
{
	struct vm_mm *mm = tenv_reset();
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 8 * PG;
	CHECK(tmap(0, 2, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	CHECK(tmap(10, 4, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	int calls = T.populate_calls;
	uint64_t pages = T.populated_pages;
	CHECK_EQ(mr(0, 2, 4, 0, ~0ull), (int64_t)P(0));               /* in place */
	CHECK_EQ(T.populated_pages - pages, 2);
	CHECK_EQ(mm->locked_vm, 8);
	CHECK_EQ(mr(0, 4, 5, MAYMOVE, ~0ull), -VM_EAGAIN);            /* past RLIMIT_MEMLOCK */
	CHECK_EQ(mr(10, 4, 5, FIXED, 20), -VM_EAGAIN);
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 16 * PG;
	CHECK_EQ(mr(0, 4, 6, FIXED, 30), (int64_t)P(30));             /* moved and grown */
	CHECK_EQ(T.populate_calls - calls, 2);
	CHECK_EQ(T.populated_pages - pages, 4);                       /* only the growth */
	CHECK_EQ(mm->locked_vm, 10);
	CHECK_VMAS(40, "10-14 rw-p ac lo; 30-36 rw-p ac lo");
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 0;
	mm->cap_ipc_lock = true;                                      /* not enforced */
	CHECK_EQ(mr(10, 4, 6, 0, ~0ull), (int64_t)P(10));
	mm->inject = VM_INJ_POPULATE;                                 /* errors ignored */
	CHECK_EQ(mr(10, 6, 7, 0, ~0ull), (int64_t)P(10));
	CHECK_EQ(mm->locked_vm, 13);
	CHECK_INV();
}

TEST(mremap_rlimit_as_overcommit_and_map_count)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(20, 4, RW, ANON_PRIV) >= 0);
	mm->rlim[VM_RLIMIT_AS].cur = 10 * PG;
	CHECK_EQ(mr(0, 4, 7, MAYMOVE, ~0ull), -VM_ENOMEM);
	CHECK_EQ(mr(0, 4, 7, FIXED, 20), -VM_ENOMEM);                 /* counted before the target goes */
	CHECK_EQ(mr(0, 4, 6, MAYMOVE, ~0ull), (int64_t)P(0));
	mm->rlim[VM_RLIMIT_AS].cur = VM_RLIM_INFINITY;
	T.sys.overcommit = VM_OVERCOMMIT_NEVER;
	T.sys.total_ram_pages = 20;                                   /* limit 10 + no swap */
	T.sys.admin_reserve_pages = 0;
	CHECK_EQ(mr(0, 6, 12, MAYMOVE, ~0ull), -VM_ENOMEM);
	CHECK_EQ(mr(0, 6, 12, FIXED, 40), -VM_ENOMEM);
	T.sys.overcommit = VM_OVERCOMMIT_GUESS;
	T.sys.total_ram_pages = 1ull << 20;
	mm->max_map_count = mm->map_count + 5;                        /* FIXED wants 5 spare */
	CHECK_EQ(mr(0, 2, 2, FIXED, 40), -VM_ENOMEM);
	mm->max_map_count = mm->map_count + 3;                        /* a move wants 3 */
	CHECK_EQ(mr(0, 6, 30, MAYMOVE, ~0ull), -VM_ENOMEM);
	mm->max_map_count = mm->map_count + 4;
	CHECK(mr(0, 6, 30, MAYMOVE, ~0ull) > 0);
	CHECK_INV();
}

/* Each scenario, failed at each unwind point and at each allocation in turn: a failure
 * must change nothing (frames included); the first run that goes through is checked. */
struct scenario {
	const char *name;
	void (*setup)(void);
	uint64_t page, old_pages, new_pages, flags, new_page;
};
static void s_grow_move(void)
{
	tmap(0, 4, RW, ANON_PRIV);
	tmap(4, 1, RO, ANON_PRIV);
	fill(0, 4);
}
static void s_fixed_split(void)
{
	tmap(0, 8, RW, ANON_PRIV | VM_MAP_LOCKED);
	tmapf(20, 12, RW, VM_MAP_SHARED, 3, 0);
	fill(0, 8);
	fill(20, 12);
}
static void s_dontunmap(void)
{
	tmap(0, 6, RW, ANON_PRIV);
	fill(0, 6);
}
static void s_in_place(void) { tmap(0, 4, RW, ANON_PRIV | VM_MAP_LOCKED); }
static void s_shared_dup(void) { tmap(0, 4, RW, ANON_SHARED); }
static void s_multi(void)
{
	tmap(0, 2, RW, ANON_PRIV);
	tmap(2, 2, RO, ANON_PRIV);
	tmap(10, 8, RO, ANON_PRIV);
	fill(0, 4);
}
static const struct scenario scenarios[] = {
	{"grow and move", s_grow_move, 0, 4, 8, MAYMOVE, ~0ull},
	{"fixed into the middle of a file map, shrinking a locked VMA in three", s_fixed_split,
	 2, 4, 2, FIXED, 24},
	{"fixed growing a locked VMA's middle", s_fixed_split, 2, 2, 5, FIXED, 22},
	{"dontunmap", s_dontunmap, 1, 3, 3, DONTUNMAP | VM_MREMAP_FIXED, 12},
	{"grow in place", s_in_place, 0, 4, 6, 0, ~0ull},
	{"old_len 0", s_shared_dup, 1, 0, 2, FIXED, 10},
	{"several VMAs into the middle of one (one piece)", s_multi, 0, 2, 2, FIXED, 12},
};

TEST(mremap_every_failure_changes_nothing)
{
	static const unsigned points[] = {VM_INJ_EXPAND, VM_INJ_ACCOUNT, VM_INJ_SPLIT,
	                                  VM_INJ_NEWVMA};
	for (size_t k = 0; k < sizeof scenarios / sizeof scenarios[0]; k++) {
		const struct scenario *sc = &scenarios[k];
		int failures = 0;
		for (int i = 0; i < 4 + 6; i++) {
			struct vm_mm *mm = tenv_reset();
			sc->setup();
			struct full f0, f1;
			full_take(&f0);
			if (i < 4)
				mm->inject = points[i];
			else
				T.fail_alloc_at = i - 3;
			int64_t r = mr(sc->page, sc->old_pages, sc->new_pages, sc->flags, sc->new_page);
			mm->inject = 0;
			T.fail_alloc_at = 0;
			CHECK_INV();
			if (r < 0) {
				full_take(&f1);
				if (r != -VM_ENOMEM || !full_same(&f0, &f1)) {
					snprintf(check_msg, sizeof check_msg, "%s, failure %d: %lld, changed %d",
					         sc->name, i, (long long)r, !full_same(&f0, &f1));
					check_failed_now = 1;
					return;
				}
				failures++;
			} else {
				uint64_t moved = sc->old_pages < sc->new_pages ? sc->old_pages : sc->new_pages;
				CHECK_EQ(T.moved_pages, sc->flags ? moved : 0);
			}
		}
		CHECK(failures >= 2);
	}
}

TEST(mremap_multi_vma_failure_keeps_the_pieces_moved)
{
	struct vm_mm *mm = tenv_reset();
	s_multi();
	T.fail_alloc_at = 3;                   /* the second piece's new VMA */
	CHECK_EQ(mr(0, 4, 4, FIXED, 30), -VM_ENOMEM);
	CHECK_VMAS(40, "2-4 r--p; 10-18 r--p; 30-32 rw-p ac");
	CHECK_EQ(frame(30), 1000u);
	CHECK_EQ(frame(2), 1002u);
	(void)mm;
	CHECK_INV();
}

static uint64_t rs = 88172645463325252ull;
static uint64_t rnd(uint64_t n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return n ? rs % n : 0;
}

/* Random maps, writes, frames and mremaps of every kind with a failure injected now and
 * then: the invariants after each step, and a failed mremap that is not a move of
 * several VMAs changes nothing, frames included. */
TEST(mremap_random_with_injection)
{
	struct vm_mm *mm = tenv_reset();
	mm->max_map_count = 60;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 48 * PG;
	static const uint64_t fl[] = {0, MAYMOVE, FIXED, DONTUNMAP, DONTUNMAP | VM_MREMAP_FIXED};
	int failed_unchanged = 0, ok = 0;
	for (int step = 0; step < 20000; step++) {
		uint64_t p = rnd(100), n = 1 + rnd(rnd(4) ? 4 : 16);
		int64_t r;
		if (T.npages > 200) {
			(void)vm_munmap(mm, P(0), 120 * PG);
			T.npages = 0;
		}
		switch (rnd(6)) {
		case 0: {
			static const uint64_t f[] = {0, VM_MAP_LOCKED, VM_MAP_NORESERVE};
			uint64_t k = rnd(4);
			if (k < 2)
				tmap(p, n, rnd(3) ? RW : RO, ANON_PRIV | f[rnd(3)]);
			else if (k == 2)
				tmap(p, n, RW, ANON_SHARED);
			else
				tmapf(p, n, RW, rnd(2) ? VM_MAP_SHARED : VM_MAP_PRIVATE, 1 + (int)rnd(2), rnd(8));
			break;
		}
		case 1: {
			struct vm_area *v;
			if (vm_fault_check(mm, P(p), VM_FAULT_WRITE, &v) == 0 && !tpage_get(mm, P(p)))
				tpage_put(mm, P(p), (unsigned)step);
			break;
		}
		default: {
			uint64_t f = fl[rnd(5)], on = rnd(8) ? n : rnd(2) ? 0 : n + 2;
			uint64_t nn = f & VM_MREMAP_DONTUNMAP ? on : rnd(3) ? 1 + rnd(16) : on;
			if (rnd(8) == 0)
				mm->inject = 1u << rnd(7);
			if (rnd(8) == 0)
				T.fail_alloc_at = 1 + (long)rnd(4);
			struct full f0, f1;
			full_take(&f0);
			r = mr(p, on, nn ? nn : 1, f, 100 + rnd(20));
			mm->inject = 0;
			T.fail_alloc_at = 0;
			CHECK_INV();
			bool multi = (f & VM_MREMAP_FIXED) && on == (nn ? nn : 1);
			if (r < 0 && !multi) {
				full_take(&f1);
				CHECK(full_same(&f0, &f1));
				failed_unchanged++;
			} else if (r >= 0) {
				ok++;
			}
			if (r >= 0 && (uint64_t)r >= P(100))   /* keep the moved ones from piling up */
				(void)vm_munmap(mm, (uint64_t)r, (nn ? nn : 1) * PG);
		}
		}
		CHECK_INV();
	}
	CHECK(failed_unchanged > 2000);
	CHECK(ok > 2000);
}

CHECK_MAIN()
