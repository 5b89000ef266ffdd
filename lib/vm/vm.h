/* vm.h - Linux's mmap semantics as a pure library: one address space (struct vm_mm) is
 * a tree of VMAs plus Linux's counters, and every operation (mmap, munmap, mprotect,
 * mlock, msync, madvise, mremap, brk, fork's copy, the fault check) changes them exactly as Linux 6.18 does,
 * down to the errno, the VMA boundaries and the commit charge (mincore reads them). docs/vm.md explains the
 * design; the host tests (tests/host/test_vm*.c) and the oracle against the host kernel
 * (tests/oracle/) check it.
 *
 * Nothing here touches hardware or allocates on its own: VMA nodes, files, page tables
 * and page-ins all go through struct vm_env, so the same code runs in the VM server and
 * in the host tests (which inject failures there). Freestanding: needs only <stdint.h>,
 * <stddef.h>, <stdbool.h> and base/mem.h.
 *
 * Conventions: addresses and lengths in bytes, page counts in 4 KiB pages; functions
 * returning int64_t or int give >= 0 on success, else a negative VM_E* (Linux's errno
 * numbers). Nothing is locked: the caller serialises operations on one mm (and on the
 * shared struct vm_sys).
 */
#ifndef LIB_VM_VM_H
#define LIB_VM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VM_PAGE_SHIFT 12
#define VM_PAGE_SIZE  (1ul << VM_PAGE_SHIFT)
#define VM_PAGE_MASK  (~(VM_PAGE_SIZE - 1))
#define VM_PMD_SIZE   (1ul << 21)            /* THP alignment of big anonymous maps */

/* errno values (Linux's numbers; returned negated) */
#define VM_EPERM      1
#define VM_EBADF      9
#define VM_EAGAIN     11
#define VM_ENOMEM     12
#define VM_EACCES     13
#define VM_EFAULT     14
#define VM_EBUSY      16
#define VM_EEXIST     17
#define VM_ENODEV     19
#define VM_EINVAL     22
#define VM_ENOSPC     28
#define VM_EOVERFLOW  75
#define VM_EOPNOTSUPP 95

/* mmap/mprotect prot (Linux values) */
#define VM_PROT_NONE      0x0
#define VM_PROT_READ      0x1
#define VM_PROT_WRITE     0x2
#define VM_PROT_EXEC      0x4
#define VM_PROT_SEM       0x8
#define VM_PROT_GROWSDOWN 0x01000000
#define VM_PROT_GROWSUP   0x02000000

/* mmap flags (Linux's generic values, also x86-64's) */
#define VM_MAP_SHARED          0x01
#define VM_MAP_PRIVATE         0x02
#define VM_MAP_SHARED_VALIDATE 0x03
#define VM_MAP_TYPE            0x0f
#define VM_MAP_FIXED           0x10
#define VM_MAP_ANONYMOUS       0x20
#define VM_MAP_GROWSDOWN       0x0100
#define VM_MAP_DENYWRITE       0x0800
#define VM_MAP_EXECUTABLE      0x1000
#define VM_MAP_LOCKED          0x2000
#define VM_MAP_NORESERVE       0x4000
#define VM_MAP_POPULATE        0x8000
#define VM_MAP_NONBLOCK        0x10000
#define VM_MAP_STACK           0x20000
#define VM_MAP_HUGETLB         0x40000
#define VM_MAP_SYNC            0x80000
#define VM_MAP_FIXED_NOREPLACE 0x100000
#define VM_MAP_UNINITIALIZED   0x4000000
/* The flags MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK, without MAP_32BIT). */
#define VM_MAP_LEGACY_MASK                                                               \
	(VM_MAP_SHARED | VM_MAP_PRIVATE | VM_MAP_FIXED | VM_MAP_ANONYMOUS | VM_MAP_DENYWRITE | \
	 VM_MAP_EXECUTABLE | VM_MAP_UNINITIALIZED | VM_MAP_GROWSDOWN | VM_MAP_LOCKED |          \
	 VM_MAP_NORESERVE | VM_MAP_POPULATE | VM_MAP_NONBLOCK | VM_MAP_STACK | VM_MAP_HUGETLB)

