/* test_vm_fork.c - vm_dup_mmap (Linux's dup_mmap) and the madvise advice fork obeys:
 * what is copied and how, DONTFORK/DOFORK/WIPEONFORK/KEEPONFORK with Linux's errno, locks
 * and mlockall not inherited, the configuration and brk, the commit charge taken again
 * (and refused under both overcommit policies), merging of forked anon identities in the
 * child, and the unwinding at every failure point: each node allocation, each charge,
 * each dup_pages call, and each of them in turn counted by inject_after. After every failure the parent is as before (snap_same), the
 * child has nothing, and the charge, references and nodes are back where they were. */
#include "test_vm_env.h"

static struct vm_area *at(struct vm_mm *mm, uint64_t page) { return vm_find_vma(mm, P(page)); }

static void write_page(struct vm_mm *mm, uint64_t page)
{
	struct vm_area *v;
	(void)vm_fault_check(mm, P(page), VM_FAULT_WRITE, &v);
}

/* The child holds nothing: no VMA, no page count, no lock. */
static bool child_empty(void)
{
	struct vm_mm *c = &T.child;
	return !c->root && !c->map_count && !c->total_vm && !c->locked_vm && !c->data_vm &&
	       !c->exec_vm && !c->stack_vm;
}

/* The parent's VMAs and counters as in s0 (the charge, the references and the nodes are
 * the child's too, so not compared). */
static bool parent_same(const struct snap *s0)
{
	struct snap s1;
	snap_take(&s1);
	s1.committed = s0->committed;
	memcpy(s1.refs, s0->refs, sizeof s1.refs);
	s1.live = s0->live;
	return snap_same(s0, &s1);
}

/* A parent with one VMA of each kind, every one with something to undo:
 *   0-4   anonymous private RW, written (anon, ac)      4-6   anonymous shared RW
 *   6-8   file 1 private RW (ac)                        8-10  file 2 shared RW
 *   10-12 anonymous private RW, DONTFORK                12-14 anonymous private RW written, WIPEONFORK
 *   14-16 file 3 private R-X (exec)                     18-22 stack (gd, ac)
 *   24-26 anonymous private RW, locked (lo, populated: anon) */
static int build_parent(void)
{
	struct vm_mm *mm = &T.mm;
	if (tmap(0, 4, RW, ANON_PRIV) < 0 || tmap(4, 2, RW, ANON_SHARED) < 0 ||
	    tmapf(6, 2, RW, VM_MAP_PRIVATE, 1, 0) < 0 || tmapf(8, 2, RW, VM_MAP_SHARED, 2, 0) < 0 ||
	    tmap(10, 2, RW, ANON_PRIV | VM_MAP_NORESERVE) < 0 || tmap(12, 2, RO, ANON_PRIV) < 0 ||
	    tmapf(14, 2, RO | VM_PROT_EXEC, VM_MAP_PRIVATE, 3, 4) < 0 ||
	    tmap(18, 4, RW, ANON_PRIV | VM_MAP_GROWSDOWN) < 0 ||
	    tmap(24, 2, RW, ANON_PRIV | VM_MAP_LOCKED) < 0)
		return -1;
	write_page(mm, 0);
	if (vm_mprotect(mm, P(12), 2 * PG, RW) < 0)
		return -1;
	write_page(mm, 12);
	if (vm_madvise(mm, P(10), 2 * PG, VM_MADV_DONTFORK) < 0 ||
	    vm_madvise(mm, P(12), 2 * PG, VM_MADV_WIPEONFORK) < 0)
		return -1;
	return 0;
}

/* ---- what the child gets ---- */

