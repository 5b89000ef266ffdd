/* test_vm_env.c - see test_vm_env.h. */
#include "test_vm_env.h"

struct tenv T;

static struct vm_area *e_alloc(void *ctx)
{
	struct tenv *t = ctx;
	if (t->fail_alloc_at && --t->fail_alloc_at == 0)
		return 0;
	t->allocs++;
	t->live++;
	return malloc(sizeof(struct vm_area));
}

static void e_free(void *ctx, struct vm_area *v)
{
	struct tenv *t = ctx;
	t->frees++;
	t->live--;
	memset(v, 0x5a, sizeof *v);
	free(v);
}

static void e_get(void *ctx, struct vm_file *f)
{
	(void)ctx;
	f->refs++;
}

static void e_put(void *ctx, struct vm_file *f)
{
	struct tenv *t = ctx;
	if (--f->refs == 0 && f->shmem) {
		f->dead = true;
		vm_sys_unacct(&t->sys, (int64_t)f->charged);
	}
}

static unsigned e_mode(void *ctx, struct vm_file *f)
{
	(void)ctx;
	return f->mode;
}

static int e_mmap(void *ctx, struct vm_mmap_desc *d)
{
	struct tenv *t = ctx;
	t->hook_calls++;
	if (t->hook_error)
		return t->hook_error;
	if (d->flags & t->hook_refuse)
		return -VM_EOPNOTSUPP;
	d->flags |= t->hook_set;
	return 0;
}

static int e_shmem(void *ctx, struct vm_mm *mm, uint64_t len, uint64_t flags,
                   struct vm_file **out)
{
	struct tenv *t = ctx;
	(void)mm;
	if (t->nshm >= 64)
		return -VM_ENOMEM;
	struct vm_file *f = &t->shm[t->nshm];
	*f = (struct vm_file){.id = 100 + t->nshm, .mode = VM_FMODE_READ | VM_FMODE_WRITE,
	                      .refs = 1, .shmem = true,
	                      .charged = flags & VM_NORESERVE ? 0 : len / PG};
	t->nshm++;
	*out = f;
	return 0;
}

static void e_unmap(void *ctx, struct vm_mm *mm, const struct vm_area *v, uint64_t s, uint64_t e)
{
	struct tenv *t = ctx;
	if ((s < v->start || e > v->end) && !t->dup_bad[0])
		snprintf(t->dup_bad, sizeof t->dup_bad, "unmap_pages %#llx: a range not inside its VMA",
		         (unsigned long long)s);
	for (int i = 0; i < t->npages; i++)
		if (t->pages[i].mm == mm && t->pages[i].va >= s && t->pages[i].va < e)
			t->pages[i--] = t->pages[--t->npages];
	t->unmap_calls++;
	t->unmapped_pages += (e - s) / PG;
	if (mm == &t->child) {
		t->child_unmap_calls++;
		t->child_unmapped_pages += (e - s) / PG;
	}
}

/* Checks the contract of vm_env.move_pages (both ranges in VMAs, the new one without
 * frames) and moves the frames. */
static void e_move(void *ctx, struct vm_mm *mm, uint64_t old_start, uint64_t new_start,
                   uint64_t len)
{
	struct tenv *t = ctx;
	struct vm_area *o = vm_find_vma(mm, old_start), *n = vm_find_vma(mm, new_start);
	const char *bad = 0;
	if (!o || o->start > old_start || o->end < old_start + len || !n ||
	    n->start > new_start || n->end < new_start + len)
		bad = "a range not inside a VMA";
	for (int i = 0; i < t->npages; i++) {
		struct tpage *p = &t->pages[i];
		if (p->mm == mm && p->va >= new_start && p->va < new_start + len)
			bad = "a frame already in the new range";
	}
	if (bad && !t->dup_bad[0])
		snprintf(t->dup_bad, sizeof t->dup_bad, "move_pages %#llx: %s",
		         (unsigned long long)old_start, bad);
	for (int i = 0; i < t->npages; i++) {
		struct tpage *p = &t->pages[i];
		if (p->mm == mm && p->va >= old_start && p->va < old_start + len)
			p->va = p->va - old_start + new_start;
	}
	t->move_calls++;
	t->moved_pages += len / PG;
}