#define VM_MREMAP_MAYMOVE   1                  /* mremap */
#define VM_MREMAP_FIXED     2
#define VM_MREMAP_DONTUNMAP 4
#define VM_MLOCK_ONFAULT 0x01                  /* mlock2 */
#define VM_MCL_CURRENT   1                     /* mlockall */
#define VM_MCL_FUTURE    2
#define VM_MCL_ONFAULT   4
#define VM_MS_ASYNC      1                     /* msync */
#define VM_MS_INVALIDATE 2
#define VM_MS_SYNC       4
#define VM_MADV_NORMAL     0                   /* madvise: the supported advice */
#define VM_MADV_RANDOM     1
#define VM_MADV_SEQUENTIAL 2
#define VM_MADV_WILLNEED   3
#define VM_MADV_DONTNEED   4
#define VM_MADV_FREE       8                   /* private anonymous: freeable, kept until reclaimed */
#define VM_MADV_REMOVE     9                   /* shared writable: the file's pages punched out */
#define VM_MADV_DONTFORK   10                  /* VM_DONTCOPY: not in a fork's child */
#define VM_MADV_DOFORK     11
#define VM_MADV_WIPEONFORK 18                  /* VM_WIPEONFORK: empty in a fork's child */
#define VM_MADV_KEEPONFORK 19
#define VM_MADV_COLD       20                  /* reclaim hints: accepted, nothing reclaimed */
#define VM_MADV_PAGEOUT    21

/* VMA flags (Linux's bit values, so VM_MAYx == VM_x << 4 as the mprotect check needs) */
#define VM_READ        0x00000001ull
#define VM_WRITE       0x00000002ull
#define VM_EXEC        0x00000004ull
#define VM_SHARED      0x00000008ull
#define VM_MAYREAD     0x00000010ull
#define VM_MAYWRITE    0x00000020ull
#define VM_MAYEXEC     0x00000040ull
#define VM_MAYSHARE    0x00000080ull
#define VM_GROWSDOWN   0x00000100ull
#define VM_PFNMAP      0x00000400ull
#define VM_LOCKED      0x00002000ull
#define VM_IO          0x00004000ull
#define VM_SEQ_READ    0x00008000ull
#define VM_RAND_READ   0x00010000ull
#define VM_DONTCOPY    0x00020000ull
#define VM_DONTEXPAND  0x00040000ull
#define VM_LOCKONFAULT 0x00080000ull
#define VM_ACCOUNT     0x00100000ull
#define VM_NORESERVE   0x00200000ull
#define VM_SYNC        0x00800000ull   /* MAP_SYNC (the file's hook decides whether it can) */
#define VM_WIPEONFORK  0x02000000ull   /* MADV_WIPEONFORK (private anonymous only) */
#define VM_SOFTDIRTY   0x08000000ull
#define VM_MIXEDMAP    0x10000000ull
#define VM_NOHUGEPAGE  0x40000000ull
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)
#define VM_LOCKED_MASK  (VM_LOCKED | VM_LOCKONFAULT)
#define VM_SPECIAL      (VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)  /* never merged */
#define VM_STACK        VM_GROWSDOWN

/* What a file reference allows (the answer of vm_env.file_mode). */
#define VM_FMODE_READ    0x1   /* opened for reading */
#define VM_FMODE_WRITE   0x2   /* opened for writing: MAP_SHARED may write */
#define VM_FMODE_NOEXEC  0x4   /* on a noexec mount: PROT_EXEC -> EPERM */
#define VM_FMODE_APPEND  0x8   /* append-only inode: a writable MAP_SHARED -> EACCES */
#define VM_FMODE_NOMMAP  0x10  /* no mmap at all (a pipe, a socket): ENODEV */
#define VM_FMODE_MMAP_SYNC 0x20 /* the file system knows MAP_SYNC (MAP_SHARED_VALIDATE
                                  accepts it; the hook still decides per file) */

/* fault access kinds, and what vm_fault_check answers when it is not 0 */
#define VM_FAULT_READ   1
#define VM_FAULT_WRITE  2
#define VM_FAULT_EXEC   4
#define VM_SEGV_MAPERR  1      /* si_code of SIGSEGV: no mapping */
#define VM_SEGV_ACCERR  2      /* mapping without the permission */