TEST(fork_copies_every_vma_with_its_counters_and_references)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(build_parent() == 0);
	const char *pv = "0-4 rw-p ac; 4-6 rw-s; 6-8 rw-p ac f1+0; 8-10 rw-s f2+0; 10-12 rw-p nr dc; "
	                 "12-14 rw-p ac wf; 14-16 r-xp f3+4; 18-22 rw-p ac gd; 24-26 rw-p ac lo";
	CHECK_VMAS(26, pv);
	struct snap s0;
	snap_take(&s0);
	int64_t committed = T.sys.committed;
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK(parent_same(&s0));                                      /* the parent as it was */
	CHECK_STR(vmas(c, 26), "0-4 rw-p ac; 4-6 rw-s; 6-8 rw-p ac f1+0; 8-10 rw-s f2+0; "
	                       "12-14 rw-p ac wf; 14-16 r-xp f3+4; 18-22 rw-p ac gd; 24-26 rw-p ac");
	CHECK_EQ(c->map_count, mm->map_count - 1);
	CHECK_EQ(c->total_vm, mm->total_vm - 2);                      /* the DONTFORK VMA */
	CHECK_EQ(c->data_vm, mm->data_vm - 2);
	CHECK_EQ(c->exec_vm, mm->exec_vm);
	CHECK_EQ(c->stack_vm, mm->stack_vm);
	CHECK_EQ(mm->locked_vm, 2);
	CHECK_EQ(c->locked_vm, 0);
	/* charged again: 4 + 2 + 2 + 4 + 2 accounted pages */
	CHECK_EQ(T.sys.committed, committed + 14);
	CHECK_EQ(tfile(1)->refs, 3);                                  /* the test's + 2 VMAs */
	CHECK_EQ(tfile(2)->refs, 3);
	CHECK_EQ(tfile(3)->refs, 3);
	CHECK(at(c, 4)->file == at(mm, 4)->file);                     /* the same object */
	CHECK_EQ(at(c, 4)->file->refs, 2);
	/* anon identities: a new one where the parent had one, none where it had none or
	 * the VMA is wiped */
	CHECK(at(c, 0)->anon && at(c, 0)->anon != at(mm, 0)->anon && at(c, 0)->anon_forked);
	CHECK(at(c, 24)->anon && at(c, 24)->anon != at(c, 0)->anon && at(c, 24)->anon_forked);
	CHECK(at(mm, 12)->anon && !at(c, 12)->anon && !at(c, 12)->anon_forked);
	CHECK(!at(c, 6)->anon && !at(c, 18)->anon && !at(mm, 0)->anon_forked);
	/* dup_pages: every copied VMA but the wiped one, in order */
	CHECK_EQ(T.dup_calls, 7);
	static const uint64_t order[] = {0, 4, 6, 8, 14, 18, 24};
	for (int i = 0; i < 7; i++)
		CHECK_EQ(T.dup_log[i], P(order[i]));
	CHECK_EQ(T.dup_pages, 18);
	CHECK_INV();
}

TEST(fork_child_exit_gives_everything_back)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(build_parent() == 0);
	struct snap s0, s1;
	snap_take(&s0);
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	vm_mm_destroy(c);
	CHECK(child_empty());
	CHECK_EQ(T.child_unmapped_pages, 20);                         /* wiped VMA included */
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));                                   /* charge, refs, nodes */
	CHECK_INV();
}

TEST(fork_without_dup_pages_hook)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	T.env.dup_pages = 0;
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK_STR(vmas(c, 4), "0-4 rw-p ac");
	CHECK_INV();
}

TEST(fork_of_an_empty_mm)
{
	struct vm_mm *mm = tenv_reset();
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK(child_empty());
	CHECK_EQ(T.dup_calls, 0);
	CHECK_INV();
}

