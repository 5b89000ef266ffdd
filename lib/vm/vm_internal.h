/* vm_internal.h - what the files of lib/vm share and nobody else needs. */
#ifndef LIB_VM_INTERNAL_H
#define LIB_VM_INTERNAL_H

#include "vm/vm.h"

#define PAGES(bytes) ((bytes) >> VM_PAGE_SHIFT)
#define PAGE_ALIGN_UP(x) (((x) + VM_PAGE_SIZE - 1) & VM_PAGE_MASK)

static inline uint64_t vm_min(uint64_t a, uint64_t b) { return a < b ? a : b; }
static inline uint64_t vm_max(uint64_t a, uint64_t b) { return a > b ? a : b; }
static inline uint64_t vma_pages(const struct vm_area *v) { return PAGES(v->end - v->start); }

/* Does the mm's current operation fail at this unwind point (tests)? Clears the switch,
 * or counts inject_after down instead while it is not 0. */
static inline bool vm_injected(struct vm_mm *mm, unsigned point)
{
	if (!(mm->inject & point))
		return false;
	if (mm->inject_after) {
		mm->inject_after--;
		return false;
	}
	mm->inject &= ~point;
	return true;
}

/* ---- vma_tree.c: the augmented AVL tree ---- */
void vt_insert(struct vm_mm *mm, struct vm_area *v);   /* v must not overlap; map_count++ */
/* vt_insert of v directly above prev: nothing lies between prev->end and v->start. */
void vt_insert_after(struct vm_mm *mm, struct vm_area *prev, struct vm_area *v);
void vt_erase(struct vm_mm *mm, struct vm_area *v);    /* map_count-- (v is not freed) */
void vt_update(struct vm_mm *mm, struct vm_area *v);   /* after v's start or end moved */
void vt_update_start(struct vm_mm *mm, struct vm_area *v);   /* after only v's start moved */
void vt_update_end(struct vm_mm *mm, struct vm_area *v);     /* after only v's end moved */
struct vm_area *vt_find(struct vm_mm *mm, uint64_t addr);
/* The lowest VMA of the tree at root whose end is above addr, or NULL; *steps counts the
 * nodes visited. vt_find's walk, shared with the fault workers' read-only check. */