#define VM_RLIM_INFINITY (~0ull)
enum vm_rlimit_res { VM_RLIMIT_AS, VM_RLIMIT_MEMLOCK, VM_RLIMIT_STACK, VM_RLIMIT_DATA, VM_RLIMIT_NR };

enum vm_overcommit { VM_OVERCOMMIT_GUESS = 0, VM_OVERCOMMIT_ALWAYS = 1, VM_OVERCOMMIT_NEVER = 2 };

/* Fault injection: one switch per unwind point of the library (see docs/vm.md). A test
 * sets mm->inject to a VM_INJ_* bit; the next operation passing that point fails there
 * as if the resource ran out, and the bit is cleared. With mm->inject_after n, the
 * points named in inject are passed n times in all (counted down) before one fails:
 * several bits and a count fail the (n+1)-th of those points in the order they run. */
#define VM_INJ_EXPAND    0x01  /* may_expand_vm (RLIMIT_AS/RLIMIT_DATA) says no */
#define VM_INJ_ACCOUNT   0x02  /* the overcommit check says no */
#define VM_INJ_SPLIT     0x04  /* no node for a split */
#define VM_INJ_NEWVMA    0x08  /* no node for a new VMA */
#define VM_INJ_FILEHOOK  0x10  /* the file's mmap hook refuses (ENODEV) */
#define VM_INJ_SHMEM     0x20  /* the shared-anonymous object cannot be made */
#define VM_INJ_POPULATE  0x40  /* populate fails (ENOMEM) */
#define VM_INJ_DUPPAGES  0x80  /* vm_dup_mmap: the dup_pages hook fails (ENOMEM) */

/* An opaque file reference (an open file, not an inode: two open()s of one file are two
 * files and their mappings never merge). The library only compares the pointers and
 * passes them to the vm_env callbacks. */
struct vm_file;

/* One VMA: [start, end) with flags, the file and the page offset, and the anonymous
 * memory identity (Linux's anon_vma: 0 until the first private write, populate or stack
 * growth; VMAs with different non-zero ones never merge). anon_forked: the identity was
 * made by vm_dup_mmap for a copy of a VMA that had one (Linux: its anon_vma_chain also
 * holds the parent's anon_vma); such a VMA merges only with VMAs of the same identity
 * and lends it to no neighbour. The tree fields are private. */
struct vm_area {
	uint64_t start, end;
	uint64_t flags;            /* VM_* */
	uint64_t pgoff;            /* file page of start; anonymous private: start's page
	                              number at creation, as Linux keeps it */
	struct vm_file *file;      /* NULL for anonymous private; shared anonymous memory
	                              has the object vm_env.shmem_create made */
	uint64_t anon;             /* anon_vma identity, 0 = none */
	bool anon_forked;          /* anon made by a fork (never true when anon is 0) */
	void *priv;                /* free for the environment (the pager's per-VMA data) */
	/* tree (vma_tree.c) */
	struct vm_area *left, *right, *parent;
	uint64_t gap;              /* free bytes below start_gap(this) down to the previous end */
	uint64_t max_gap;          /* largest gap in this subtree */
	int height;
};

/* What the file's mmap hook sees before any VMA exists (Linux's mmap_prepare idea). It
 * may refuse (return a negative VM_E*) or change flags: clear VM_MAYWRITE/VM_MAYEXEC/
 * VM_MAYSHARE, set VM_DONTEXPAND/VM_IO/VM_PFNMAP/VM_MIXEDMAP/VM_DONTCOPY/VM_NOHUGEPAGE/
 * VM_SEQ_READ/VM_RAND_READ; other changes are ignored. It must keep no state: if the
 * mapping fails later the library does not call it back. */
struct vm_mmap_desc {
	struct vm_mm *mm;
	uint64_t start, end, pgoff;
	uint64_t flags;
	struct vm_file *file;
};

/* The world outside the library. Every callback gets ctx first. Required: vma_alloc,
 * vma_free; the file ones when files are mapped; shmem_create for MAP_SHARED|MAP_ANONYMOUS.
 * The others may be NULL (no page tables to change). */