TEST(fork_copies_the_configuration_not_the_locks)
{
	struct vm_mm *mm = tenv_reset();
	mm->start_brk = mm->brk = P(100);
	mm->start_data = P(90);
	mm->end_data = P(92);
	mm->rlim[VM_RLIMIT_AS] = (struct vm_rlimit){1ull << 32, 1ull << 33};
	mm->rlim[VM_RLIMIT_MEMLOCK] = (struct vm_rlimit){64 * PG, 128 * PG};
	mm->cap_sys_admin = true;
	mm->mmap_base = 0x2000000000ull;
	mm->max_map_count = 1000;
	mm->thp_align = false;
	CHECK_EQ(vm_brk(mm, P(104)), P(104));
	CHECK(tmap(0, 4, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	CHECK_EQ(vm_mlock(mm, P(0), 2 * PG, VM_MLOCK_ONFAULT), 0);
	CHECK_EQ(vm_mlockall(mm, VM_MCL_CURRENT | VM_MCL_FUTURE | VM_MCL_ONFAULT), 0);
	CHECK_EQ(mm->def_flags, VM_LOCKED | VM_LOCKONFAULT);
	CHECK(mm->locked_vm == 8);
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK_EQ(c->brk, P(104));
	CHECK_EQ(c->start_brk, P(100));
	CHECK_EQ(c->start_data, P(90));
	CHECK_EQ(c->end_data, P(92));
	for (int i = 0; i < VM_RLIMIT_NR; i++)
		CHECK(c->rlim[i].cur == mm->rlim[i].cur && c->rlim[i].max == mm->rlim[i].max);
	CHECK(c->cap_sys_admin && !c->cap_ipc_lock);
	CHECK_EQ(c->mmap_base, 0x2000000000ull);
	CHECK_EQ(c->max_map_count, 1000);
	CHECK(!c->thp_align);
	CHECK_EQ(c->def_flags, 0);                                    /* MCL_FUTURE stays */
	CHECK_EQ(c->locked_vm, 0);
	CHECK_STR(vmas(c, 104), "0-4 rw-p ac; 100-104 rw-p ac");
	CHECK_EQ(mm->locked_vm, 8);                                   /* the parent keeps them */
	/* the child maps unlocked; the parent still locks new maps */
	CHECK(vm_mmap(c, P(10), PG, RW, ANON_PRIV, 0, 0) >= 0);
	CHECK(vm_mmap(mm, P(10), PG, RW, ANON_PRIV, 0, 0) >= 0);
	CHECK_STR(vmas(c, 11), "0-4 rw-p ac; 10-11 rw-p ac");
	CHECK_VMAS(11, "0-4 rw-p ac lo lf; 10-11 rw-p ac lo lf");
	CHECK_INV();
}

/* ---- madvise: the fork advice ---- */

TEST(madvise_dontfork_and_dofork)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 12, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_madvise(mm, P(4), 4 * PG, VM_MADV_DONTFORK), 0);
	CHECK_VMAS(12, "0-4 rw-p ac; 4-8 rw-p ac dc; 8-12 rw-p ac");
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK_STR(layout(c, 12), "AAAA    BBBB");
	CHECK_EQ(c->total_vm, 8);
	CHECK_EQ(vm_madvise(mm, P(0), 12 * PG, VM_MADV_DOFORK), 0);   /* undone: one again */
	CHECK_LAYOUT(12, "AAAAAAAAAAAA");
	c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK_STR(vmas(c, 12), "0-12 rw-p ac");
	CHECK_EQ(vm_madvise(mm, P(0), 12 * PG, VM_MADV_DOFORK), 0);   /* nothing to undo */
	/* a driver's mapping (VM_IO) may leave forks but not come back */
	T.hook_set = VM_IO;
	CHECK(tmapf(20, 2, RW, VM_MAP_SHARED, 1, 0) >= 0);
	CHECK_EQ(vm_madvise(mm, P(20), 2 * PG, VM_MADV_DOFORK), -VM_EINVAL);
	CHECK_EQ(vm_madvise(mm, P(20), 2 * PG, VM_MADV_DONTFORK), 0);
	CHECK(at(mm, 20)->flags & VM_DONTCOPY);
	CHECK_EQ(vm_madvise(mm, P(20), 2 * PG, VM_MADV_DOFORK), -VM_EINVAL);
	/* holes: ENOMEM at the end, the rest done */
	CHECK_EQ(vm_madvise(mm, P(10), 12 * PG, VM_MADV_DONTFORK), -VM_ENOMEM);
	CHECK_VMAS(22, "0-10 rw-p ac; 10-12 rw-p ac dc; 20-22 rw-s dc f1+0");
	CHECK_INV();
}

TEST(madvise_wipeonfork_only_on_private_anonymous)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(4, 2, RW, ANON_SHARED) >= 0);
	CHECK(tmapf(6, 2, RW, VM_MAP_PRIVATE, 1, 0) >= 0);
	CHECK(tmapf(8, 2, RW, VM_MAP_SHARED, 2, 0) >= 0);
	CHECK(tmapf(10, 2, RO, VM_MAP_SHARED, 7, 0) >= 0);            /* read-only: not VM_SHARED */
	CHECK(tmap(12, 2, RO, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);
	for (int p = 4; p <= 10; p += 2)
		CHECK_EQ(vm_madvise(mm, P(p), 2 * PG, VM_MADV_WIPEONFORK), -VM_EINVAL);
	CHECK_EQ(vm_madvise(mm, P(12), 2 * PG, VM_MADV_WIPEONFORK), 0);  /* a stack is anonymous */
	CHECK_EQ(vm_madvise(mm, P(1), 2 * PG, VM_MADV_WIPEONFORK), 0);
	CHECK_VMAS(4, "0-1 rw-p ac; 1-3 rw-p ac wf; 3-4 rw-p ac");
	/* the VMAs before a refusal stay changed, as Linux */
	CHECK_EQ(vm_madvise(mm, P(0), 6 * PG, VM_MADV_WIPEONFORK), -VM_EINVAL);
	CHECK_VMAS(6, "0-4 rw-p ac wf; 4-6 rw-s");
	CHECK_EQ(vm_madvise(mm, P(0), 4 * PG, VM_MADV_KEEPONFORK), 0);
	CHECK_VMAS(4, "0-4 rw-p ac");
	/* KEEPONFORK has nothing to refuse */
	CHECK_EQ(vm_madvise(mm, P(4), 8 * PG, VM_MADV_KEEPONFORK), 0);
	CHECK_EQ(vm_madvise(mm, P(0), PG, 12), -VM_EINVAL);           /* still unknown advice */
	CHECK_INV();
}

