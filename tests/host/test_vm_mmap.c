/* test_vm_mmap.c - mmap and munmap of lib/vm: every step of mmap_region as the seed
 * lists them (1 may_expand_vm, 2 unmap what overlaps, 3 accounting, 4 merge, 5 new VMA
 * and the file hook or shared anonymous object, 6 link, 7 statistics, VM_LOCKED,
 * populate, soft-dirty), every merge case and every attribute that prevents one, the
 * argument checks with Linux's errno, and every unwind path by fault injection with the
 * address space, the counters and the committed total compared before and after.
 * The invariants are checked after every operation (CHECK_INV).
 *
 * Layouts are drawn one letter per page from P(0): same letter = same VMA, ' ' = hole. */
#include "test_vm_env.h"

/* ---- step 1: may_expand_vm (RLIMIT_AS), net growth only under MAP_FIXED ---- */

TEST(step1_rlimit_as_counts_net_growth)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 64, RW, ANON_PRIV) >= 0);
	mm->rlim[VM_RLIMIT_AS].cur = (mm->total_vm + 8) * PG;
	struct snap s0, s1;
	snap_take(&s0);
	CHECK_EQ(tmap(100, 16, RW, ANON_PRIV), -VM_ENOMEM);           /* 16 new pages */
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	CHECK_EQ(tmap(0, 64, RO, ANON_PRIV), (int64_t)P(0));          /* replaces 64 */
	CHECK_EQ(tmap(60, 16, RW, ANON_PRIV), -VM_ENOMEM);            /* 4 old + 12 new */
	CHECK_VMAS(100, "0-64 r--p");                                 /* old mapping in place */
	CHECK_EQ(tmap(60, 10, RW, ANON_PRIV), (int64_t)P(60));        /* 4 old + 6 new */
	CHECK_VMAS(100, "0-60 r--p; 60-70 rw-p ac");
	CHECK_INV();
}

TEST(step1_rlimit_data_for_private_writable)
{
	struct vm_mm *mm = tenv_reset();
	mm->rlim[VM_RLIMIT_DATA].cur = 8 * PG;
	CHECK_EQ(tmap(0, 8, RW, ANON_PRIV), (int64_t)P(0));
	CHECK_EQ(tmap(10, 1, RW, ANON_PRIV), -VM_ENOMEM);
	CHECK_EQ(tmap(10, 16, RO, ANON_PRIV), (int64_t)P(10));        /* not data */
	CHECK_EQ(tmap(30, 16, RW, ANON_SHARED), (int64_t)P(30));      /* not data */
	CHECK_EQ(mm->data_vm, 8);
	CHECK_INV();
}

/* ---- step 2: the neighbours, and unmapping what the new mapping overlaps ---- */

TEST(step2_fixed_over_the_middle_splits_in_three)
{
	tenv_reset();
	CHECK(tmap(0, 12, RW, ANON_PRIV) >= 0);
	CHECK_EQ(tmap(4, 4, RO, ANON_PRIV), (int64_t)P(4));
	CHECK_LAYOUT(12, "AAAABBBBCCCC");
	CHECK_VMAS(12, "0-4 rw-p ac; 4-8 r--p; 8-12 rw-p ac");
	CHECK_EQ(T.unmapped_pages, 4);                                /* the old pages went */
	CHECK_EQ(T.sys.committed, 8);
	CHECK_INV();
}

TEST(step2_fixed_over_several_vmas_and_holes)
{
	tenv_reset();
	CHECK(tmap(0, 3, RW, ANON_PRIV) >= 0);
	CHECK(tmap(4, 2, RO, ANON_PRIV) >= 0);
	CHECK(tmap(7, 3, RO | VM_PROT_EXEC, ANON_PRIV) >= 0);
	CHECK_LAYOUT(12, "AAA BB CCC  ");
	CHECK_EQ(tmap(1, 8, VM_PROT_NONE, ANON_PRIV), (int64_t)P(1));
	CHECK_LAYOUT(12, "ABBBBBBBBC  ");
	CHECK_VMAS(12, "0-1 rw-p ac; 1-9 ---p; 9-10 r-xp");
	CHECK_EQ(T.unmapped_pages, 2 + 2 + 2);
	CHECK_EQ(T.mm.total_vm, 10);
	CHECK_EQ(T.mm.exec_vm, 1);
	CHECK_INV();
}

TEST(step2_fixed_over_the_tail_and_beyond_merges)
{
	tenv_reset();
	CHECK(tmap(0, 8, RW, ANON_PRIV) >= 0);
	CHECK_EQ(tmap(6, 6, RW, ANON_PRIV), (int64_t)P(6));
	CHECK_LAYOUT(12, "AAAAAAAAAAAA");
	CHECK_EQ(T.sys.committed, 12);
	CHECK_INV();
}