struct vm_env {
	void *ctx;
	struct vm_area *(*vma_alloc)(void *ctx);           /* NULL: out of memory */
	void (*vma_free)(void *ctx, struct vm_area *v);
	void (*file_get)(void *ctx, struct vm_file *f);    /* a VMA takes a reference */
	void (*file_put)(void *ctx, struct vm_file *f);    /* a VMA drops it */
	unsigned (*file_mode)(void *ctx, struct vm_file *f);  /* VM_FMODE_* */
	int (*file_mmap)(void *ctx, struct vm_mmap_desc *d);  /* may be NULL: accept */
	/* A new shared anonymous object of len bytes (Linux's shmem_zero_setup): returns 0 and
	 * one reference in *out, or a negative VM_E*. Its commit charge (len pages unless
	 * flags has VM_NORESERVE) is taken by the library before, with vm_sys_acct; the
	 * environment gives it back with vm_sys_unacct when the object dies. */
	int (*shmem_create)(void *ctx, struct vm_mm *mm, uint64_t len, uint64_t flags,
	                    struct vm_file **out);
	/* [start, end) of v (in v) leaves the address space, or its pages only (MADV_DONTNEED). */
	void (*unmap_pages)(void *ctx, struct vm_mm *mm, const struct vm_area *v, uint64_t start,
	                    uint64_t end);
	void (*protect_pages)(void *ctx, struct vm_mm *mm, uint64_t start, uint64_t end,
	                      uint64_t newflags);
	/* Fault the pages of [start, end) in (write: for writing, i.e. break COW). 0 or a
	 * negative VM_E*: mmap ignores the error, mlock reports it (EFAULT -> ENOMEM,
	 * ENOMEM -> EAGAIN, as Linux). */
	int (*populate)(void *ctx, struct vm_mm *mm, uint64_t start, uint64_t end, bool write);
	/* msync(MS_SYNC) of a shared file range: bytes [off, off + len) of f. */
	int (*writeback)(void *ctx, struct vm_file *f, uint64_t off, uint64_t len);
	/* mincore: is page va of VMA v resident (in memory without a fault that has to read
	 * or zero it)? May be NULL: nothing is. */
	bool (*resident)(void *ctx, struct vm_mm *mm, const struct vm_area *v, uint64_t va);
	/* vm_dup_mmap: give the child's VMA cv the pages of the parent's VMA pv (same start,
	 * end, file and pgoff; cv is already in the child's tree). Called once per copied VMA
	 * that is not VM_WIPEONFORK, in address order, after the child's node, charge and
	 * file reference are taken. What it must do:
	 *   - pv without VM_SHARED (private anonymous or private file, written or not): the
	 *     child sees the same contents, copy-on-write. The environment maps the parent's
	 *     frames into the child and write-protects them in both (Linux's copy_page_range);
	 *     the first write in either copies the frame, or takes it back writable if the
	 *     other has let go of it. A page the parent never had stays absent: the child's
	 *     fault makes it (zero, or from the file) as the parent's would.
	 *   - pv with VM_SHARED, or VM_MAYSHARE only (a shared map of a read-only file): the
	 *     same memory object (the library took the file/object reference); the
	 *     environment may map the same frames with cv's permissions, or nothing and let
	 *     the child fault them in from the object.
	 *   - VM_IO / VM_PFNMAP (device memory): the same frames, since a fault cannot find
	 *     them again.
	 * It may set cv->priv (a copy of pv->priv when called). It must not change either
	 * tree. Returns 0, or a negative VM_E* (-VM_ENOMEM: no memory for page tables or
	 * frame references); it may fail part way through cv. Whatever it did to the child is
	 * undone by the library through unmap_pages(child, ...) over cv and every VMA copied
	 * before; the parent keeps its contents (frames left write-protected must still
	 * work: a write fault in the parent on a frame nobody else maps makes it writable
	 * again without copying). NULL: no pages to share (nothing mapped yet, tests). */
	int (*dup_pages)(void *ctx, struct vm_mm *parent, const struct vm_area *pv,
	                 struct vm_mm *child, struct vm_area *cv);
	/* vm_mremap: the frames mapped at [old_start, old_start + len) now belong at
	 * [new_start, new_start + len), page for page; nothing is copied (Linux's
	 * move_page_tables). The new range has no pages (the library unmapped it before) and
	 * its VMA is in the tree; the old range's VMA still is too (it is unmapped right after,
	 * or kept empty for MREMAP_DONTUNMAP: later faults there find fresh pages, or the
	 * object's for shared and file mappings). Private pages keep their COW state. It
	 * cannot fail: an environment that cannot map a frame at once keeps it in its own
	 * records and maps it at the next fault. It must not change the tree. NULL: no
	 * pages to move (tests without pages). */
	void (*move_pages)(void *ctx, struct vm_mm *mm, uint64_t old_start, uint64_t new_start,
	                   uint64_t len);
	/* madvise(MADV_REMOVE): bytes [off, off + len) of f (a file or a shared anonymous
	 * object) become a hole, read as zeros, in every mapping (Linux's fallocate with
	 * FALLOC_FL_PUNCH_HOLE). 0 or a negative VM_E*; NULL: -VM_EOPNOTSUPP for all. */
	int (*punch_hole)(void *ctx, struct vm_file *f, uint64_t off, uint64_t len);
};