TEST(fork_wipeonfork_comes_up_empty)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	write_page(mm, 0);
	CHECK_EQ(vm_madvise(mm, P(0), 4 * PG, VM_MADV_WIPEONFORK), 0);
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK_EQ(T.dup_calls, 0);                                     /* no page shared */
	CHECK(at(c, 0)->anon == 0);
	CHECK_STR(vmas(c, 4), "0-4 rw-p ac wf");
	/* nothing written in the child yet: RW->RO gives the charge back there (Linux 6.7),
	 * not in the parent */
	CHECK_EQ(vm_mprotect(c, P(0), 4 * PG, RO), 0);
	CHECK_EQ(vm_mprotect(mm, P(0), 4 * PG, RO), 0);
	CHECK_STR(vmas(c, 4), "0-4 r--p wf");
	CHECK_VMAS(4, "0-4 r--p ac wf");
	/* and its grandchild would be wiped too: the flag is inherited */
	CHECK(at(c, 0)->flags & VM_WIPEONFORK);
	CHECK_INV();
}

/* ---- merging in the child (Linux: a VMA whose anon_vma_chain holds its parent's) ---- */

TEST(fork_child_does_not_merge_a_new_map_with_a_forked_anon)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	write_page(mm, 0);
	CHECK(tmap(8, 4, RW, ANON_PRIV) >= 0);                        /* never written */
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	/* LTP's vma01: next to the written (forked) one: apart; in the parent: one */
	CHECK(vm_mmap(c, P(4), 2 * PG, RW, ANON_PRIV, 0, 0) >= 0);
	CHECK(tmap(4, 2, RW, ANON_PRIV) >= 0);
	CHECK_STR(layout(c, 12), "AAAABB  CCCC");
	CHECK_LAYOUT(12, "AAAAAA  BBBB");
	/* next to the unwritten copy: merges */
	CHECK(vm_mmap(c, P(6), 2 * PG, RW, ANON_PRIV, 0, 0) >= 0);
	CHECK_STR(layout(c, 12), "AAAABBBBBBBB");
	/* a split of a forked VMA keeps the identity: it merges back */
	CHECK_EQ(vm_mprotect(c, P(1), PG, RO), 0);
	CHECK_STR(layout(c, 4), "ABCC");
	CHECK(at(c, 1)->anon == at(c, 0)->anon && at(c, 1)->anon_forked);
	CHECK_EQ(vm_mprotect(c, P(1), PG, RW), 0);
	CHECK_STR(layout(c, 4), "AAAA");
	/* a fault next to a forked VMA makes a new identity instead of borrowing it */
	struct vm_area *v;
	CHECK_EQ(vm_munmap(c, P(4), 8 * PG), 0);
	CHECK(vm_mmap(c, P(4), 2 * PG, RW | VM_PROT_EXEC, ANON_PRIV, 0, 0) >= 0);
	CHECK_EQ(vm_fault_check(c, P(4), VM_FAULT_WRITE, &v), 0);
	CHECK(v->anon && v->anon != at(c, 0)->anon && !v->anon_forked);
	CHECK_EQ(vm_mprotect(c, P(4), 2 * PG, RW), 0);                /* so no merge */
	CHECK_STR(layout(c, 6), "AAAABB");
	/* the same below a forked VMA (the next one) */
	CHECK(tmap(20, 4, RW, ANON_PRIV) >= 0);
	write_page(mm, 20);
	c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK(vm_mmap(c, P(18), 2 * PG, RW, ANON_PRIV, 0, 0) >= 0);
	CHECK_STR(vmas(c, 24), "0-6 rw-p ac; 8-12 rw-p ac; 18-20 rw-p ac; 20-24 rw-p ac");
	CHECK_EQ(vm_munmap(c, P(18), 2 * PG), 0);
	CHECK(vm_mmap(c, P(18), 2 * PG, RW | VM_PROT_EXEC, ANON_PRIV, 0, 0) >= 0);
	CHECK_EQ(vm_fault_check(c, P(18), VM_FAULT_WRITE, &v), 0);
	CHECK(v->anon && v->anon != at(c, 20)->anon);
	CHECK_EQ(vm_mprotect(c, P(18), 2 * PG, RW), 0);
	CHECK_STR(vmas(c, 24), "0-6 rw-p ac; 8-12 rw-p ac; 18-20 rw-p ac; 20-24 rw-p ac");
	CHECK(tmap(18, 2, RW, ANON_PRIV) >= 0);                       /* the parent: one */
	CHECK_VMAS(24, "0-6 rw-p ac; 8-12 rw-p ac; 18-24 rw-p ac");
	CHECK_EQ(vm_munmap(mm, P(18), 6 * PG), 0);
	/* the brk of a forked, written heap grows as a VMA of its own */
	mm->start_brk = mm->brk = P(40);
	CHECK_EQ(vm_brk(mm, P(42)), P(42));
	write_page(mm, 40);
	c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK_EQ(vm_brk(c, P(44)), P(44));
	CHECK_EQ(vm_brk(mm, P(44)), P(44));
	CHECK_STR(vmas(c, 44), "0-6 rw-p ac; 8-12 rw-p ac; 40-42 rw-p ac; 42-44 rw-p ac");
	CHECK_VMAS(44, "0-6 rw-p ac; 8-12 rw-p ac; 40-44 rw-p ac");
	CHECK_INV();
}