TEST(step2_fixed_same_attributes_over_the_middle_is_one_vma)
{
	tenv_reset();
	CHECK(tmap(0, 12, RW, ANON_PRIV) >= 0);
	struct vm_area *a;
	CHECK_EQ(vm_fault_check(&T.mm, P(1), VM_FAULT_WRITE, &a), 0);   /* written */
	CHECK_EQ(tmap(4, 4, RW, ANON_PRIV), (int64_t)P(4));
	CHECK_LAYOUT(12, "AAAAAAAAAAAA");
	CHECK_EQ(T.unmapped_pages, 4);                                /* contents zero again */
	CHECK_EQ(T.sys.committed, 12);
	CHECK_INV();
}

/* ---- step 3: accountable_mapping and the overcommit policy ---- */

TEST(step3_what_is_charged)
{
	tenv_reset();
	CHECK(tmap(0, 16, RW, ANON_PRIV) >= 0);
	CHECK_EQ(T.sys.committed, 16);                                /* private writable */
	CHECK(tmap(20, 16, RW, ANON_PRIV | VM_MAP_NORESERVE) >= 0);
	CHECK_EQ(T.sys.committed, 16);                                /* NORESERVE: no */
	CHECK(tmap(40, 16, RO, ANON_PRIV) >= 0);
	CHECK_EQ(T.sys.committed, 16);                                /* read-only: no */
	CHECK(tmap(60, 16, RW, ANON_SHARED) >= 0);
	CHECK_EQ(T.sys.committed, 32);                                /* the shmem object */
	CHECK(tmapf(80, 4, RW, VM_MAP_PRIVATE, 1, 0) >= 0);
	CHECK_EQ(T.sys.committed, 36);                                /* COW of a file */
	CHECK(tmapf(90, 4, RW, VM_MAP_SHARED, 1, 0) >= 0);
	CHECK_EQ(T.sys.committed, 36);                                /* the file is the store */
	CHECK_VMAS(100, "0-16 rw-p ac; 20-36 rw-p nr; 40-56 r--p; 60-76 rw-s; 80-84 rw-p ac f1+0; "
	                "90-94 rw-s f1+0");
	CHECK_EQ(vm_munmap(&T.mm, P(60), 16 * PG), 0);
	CHECK_EQ(T.sys.committed, 20);                                /* the object died */
	CHECK_EQ(vm_munmap(&T.mm, P(4), 4 * PG), 0);
	CHECK_EQ(T.sys.committed, 16);
	CHECK_INV();
}

TEST(step3_fixed_over_accounted_charges_the_difference)
{
	tenv_reset();
	CHECK(tmap(0, 16, RW, ANON_PRIV) >= 0);
	T.sys.overcommit = VM_OVERCOMMIT_NEVER;
	T.sys.total_ram_pages = 0;
	T.sys.total_swap_pages = 0;                                   /* nothing more allowed */
	CHECK_EQ(tmap(0, 16, RW, ANON_PRIV), (int64_t)P(0));          /* net charge 0 */
	CHECK_EQ(tmap(4, 8, RW | VM_PROT_EXEC, ANON_PRIV), (int64_t)P(4));
	CHECK_EQ(T.sys.committed, 16);
	CHECK_EQ(tmap(12, 8, RW, ANON_PRIV), -VM_ENOMEM);             /* 4 new pages */
	CHECK_EQ(T.sys.committed, 16);
	CHECK_INV();
}

TEST(step3_overcommit_policies)
{
	struct vm_mm *mm = tenv_reset();
	T.sys.total_ram_pages = 1000;
	CHECK_EQ(tmap(0, 1001, RW, ANON_PRIV), -VM_ENOMEM);           /* heuristic: > RAM */
	CHECK_EQ(tmap(0, 1000, RW, ANON_PRIV), (int64_t)P(0));
	CHECK_EQ(tmap(2000, 1000, RW, ANON_PRIV), (int64_t)P(2000));  /* each alone fits */
	T.sys.overcommit = VM_OVERCOMMIT_ALWAYS;
	CHECK_EQ(tmap(4000, 5000, RW, ANON_PRIV), (int64_t)P(4000));
	CHECK_EQ(T.sys.committed, 7000);
	CHECK_EQ(vm_munmap(mm, P(0), 9000 * PG), 0);
	CHECK_EQ(T.sys.committed, 0);
	/* never: limit = RAM * ratio + swap - admin reserve - min(total_vm / 32, user reserve) */
	T.sys.overcommit = VM_OVERCOMMIT_NEVER;
	T.sys.overcommit_ratio = 50;
	T.sys.admin_reserve_pages = 10;
	T.sys.user_reserve_pages = 100;
	CHECK_EQ(vm_commit_limit(&T.sys), 500);
	CHECK_EQ(tmap(0, 480, RW, ANON_PRIV), (int64_t)P(0));         /* 480 < 500 - 10 - 0 */
	CHECK_EQ(tmap(600, 1, RW, ANON_PRIV), -VM_ENOMEM);            /* 481 >= 500 - 10 - 15 */
	mm->cap_sys_admin = true;
	CHECK_EQ(tmap(600, 1, RW, ANON_PRIV), (int64_t)P(600));       /* no admin reserve */
	/* MAP_NORESERVE does not escape mode 2 */
	CHECK_EQ(tmap(700, 20, RW, ANON_PRIV | VM_MAP_NORESERVE), -VM_ENOMEM);
	CHECK_INV();
}