/* What all address spaces share: the overcommit policy and the committed-pages total
 * (Linux's vm_committed_as). Counts in pages. */
struct vm_sys {
	int overcommit;                  /* enum vm_overcommit */
	unsigned overcommit_ratio;       /* percent of RAM for VM_OVERCOMMIT_NEVER (50) */
	uint64_t overcommit_kbytes;      /* if not 0, replaces the ratio */
	uint64_t total_ram_pages, total_swap_pages;
	uint64_t admin_reserve_pages;    /* kept for CAP_SYS_ADMIN in mode 2 (8 MiB) */
	uint64_t user_reserve_pages;     /* at most this much kept from one mm (128 MiB) */
	int64_t committed;               /* pages charged now */
};

struct vm_rlimit { uint64_t cur, max; };

/* One address space. Set up with vm_mm_init, then adjust the fields marked "config". */
struct vm_mm {
	struct vm_area *root;
	uint64_t map_count;              /* VMAs in the tree */
	uint64_t max_map_count;          /* config: Linux's vm.max_map_count (65530) */
	uint64_t total_vm, locked_vm, data_vm, exec_vm, stack_vm;   /* pages */
	uint64_t hiwater_vm;             /* the most total_vm was before it last shrank (VmPeak) */
	struct vm_rlimit rlim[VM_RLIMIT_NR];   /* config: bytes */
	bool cap_ipc_lock;               /* config: RLIMIT_MEMLOCK not enforced */
	bool cap_sys_admin;              /* config: overcommit admin reserve not kept */
	bool cap_sys_resource;           /* config: may raise a hard rlimit */
	uint64_t task_size;              /* config: user addresses are below this */
	uint64_t mmap_base;              /* config: top-down search starts below this */
	uint64_t mmap_min_addr;          /* config: MAP_FIXED below this -> EPERM */
	uint64_t stack_guard_gap;        /* config: kept below a VM_GROWSDOWN VMA */
	bool thp_align;                  /* config: 2 MiB-multiple anonymous maps aligned */
	uint64_t start_brk, brk;         /* config: the heap (vm_brk) */
	uint64_t start_data, end_data;   /* config: for the RLIMIT_DATA check of brk */
	uint64_t def_flags;              /* VM_LOCKED(|VM_LOCKONFAULT) after mlockall(MCL_FUTURE) */
	uint64_t next_anon;              /* source of anon identities */
	unsigned inject;                 /* VM_INJ_* (tests) */
	unsigned inject_after;           /* ... passed this many times before one fails */
	uint64_t steps;                  /* tree nodes visited, ever (tests measure with it) */
	struct vm_sys *sys;
	const struct vm_env *env;
	void *owner;                     /* free for the environment */
};

/* A VMA as the maps dump gives it. */
struct vm_map_entry {
	uint64_t start, end, pgoff, flags, anon;
	struct vm_file *file;
};

/* ---- set-up ---- */
void vm_sys_init(struct vm_sys *sys, uint64_t ram_pages, uint64_t swap_pages);
/* task_size: top of user space (0x4000000000 for Sv39); everything else gets Linux's
 * defaults: mmap_base = task_size - 128 MiB - stack guard, 65530 VMAs, RLIMIT_STACK
 * 8 MiB, RLIMIT_MEMLOCK 8 MiB, the rest unlimited. */
void vm_mm_init(struct vm_mm *mm, struct vm_sys *sys, const struct vm_env *env,
                uint64_t task_size);
