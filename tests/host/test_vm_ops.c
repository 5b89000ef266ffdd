/* test_vm_ops.c - mprotect, mlock/munlock/mlockall/munlockall, msync, madvise, brk, the
 * fault check with stack growth, rlimits, and a long random run with fault injection
 * (invariants after every step; a failed mmap or munmap must change nothing). */
#include "test_vm_env.h"

static struct vm_area *at(uint64_t page) { return vm_find_vma(&T.mm, P(page)); }

static void write_page(uint64_t page)
{
	struct vm_area *v;
	(void)vm_fault_check(&T.mm, P(page), VM_FAULT_WRITE, &v);
}

/* ---- mprotect ---- */

TEST(mprotect_untouched_middle_loses_account_and_regains_it)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 12, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, RO), 0);
	CHECK_VMAS(12, "0-4 rw-p ac; 4-8 r--p; 8-12 rw-p ac");       /* Linux >= 6.7 */
	CHECK_EQ(T.sys.committed, 8);
	CHECK_EQ(T.protect_calls, 1);
	CHECK_INV();
	CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, RW), 0);
	CHECK_LAYOUT(12, "AAAAAAAAAAAA");
	CHECK_EQ(T.sys.committed, 12);
	CHECK_INV();
}

TEST(mprotect_written_middle_keeps_account)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 12, RW, ANON_PRIV) >= 0);
	write_page(0);
	CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, RO), 0);
	CHECK_VMAS(12, "0-4 rw-p ac; 4-8 r--p ac; 8-12 rw-p ac");
	CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, VM_PROT_NONE), 0);
	CHECK_VMAS(12, "0-4 rw-p ac; 4-8 ---p ac; 8-12 rw-p ac");
	CHECK_EQ(T.sys.committed, 12);
	CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, RW), 0);
	CHECK_LAYOUT(12, "AAAAAAAAAAAA");
	CHECK_EQ(T.sys.committed, 12);
	CHECK_INV();
}

TEST(mprotect_merges_with_readonly_neighbour)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(4, 4, RO, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mprotect(mm, P(0), 4 * PG, RO), 0);               /* RW->RO joins RO */
	CHECK_LAYOUT(8, "AAAAAAAA");
	CHECK_EQ(vm_mprotect(mm, P(0), 8 * PG, RW), 0);               /* RO->RW gains ac */
	CHECK_VMAS(8, "0-8 rw-p ac");
	CHECK_EQ(T.sys.committed, 8);
	CHECK_INV();
}

TEST(mprotect_private_file_keeps_account)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmapf(0, 4, RW, VM_MAP_PRIVATE, 1, 0) >= 0);
	CHECK_EQ(vm_mprotect(mm, P(0), 4 * PG, RO), 0);
	CHECK_VMAS(4, "0-4 r--p ac f1+0");
	CHECK_EQ(T.sys.committed, 4);
	CHECK_EQ(vm_mprotect(mm, P(2), 2 * PG, RW), 0);               /* already accounted */
	CHECK_EQ(T.sys.committed, 4);
	CHECK_VMAS(4, "0-2 r--p ac f1+0; 2-4 rw-p ac f1+2");
	CHECK_INV();
}

TEST(mprotect_range_checks)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(6, 4, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mprotect(mm, P(0), 8 * PG, RO), -VM_ENOMEM);      /* hole at 4 */
	CHECK_VMAS(10, "0-4 r--p; 6-10 rw-p ac");                     /* before it: changed */
	CHECK_EQ(vm_mprotect(mm, P(4), 2 * PG, RO), -VM_ENOMEM);      /* pure hole */
	CHECK_EQ(vm_mprotect(mm, P(5), 2 * PG, RO), -VM_ENOMEM);      /* starts in a hole */
	CHECK_EQ(vm_mprotect(mm, P(0), PG, RO | 0x100), -VM_EINVAL);  /* unknown bits */
	CHECK_EQ(vm_mprotect(mm, P(0), 0, RO | 0x100), 0);            /* len 0 first */
	CHECK_EQ(vm_mprotect(mm, P(0) + 1, 0, RO), -VM_EINVAL);       /* alignment before */
	CHECK_EQ(vm_mprotect(mm, P(0), PG, RO | VM_PROT_SEM), 0);
	CHECK_EQ(vm_mprotect(mm, P(0), -PG, RO), -VM_ENOMEM);         /* wraps */
	CHECK_EQ(vm_mprotect(mm, P(6), PG, RO | VM_PROT_GROWSUP), -VM_EINVAL);
	CHECK_EQ(vm_mprotect(mm, P(6), PG, RO | VM_PROT_GROWSDOWN | VM_PROT_GROWSUP), -VM_EINVAL);
	CHECK_EQ(vm_mprotect(mm, P(7), PG, RO | VM_PROT_GROWSDOWN), -VM_EINVAL);  /* not a stack */
	CHECK_INV();
}

TEST(mprotect_growsdown_extends_to_the_vma_start)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 8, RW, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);
	CHECK_EQ(vm_mprotect(mm, P(5), PG, RO | VM_PROT_GROWSDOWN), 0);
	CHECK_VMAS(8, "0-6 r--p gd; 6-8 rw-p ac gd");
	CHECK_INV();
}

