/* maps.c - the VMAs as an array (tests, the pager) or as /proc/self/maps-like text with
 * smaps' VmFlags letters, and the invariant checker run after every operation in tests. */
#include "vm_internal.h"
#include "base/mem.h"

static struct vm_area *nth(struct vm_mm *mm, size_t index)
{
	struct vm_area *v = vt_first(mm);
	while (v && index--)
		v = vt_next(mm, v);
	return v;
}

size_t vm_maps(struct vm_mm *mm, size_t index, struct vm_map_entry *out, size_t max)
{
	size_t n = 0;
	for (struct vm_area *v = nth(mm, index); v && n < max; v = vt_next(mm, v), n++)
		out[n] = (struct vm_map_entry){v->start, v->end, v->pgoff, v->flags, v->anon, v->file};
	return n;
}

/* ---- text ---- */

struct out {
	char *buf;
	size_t size, len;
	bool full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->size) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void puts_(struct out *o, const char *s) { put(o, s, strlen(s)); }

static void hex(struct out *o, uint64_t x, int min_digits)
{
	char t[16];
	int n = 0;
	do {
		t[15 - n++] = "0123456789abcdef"[x & 15];
		x >>= 4;
	} while (x || n < min_digits);
	put(o, t + 16 - n, (size_t)n);
}

/* smaps' VmFlags letters for the flags we have. */
static const struct { uint64_t bit; char name[3]; } flag_names[] = {
	{VM_READ, "rd"}, {VM_WRITE, "wr"}, {VM_EXEC, "ex"}, {VM_SHARED, "sh"},
	{VM_MAYREAD, "mr"}, {VM_MAYWRITE, "mw"}, {VM_MAYEXEC, "me"}, {VM_MAYSHARE, "ms"},
	{VM_GROWSDOWN, "gd"}, {VM_PFNMAP, "pf"}, {VM_LOCKED, "lo"}, {VM_IO, "io"},
	{VM_SEQ_READ, "sr"}, {VM_RAND_READ, "rr"}, {VM_DONTCOPY, "dc"}, {VM_DONTEXPAND, "de"},
	{VM_LOCKONFAULT, "lf"}, {VM_ACCOUNT, "ac"}, {VM_NORESERVE, "nr"}, {VM_SYNC, "sf"},
	{VM_WIPEONFORK, "wf"}, {VM_SOFTDIRTY, "sd"},
	{VM_MIXEDMAP, "mm"}, {VM_NOHUGEPAGE, "nh"},
};

static void line(struct out *o, struct vm_area *v,
                 void (*name)(void *, struct vm_file *, char *, size_t), void *ctx)
{
	char perms[5] = {v->flags & VM_READ ? 'r' : '-', v->flags & VM_WRITE ? 'w' : '-',
	                 v->flags & VM_EXEC ? 'x' : '-', v->flags & VM_MAYSHARE ? 's' : 'p', 0};
	hex(o, v->start, 8);
	put(o, "-", 1);
	hex(o, v->end, 8);
	put(o, " ", 1);
	puts_(o, perms);
	put(o, " ", 1);
	hex(o, v->file ? v->pgoff << VM_PAGE_SHIFT : 0, 8);
	put(o, " ", 1);
	if (v->file) {
		char nm[64] = "file";
		if (name)
			name(ctx, v->file, nm, sizeof nm);
		nm[sizeof nm - 1] = 0;
		puts_(o, nm);
	} else {
		puts_(o, v->flags & VM_GROWSDOWN ? "[stack]" : "[anon]");
	}
	for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
		if (v->flags & flag_names[i].bit) {
			put(o, " ", 1);
			put(o, flag_names[i].name, 2);
		}
	put(o, "\n", 1);
}

size_t vm_maps_text(struct vm_mm *mm, size_t index, char *buf, size_t size,
                    void (*name)(void *ctx, struct vm_file *f, char *buf, size_t n),
                    void *name_ctx, size_t *next)
{
	struct out o = {buf, size, 0, false};
	size_t lines = 0;
	if (size)
		buf[0] = 0;
	for (struct vm_area *v = nth(mm, index); v; v = vt_next(mm, v)) {
		size_t before = o.len;
		line(&o, v, name, name_ctx);
		if (o.full) {
			o.len = before;
			break;
		}
		lines++;
	}
	if (size)
		buf[o.len] = 0;
	if (next)
		*next = index + lines;
	return lines;
}

/* ---- checks ---- */

uint64_t vm_accounted_pages(struct vm_mm *mm)
{
	uint64_t n = 0, steps = mm->steps;
	for (struct vm_area *v = vt_first(mm); v; v = vt_next(mm, v))
		if (v->flags & VM_ACCOUNT)
			n += vma_pages(v);
	mm->steps = steps;
	return n;
}

static int bad(char *why, size_t n, const char *msg)
{
	size_t i = 0;
	while (n && msg[i] && i + 1 < n) {
		why[i] = msg[i];
		i++;
	}
	if (n)
		why[i] = 0;
	return -1;
}

static int check(struct vm_mm *mm, char *why, size_t n);

int vm_check(struct vm_mm *mm, char *why, size_t n)
{
	uint64_t steps = mm->steps;                 /* checking is not the operation's cost */
	int r = check(mm, why, n);
	mm->steps = steps;
	return r;
}

static int check(struct vm_mm *mm, char *why, size_t n)
{
	if (vt_check(mm, why, n))
		return -1;
	uint64_t total = 0, locked = 0, data = 0, exec = 0, stack = 0;
	for (struct vm_area *v = vt_first(mm); v; v = vt_next(mm, v)) {
		uint64_t p = vma_pages(v);
		total += p;
		if (v->flags & VM_LOCKED)
			locked += p;
		if (vm_is_exec(v->flags))
			exec += p;
		else if (vm_is_stack(v->flags))
			stack += p;
		else if (vm_is_data(v->flags))
			data += p;
		if ((v->flags & VM_LOCKED) && (v->flags & VM_SPECIAL))
			return bad(why, n, "a special VMA is locked");
		if ((v->flags & VM_SHARED) && !(v->flags & VM_MAYSHARE))
			return bad(why, n, "VM_SHARED without VM_MAYSHARE");
		if ((v->flags & (VM_SHARED | VM_MAYSHARE)) && !v->file)
			return bad(why, n, "a shared VMA without its object");
		if ((v->flags & VM_ACCESS_FLAGS) & ~(v->flags >> 4))
			return bad(why, n, "an access bit without its VM_MAY bit");
		if (v->anon_forked && !v->anon)
			return bad(why, n, "anon_forked without an anon identity");
		if ((v->flags & VM_WIPEONFORK) && (v->file || (v->flags & VM_SHARED)))
			return bad(why, n, "VM_WIPEONFORK on a VMA that is not private anonymous");
	}
	if (total != mm->total_vm)
		return bad(why, n, "total_vm differs from the VMAs");
	if (locked != mm->locked_vm)
		return bad(why, n, "locked_vm differs from the VMAs");
	if (data != mm->data_vm || exec != mm->exec_vm || stack != mm->stack_vm)
		return bad(why, n, "data/exec/stack counters differ from the VMAs");
	return 0;
}