void tpage_put(struct vm_mm *mm, uint64_t va, unsigned val)
{
	if (T.npages < 256)
		T.pages[T.npages++] = (struct tpage){mm, va & ~(PG - 1), val};
}

unsigned tpage_get(struct vm_mm *mm, uint64_t va)
{
	for (int i = 0; i < T.npages; i++)
		if (T.pages[i].mm == mm && T.pages[i].va == (va & ~(PG - 1)))
			return T.pages[i].val;
	return 0;
}

static void e_protect(void *ctx, struct vm_mm *mm, uint64_t s, uint64_t e, uint64_t f)
{
	struct tenv *t = ctx;
	(void)mm, (void)s, (void)e, (void)f;
	t->protect_calls++;
}

static int e_populate(void *ctx, struct vm_mm *mm, uint64_t s, uint64_t e, bool write)
{
	struct tenv *t = ctx;
	(void)mm;
	t->populate_calls++;
	t->populate_writes += write;
	t->populated_pages += (e - s) / PG;
	return t->populate_error;
}

/* Checks what the contract of vm_env.dup_pages promises: the parent's VMA and its copy,
 * in the child's tree, alike but for the lock flags, never a VM_WIPEONFORK one. */
static int e_dup(void *ctx, struct vm_mm *parent, const struct vm_area *pv, struct vm_mm *child,
                 struct vm_area *cv)
{
	struct tenv *t = ctx;
	const char *bad = 0;
	if (parent != &t->mm || child != &t->child)
		bad = "not T.mm and T.child";
	else if (cv->start != pv->start || cv->end != pv->end || cv->pgoff != pv->pgoff ||
	         cv->file != pv->file || cv->flags != (pv->flags & ~VM_LOCKED_MASK))
		bad = "the copy differs from the parent's VMA";
	else if (vm_find_vma(child, cv->start) != cv || vm_find_vma(parent, pv->start) != pv)
		bad = "a VMA not in its tree";
	else if (pv->flags & (VM_WIPEONFORK | VM_DONTCOPY))
		bad = "called for a VMA that is not copied with its pages";
	if (bad && !t->dup_bad[0])
		snprintf(t->dup_bad, sizeof t->dup_bad, "dup_pages at %#llx: %s",
		         (unsigned long long)pv->start, bad);
	if (t->dup_calls < 64)
		t->dup_log[t->dup_calls] = cv->start;
	t->dup_calls++;
	t->dup_pages += (cv->end - cv->start) / PG;
	if (t->dup_fail_at && --t->dup_fail_at == 0)
		return t->dup_error ? t->dup_error : -VM_ENOMEM;
	return 0;
}

static int e_writeback(void *ctx, struct vm_file *f, uint64_t off, uint64_t len)
{
	struct tenv *t = ctx;
	t->writeback_calls++;
	t->writeback_file = f;
	t->writeback_off = off;
	t->writeback_len = len;
	return 0;
}

struct vm_mm *tenv_reset(void)
{
	if (T.env.vma_alloc)                   /* the previous test's VMAs */
		vm_mm_destroy(&T.mm);
	if (T.child_used)
		vm_mm_destroy(&T.child);
	memset(&T, 0, sizeof T);
	T.env = (struct vm_env){&T, e_alloc, e_free, e_get, e_put, e_mode, e_mmap, e_shmem,
	                        e_unmap, e_protect, e_populate, e_writeback, 0, e_dup, e_move, 0};
	vm_sys_init(&T.sys, 1ull << 20, 0);
	vm_mm_init(&T.mm, &T.sys, &T.env, 0x4000000000ull);
	for (int k = 1; k <= TFILES; k++) {
		T.files[k] = (struct vm_file){.id = k, .mode = VM_FMODE_READ | VM_FMODE_WRITE, .refs = 1};
		if (k == 7)
			T.files[k].mode = VM_FMODE_READ;
		if (k == 8)
			T.files[k].mode = VM_FMODE_WRITE;
	}
	return &T.mm;
}