/* ---- step 4: merging with prev, next, both, neither ---- */

TEST(step4_merge_prev_next_both)
{
	tenv_reset();
	CHECK(tmap(0, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(2, 2, RW, ANON_PRIV) >= 0);                        /* prev */
	CHECK_LAYOUT(8, "AAAA    ");
	CHECK(tmap(6, 2, RW, ANON_PRIV) >= 0);
	CHECK_LAYOUT(8, "AAAA  BB");
	CHECK(tmap(5, 1, RW, ANON_PRIV) >= 0);                        /* next */
	CHECK_LAYOUT(8, "AAAA BBB");
	CHECK(tmap(4, 1, RW, ANON_PRIV) >= 0);                        /* both */
	CHECK_LAYOUT(8, "AAAAAAAA");
	CHECK_EQ(T.mm.map_count, 1);
	CHECK_EQ(T.live, 1);                                          /* merged nodes freed */
	CHECK_INV();
}

TEST(step4_merge_written_and_untouched)
{
	tenv_reset();
	struct vm_area *a;
	CHECK(tmap(4, 4, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_fault_check(&T.mm, P(4), VM_FAULT_WRITE, &a), 0);
	uint64_t anon = a->anon;
	CHECK(anon != 0);
	CHECK(tmap(8, 2, RW, ANON_PRIV) >= 0);                        /* untouched joins */
	CHECK(tmap(2, 2, RW, ANON_PRIV) >= 0);
	CHECK_LAYOUT(12, "  AAAAAAAA  ");
	CHECK_EQ(vm_find_vma(&T.mm, P(2))->anon, anon);
	CHECK_INV();
}

TEST(step4_different_anon_on_both_sides_merges_with_prev_only)
{
	tenv_reset();
	struct vm_area *a;
	CHECK(tmap(0, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(4, 2, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_fault_check(&T.mm, P(0), VM_FAULT_WRITE, &a), 0);
	CHECK_EQ(vm_fault_check(&T.mm, P(4), VM_FAULT_WRITE, &a), 0);
	CHECK(vm_find_vma(&T.mm, P(0))->anon != a->anon);
	CHECK(tmap(2, 2, RW, ANON_PRIV) >= 0);
	CHECK_LAYOUT(6, "AAAABB");
	CHECK_INV();
}

/* Each attribute that keeps a new mapping from joining an identical neighbour. */
TEST(step4_what_prevents_a_merge)
{
	tenv_reset();
	CHECK(tmap(0, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(2, 2, RO, ANON_PRIV) >= 0);                               /* prot */
	CHECK(tmap(4, 2, RO, ANON_PRIV | VM_MAP_LOCKED) >= 0);               /* locked */
	CHECK(tmap(6, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(8, 2, RW, ANON_PRIV | VM_MAP_NORESERVE) >= 0);            /* ac vs nr */
	CHECK(tmap(10, 2, RW, ANON_SHARED) >= 0);                            /* shmem */
	CHECK(tmap(12, 2, RW, ANON_SHARED) >= 0);                            /* each its own */
	CHECK(tmap(14, 2, RW, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);           /* growsdown */
	CHECK(tmap(16, 2, RW, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);           /* ...merges */
	CHECK(tmap(18, 2, RW, ANON_PRIV | VM_MAP_STACK) >= 0);               /* nohugepage */
	CHECK_LAYOUT(20, "AABBCCDDEEFFGGHHHHII");
	CHECK_VMAS(20, "0-2 rw-p ac; 2-4 r--p; 4-6 r--p lo; 6-8 rw-p ac; 8-10 rw-p nr; "
	               "10-12 rw-s; 12-14 rw-s; 14-18 rw-p ac gd; 18-20 rw-p ac nh");
	CHECK_INV();
}

TEST(step4_file_mappings_merge_rules)
{
	tenv_reset();
	CHECK(tmapf(0, 2, RW, VM_MAP_SHARED, 1, 0) >= 0);
	CHECK(tmapf(2, 2, RW, VM_MAP_SHARED, 1, 2) >= 0);             /* contiguous: merge */
	CHECK(tmapf(4, 2, RW, VM_MAP_SHARED, 1, 5) >= 0);             /* offset gap */
	CHECK(tmapf(6, 2, RW, VM_MAP_SHARED, 2, 9) >= 0);             /* another open file */
	CHECK(tmapf(8, 2, RW, VM_MAP_PRIVATE, 2, 11) >= 0);           /* private vs shared */
	CHECK(tmapf(10, 2, RW, VM_MAP_PRIVATE, 2, 13) >= 0);          /* private, contiguous */
	CHECK(tmap(12, 2, RW, ANON_PRIV) >= 0);                       /* anonymous */
	CHECK_LAYOUT(14, "AAAABBCCDDDDEE");
	CHECK_VMAS(14, "0-4 rw-s f1+0; 4-6 rw-s f1+5; 6-8 rw-s f2+9; 8-12 rw-p ac f2+11; "
	               "12-14 rw-p ac");
	CHECK_EQ(tfile(1)->refs, 3);                                  /* the test's + 2 VMAs */
	CHECK_EQ(tfile(2)->refs, 3);
	CHECK_INV();
}

TEST(step4_anonymous_pgoff_must_be_contiguous)
{
	tenv_reset();
	/* A VMA whose anon pgoff is not its start's page (as after mremap) blocks a merge
	 * that /proc would not explain. */
	CHECK(tmap(0, 2, RW, ANON_PRIV) >= 0);
	vm_find_vma(&T.mm, P(0))->pgoff += 100;
	CHECK(tmap(2, 2, RW, ANON_PRIV) >= 0);
	CHECK_LAYOUT(4, "AABB");
	CHECK_INV();
}

/* ---- step 5: the new VMA, the file's hook, the shared anonymous object ---- */

TEST(step5_file_hook_sees_the_descriptor_and_may_adjust)
{
	tenv_reset();
	CHECK(tmapf(0, 2, RW, VM_MAP_SHARED, 1, 0) >= 0);
	CHECK_EQ(T.hook_calls, 1);
	T.hook_set = VM_DONTEXPAND;                                   /* VM_SPECIAL: no merge */
	CHECK(tmapf(2, 2, RW, VM_MAP_SHARED, 1, 2) >= 0);
	CHECK_LAYOUT(4, "AABB");
	CHECK_VMAS(4, "0-2 rw-s f1+0; 2-4 rw-s de f1+2");
	T.hook_set = VM_ACCOUNT | VM_WRITE;                           /* not the hook's to set */
	CHECK(tmapf(8, 2, RO, VM_MAP_SHARED, 1, 0) >= 0);
	CHECK_VMAS(10, "0-2 rw-s f1+0; 2-4 rw-s de f1+2; 8-10 r--s f1+0");
	T.hook_set = 0;
	T.hook_error = -VM_EACCES;
	CHECK_EQ(tmapf(20, 2, RW, VM_MAP_SHARED, 1, 0), -VM_EACCES);
	CHECK_INV();
}

TEST(step5_special_vma_is_never_locked)
{
	tenv_reset();
	T.hook_set = VM_IO;
	CHECK(tmapf(0, 2, RW, VM_MAP_SHARED | VM_MAP_LOCKED, 1, 0) >= 0);
	CHECK_EQ(T.mm.locked_vm, 0);
	CHECK(!(vm_find_vma(&T.mm, P(0))->flags & VM_LOCKED));
	CHECK_EQ(T.populate_calls, 0);                                /* VM_IO: not populated */
	CHECK_INV();
}

TEST(step5_shared_anonymous_object)
{
	tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_SHARED) >= 0);
	struct vm_area *v = vm_find_vma(&T.mm, P(0));
	CHECK(v->file && v->file->shmem && v->file->refs == 1 && v->pgoff == 0);
	CHECK_EQ(vm_munmap(&T.mm, P(1), PG), 0);                      /* pieces share it */
	CHECK_EQ(v->file->refs, 2);
	CHECK_EQ(vm_find_vma(&T.mm, P(2))->pgoff, 2);
	CHECK_EQ(T.sys.committed, 4);                                 /* charged per object */
	CHECK(tmap(10, 4, RW, ANON_SHARED | VM_MAP_NORESERVE) >= 0);
	CHECK_EQ(T.sys.committed, 4);
	CHECK_INV();
}

/* ---- steps 6 and 7: link, statistics, VM_LOCKED, populate, soft-dirty ---- */

TEST(step7_statistics)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);                        /* data */
	CHECK(tmap(10, 3, RO | VM_PROT_EXEC, ANON_PRIV) >= 0);        /* exec */
	CHECK(tmap(20, 5, RW, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);    /* stack */
	CHECK(tmap(30, 6, RW, ANON_SHARED) >= 0);                     /* none of them */
	CHECK(tmap(40, 7, RW | VM_PROT_EXEC, ANON_PRIV) >= 0);        /* data (writable) */
	CHECK_EQ(mm->total_vm, 25);
	CHECK_EQ(mm->data_vm, 11);
	CHECK_EQ(mm->exec_vm, 3);
	CHECK_EQ(mm->stack_vm, 5);
	CHECK_EQ(mm->map_count, 5);
	for (struct vm_area *v = vm_first(mm); v; v = vm_next(mm, v))
		CHECK(v->flags & VM_SOFTDIRTY);
	CHECK_INV();
}

TEST(step7_locked_and_populate)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	CHECK_EQ(mm->locked_vm, 4);
	CHECK_EQ(T.populate_calls, 1);
	CHECK_EQ(T.populate_writes, 1);                               /* private writable */
	CHECK(vm_find_vma(mm, P(0))->anon != 0);                      /* the first write */
	CHECK(tmap(10, 4, RO, ANON_PRIV | VM_MAP_POPULATE) >= 0);
	CHECK_EQ(T.populate_calls, 2);
	CHECK_EQ(T.populate_writes, 1);
	CHECK(vm_find_vma(mm, P(10))->anon == 0);                     /* read faults only */
	CHECK(tmap(20, 4, RW, ANON_PRIV | VM_MAP_POPULATE | VM_MAP_NONBLOCK) >= 0);
	CHECK_EQ(T.populate_calls, 2);                                /* NONBLOCK: none */
	CHECK(tmap(30, 4, RW, ANON_SHARED | VM_MAP_POPULATE) >= 0);
	CHECK_EQ(T.populate_writes, 1);                               /* shared: no COW */
	T.populate_error = -VM_ENOMEM;                                /* ignored by mmap */
	CHECK_EQ(tmap(40, 4, RW, ANON_PRIV | VM_MAP_LOCKED), (int64_t)P(40));
	CHECK(tmap(50, 2, VM_PROT_NONE, ANON_PRIV | VM_MAP_LOCKED) >= 0);  /* EFAULT ignored */
	CHECK_EQ(mm->locked_vm, 10);
	T.populate_error = 0;
	mm->inject = VM_INJ_POPULATE;
	CHECK_EQ(tmap(60, 1, RW, ANON_PRIV | VM_MAP_POPULATE), (int64_t)P(60));
	CHECK_INV();
}

/* ---- do_mmap's argument checks ---- */

TEST(mmap_errno_table)
{
	struct vm_mm *mm = tenv_reset();
	uint64_t PA = VM_MAP_PRIVATE | VM_MAP_ANONYMOUS;
	CHECK_EQ(vm_mmap(mm, 0, 0, RW, PA, 0, 0), -VM_EINVAL);                       /* len 0 */
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, VM_MAP_ANONYMOUS, 0, 0), -VM_EINVAL);       /* no type */
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, VM_MAP_SHARED_VALIDATE | VM_MAP_ANONYMOUS, 0, 0),
	         -VM_EINVAL);
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, PA, 0, 100), -VM_EINVAL);                   /* offset */
	CHECK_EQ(vm_mmap(mm, P(0) + 1, PG, RW, PA | VM_MAP_FIXED, 0, 0), -VM_EINVAL);
	CHECK(vm_mmap(mm, 0, PG, RW, PA, tfile(1), 0) > 0);                         /* fd ignored */
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, VM_MAP_PRIVATE, 0, 0), -VM_EBADF);
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, VM_MAP_SHARED, tfile(7), 0), -VM_EACCES);   /* RO file */
	CHECK(vm_mmap(mm, 0, PG, RW, VM_MAP_PRIVATE, tfile(7), 0) > 0);
	CHECK(vm_mmap(mm, 0, PG, RO, VM_MAP_SHARED, tfile(7), 0) > 0);
	CHECK_EQ(vm_mmap(mm, 0, PG, VM_PROT_NONE, VM_MAP_PRIVATE, tfile(8), 0), -VM_EACCES);
	CHECK_EQ(vm_mmap(mm, 0, -4096ull, RW, PA, 0, 0), -VM_ENOMEM);               /* huge */
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, VM_MAP_SHARED_VALIDATE | 0x40000000, tfile(1), 0),
	         -VM_EOPNOTSUPP);
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, VM_MAP_SHARED_VALIDATE | VM_MAP_SYNC, tfile(1), 0),
	         -VM_EOPNOTSUPP);                                                   /* no DAX */
	CHECK(vm_mmap(mm, 0, PG, RW, VM_MAP_SHARED | 0x40000000, tfile(1), 0) > 0);
	CHECK(vm_mmap(mm, 0, PG, RW, PA | 0x40000000, 0, 0) > 0);                   /* ignored */
	CHECK(vm_mmap(mm, 0, PG, RW | 0x100, PA, 0, 0) > 0);                       /* prot too */
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, VM_MAP_PRIVATE | VM_MAP_GROWSDOWN, tfile(1), 0),
	         -VM_EINVAL);
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, VM_MAP_SHARED | VM_MAP_ANONYMOUS | VM_MAP_GROWSDOWN, 0, 0),
	         -VM_EINVAL);
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, PA | VM_MAP_HUGETLB, 0, 0), -VM_EINVAL);
	CHECK_EQ(vm_mmap(mm, 0, 2 * PG, RO, VM_MAP_PRIVATE, tfile(1), (UINT64_MAX - PG) & VM_PAGE_MASK),
	         -VM_EOVERFLOW);
	CHECK_EQ(vm_mmap(mm, 0, PG, RO, VM_MAP_PRIVATE, tfile(1), 1ull << 63), -VM_EOVERFLOW);
	CHECK_EQ(vm_mmap(mm, 0, PG, RW, PA | VM_MAP_FIXED, 0, 0), -VM_EPERM);       /* page 0 */
	CHECK_EQ(vm_mmap(mm, mm->task_size - PG, 2 * PG, RW, PA | VM_MAP_FIXED, 0, 0), -VM_ENOMEM);
	tfile(3)->mode |= VM_FMODE_NOEXEC;
	CHECK_EQ(vm_mmap(mm, 0, PG, RO | VM_PROT_EXEC, VM_MAP_PRIVATE, tfile(3), 0), -VM_EPERM);
	int64_t a = vm_mmap(mm, 0, PG, RO, VM_MAP_PRIVATE, tfile(3), 0);
	CHECK(a > 0 && !(vm_find_vma(mm, (uint64_t)a)->flags & VM_MAYEXEC));
	tfile(4)->mode |= VM_FMODE_APPEND;
	CHECK_EQ(vm_mmap(mm, 0, PG, RO, VM_MAP_SHARED, tfile(4), 0), -VM_EACCES);
	tfile(5)->mode |= VM_FMODE_NOMMAP;
	CHECK_EQ(vm_mmap(mm, 0, PG, RO, VM_MAP_PRIVATE, tfile(5), 0), -VM_ENODEV);
	CHECK_INV();
}