/* Unmap everything (the process ends); the mm may be reused after vm_mm_init. */
void vm_mm_destroy(struct vm_mm *mm);

/* ---- the system calls ---- */
int64_t vm_mmap(struct vm_mm *mm, uint64_t addr, uint64_t len, uint64_t prot,
                uint64_t flags, struct vm_file *file, uint64_t off);
int vm_munmap(struct vm_mm *mm, uint64_t addr, uint64_t len);
int vm_mprotect(struct vm_mm *mm, uint64_t addr, uint64_t len, uint64_t prot);
int vm_mlock(struct vm_mm *mm, uint64_t addr, uint64_t len, unsigned flags);  /* mlock2 */
int vm_munlock(struct vm_mm *mm, uint64_t addr, uint64_t len);
int vm_mlockall(struct vm_mm *mm, unsigned flags);
int vm_munlockall(struct vm_mm *mm);
int vm_msync(struct vm_mm *mm, uint64_t addr, uint64_t len, unsigned flags);
int vm_madvise(struct vm_mm *mm, uint64_t addr, uint64_t len, int advice);
uint64_t vm_brk(struct vm_mm *mm, uint64_t brk);   /* the new break, or the old on failure */
/* Linux 6.18's mremap (flags VM_MREMAP_*): shrink in place, grow in place (merging with
 * the next VMA), move (MAYMOVE; FIXED to new_addr, replacing what is there; DONTUNMAP,
 * leaving the old range mapped and empty), old_len 0 on a shared mapping (a second
 * mapping of the same pages), and a FIXED move of the same size over several VMAs and
 * holes. Returns the new address or a negative VM_E*. A failure changes nothing, except
 * that in a move over several VMAs the VMAs before the failing one stay moved, as in
 * Linux (docs/vm.md says where Linux leaves more changed). */
int64_t vm_mremap(struct vm_mm *mm, uint64_t old_addr, uint64_t old_len, uint64_t new_len,
                  uint64_t flags, uint64_t new_addr);
/* Linux's mincore over [start, start + len), one VMA at a time: a byte per page (1
 * resident, 0 not) into vec for the pages of the range inside the VMA holding start, at
 * most max. Returns how many (0 for len 0); -VM_EINVAL for a misaligned start,
 * -VM_ENOMEM if the range passes task_size or start is not mapped. The caller goes on
 * after them, as Linux's loop does, so the pages before a hole are answered. */
int64_t vm_mincore(struct vm_mm *mm, uint64_t start, uint64_t len, uint8_t *vec, uint64_t max);
int vm_getrlimit(struct vm_mm *mm, unsigned res, struct vm_rlimit *out);
int vm_setrlimit(struct vm_mm *mm, unsigned res, struct vm_rlimit lim);

/* ---- fork ---- */
/* Linux's dup_mmap: build child's address space from parent's, as fork(2) does.
 * child: set up with vm_mm_init on parent's sys (the commit charge is shared) and with
 * no VMA; its env and owner stay its own. It gets parent's configuration (rlimits,
 * capabilities, task_size, mmap_base, mmap_min_addr, max_map_count, stack guard, THP
 * alignment, start_brk/brk, start_data/end_data), def_flags without the mlockall
 * (MCL_FUTURE) bits, and a copy of every VMA except the VM_DONTCOPY ones
 * (MADV_DONTFORK), in order:
 *   - same range, flags without VM_LOCKED/VM_LOCKONFAULT, file (one more reference),
 *     pgoff, priv;
 *   - a VMA with an anon identity gets a new one of its own, marked anon_forked (Linux's
 *     anon_vma_fork), except VM_WIPEONFORK ones, which come up with none and empty;
 *   - each VM_ACCOUNT VMA is charged again to sys, one VMA at a time under the policy
 *     (vm_sys_acct with parent as the mm, as Linux asks security_vm_enough_memory_mm
 *     for oldmm): in mode 2 the total must fit, in mode 0 each VMA must;
 *   - env.dup_pages gives it the pages (COW for private ones; see vm_env) unless it is
 *     VM_WIPEONFORK.
 * The counters follow: total_vm, data_vm, exec_vm, stack_vm are the parent's minus the
 * VMAs not copied; locked_vm is 0. The parent is not changed (its page tables are the
 * hook's business). Returns 0, or -VM_ENOMEM when a node, a charge or the hook fails
 * (or the hook's error); then every copied VMA is torn down again (unmap_pages on the
 * child, references and charges returned, nodes freed): child has no VMA, its counters
 * are 0, sys->committed is as before; its configuration stays copied. */