static inline struct vm_area *vt_walk(struct vm_area *root, uint64_t addr, uint64_t *steps)
{
	struct vm_area *n = root, *best = 0;
	while (n) {
		++*steps;
		if (n->end > addr) {
			best = n;
			if (n->start <= addr)
				break;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}
struct vm_area *vt_first(struct vm_mm *mm);
struct vm_area *vt_last(struct vm_mm *mm);
/* The VMA after v / before v, or NULL (inline: most operations step to a neighbour). */
static inline struct vm_area *vt_next(struct vm_mm *mm, struct vm_area *v)
{
	if (v->right) {
		v = v->right;
		while (v->left) {
			mm->steps++;
			v = v->left;
		}
		return v;
	}
	while (v->parent && v->parent->right == v) {
		mm->steps++;
		v = v->parent;
	}
	return v->parent;
}

static inline struct vm_area *vt_prev(struct vm_mm *mm, struct vm_area *v)
{
	if (v->left) {
		v = v->left;
		while (v->right) {
			mm->steps++;
			v = v->right;
		}
		return v;
	}
	while (v->parent && v->parent->left == v) {
		mm->steps++;
		v = v->parent;
	}
	return v->parent;
}

uint64_t vt_start_gap(const struct vm_mm *mm, const struct vm_area *v);
/* The highest (topdown) or lowest free range of len bytes inside [low, high) at
 * align_offset modulo align_mask + 1, searched as Linux does (a gap must hold
 * len + align_mask). The address, or -VM_ENOMEM. */
int64_t vt_unmapped_area(struct vm_mm *mm, uint64_t len, uint64_t low, uint64_t high,
                         uint64_t align_mask, uint64_t align_offset, bool topdown);
int vt_check(struct vm_mm *mm, char *why, size_t n);

/* ---- vma.c: accounting, merging, splitting, unmapping ---- */
/* Linux's classification of a mapping for the data/exec/stack counters (inline, as
 * vm_may_expand: asked by every mmap, unmap and mprotect). */
static inline bool vm_is_exec(uint64_t f)
{
	return (f & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC;
}
static inline bool vm_is_stack(uint64_t f) { return (f & VM_STACK) == VM_STACK; }
static inline bool vm_is_data(uint64_t f)
{
	return (f & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
}
void vm_stat_account(struct vm_mm *mm, uint64_t flags, int64_t pages);
/* RLIMIT_AS for every mapping, RLIMIT_DATA for private writable ones. */
static inline bool vm_may_expand(struct vm_mm *mm, uint64_t flags, uint64_t pages)
{
	if (vm_injected(mm, VM_INJ_EXPAND))
		return false;
	if (mm->total_vm + pages > PAGES(mm->rlim[VM_RLIMIT_AS].cur))
		return false;
	const struct vm_rlimit *d = &mm->rlim[VM_RLIMIT_DATA];
	if (vm_is_data(flags) && mm->data_vm + pages > PAGES(d->cur)) {
		/* Linux lets RLIMIT_DATA 0 mean "up to the hard limit" (for Valgrind). */
		if (d->cur == 0 && mm->data_vm + pages <= PAGES(d->max))
			return true;
		return false;
	}
	return true;
}
/* Pages whose flags change from `from` to `to` (mprotect): the counters as
 * vm_stat_account(from, -pages) then vm_stat_account(to, pages) leave them, in one
 * (inline: every mprotect). */
static inline void vm_stat_change(struct vm_mm *mm, uint64_t from, uint64_t to, uint64_t pages)
{
	vm_update_hiwater(mm);
	uint64_t *counter[2] = {0, 0};
	const uint64_t flags[2] = {from, to};
	for (int i = 0; i < 2; i++)
		counter[i] = vm_is_exec(flags[i])    ? &mm->exec_vm
		             : vm_is_stack(flags[i]) ? &mm->stack_vm
		             : vm_is_data(flags[i])  ? &mm->data_vm : 0;
	if (counter[0] == counter[1])
		return;
	if (counter[0])
		*counter[0] -= pages;
	if (counter[1])
		*counter[1] += pages;
}

int vm_acct(struct vm_mm *mm, uint64_t pages);        /* vm_sys_acct + injection */
void vm_unacct(struct vm_mm *mm, uint64_t pages);
bool vm_mlock_future_ok(struct vm_mm *mm, uint64_t flags, uint64_t bytes);
bool vm_can_do_mlock(struct vm_mm *mm);

/* VMA nodes and file references, inline: every split, merge and unmap takes or frees
 * nodes. A new node's VMA fields are cleared one by one; the tree's are vt_insert's. */
static inline struct vm_area *vm_node_alloc(struct vm_mm *mm, unsigned inject_point)
{
	if (vm_injected(mm, inject_point))
		return 0;
	struct vm_area *v = mm->env->vma_alloc(mm->env->ctx);
	if (v) {
		v->start = v->end = v->flags = v->pgoff = v->anon = 0;
		v->file = 0;
		v->anon_forked = false;
		v->priv = 0;
		v->left = v->right = v->parent = 0;
	}
	return v;
}

static inline void vm_node_free(struct vm_mm *mm, struct vm_area *v)
{
	if (v)
		mm->env->vma_free(mm->env->ctx, v);
}

static inline void vm_file_get(struct vm_mm *mm, struct vm_file *f)
{
	if (f && mm->env->file_get)
		mm->env->file_get(mm->env->ctx, f);
}

static inline void vm_file_put(struct vm_mm *mm, struct vm_file *f)
{
	if (f && mm->env->file_put)
		mm->env->file_put(mm->env->ctx, f);
}

/* Free a VMA that is out of the tree: drop its file and its node. */
static inline void vm_vma_destroy(struct vm_mm *mm, struct vm_area *v)
{
	vm_file_put(mm, v->file);
	vm_node_free(mm, v);
}

/* The attributes that decide merging, of a VMA or of a range about to become one. */
struct vma_desc {
	uint64_t start, end, flags, pgoff, anon;
	struct vm_file *file;
	bool anon_forked;
};
/* (These three are inline: every mmap and every merge of mprotect asks them.) */
static inline struct vma_desc vma_describe(const struct vm_area *v)
{
	return (struct vma_desc){v->start, v->end, v->flags, v->pgoff, v->anon, v->file,
	                         v->anon_forked};
}

/* May a and b end up as one VMA as far as anon identities go (Linux 6.18's
 * is_mergeable_anon_vma): the same identity, or one side without any while the other's
 * was not made by a fork. */
static inline bool vma_anon_compatible(const struct vma_desc *a, const struct vma_desc *b)
{
	if (a->anon == b->anon)
		return true;
	if (!a->anon)
		return !b->anon_forked;
	return !b->anon && !a->anon_forked;
}

/* lo directly below hi, same flags (soft-dirty aside), same file, file pages contiguous,
 * anon identities compatible, nothing special. */
static inline bool vma_can_merge(const struct vma_desc *lo, const struct vma_desc *hi)
{
	return lo->end == hi->start && !((lo->flags ^ hi->flags) & ~VM_SOFTDIRTY) &&
	       !(lo->flags & VM_SPECIAL) && lo->file == hi->file &&
	       lo->pgoff + PAGES(lo->end - lo->start) == hi->pgoff &&
	       vma_anon_compatible(lo, hi);
}

/* Split v at addr with the node spare (spare gets [addr, end)). */
void vma_split(struct vm_mm *mm, struct vm_area *v, uint64_t addr, struct vm_area *spare);

/* What unmapping [start, end) touches, computed without changing anything. */
struct vm_unmap {
	uint64_t start, end;
	struct vm_area *first, *last;      /* the VMAs overlapping [start, end), or NULL */
	struct vm_area *above;             /* the first VMA ending above start, or NULL */
	bool split3;                       /* one VMA reaches past both ends */
	uint64_t nr_vmas, nr_pages, nr_accounted, nr_locked, nr_exec, nr_stack, nr_data;
};
void vm_unmap_gather(struct vm_mm *mm, uint64_t start, uint64_t end, struct vm_unmap *u);
/* Remove the gathered range (spare: the node split3 needs). Cannot fail. The VM_ACCOUNT
 * pages are given back unless unaccount is false (a new accounted mapping takes them). */
void vm_unmap_commit(struct vm_mm *mm, struct vm_unmap *u, struct vm_area *spare,
                     bool unaccount);

/* mprotect/mlock/madvise: make [start, end) of vma (inside it) a VMA of its own with
 * newflags' merge identity, merging with prev (the VMA before, or NULL) and the next
 * one when Linux would, else splitting. *out = the VMA now covering [start, end). */
int vma_modify(struct vm_mm *mm, struct vm_area *prev, struct vm_area *vma, uint64_t start,
               uint64_t end, uint64_t newflags, struct vm_area **out);

/* Give vma its anon identity if it has none (reusing a compatible neighbour's, as
 * Linux's find_mergeable_anon_vma does). */
void vma_anon_prepare(struct vm_mm *mm, struct vm_area *vma);
/* Fault in [start, end) of one VMA as Linux's populate_vma_page_range: 0 or -errno. */
int vma_populate(struct vm_mm *mm, struct vm_area *vma, uint64_t start, uint64_t end);
/* Linux's __mm_populate over [start, end): 0 or the first error (unless ignore). */
int vm_populate_range(struct vm_mm *mm, uint64_t start, uint64_t end, bool ignore_errors);

#endif