TEST(mprotect_eacces)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmapf(0, 2, RO, VM_MAP_SHARED, 7, 0) >= 0);             /* read-only file */
	CHECK(tmapf(2, 2, RO, VM_MAP_SHARED, 1, 2) >= 0);
	CHECK(tmapf(4, 2, RO, VM_MAP_PRIVATE, 7, 4) >= 0);
	CHECK_EQ(vm_mprotect(mm, P(0), 2 * PG, RW), -VM_EACCES);
	CHECK_EQ(vm_mprotect(mm, P(4), 2 * PG, RW), 0);               /* private: COW */
	CHECK_EQ(vm_mprotect(mm, P(2), 4 * PG, RO | VM_PROT_EXEC), 0);
	/* the first VMA of the range changes, the second refuses */
	CHECK(tmapf(10, 2, RO, VM_MAP_SHARED, 1, 0) >= 0);
	CHECK(tmapf(12, 2, RO, VM_MAP_SHARED, 7, 2) >= 0);
	CHECK_EQ(vm_mprotect(mm, P(10), 4 * PG, RW), -VM_EACCES);
	CHECK_VMAS(14, "0-2 r--s f7+0; 2-4 r-xs f1+2; 4-6 r-xp ac f7+4; 10-12 rw-s f1+0; "
	               "12-14 r--s f7+2");
	tfile(3)->mode |= VM_FMODE_NOEXEC;
	CHECK(tmapf(20, 2, RO, VM_MAP_PRIVATE, 3, 0) >= 0);
	CHECK_EQ(vm_mprotect(mm, P(20), 2 * PG, RO | VM_PROT_EXEC), -VM_EACCES);
	CHECK_INV();
}

TEST(mprotect_unwinds_accounting_and_split_failures)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 12, RO, ANON_PRIV) >= 0);
	struct snap s0, s1;
	snap_take(&s0);
	mm->inject = VM_INJ_ACCOUNT;
	CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, RW), -VM_ENOMEM);
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	for (long n = 1; n <= 2; n++) {                               /* each of two splits */
		T.fail_alloc_at = n;
		CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, RW), -VM_ENOMEM);
		snap_take(&s1);
		CHECK(snap_same(&s0, &s1));
		CHECK_INV();
	}
	T.fail_alloc_at = 0;
	mm->max_map_count = 2;                                        /* room for one split */
	CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, RW), -VM_ENOMEM);
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));                                   /* no half split */
	mm->max_map_count = 3;
	CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, RW), 0);
	CHECK_EQ(T.sys.committed, 4);
	CHECK_INV();
}

TEST(mprotect_rlimit_data)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 8, RO, ANON_PRIV) >= 0);
	mm->rlim[VM_RLIMIT_DATA].cur = 4 * PG;
	CHECK_EQ(vm_mprotect(mm, P(0), 5 * PG, RW), -VM_ENOMEM);
	CHECK_EQ(vm_mprotect(mm, P(0), 4 * PG, RW), 0);
	CHECK_EQ(mm->data_vm, 4);
	CHECK_INV();
}

TEST(mprotect_locked_becoming_writable_is_populated)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RO, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	int calls = T.populate_calls;
	CHECK(at(0)->anon == 0);
	CHECK_EQ(vm_mprotect(mm, P(0), 4 * PG, RW), 0);
	CHECK_EQ(T.populate_calls, calls + 1);
	CHECK_EQ(T.populate_writes, 1);
	CHECK(at(0)->anon != 0);
	CHECK_INV();
}