/* MAP_SYNC: VM_SYNC even on anonymous memory (Linux does so); MAP_SHARED_VALIDATE
 * accepts it only from a file system that knows it, and the file's hook decides (ext4
 * refuses it without DAX). Linux 6.18 asks the hook after clearing the old range and
 * leaves a gap when it refuses; here the old mapping stays. */
TEST(mmap_sync_flag)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 2, RW, ANON_PRIV | VM_MAP_SYNC) >= 0);
	CHECK(tmap(2, 2, RW, ANON_PRIV) >= 0);
	CHECK_LAYOUT(4, "AABB");
	CHECK(vm_find_vma(mm, P(0))->flags & VM_SYNC);
	T.hook_refuse = VM_SYNC;
	CHECK_EQ(tmapf(10, 2, RW, VM_MAP_SHARED_VALIDATE | VM_MAP_SYNC, 1, 0), -VM_EOPNOTSUPP);
	CHECK_EQ(T.hook_calls, 0);                                    /* refused before */
	tfile(1)->mode |= VM_FMODE_MMAP_SYNC;
	CHECK(tmap(10, 4, RW, ANON_PRIV) >= 0);
	struct snap s0, s1;
	snap_take(&s0);
	CHECK_EQ(tmapf(11, 2, RW, VM_MAP_SHARED_VALIDATE | VM_MAP_SYNC, 1, 0), -VM_EOPNOTSUPP);
	CHECK_EQ(T.hook_calls, 1);                                    /* the hook refused */
	CHECK_EQ(tmapf(11, 2, RW, VM_MAP_SHARED | VM_MAP_SYNC, 1, 0), -VM_EOPNOTSUPP);
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));                                   /* no gap left */
	T.hook_refuse = 0;                                            /* a DAX file */
	CHECK(tmapf(11, 2, RW, VM_MAP_SHARED_VALIDATE | VM_MAP_SYNC, 1, 0) >= 0);
	CHECK(vm_find_vma(mm, P(11))->flags & VM_SYNC);
	CHECK_INV();
}