int vm_dup_mmap(struct vm_mm *child, struct vm_mm *parent);

/* Where mmap without MAP_FIXED would place len bytes (hint honoured if free): the
 * address or a negative VM_E*. */
int64_t vm_get_unmapped_area(struct vm_mm *mm, struct vm_file *file, uint64_t addr,
                             uint64_t len, uint64_t pgoff, uint64_t flags);

/* ---- the pager's side ---- */
/* A fault at addr with access VM_FAULT_*: 0 and *out = the VMA (grown down first if addr
 * is below a VM_GROWSDOWN VMA and the stack may grow; a write to a private mapping gives
 * it its anon identity), or VM_SEGV_MAPERR / VM_SEGV_ACCERR. */
int vm_fault_check(struct vm_mm *mm, uint64_t addr, unsigned access, struct vm_area **out);
/* The same question asked without changing mm, so that it may be asked by several
 * threads at once while nothing else changes mm: the VMA if vm_fault_check would answer
 * 0 with it and change nothing (no stack to grow, no anon identity to give); else NULL,
 * and the caller asks vm_fault_check. */
const struct vm_area *vm_fault_ready(const struct vm_mm *mm, uint64_t addr, unsigned access);
/* Grow a VM_GROWSDOWN VMA down to addr's page: 0 or a negative VM_E*. */
int vm_expand_stack(struct vm_mm *mm, struct vm_area *vma, uint64_t addr);

/* ---- lookups ---- */
struct vm_area *vm_find_vma(struct vm_mm *mm, uint64_t addr);   /* first with end > addr */
struct vm_area *vm_find_vma_prev(struct vm_mm *mm, uint64_t addr, struct vm_area **prev);
struct vm_area *vm_find_intersection(struct vm_mm *mm, uint64_t start, uint64_t end);
struct vm_area *vm_first(struct vm_mm *mm);
struct vm_area *vm_next(struct vm_mm *mm, struct vm_area *v);
struct vm_area *vm_prev(struct vm_mm *mm, struct vm_area *v);

/* ---- accounting ---- */
/* Charge pages to sys under its policy (Linux's __vm_enough_memory for mm): 0 or
 * -VM_ENOMEM (nothing charged). mm may be NULL. */
int vm_sys_acct(struct vm_sys *sys, struct vm_mm *mm, int64_t pages);
void vm_sys_unacct(struct vm_sys *sys, int64_t pages);
uint64_t vm_commit_limit(const struct vm_sys *sys);   /* pages, as mode 2 applies it */
/* Linux's update_hiwater_vm, before total_vm shrinks; VmPeak is the larger of the two. */
static inline void vm_update_hiwater(struct vm_mm *mm)
{
	if (mm->hiwater_vm < mm->total_vm)
		mm->hiwater_vm = mm->total_vm;
}

/* ---- dumps and checks ---- */
/* Up to max entries from the index-th VMA on; returns how many were written. */
size_t vm_maps(struct vm_mm *mm, size_t index, struct vm_map_entry *out, size_t max);
/* /proc/self/maps-like lines ("start-end rwxp offset name [flags]\n") from the index-th
 * VMA on, as many whole lines as fit in buf (NUL-terminated). name(ctx, file, buf, n)
 * names a file (may be NULL: "file"). Returns the lines written; *next = the index of
 * the first VMA not written. */
size_t vm_maps_text(struct vm_mm *mm, size_t index, char *buf, size_t size,
                    void (*name)(void *ctx, struct vm_file *f, char *buf, size_t n),
                    void *name_ctx, size_t *next);
/* The invariants: order and no overlap, page alignment, the tree's balance, parents and
 * gap augmentation, map_count, total/locked/data/exec/stack counters recomputed from the
 * VMAs, highest end <= task_size. 0, or -1 with the first violation in why. */
int vm_check(struct vm_mm *mm, char *why, size_t n);
/* Pages of VMAs with VM_ACCOUNT (this mm's part of sys->committed). */
uint64_t vm_accounted_pages(struct vm_mm *mm);

#endif