TEST(mprotect_anon_identity_decides_merges)
{
	struct vm_mm *mm = tenv_reset();
	/* A written; B RWX next to it, then written: B shares A's anon (only access bits
	 * differ), so mprotect back to RW merges them. */
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	write_page(0);
	CHECK(tmap(4, 4, RW | VM_PROT_EXEC, ANON_PRIV) >= 0);
	write_page(4);
	CHECK_EQ(at(4)->anon, at(0)->anon);
	CHECK_EQ(vm_mprotect(mm, P(4), 4 * PG, RW), 0);
	CHECK_LAYOUT(8, "AAAAAAAA");
	/* C locked RW (populated: its own anon), written A's neighbour: munlock leaves two */
	CHECK(tmap(8, 4, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	CHECK(at(8)->anon != at(0)->anon);
	CHECK_EQ(vm_munlock(mm, P(8), 4 * PG), 0);
	CHECK_LAYOUT(12, "AAAAAAAABBBB");
	/* D untouched next to C: joins after mprotect */
	CHECK(tmap(12, 4, RO, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mprotect(mm, P(12), 4 * PG, RW), 0);
	CHECK_LAYOUT(16, "AAAAAAAABBBBBBBB");
	CHECK_INV();
}

/* ---- mlock ---- */

TEST(mlock_split_and_merge_back)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	CHECK(tmap(4, 4, RW, ANON_PRIV) >= 0);
	CHECK_LAYOUT(8, "AAAABBBB");
	CHECK_EQ(vm_munlock(mm, P(0), 4 * PG), 0);
	CHECK_LAYOUT(8, "AAAAAAAA");                                  /* A's anon, B none */
	CHECK_EQ(vm_mlock(mm, P(2), 2 * PG, 0), 0);
	CHECK_LAYOUT(8, "AABBCCCC");
	CHECK_EQ(mm->locked_vm, 2);
	CHECK_EQ(vm_mlock(mm, P(0), 8 * PG, 0), 0);
	CHECK_LAYOUT(8, "AAAAAAAA");
	CHECK_EQ(mm->locked_vm, 8);
	CHECK_EQ(vm_mlock(mm, P(1) + 5, 1, 0), 0);                    /* rounding */
	CHECK_EQ(vm_munlock(mm, P(1) + 5, 1), 0);
	CHECK_LAYOUT(8, "ABCCCCCC");
	CHECK_EQ(mm->locked_vm, 7);
	CHECK_INV();
}

TEST(mlock_rlimit_memlock)
{
	struct vm_mm *mm = tenv_reset();
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 8 * PG;
	CHECK(tmap(0, 16, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mlock(mm, P(0), 9 * PG, 0), -VM_ENOMEM);
	CHECK_EQ(mm->locked_vm, 0);
	CHECK_EQ(vm_mlock(mm, P(0), 8 * PG, 0), 0);
	CHECK_EQ(vm_mlock(mm, P(2), 6 * PG, 0), 0);                   /* already locked: once */
	CHECK_EQ(vm_mlock(mm, P(2), 7 * PG, 0), -VM_ENOMEM);
	mm->cap_ipc_lock = true;
	CHECK_EQ(vm_mlock(mm, P(2), 7 * PG, 0), 0);
	CHECK_EQ(mm->locked_vm, 9);
	mm->cap_ipc_lock = false;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 0;
	CHECK_EQ(vm_mlock(mm, P(0), PG, 0), -VM_EPERM);
	CHECK_EQ(vm_munlock(mm, P(0), PG), 0);                        /* munlock: no limit */
	CHECK_EQ(vm_mlockall(mm, VM_MCL_CURRENT), -VM_EPERM);
	CHECK_INV();
}

TEST(mlock_holes_prot_none_and_populate_errors)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(6, 2, VM_PROT_NONE, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mlock(mm, P(4), PG, 0), -VM_ENOMEM);              /* starts in a hole */
	CHECK_EQ(vm_mlock(mm, P(0), 8 * PG, 0), -VM_ENOMEM);          /* hole after A */
	CHECK_VMAS(8, "0-4 rw-p ac lo; 6-8 ---p");                    /* A already locked */
	CHECK_EQ(vm_mlock(mm, P(6), 2 * PG, 0), -VM_ENOMEM);          /* PROT_NONE: EFAULT */
	CHECK_VMAS(8, "0-4 rw-p ac lo; 6-8 ---p lo");                 /* ...but locked, as Linux */
	CHECK_EQ(mm->locked_vm, 6);
	T.populate_error = -VM_ENOMEM;
	CHECK_EQ(vm_mlock(mm, P(0), 4 * PG, 0), -VM_EAGAIN);
	T.populate_error = -VM_EFAULT;
	CHECK_EQ(vm_mlock(mm, P(0), 4 * PG, 0), -VM_ENOMEM);
	T.populate_error = -VM_EINVAL;
	CHECK_EQ(vm_mlock(mm, P(0), 4 * PG, 0), -VM_EINVAL);
	CHECK_INV();
}

TEST(mlock2_onfault)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mlock(mm, P(0), 4 * PG, 2), -VM_EINVAL);
	int calls = T.populate_calls;
	CHECK_EQ(vm_mlock(mm, P(0), 2 * PG, VM_MLOCK_ONFAULT), 0);
	CHECK_EQ(T.populate_calls, calls);                            /* nothing faulted now */
	CHECK_VMAS(4, "0-2 rw-p ac lo lf; 2-4 rw-p ac");
	CHECK_EQ(vm_mlock(mm, P(0), 2 * PG, 0), 0);                   /* lf -> plain lock */
	CHECK_VMAS(4, "0-2 rw-p ac lo; 2-4 rw-p ac");
	CHECK_EQ(mm->locked_vm, 2);
	CHECK_INV();
}

TEST(mlockall_and_munlockall)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(4, 4, RO, ANON_PRIV) >= 0);
	CHECK_EQ(vm_mlockall(mm, 0), -VM_EINVAL);
	CHECK_EQ(vm_mlockall(mm, VM_MCL_ONFAULT), -VM_EINVAL);
	CHECK_EQ(vm_mlockall(mm, 8), -VM_EINVAL);
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 7 * PG;
	CHECK_EQ(vm_mlockall(mm, VM_MCL_CURRENT), -VM_ENOMEM);        /* total_vm 8 > 7 */
	CHECK_EQ(vm_mlockall(mm, VM_MCL_FUTURE), 0);                  /* future: no check */
	CHECK_EQ(mm->def_flags, VM_LOCKED);
	CHECK_EQ(tmap(10, 2, RO, ANON_PRIV), (int64_t)P(10));         /* locked by default */
	CHECK_VMAS(12, "0-4 rw-p ac; 4-8 r--p; 10-12 r--p lo");
	CHECK_EQ(tmap(20, 6, RO, ANON_PRIV), -VM_EAGAIN);             /* 2 + 6 > 7 */
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 100 * PG;
	CHECK_EQ(vm_mlockall(mm, VM_MCL_CURRENT | VM_MCL_FUTURE | VM_MCL_ONFAULT), 0);
	CHECK_VMAS(12, "0-4 rw-p ac lo lf; 4-8 r--p lo lf; 10-12 r--p lo lf");
	CHECK_EQ(mm->locked_vm, 10);
	CHECK_EQ(mm->def_flags, VM_LOCKED | VM_LOCKONFAULT);
	CHECK_EQ(vm_munlockall(mm), 0);
	CHECK_VMAS(12, "0-4 rw-p ac; 4-8 r--p; 10-12 r--p");
	CHECK_EQ(mm->locked_vm, 0);
	CHECK_EQ(mm->def_flags, 0);
	CHECK_INV();
}