TEST(mmap_shared_of_readonly_file_has_no_maywrite)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmapf(0, 2, RO, VM_MAP_SHARED, 7, 0) >= 0);
	struct vm_area *v = vm_find_vma(mm, P(0));
	CHECK((v->flags & (VM_SHARED | VM_MAYWRITE)) == 0 && (v->flags & VM_MAYSHARE));
	CHECK_VMAS(2, "0-2 r--s f7+0");
	CHECK_EQ(vm_mprotect(mm, P(0), PG, RW), -VM_EACCES);
	CHECK_INV();
}

TEST(mmap_fixed_noreplace)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(4, 4, RW, ANON_PRIV) >= 0);
	uint64_t f = VM_MAP_PRIVATE | VM_MAP_ANONYMOUS | VM_MAP_FIXED_NOREPLACE;
	CHECK_EQ(vm_mmap(mm, P(2), 4 * PG, RW, f, 0, 0), -VM_EEXIST);
	CHECK_EQ(vm_mmap(mm, P(0), 4 * PG, RW, f, 0, 0), (int64_t)P(0));
	CHECK_LAYOUT(8, "AAAAAAAA");
	CHECK_INV();
}

TEST(mmap_locked_limits)
{
	struct vm_mm *mm = tenv_reset();
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 4 * PG;
	CHECK_EQ(tmap(0, 4, RO, ANON_PRIV | VM_MAP_LOCKED), (int64_t)P(0));
	CHECK_EQ(tmap(10, 1, RO, ANON_PRIV | VM_MAP_LOCKED), -VM_EAGAIN);
	mm->cap_ipc_lock = true;
	CHECK_EQ(tmap(10, 1, RO, ANON_PRIV | VM_MAP_LOCKED), (int64_t)P(10));
	mm->cap_ipc_lock = false;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 0;
	CHECK_EQ(tmap(20, 1, RO, ANON_PRIV | VM_MAP_LOCKED), -VM_EPERM);
	CHECK_EQ(mm->locked_vm, 5);
	CHECK_INV();
}