/* ---- the commit charge ---- */

TEST(fork_fails_when_the_charge_does_not_fit_overcommit_never)
{
	struct vm_mm *mm = tenv_reset();
	T.sys.overcommit = VM_OVERCOMMIT_NEVER;
	T.sys.admin_reserve_pages = T.sys.user_reserve_pages = 0;
	CHECK(tmap(0, 64, RW, ANON_PRIV) >= 0);
	CHECK(tmap(100, 32, RW, ANON_PRIV) >= 0);
	CHECK(tmap(200, 16, RW, ANON_PRIV | VM_MAP_NORESERVE) >= 0);  /* mode 2: charged */
	CHECK_EQ(T.sys.committed, 112);
	struct snap s0, s1;
	snap_take(&s0);
	/* limit 224: the child's 112 make 224, which is not below it */
	T.sys.overcommit_kbytes = 224 * 4;
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), -VM_ENOMEM);
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	CHECK(child_empty());
	/* the user reserve is the parent's (total_vm / 32 = 3 pages) */
	T.sys.overcommit_kbytes = 226 * 4;
	T.sys.user_reserve_pages = 1ull << 20;
	c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), -VM_ENOMEM);
	CHECK(child_empty());
	T.sys.overcommit_kbytes = 228 * 4;
	c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK_EQ(T.sys.committed, 224);
	CHECK_INV();
}

TEST(fork_fails_on_a_vma_larger_than_ram_and_swap_heuristic)
{
	/* Linux checks the heuristic per VMA: a VMA charged in two halves cannot be charged
	 * in one piece again. 4 GiB of RAM, no swap. */
	struct vm_mm *mm = tenv_reset();
	uint64_t half = 3ull << 18;                                   /* 3 GiB in pages */
	CHECK(tmap(0, half, RW, ANON_PRIV) >= 0);
	CHECK(tmap(half, half, RW, ANON_PRIV) >= 0);
	CHECK_EQ(mm->map_count, 1);
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), -VM_ENOMEM);
	CHECK(child_empty());
	CHECK_EQ(T.sys.committed, (int64_t)(2 * half));
	T.sys.overcommit = VM_OVERCOMMIT_ALWAYS;
	c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK_EQ(T.sys.committed, (int64_t)(4 * half));
	CHECK_INV();
}

/* ---- unwinding: every failure point, in turn ---- */

/* After a failed fork: the parent, its counters, the charge, every reference and node as
 * in s0 (taken with no child alive), and nothing in the child. */