struct vm_file *tfile(int k) { return &T.files[k]; }

struct vm_mm *tenv_child(void)
{
	if (T.child_used)
		vm_mm_destroy(&T.child);
	vm_mm_init(&T.child, &T.sys, &T.env, 0x4000000000ull);
	T.child_used = true;
	return &T.child;
}

__attribute__((destructor)) static void tenv_end(void)
{
	if (T.env.vma_alloc)
		vm_mm_destroy(&T.mm);
	if (T.child_used)
		vm_mm_destroy(&T.child);
}

static int tenv_check_(const char *file, int line);

int tenv_check(const char *file, int line)
{
	uint64_t steps = T.mm.steps;               /* checking is not the operation's cost */
	int r = tenv_check_(file, line);
	T.mm.steps = steps;
	return r;
}

static int tenv_check_(const char *file, int line)
{
	char why[160];
	struct vm_mm *mms[2] = {&T.mm, &T.child};
	int nmm = T.child_used ? 2 : 1;
	uint64_t vmas = 0, accounted = 0;
	int refs[TFILES + 1] = {0}, srefs[64] = {0};
	for (int i = 0; i < nmm; i++) {
		struct vm_mm *mm = mms[i];
		if (vm_check(mm, why, sizeof why)) {
			snprintf(check_msg, sizeof check_msg, "%s:%d: vm_check%s: %s", file, line,
			         i ? " (child)" : "", why);
			check_failed_now = 1;
			return -1;
		}
		vmas += mm->map_count;
		accounted += vm_accounted_pages(mm);
		for (struct vm_area *v = vm_first(mm); v; v = vm_next(mm, v)) {
			if (!v->file)
				continue;
			if (v->file->shmem)
				srefs[v->file->id - 100]++;
			else
				refs[v->file->id]++;
		}
	}
	if (T.live != (long)vmas) {
		snprintf(check_msg, sizeof check_msg, "%s:%d: %ld nodes live, %lu VMAs", file, line,
		         T.live, (unsigned long)vmas);
		check_failed_now = 1;
		return -1;
	}
	if (T.dup_bad[0]) {
		snprintf(check_msg, sizeof check_msg, "%s:%d: %s", file, line, T.dup_bad);
		check_failed_now = 1;
		return -1;
	}
	int64_t shm_charge = 0;
	for (int k = 1; k <= TFILES; k++)
		if (T.files[k].refs != refs[k] + 1) {
			snprintf(check_msg, sizeof check_msg, "%s:%d: file %d has %d refs, %d VMAs", file,
			         line, k, T.files[k].refs, refs[k]);
			check_failed_now = 1;
			return -1;
		}
	for (int i = 0; i < T.nshm; i++) {
		if (T.shm[i].refs != srefs[i]) {
			snprintf(check_msg, sizeof check_msg, "%s:%d: shmem %d has %d refs, %d VMAs", file,
			         line, i, T.shm[i].refs, srefs[i]);
			check_failed_now = 1;
			return -1;
		}
		if (!T.shm[i].dead)
			shm_charge += (int64_t)T.shm[i].charged;
	}
	int64_t want = (int64_t)accounted + shm_charge;
	if (T.sys.committed != want) {
		snprintf(check_msg, sizeof check_msg, "%s:%d: committed %lld, accounted %lld", file,
		         line, (long long)T.sys.committed, (long long)want);
		check_failed_now = 1;
		return -1;
	}
	return 0;
}