TEST(mmap_map_count_limit)
{
	struct vm_mm *mm = tenv_reset();
	mm->max_map_count = 3;
	CHECK(tmap(0, 9, RW, ANON_PRIV) >= 0);
	CHECK(tmap(20, 1, RW, ANON_PRIV) >= 0);
	CHECK(tmap(30, 1, RW, ANON_PRIV) >= 0);
	CHECK_EQ(mm->map_count, 3);
	struct snap s0, s1;
	snap_take(&s0);
	CHECK_EQ(tmap(3, 3, RO, ANON_PRIV), -VM_ENOMEM);              /* would split in 3 */
	CHECK_EQ(vm_munmap(mm, P(3), 3 * PG), -VM_ENOMEM);            /* same for munmap */
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	CHECK_EQ(tmap(40, 1, RO, ANON_PRIV), (int64_t)P(40));         /* count == max: allowed */
	CHECK_EQ(mm->map_count, 4);
	CHECK_EQ(tmap(50, 1, RO, ANON_PRIV), -VM_ENOMEM);             /* count > max */
	CHECK_EQ(vm_munmap(mm, P(0), 3 * PG), 0);                     /* no split in 3 */
	CHECK_INV();
}

/* ---- unwinding: every failure leaves everything as it was ---- */

/* A (read-only, so a writable map over it is charged in full), B (shared anonymous),
 * C (a shared file mapping). */