static bool unwound(const struct snap *s0)
{
	struct snap s1;
	snap_take(&s1);
	return snap_same(s0, &s1) && child_empty();
}

TEST(fork_unwinds_at_each_node_allocation)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(build_parent() == 0);
	struct snap s0;
	snap_take(&s0);
	/* pages of the VMAs linked before the n-th node: 0-4, 4-6, 6-8, 8-10, 12-14 (wiped),
	 * 14-16, 18-22, 24-26 */
	static const uint64_t copied_pages[] = {0, 4, 6, 8, 10, 12, 14, 18, 20};
	long n;
	for (n = 1; n < 100; n++) {
		struct vm_mm *c = tenv_child();
		T.fail_alloc_at = n;
		T.dup_calls = 0;
		T.child_unmapped_pages = 0;
		int r = vm_dup_mmap(c, mm);
		CHECK_INV();
		if (r == 0)
			break;
		CHECK_EQ(r, -VM_ENOMEM);
		CHECK(unwound(&s0));
		CHECK_EQ(T.dup_calls, n - 1 - (n > 5));                   /* the wiped 5th: none */
		CHECK_EQ(T.child_unmapped_pages, copied_pages[n - 1]);    /* what was linked */
	}
	T.fail_alloc_at = 0;
	CHECK_EQ(n, 9);                                               /* 8 VMAs copied */
	CHECK_EQ(T.child.map_count, 8);
	/* the switch: the first node */
	struct vm_mm *c = tenv_child();
	c->inject = VM_INJ_NEWVMA;
	CHECK_EQ(vm_dup_mmap(c, mm), -VM_ENOMEM);
	CHECK(unwound(&s0));
	CHECK_INV();
}

TEST(fork_unwinds_at_each_dup_pages_call)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(build_parent() == 0);
	struct snap s0;
	snap_take(&s0);
	long n;
	for (n = 1; n < 100; n++) {
		struct vm_mm *c = tenv_child();
		T.dup_fail_at = n;
		T.dup_calls = 0;
		T.dup_pages = 0;
		T.child_unmapped_pages = 0;
		int r = vm_dup_mmap(c, mm);
		CHECK_INV();
		if (r == 0)
			break;
		CHECK_EQ(r, -VM_ENOMEM);
		CHECK_EQ(T.dup_calls, n);
		CHECK(unwound(&s0));
		/* every page handed over (the failed call's included) is unmapped again, and
		 * the wiped VMA's too when it was copied before */
		CHECK_EQ(T.child_unmapped_pages, T.dup_pages + (n > 4 ? 2 : 0));
	}
	T.dup_fail_at = 0;
	CHECK_EQ(n, 8);                                               /* 7 calls */
	/* another error comes back as it is */
	struct vm_mm *c = tenv_child();
	T.dup_fail_at = 3;
	T.dup_error = -VM_EFAULT;
	CHECK_EQ(vm_dup_mmap(c, mm), -VM_EFAULT);
	CHECK(unwound(&s0));
	/* the switch: the first call */
	c = tenv_child();
	c->inject = VM_INJ_DUPPAGES;
	CHECK_EQ(vm_dup_mmap(c, mm), -VM_ENOMEM);
	CHECK(unwound(&s0));
	CHECK_INV();
}

TEST(fork_unwinds_at_each_charge)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(build_parent() == 0);
	struct snap s0;
	snap_take(&s0);
	/* The accounted VMAs in order: 0-4, 6-8, 12-14, 18-22, 24-26. A limit of
	 * committed + (the first k charges) makes the k-th charge fail in mode 2. */
	static const int64_t pages[] = {4, 2, 2, 4, 2};
	T.sys.overcommit = VM_OVERCOMMIT_NEVER;
	T.sys.admin_reserve_pages = T.sys.user_reserve_pages = 0;
	int64_t sum = 0;
	for (int k = 0; k < 5; k++) {
		sum += pages[k];
		T.sys.overcommit_kbytes = (uint64_t)(T.sys.committed + sum) * 4;
		struct vm_mm *c = tenv_child();
		CHECK_EQ(vm_dup_mmap(c, mm), -VM_ENOMEM);
		CHECK(unwound(&s0));
		CHECK_INV();
	}
	T.sys.overcommit_kbytes = (uint64_t)(T.sys.committed + sum + 1) * 4;
	struct vm_mm *c = tenv_child();
	CHECK_EQ(vm_dup_mmap(c, mm), 0);
	CHECK_EQ(T.sys.committed, s0.committed + sum);
	/* the switch: the first charge */
	T.sys.overcommit = VM_OVERCOMMIT_ALWAYS;
	c = tenv_child();
	c->inject = VM_INJ_ACCOUNT;
	CHECK_EQ(vm_dup_mmap(c, mm), -VM_ENOMEM);
	CHECK(unwound(&s0));
	CHECK_INV();
}