/* ---- msync ---- */

TEST(msync_cases)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmapf(0, 4, RW, VM_MAP_SHARED, 1, 10) >= 0);
	CHECK(tmapf(6, 2, RW, VM_MAP_PRIVATE, 2, 0) >= 0);
	CHECK(tmap(8, 2, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	CHECK_EQ(vm_msync(mm, P(0), PG, 8), -VM_EINVAL);
	CHECK_EQ(vm_msync(mm, P(0), PG, VM_MS_ASYNC | VM_MS_SYNC), -VM_EINVAL);
	CHECK_EQ(vm_msync(mm, P(0) + 1, PG, VM_MS_SYNC), -VM_EINVAL);
	CHECK_EQ(vm_msync(mm, P(0), 0, VM_MS_SYNC), 0);
	CHECK_EQ(vm_msync(mm, P(1), 2 * PG, VM_MS_SYNC), 0);
	CHECK_EQ(T.writeback_calls, 1);
	CHECK(T.writeback_file == tfile(1) && T.writeback_off == 11 * PG && T.writeback_len == 2 * PG);
	CHECK_EQ(vm_msync(mm, P(0), 8 * PG, VM_MS_SYNC), -VM_ENOMEM); /* hole [4, 6) */
	CHECK_EQ(T.writeback_calls, 2);                               /* private: none */
	CHECK_EQ(vm_msync(mm, P(0), 8 * PG, VM_MS_ASYNC), -VM_ENOMEM);
	CHECK_EQ(vm_msync(mm, P(0), 4 * PG, VM_MS_ASYNC), 0);
	CHECK_EQ(vm_msync(mm, P(4), 4 * PG, 0), -VM_ENOMEM);
	CHECK_EQ(vm_msync(mm, P(8), PG, VM_MS_INVALIDATE), -VM_EBUSY);
	CHECK_EQ(vm_msync(mm, P(20), PG, VM_MS_SYNC), -VM_ENOMEM);
	CHECK_EQ(T.writeback_calls, 2);
	CHECK_INV();
}

/* ---- madvise ---- */

TEST(madvise_cases)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 8, RW, ANON_PRIV) >= 0);
	CHECK(tmap(10, 2, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	uint64_t before = T.unmapped_pages;
	CHECK_EQ(vm_madvise(mm, P(2), 2 * PG, VM_MADV_DONTNEED), 0);
	CHECK_EQ(T.unmapped_pages, before + 2);
	CHECK_EQ(vm_madvise(mm, P(6), 4 * PG, VM_MADV_DONTNEED), -VM_ENOMEM);  /* hole */
	CHECK_EQ(T.unmapped_pages, before + 4);                       /* mapped part done */
	CHECK_EQ(vm_madvise(mm, P(10), PG, VM_MADV_DONTNEED), -VM_EINVAL);     /* locked */
	CHECK_EQ(vm_madvise(mm, P(0), PG, 100), -VM_EINVAL);
	CHECK_EQ(vm_madvise(mm, P(0) + 1, PG, VM_MADV_NORMAL), -VM_EINVAL);
	CHECK_EQ(vm_madvise(mm, P(0), 0, 100), -VM_EINVAL);           /* advice first */
	CHECK_EQ(vm_madvise(mm, P(0), 0, VM_MADV_NORMAL), 0);
	CHECK_EQ(vm_madvise(mm, P(0), -1ull, VM_MADV_NORMAL), -VM_EINVAL);
	CHECK_EQ(vm_madvise(mm, P(20), PG, VM_MADV_WILLNEED), -VM_ENOMEM);
	CHECK_EQ(vm_madvise(mm, P(2), 4 * PG, VM_MADV_RANDOM), 0);
	CHECK_VMAS(12, "0-2 rw-p ac; 2-6 rw-p ac rr; 6-8 rw-p ac; 10-12 rw-p ac lo");
	CHECK_EQ(vm_madvise(mm, P(4), 4 * PG, VM_MADV_SEQUENTIAL), 0);
	CHECK_VMAS(12, "0-2 rw-p ac; 2-4 rw-p ac rr; 4-8 rw-p ac sr; 10-12 rw-p ac lo");
	CHECK_EQ(vm_madvise(mm, P(0), 12 * PG, VM_MADV_NORMAL), -VM_ENOMEM);
	CHECK_VMAS(12, "0-8 rw-p ac; 10-12 rw-p ac lo");
	CHECK_EQ(vm_madvise(mm, P(0), 8 * PG, VM_MADV_WILLNEED), 0);
	CHECK_INV();
}

static int punches;
static uint64_t punch_off, punch_len;
static int e_punch(void *ctx, struct vm_file *f, uint64_t off, uint64_t len)
{
	(void)ctx, (void)f;
	punches++, punch_off = off, punch_len = len;
	return f == tfile(2) ? -VM_EOPNOTSUPP : 0;
}

/* MADV_FREE: private anonymous only; MADV_COLD/PAGEOUT: anything but locked;
 * MADV_REMOVE: shared and writable (VM_MAYWRITE), the file's hole at the file offset,
 * its errors passed on; no hook: EOPNOTSUPP. None changes a VMA. */
TEST(madvise_free_remove_cold_pageout)
{
	struct vm_mm *mm = tenv_reset();
	CHECK(tmap(0, 2, RW, ANON_PRIV) >= 0);
	CHECK(tmap(2, 2, RW, ANON_SHARED) >= 0);
	CHECK(tmapf(4, 2, RW, VM_MAP_SHARED, 1, 10) >= 0);
	CHECK(tmapf(6, 2, RW, VM_MAP_PRIVATE, 1, 0) >= 0);
	CHECK(tmapf(8, 2, RO, VM_MAP_SHARED, 7, 0) >= 0);            /* a read-only file */
	CHECK(tmap(10, 2, RW, ANON_PRIV | VM_MAP_LOCKED) >= 0);
	CHECK(tmapf(12, 2, RW, VM_MAP_SHARED, 2, 0) >= 0);
	const char *want = "0-2 rw-p ac; 2-4 rw-s; 4-6 rw-s f1+10; 6-8 rw-p ac f1+0; 8-10 r--s f7+0; 10-12 rw-p ac lo";
	CHECK_EQ(vm_madvise(mm, P(0), 2 * PG, VM_MADV_FREE), 0);
	CHECK_EQ(vm_madvise(mm, P(2), PG, VM_MADV_FREE), -VM_EINVAL);            /* shared */
	CHECK_EQ(vm_madvise(mm, P(6), PG, VM_MADV_FREE), -VM_EINVAL);            /* a file's */
	CHECK_EQ(vm_madvise(mm, P(10), PG, VM_MADV_FREE), -VM_EINVAL);           /* locked */
	CHECK_EQ(vm_madvise(mm, P(0), 10 * PG, VM_MADV_COLD), 0);
	CHECK_EQ(vm_madvise(mm, P(0), 10 * PG, VM_MADV_PAGEOUT), 0);
	CHECK_EQ(vm_madvise(mm, P(10), PG, VM_MADV_PAGEOUT), -VM_EINVAL);
	CHECK_EQ(vm_madvise(mm, P(0), PG, VM_MADV_REMOVE), -VM_EINVAL);          /* no file */
	CHECK_EQ(vm_madvise(mm, P(2), PG, VM_MADV_REMOVE), -VM_EOPNOTSUPP);      /* no hook */
	T.env.punch_hole = e_punch;
	CHECK_EQ(vm_madvise(mm, P(5), PG, VM_MADV_REMOVE), 0);
	CHECK(punches == 1 && punch_off == 11 * PG && punch_len == PG);
	CHECK_EQ(vm_madvise(mm, P(2), 4 * PG, VM_MADV_REMOVE), 0);               /* two objects */
	CHECK_EQ(punches, 3);
	CHECK_EQ(vm_madvise(mm, P(6), PG, VM_MADV_REMOVE), -VM_EACCES);          /* private */
	CHECK_EQ(vm_madvise(mm, P(8), PG, VM_MADV_REMOVE), -VM_EACCES);          /* not writable */
	CHECK_EQ(vm_madvise(mm, P(10), PG, VM_MADV_REMOVE), -VM_EINVAL);         /* locked */
	CHECK_EQ(vm_madvise(mm, P(12), PG, VM_MADV_REMOVE), -VM_EOPNOTSUPP);     /* the file says */
	CHECK_EQ(vm_madvise(mm, P(13), 3 * PG, VM_MADV_REMOVE), -VM_EOPNOTSUPP);
	CHECK_EQ(punches, 5);
	CHECK_VMAS(12, want);
	T.env.punch_hole = 0;
	CHECK_INV();
}

/* ---- brk ---- */

TEST(brk_grows_merges_and_shrinks)
{
	struct vm_mm *mm = tenv_reset();
	mm->start_brk = mm->brk = P(100);
	CHECK_EQ(vm_brk(mm, 0), P(100));                              /* query */
	CHECK_EQ(vm_brk(mm, P(103) - 10), P(103) - 10);
	CHECK_EQ(vm_brk(mm, P(105)), P(105));
	CHECK_EQ(mm->map_count, 1);
	struct vm_area *v = at(100);
	CHECK(v && v->start == P(100) && v->end == P(105));
	CHECK_EQ(v->flags & (VM_READ | VM_WRITE | VM_ACCOUNT | VM_EXEC), VM_READ | VM_WRITE | VM_ACCOUNT);
	CHECK_EQ(mm->data_vm, 5);
	CHECK_EQ(T.sys.committed, 5);
	CHECK_EQ(vm_brk(mm, P(102)), P(102));
	CHECK_EQ(v->end, P(102));
	CHECK_EQ(T.sys.committed, 2);
	CHECK_EQ(vm_brk(mm, P(99)), P(102));                          /* below the start */
	CHECK_INV();
}

TEST(brk_limits)
{
	struct vm_mm *mm = tenv_reset();
	mm->stack_guard_gap = 4 * PG;
	mm->start_brk = mm->brk = P(100);
	CHECK(tmap(110, 2, RO, ANON_PRIV) >= 0);
	CHECK_EQ(vm_brk(mm, P(105)), P(105));                         /* 105 + 1 <= 110 - 0 */
	CHECK_EQ(vm_brk(mm, P(110)), P(105));                         /* would touch it */
	CHECK_EQ(vm_brk(mm, P(109)), P(109));
	mm->rlim[VM_RLIMIT_DATA].cur = 5 * PG;
	CHECK_EQ(vm_brk(mm, P(106)), P(109));          /* even shrinking: 6 pages of data > 5 */
	CHECK_EQ(vm_brk(mm, P(105)), P(105));
	CHECK_EQ(vm_brk(mm, P(106)), P(105));
	mm->rlim[VM_RLIMIT_DATA].cur = VM_RLIM_INFINITY;
	CHECK_EQ(vm_mlockall(mm, VM_MCL_FUTURE), 0);
	CHECK_EQ(vm_brk(mm, P(108)), P(108));
	CHECK_EQ(mm->locked_vm, 3);                                   /* the locked part alone */
	CHECK_EQ(mm->map_count, 3);
	CHECK_INV();
}

/* ---- the fault check and stack growth ---- */

TEST(fault_access_rules)
{
	struct vm_mm *mm = tenv_reset();
	struct vm_area *v;
	CHECK(tmap(0, 1, RW, ANON_PRIV) >= 0);
	CHECK(tmap(1, 1, RO, ANON_PRIV) >= 0);
	CHECK(tmap(2, 1, VM_PROT_WRITE, ANON_PRIV) >= 0);
	CHECK(tmap(3, 1, VM_PROT_EXEC, ANON_PRIV) >= 0);
	CHECK(tmap(4, 1, VM_PROT_NONE, ANON_PRIV) >= 0);
	CHECK(tmap(5, 1, RW, ANON_SHARED) >= 0);
	CHECK_EQ(vm_fault_check(mm, P(8), VM_FAULT_READ, &v), VM_SEGV_MAPERR);
	CHECK(v == 0);
	CHECK_EQ(vm_fault_check(mm, P(1), VM_FAULT_WRITE, &v), VM_SEGV_ACCERR);
	CHECK_EQ(vm_fault_check(mm, P(1), VM_FAULT_READ, &v), 0);
	CHECK(v == at(1) && v->anon == 0);                            /* reads make no anon */
	CHECK_EQ(vm_fault_check(mm, P(2), VM_FAULT_READ, &v), 0);     /* write implies read */
	CHECK_EQ(vm_fault_check(mm, P(3), VM_FAULT_READ, &v), VM_SEGV_ACCERR);  /* RISC-V */
	CHECK_EQ(vm_fault_check(mm, P(3), VM_FAULT_EXEC, &v), 0);
	CHECK_EQ(vm_fault_check(mm, P(0), VM_FAULT_EXEC, &v), VM_SEGV_ACCERR);
	CHECK_EQ(vm_fault_check(mm, P(4), VM_FAULT_READ, &v), VM_SEGV_ACCERR);
	CHECK_EQ(vm_fault_check(mm, P(0), VM_FAULT_WRITE, &v), 0);
	CHECK(v->anon != 0);
	CHECK_EQ(vm_fault_check(mm, P(5), VM_FAULT_WRITE, &v), 0);
	CHECK(v->anon == 0);                                          /* shared: no anon */
	CHECK_INV();
}

/* vm_fault_ready answers only what vm_fault_check would answer without a change, and
 * changes nothing (the snapshot, the anon identities and the tree's step count). */
TEST(fault_ready_is_the_check_without_changes)
{
	struct vm_mm *mm = tenv_reset();
	struct vm_area *v;
	struct snap s0, s1;
	CHECK(tmap(0, 1, RW, ANON_PRIV) >= 0);
	CHECK(tmap(1, 1, RO, ANON_PRIV) >= 0);
	CHECK(tmap(3, 1, VM_PROT_EXEC, ANON_PRIV) >= 0);
	CHECK(tmap(5, 1, RW, ANON_SHARED) >= 0);
	CHECK(tmap(100, 4, RW, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);
	snap_take(&s0);
	uint64_t steps = mm->steps;
	const struct vm_area *r[9] = {
		vm_fault_ready(mm, P(8), VM_FAULT_READ),    /* no VMA */
		vm_fault_ready(mm, P(1), VM_FAULT_WRITE),   /* read-only */
		vm_fault_ready(mm, P(1), VM_FAULT_READ),
		vm_fault_ready(mm, P(3), VM_FAULT_READ),    /* execute-only */
		vm_fault_ready(mm, P(3), VM_FAULT_EXEC),
		vm_fault_ready(mm, P(0), VM_FAULT_WRITE),   /* no anon identity yet */
		vm_fault_ready(mm, P(5), VM_FAULT_WRITE),   /* shared: none needed */
		vm_fault_ready(mm, P(99), VM_FAULT_READ),   /* the stack would grow */
		vm_fault_ready(mm, P(100), VM_FAULT_READ),
	};
	CHECK_EQ(mm->steps, steps);
	snap_take(&s1);
	CHECK(snap_same(&s0, &s1));
	CHECK(!r[0] && !r[1] && r[2] == at(1) && !r[3] && r[4] == at(3) && !r[5] && r[6] == at(5));
	CHECK(!r[7] && r[8] == at(100) && at(0)->anon == 0);
	CHECK_EQ(vm_fault_check(mm, P(0), VM_FAULT_WRITE, &v), 0);
	CHECK(vm_fault_ready(mm, P(0) + 8, VM_FAULT_WRITE) == v);          /* now it has one */
	CHECK_INV();
}

TEST(fault_grows_the_stack)
{
	struct vm_mm *mm = tenv_reset();
	struct vm_area *v;
	mm->stack_guard_gap = 8 * PG;
	CHECK(tmap(100, 4, RW, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);
	CHECK(tmap(80, 2, RW, ANON_PRIV) >= 0);                       /* accessible, below */
	CHECK_EQ(vm_fault_check(mm, P(95) + 8, VM_FAULT_WRITE, &v), 0);
	CHECK(v->start == P(95) && v->pgoff == P(95) >> VM_PAGE_SHIFT);
	CHECK_EQ(mm->stack_vm, 9);
	CHECK_EQ(T.sys.committed, 9 + 2);
	CHECK_EQ(vm_fault_check(mm, P(90), VM_FAULT_READ, &v), 0);    /* 90 - 82 = 8: ok */
	CHECK_EQ(vm_fault_check(mm, P(89), VM_FAULT_READ, &v), VM_SEGV_MAPERR);  /* guard */
	CHECK_EQ(vm_mprotect(mm, P(80), 2 * PG, VM_PROT_NONE), 0);    /* no guard from it */
	CHECK_EQ(vm_fault_check(mm, P(82), VM_FAULT_READ, &v), 0);
	CHECK_VMAS(200, "80-82 ---p; 82-104 rw-p ac gd");
	CHECK_INV();
}

TEST(fault_stack_limits)
{
	struct vm_mm *mm = tenv_reset();
	struct vm_area *v;
	CHECK(tmap(100, 4, RW, ANON_PRIV | VM_MAP_GROWSDOWN | VM_MAP_LOCKED) >= 0);
	mm->rlim[VM_RLIMIT_STACK].cur = 8 * PG;
	CHECK_EQ(vm_fault_check(mm, P(95), VM_FAULT_WRITE, &v), VM_SEGV_MAPERR);  /* 9 > 8 */
	CHECK_EQ(vm_fault_check(mm, P(96), VM_FAULT_WRITE, &v), 0);
	CHECK_EQ(mm->locked_vm, 8);
	mm->rlim[VM_RLIMIT_STACK].cur = VM_RLIM_INFINITY;
	mm->rlim[VM_RLIMIT_AS].cur = (mm->total_vm + 2) * PG;
	CHECK_EQ(vm_fault_check(mm, P(93), VM_FAULT_WRITE, &v), VM_SEGV_MAPERR);
	CHECK_EQ(vm_fault_check(mm, P(94), VM_FAULT_WRITE, &v), 0);
	mm->rlim[VM_RLIMIT_AS].cur = VM_RLIM_INFINITY;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 10 * PG;
	CHECK_EQ(vm_fault_check(mm, P(93), VM_FAULT_WRITE, &v), VM_SEGV_MAPERR);  /* locked */
	mm->inject = VM_INJ_ACCOUNT;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = VM_RLIM_INFINITY;
	CHECK_EQ(vm_fault_check(mm, P(93), VM_FAULT_WRITE, &v), VM_SEGV_MAPERR);
	CHECK_EQ(vm_fault_check(mm, P(93), VM_FAULT_WRITE, &v), 0);
	/* an untouched growsdown VMA gets its anon identity even when growth fails */
	CHECK(tmap(200, 2, RW, ANON_PRIV | VM_MAP_GROWSDOWN) >= 0);
	mm->rlim[VM_RLIMIT_STACK].cur = 2 * PG;
	CHECK_EQ(vm_fault_check(mm, P(199), VM_FAULT_READ, &v), VM_SEGV_MAPERR);
	CHECK(at(200)->anon != 0);
	CHECK(tmap(300, 1, RW, ANON_PRIV) >= 0);
	CHECK_EQ(vm_expand_stack(mm, at(300), P(299)), -VM_EFAULT);   /* not a stack */
	CHECK_INV();
}

/* ---- rlimits and teardown ---- */

TEST(rlimits_and_destroy)
{
	struct vm_mm *mm = tenv_reset();
	struct vm_rlimit l;
	CHECK_EQ(vm_getrlimit(mm, VM_RLIMIT_MEMLOCK, &l), 0);
	CHECK(l.cur == 8ull << 20 && l.max == 8ull << 20);
	CHECK_EQ(vm_setrlimit(mm, VM_RLIMIT_MEMLOCK, (struct vm_rlimit){1, 0}), -VM_EINVAL);
	CHECK_EQ(vm_setrlimit(mm, VM_RLIMIT_MEMLOCK, (struct vm_rlimit){0, 16ull << 20}), -VM_EPERM);
	CHECK_EQ(vm_setrlimit(mm, VM_RLIMIT_MEMLOCK, (struct vm_rlimit){PG, 4ull << 20}), 0);
	CHECK_EQ(vm_setrlimit(mm, VM_RLIMIT_MEMLOCK, (struct vm_rlimit){PG, 8ull << 20}), -VM_EPERM);
	mm->cap_sys_resource = true;
	CHECK_EQ(vm_setrlimit(mm, VM_RLIMIT_MEMLOCK, (struct vm_rlimit){PG, 8ull << 20}), 0);
	CHECK_EQ(vm_getrlimit(mm, VM_RLIMIT_NR, &l), -VM_EINVAL);
	CHECK(tmap(0, 4, RW, ANON_PRIV) >= 0);
	CHECK(tmap(10, 4, RW, ANON_SHARED) >= 0);
	CHECK(tmapf(20, 4, RW, VM_MAP_SHARED, 1, 0) >= 0);
	vm_mm_destroy(mm);
	CHECK_EQ(mm->map_count, 0);
	CHECK_EQ(mm->total_vm, 0);
	CHECK_EQ(T.sys.committed, 0);
	CHECK_EQ(tfile(1)->refs, 1);
	CHECK_EQ(T.live, 0);
	CHECK_INV();
}

/* ---- random operations with fault injection ---- */

static uint64_t rs = 88172645463325252ull;
static uint64_t rnd(uint64_t n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs % n;
}

TEST(random_ops_with_injection)
{
	struct vm_mm *mm = tenv_reset();
	mm->max_map_count = 40;
	mm->rlim[VM_RLIMIT_MEMLOCK].cur = 64 * PG;
	static const uint64_t prots[] = {VM_PROT_NONE, RO, RW, RO | VM_PROT_EXEC, RW | VM_PROT_EXEC};
	int failed_unchanged = 0;
	for (int step = 0; step < 20000; step++) {
		uint64_t p = rnd(120), n = 1 + rnd(rnd(4) ? 6 : 40), prot = prots[rnd(5)];
		if (rnd(8) == 0)
			mm->inject = 1u << rnd(7);
		if (rnd(10) == 0)
			T.fail_alloc_at = 1 + (long)rnd(2);
		struct snap s0, s1;
		snap_take(&s0);
		int64_t r = 0;
		bool must_be_unchanged = false;
		switch (rnd(10)) {
		case 0: case 1: case 2: {
			static const uint64_t fl[] = {0, VM_MAP_NORESERVE, VM_MAP_LOCKED, VM_MAP_GROWSDOWN,
			                              VM_MAP_POPULATE, VM_MAP_STACK};
			uint64_t f = fl[rnd(6)];
			int kind = (int)rnd(4);
			if (kind == 0)
				r = tmap(p, n, prot, ANON_PRIV | f);
			else if (kind == 1)
				r = tmap(p, n, prot, ANON_SHARED | (f & ~(uint64_t)VM_MAP_GROWSDOWN));
			else
				r = tmapf(p, n, prot, (rnd(2) ? VM_MAP_SHARED : VM_MAP_PRIVATE) |
				          (f & ~(uint64_t)VM_MAP_GROWSDOWN), 1 + (int)rnd(3), rnd(8));
			must_be_unchanged = true;
			break;
		}
		case 3:
			r = vm_munmap(mm, P(p), n * PG);
			must_be_unchanged = true;
			break;
		case 4: case 5:
			r = vm_mprotect(mm, P(p), n * PG, prot);
			break;
		case 6:
			r = rnd(3) ? vm_mlock(mm, P(p), n * PG, (unsigned)rnd(2)) : vm_munlock(mm, P(p), n * PG);
			break;
		case 7:
			r = vm_madvise(mm, P(p), n * PG, (int)rnd(5));
			break;
		case 8: {
			struct vm_area *v;
			r = vm_fault_check(mm, P(p), rnd(2) ? VM_FAULT_WRITE : VM_FAULT_READ, &v);
			break;
		}
		case 9:
			r = rnd(4) ? vm_msync(mm, P(p), n * PG, VM_MS_SYNC) : vm_mlockall(mm, VM_MCL_FUTURE);
			if (rnd(3) == 0)
				(void)vm_munlockall(mm);
			break;
		}
		mm->inject = 0;
		T.fail_alloc_at = 0;
		CHECK_INV();
		if (must_be_unchanged && r < 0) {
			snap_take(&s1);
			CHECK(snap_same(&s0, &s1));
			failed_unchanged++;
		}
	}
	CHECK(failed_unchanged > 100);
	CHECK(T.allocs > 1000);
}

CHECK_MAIN()