static void unwind_setup(void)
{
	tenv_reset();
	tmap(0, 8, RO, ANON_PRIV);
	tmap(10, 2, RW, ANON_SHARED);
	tmapf(20, 4, RW, VM_MAP_SHARED, 1, 0);
}

TEST(unwind_each_injection_point)
{
	static const struct { unsigned point; int64_t err; } cases[] = {
		{VM_INJ_EXPAND, -VM_ENOMEM}, {VM_INJ_ACCOUNT, -VM_ENOMEM},
		{VM_INJ_SPLIT, -VM_ENOMEM}, {VM_INJ_NEWVMA, -VM_ENOMEM},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unwind_setup();
		struct snap s0, s1;
		snap_take(&s0);
		T.mm.inject = cases[i].point;
		CHECK_EQ(tmap(2, 4, RW | VM_PROT_EXEC, ANON_PRIV), cases[i].err);  /* A in three */
		CHECK_EQ(T.mm.inject, 0);                                 /* the point was reached */
		snap_take(&s1);
		CHECK(snap_same(&s0, &s1));
		CHECK_LAYOUT(24, "AAAAAAAA  BB        CCCC");
		CHECK_INV();
		CHECK_EQ(tmap(2, 4, RW | VM_PROT_EXEC, ANON_PRIV), (int64_t)P(2));  /* then works */
		CHECK_LAYOUT(24, "AABBBBCC  DD        EEEE");
		CHECK_INV();
	}
}

TEST(unwind_file_hook_refusal_after_overlap_keeps_the_old_range)
{
	unwind_setup();
	struct snap s0, s1;
	snap_take(&s0);
	uint64_t unmapped = T.unmapped_pages;
	T.hook_error = -VM_ENODEV;
	/* In Linux the old range is already cleared when the hook fails: a gap is left. */
	CHECK_EQ(tmapf(2, 20, RW, VM_MAP_SHARED, 2, 0), -VM_ENODEV);
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	CHECK_EQ(T.unmapped_pages, unmapped);                         /* no page was dropped */
	T.hook_error = 0;
	T.mm.inject = VM_INJ_FILEHOOK;
	CHECK_EQ(tmapf(2, 20, RW, VM_MAP_PRIVATE, 2, 0), -VM_ENODEV); /* accountable, too */
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	CHECK_INV();
}

TEST(unwind_shmem_failure_returns_its_charge)
{
	unwind_setup();
	struct snap s0, s1;
	snap_take(&s0);
	T.mm.inject = VM_INJ_SHMEM;
	CHECK_EQ(tmap(2, 10, RW, ANON_SHARED), -VM_ENOMEM);
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	/* the object is made but no node for the VMA: the object is dropped again */
	T.mm.inject = VM_INJ_NEWVMA;
	CHECK_EQ(tmap(2, 10, RW, ANON_SHARED), -VM_ENOMEM);
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	CHECK(T.shm[T.nshm - 1].dead);
	CHECK_INV();
}