long long tenv_after(long long r, const char *file, int line)
{
	char saved[256];
	int failed = check_failed_now;
	memcpy(saved, check_msg, sizeof saved);
	/* Big trees (the 10,000-VMA tests) are checked on every 1024th call only: a check
	 * walks every VMA. */
	if (T.mm.map_count > 512 && T.checked++ % 1024)
		return r;
	T.checked++;
	if (!T.inv_msg[0] && tenv_check(file, line))
		memcpy(T.inv_msg, check_msg, sizeof T.inv_msg);
	memcpy(check_msg, saved, sizeof saved);          /* tenv_check reports through these */
	check_failed_now = failed;
	return r;
}

const char *layout(struct vm_mm *mm, int n)
{
	static char buf[512];
	struct vm_area *last = 0;
	char letter = 'A' - 1;
	for (int i = 0; i < n && i < 511; i++) {
		struct vm_area *v = vm_find_vma(mm, P(i));
		if (!v || v->start > P(i)) {
			buf[i] = ' ';
			continue;
		}
		if (v != last)
			letter++;
		last = v;
		buf[i] = letter;
	}
	buf[n < 511 ? n : 511] = 0;
	return buf;
}

const char *vmas(struct vm_mm *mm, int n)
{
	static char buf[1024];
	static const struct { uint64_t bit; const char *name; } names[] = {
		{VM_ACCOUNT, "ac"}, {VM_NORESERVE, "nr"}, {VM_LOCKED, "lo"}, {VM_LOCKONFAULT, "lf"},
		{VM_GROWSDOWN, "gd"}, {VM_RAND_READ, "rr"}, {VM_SEQ_READ, "sr"},
		{VM_NOHUGEPAGE, "nh"}, {VM_DONTEXPAND, "de"}, {VM_DONTCOPY, "dc"},
		{VM_WIPEONFORK, "wf"},
	};
	size_t len = 0;
	buf[0] = 0;
	for (struct vm_area *v = vm_find_vma(mm, P(0)); v && v->start < P(n); v = vm_next(mm, v)) {
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%lld-%lld %c%c%c%c",
		                        len ? "; " : "", (long long)(v->start - TB) / (long long)PG,
		                        (long long)(v->end - TB) / (long long)PG,
		                        v->flags & VM_READ ? 'r' : '-', v->flags & VM_WRITE ? 'w' : '-',
		                        v->flags & VM_EXEC ? 'x' : '-',
		                        v->flags & VM_MAYSHARE ? 's' : 'p');
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (v->flags & names[i].bit)
				len += (size_t)snprintf(buf + len, sizeof buf - len, " %s", names[i].name);
		if (v->file && !v->file->shmem)
			len += (size_t)snprintf(buf + len, sizeof buf - len, " f%d+%llu", v->file->id,
			                        (unsigned long long)v->pgoff);
		if (len >= sizeof buf)
			break;
	}
	return buf;
}

void snap_take(struct snap *s)
{
	struct vm_mm *mm = &T.mm;
	memset(s, 0, sizeof *s);
	s->n = vm_maps(mm, 0, s->e, 128);
	s->total = mm->total_vm;
	s->locked = mm->locked_vm;
	s->data = mm->data_vm;
	s->exec = mm->exec_vm;
	s->stack = mm->stack_vm;
	s->map_count = mm->map_count;
	s->def_flags = mm->def_flags;
	s->committed = T.sys.committed;
	for (int k = 1; k <= TFILES; k++)
		s->refs[k] = T.files[k].refs;
	s->live = T.live;
}

bool snap_same(const struct snap *a, const struct snap *b)
{
	return memcmp(a, b, sizeof *a) == 0;
}

int64_t tmap(uint64_t page, uint64_t npages, uint64_t prot, uint64_t flags)
{
	return vm_mmap(&T.mm, P(page), npages * PG, prot, flags, 0, 0);
}

int64_t tmapf(uint64_t page, uint64_t npages, uint64_t prot, uint64_t flags, int file,
              uint64_t pgoff)
{
	return vm_mmap(&T.mm, P(page), npages * PG, prot, flags | VM_MAP_FIXED, tfile(file),
	               pgoff * PG);
}