TEST(fork_unwinds_at_each_point_in_turn_with_inject_after)
{
	/* The three switches at once with inject_after n fail the (n+1)-th of their points in
	 * the order they run (the VM server's in-QEMU injection counts the same way): the
	 * build_parent VMAs give 5 charges, 8 nodes and 7 dup_pages calls, 20 points. */
	struct vm_mm *mm = tenv_reset();
	CHECK(build_parent() == 0);
	struct snap s0;
	snap_take(&s0);
	const unsigned all = VM_INJ_ACCOUNT | VM_INJ_NEWVMA | VM_INJ_DUPPAGES;
	unsigned fired = 0, n;
	for (n = 0; n < 100; n++) {
		struct vm_mm *c = tenv_child();
		c->inject = all;
		c->inject_after = n;
		T.dup_calls = 0;
		int r = vm_dup_mmap(c, mm);
		CHECK_INV();
		if (r == 0) {
			CHECK_EQ(c->inject, all);                     /* nothing fired ... */
			CHECK_EQ(c->inject_after, 0);                 /* ... all n passed */
			break;
		}
		CHECK_EQ(r, -VM_ENOMEM);
		CHECK(unwound(&s0));
		CHECK_EQ(c->inject_after, 0);
		CHECK_EQ(__builtin_popcount(all & ~c->inject), 1);   /* exactly one fired */
		fired |= all & ~c->inject;
	}
	CHECK_EQ(n, 20);
	CHECK_EQ(fired, all);
	CHECK_INV();
}

TEST(fork_random_parents_fail_anywhere_and_unwind)
{
	/* Random address spaces (maps of every kind, writes, advice, locks), each forked
	 * with a failure at a random node allocation or dup_pages call: a failure leaves
	 * everything as before, a success a child that passes every check. */
	struct vm_mm *mm = tenv_reset();
	uint64_t rs = 12345;
	for (int round = 0; round < 300; round++) {
		rs = rs * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t r = rs >> 33, p = r % 60, n = 1 + (r >> 8) % 6;
		switch ((r >> 12) % 8) {
		case 0: (void)tmap(p, n, RW, ANON_PRIV); break;
		case 1: (void)tmap(p, n, RW, ANON_SHARED); break;
		case 2: (void)tmapf(p, n, RW, (r >> 16) & 1 ? VM_MAP_SHARED : VM_MAP_PRIVATE,
		                    1 + (int)((r >> 17) % 3), p); break;
		case 3: write_page(mm, p); break;
		case 4: (void)vm_madvise(mm, P(p), n * PG, (r >> 16) & 1 ? VM_MADV_DONTFORK :
		                                                          VM_MADV_WIPEONFORK); break;
		case 5: (void)vm_mlock(mm, P(p), n * PG, 0); break;
		case 6: (void)vm_munmap(mm, P(p), n * PG); break;
		default: (void)vm_mprotect(mm, P(p), n * PG, (r >> 16) & 1 ? RO : RW); break;
		}
		struct vm_mm *c = tenv_child();
		struct snap s0;
		snap_take(&s0);
		if ((r >> 20) & 1)
			T.fail_alloc_at = 1 + (long)((r >> 21) % (mm->map_count + 1));
		else
			T.dup_fail_at = 1 + (long)((r >> 21) % (mm->map_count + 1));
		int e = vm_dup_mmap(c, mm);
		T.fail_alloc_at = T.dup_fail_at = 0;
		CHECK_INV();
		if (e < 0) {
			CHECK_EQ(e, -VM_ENOMEM);
			CHECK(unwound(&s0));
		} else {
			uint64_t copied = 0;
			for (struct vm_area *v = vm_first(mm); v; v = vm_next(mm, v))
				copied += !(v->flags & VM_DONTCOPY);
			CHECK_EQ(c->map_count, copied);
			CHECK_EQ(c->locked_vm, 0);
		}
	}
	CHECK_INV();
}

CHECK_MAIN()