/* Allocation failure at each allocation the call makes, in turn, until it succeeds. */
TEST(unwind_allocation_failure_at_each_allocation)
{
	static const struct { uint64_t page, n, prot, flags; int file; } ops[] = {
		{2, 4, RW, ANON_PRIV, 0},                  /* split A in three + new VMA */
		{2, 10, RW, ANON_SHARED, 0},               /* A's tail, B; shmem + new VMA */
		{6, 20, RW, VM_MAP_SHARED | VM_MAP_FIXED, 1}, /* over A, B, C: file */
		{8, 2, RO, ANON_PRIV, 0},                  /* merges with A: no allocation */
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		int failures = 0;
		for (long n = 1;; n++) {
			unwind_setup();
			struct snap s0, s1;
			snap_take(&s0);
			long allocs = T.allocs;
			T.fail_alloc_at = n;
			int64_t r = ops[i].file ? vm_mmap(&T.mm, P(ops[i].page), ops[i].n * PG, ops[i].prot,
			                                  ops[i].flags, tfile(ops[i].file), 0)
			                        : tmap(ops[i].page, ops[i].n, ops[i].prot, ops[i].flags);
			CHECK_INV();
			if (r >= 0) {
				CHECK(T.allocs - allocs == n - 1);            /* every allocation was tried */
				break;
			}
			CHECK_EQ(r, -VM_ENOMEM);
			snap_take(&s1);
			CHECK(snap_same(&s0, &s1));
			failures++;
			CHECK(n < 10);
		}
		static const int want[] = {2, 1, 1, 0};
		CHECK_EQ(failures, want[i]);
	}
}

TEST(unwind_munmap_split_allocation)
{
	unwind_setup();
	struct snap s0, s1;
	snap_take(&s0);
	T.fail_alloc_at = 1;
	CHECK_EQ(vm_munmap(&T.mm, P(2), 2 * PG), -VM_ENOMEM);
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	CHECK_EQ(vm_munmap(&T.mm, P(2), 2 * PG), 0);
	CHECK_LAYOUT(8, "AA  BBBB");
	CHECK_INV();
}

/* ---- munmap ---- */

TEST(munmap_cases)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 10, RW, ANON_PRIV) >= 0);
	CHECK(tmapf(12, 4, RW, VM_MAP_SHARED, 1, 3) >= 0);
	CHECK_EQ(vm_munmap(mm, P(3), 2 * PG), 0);                     /* split both ends */
	CHECK_LAYOUT(16, "AAA  BBBBB  CCCC");
	CHECK_EQ(T.sys.committed, 8);
	CHECK_EQ(vm_munmap(mm, P(14), 4 * PG), 0);                    /* file tail */
	CHECK_VMAS(16, "0-3 rw-p ac; 5-10 rw-p ac; 12-14 rw-s f1+3");
	CHECK_EQ(vm_munmap(mm, P(11), PG), 0);                        /* pure hole */
	CHECK_EQ(vm_munmap(mm, P(3) + 1, PG), -VM_EINVAL);
	CHECK_EQ(vm_munmap(mm, P(3), 0), -VM_EINVAL);
	CHECK_EQ(vm_munmap(mm, mm->task_size, PG), -VM_EINVAL);
	CHECK_EQ(vm_munmap(mm, P(0), mm->task_size), -VM_EINVAL);
	CHECK_EQ(vm_munmap(mm, P(2), 11 * PG), 0);                    /* several at once */
	CHECK_VMAS(16, "0-2 rw-p ac; 13-14 rw-s f1+4");
	CHECK_EQ(tfile(1)->refs, 2);
	CHECK_EQ(vm_munmap(mm, P(0) + 0, 100 * PG), 0);
	CHECK_EQ(mm->map_count, 0);
	CHECK_EQ(T.sys.committed, 0);
	CHECK_EQ(tfile(1)->refs, 1);
	CHECK_INV();
}

TEST(maps_text_and_entries)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmapf(4, 1, RO, VM_MAP_SHARED, 1, 3) >= 0);
	CHECK(tmap(8, 1, RO | VM_PROT_EXEC, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);
	struct vm_map_entry e[4];
	CHECK_EQ(vm_maps(mm, 1, e, 4), 2);
	CHECK(e[0].start == P(4) && e[0].end == P(5) && e[0].pgoff == 3 && e[0].file == tfile(1));
	char buf[512];
	size_t next;
	CHECK_EQ(vm_maps_text(mm, 0, buf, sizeof buf, 0, 0, &next), 3);
	CHECK_EQ(next, 3);
	CHECK_STR(buf, "10000000-10002000 rw-p 00000000 [anon] rd wr mr mw me ac sd\n"
	               "10004000-10005000 r--s 00003000 file rd sh mr mw me ms sd\n"
	               "10008000-10009000 r-xp 00000000 [stack] rd ex mr mw me gd sd\n");
	CHECK_EQ(vm_maps_text(mm, 1, buf, 70, 0, 0, &next), 1);      /* whole lines only */
	CHECK_EQ(next, 2);
	CHECK_EQ(vm_maps_text(mm, 3, buf, sizeof buf, 0, 0, &next), 0);
	CHECK_INV();
}

CHECK_MAIN()
