/* test_vm_env.h - the environment the lib/vm host tests run the library in: VMA nodes
 * from malloc with failure injection and leak counting, a few fake files with modes
 * and reference counts, shared anonymous objects that give their charge back when they
 * die, logs of the page-table callbacks (and of fork's dup_pages, which can fail),
 * layouts drawn as strings, snapshots to compare before and after a failed operation,
 * and the invariant check run after every step, over T.mm and, once a test has made
 * it, the fork child T.child. */
#ifndef TEST_VM_ENV_H
#define TEST_VM_ENV_H

#include "check.h"
#include "vm/vm.h"

#define TB       0x10000000ull                 /* tests map around here */
#define PG       VM_PAGE_SIZE
#define P(n)     (TB + (uint64_t)(n) * PG)     /* page n of the test area */
#define TFILES   8

struct vm_file {
	int id;                    /* 1..TFILES for files, 100+ for shared anonymous objects */
	unsigned mode;             /* VM_FMODE_* */
	int refs;                  /* references held by VMAs (and the test, for files) */
	bool shmem;
	uint64_t charged;          /* shmem: pages charged at creation */
	bool dead;
};

struct tenv {
	struct vm_env env;
	struct vm_sys sys;
	struct vm_mm mm;
	struct vm_mm child;        /* vm_dup_mmap's child (tenv_child) */
	bool child_used;
	long allocs, frees, live;  /* VMA nodes */
	long fail_alloc_at;        /* the n-th next allocation fails (1 = the next), 0: never */
	struct vm_file files[TFILES + 1];
	struct vm_file shm[64];
	int nshm;
	int hook_error;            /* the file hook refuses with this, if not 0 */
	uint64_t hook_set;         /* flags the file hook adds */
	uint64_t hook_refuse;      /* the hook says EOPNOTSUPP to flags with any of these */
	int hook_calls;
	int populate_error;
	int populate_calls, populate_writes;
	uint64_t populated_pages;
	int unmap_calls;
	uint64_t unmapped_pages;
	int child_unmap_calls;     /* unmap_pages on T.child (also in unmap_calls) */
	uint64_t child_unmapped_pages;
	int protect_calls;
	long dup_fail_at;          /* the n-th next dup_pages fails (1 = the next), 0: never */
	int dup_error;             /* ... with this (-VM_ENOMEM if 0) */
	int dup_calls;
	uint64_t dup_pages;        /* pages handed to dup_pages */
	uint64_t dup_log[64];      /* cv->start of each call, in order */
	char dup_bad[128];         /* what dup_pages, move_pages or unmap_pages saw that they
	                              should not have */
	int move_calls;            /* move_pages */
	uint64_t moved_pages;
	struct tpage { struct vm_mm *mm; uint64_t va; unsigned val; } pages[256];
	int npages;                /* the fake page store: frames with contents, per page */
	int writeback_calls;
	uint64_t writeback_off, writeback_len;
	struct vm_file *writeback_file;
	char inv_msg[256];         /* the first invariant violation seen after an operation */
	long checked;              /* operations checked */
};

extern struct tenv T;

/* A fresh environment and mm (task size 0x4000000000, 4 GiB of RAM, no swap); file k
 * (1..TFILES) opened read-write, except 7 read-only and 8 write-only. */
struct vm_mm *tenv_reset(void);
struct vm_file *tfile(int k);
/* A fresh, empty child mm on T's sys and env (the previous one destroyed), for
 * vm_dup_mmap(&T.child, &T.mm). */
struct vm_mm *tenv_child(void);

/* The invariants of the library (vm_check) and of the environment: no node leaked,
 * every reference accounted for, committed == accounted pages + live shmem charges.
 * 0 or -1 with check_msg filled. */
int tenv_check(const char *file, int line);

/* Every call of the library's operations below goes through tenv_after, which runs
 * tenv_check and keeps the first violation (with the call's line) in T.inv_msg; CHECK_INV
 * reports it, or checks now. So the invariants are checked after every operation. */
long long tenv_after(long long r, const char *file, int line);
#define CHECK_INV()                                                      \
	do {                                                                 \
		if (T.inv_msg[0]) {                                              \
			snprintf(check_msg, sizeof check_msg, "%s", T.inv_msg);      \
			check_failed_now = 1;                                        \
			return;                                                      \
		}                                                                \
		if (tenv_check(__FILE__, __LINE__))                              \
			return;                                                      \
	} while (0)
#define TAFTER(type, call) ((type)tenv_after((long long)(call), __FILE__, __LINE__))
#define vm_mmap(...)        TAFTER(int64_t, vm_mmap(__VA_ARGS__))
#define vm_munmap(...)      TAFTER(int, vm_munmap(__VA_ARGS__))
#define vm_mprotect(...)    TAFTER(int, vm_mprotect(__VA_ARGS__))
#define vm_mlock(...)       TAFTER(int, vm_mlock(__VA_ARGS__))
#define vm_munlock(...)     TAFTER(int, vm_munlock(__VA_ARGS__))
#define vm_mlockall(...)    TAFTER(int, vm_mlockall(__VA_ARGS__))
#define vm_munlockall(...)  TAFTER(int, vm_munlockall(__VA_ARGS__))
#define vm_msync(...)       TAFTER(int, vm_msync(__VA_ARGS__))
#define vm_madvise(...)     TAFTER(int, vm_madvise(__VA_ARGS__))
#define vm_mincore(...)     TAFTER(int64_t, vm_mincore(__VA_ARGS__))
#define vm_brk(...)         TAFTER(uint64_t, vm_brk(__VA_ARGS__))
#define vm_fault_check(...) TAFTER(int, vm_fault_check(__VA_ARGS__))
#define vm_expand_stack(...) TAFTER(int, vm_expand_stack(__VA_ARGS__))
#define vm_dup_mmap(...)    TAFTER(int, vm_dup_mmap(__VA_ARGS__))
#define vm_mremap(...)      TAFTER(int64_t, vm_mremap(__VA_ARGS__))

/* The pages [0, n) of the test area as letters: one letter per VMA, in order, ' ' for
 * a hole. E.g. "AAB  CC". */
const char *layout(struct vm_mm *mm, int n);
/* The VMAs meeting [P(0), P(n)) as "start-end perms[ flags]" in pages relative to P(0),
 * joined by "; ". Flags shown: ac nr lo lf gd rr sr nh de dc wf, file as f<id>+<pgoff>. */
const char *vmas(struct vm_mm *mm, int n);

#define CHECK_STR(actual, expect)                                        \
	do {                                                                 \
		const char *check_s_ = (actual);                                 \
		if (strcmp(check_s_, (expect)) != 0) {                           \
			snprintf(check_msg, sizeof check_msg, "%s:%d: got \"%.100s\" want \"%.100s\"", \
			         __FILE__, __LINE__, check_s_, (expect));            \
			check_failed_now = 1;                                        \
			return;                                                      \
		}                                                                \
	} while (0)
#define CHECK_LAYOUT(n, expect) CHECK_STR(layout(&T.mm, n), expect)
#define CHECK_VMAS(n, expect)   CHECK_STR(vmas(&T.mm, n), expect)

/* Everything observable about an address space: to compare before and after a failure. */
struct snap {
	size_t n;
	struct vm_map_entry e[128];
	uint64_t total, locked, data, exec, stack, map_count, def_flags;
	int64_t committed;
	int refs[TFILES + 1];
	long live;
};
void snap_take(struct snap *s);
bool snap_same(const struct snap *a, const struct snap *b);

/* The fake page store: a frame with contents val at page va of mm (unmap_pages drops
 * it, move_pages moves it); tpage_get answers 0 for no frame. */
void tpage_put(struct vm_mm *mm, uint64_t va, unsigned val);
unsigned tpage_get(struct vm_mm *mm, uint64_t va);

/* Shorthands on T.mm. */
int64_t tmap(uint64_t page, uint64_t npages, uint64_t prot, uint64_t flags);
int64_t tmapf(uint64_t page, uint64_t npages, uint64_t prot, uint64_t flags, int file,
              uint64_t pgoff);
#define RW (VM_PROT_READ | VM_PROT_WRITE)
#define RO VM_PROT_READ
#define ANON_PRIV (VM_MAP_PRIVATE | VM_MAP_ANONYMOUS | VM_MAP_FIXED)
#define ANON_SHARED (VM_MAP_SHARED | VM_MAP_ANONYMOUS | VM_MAP_FIXED)

#endif
