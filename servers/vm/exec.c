/* exec.c - VM_SPAWN_FD in three steps, each an answer of the FS server:
 *   1. FS_MAP_FD: may the parent map the descriptor for reading and executing? (the
 *      file's identity, held by a memory object);
 *   2. FS_PAGE_IN of page 0: the ELF and program headers, read in the FS server's cache;
 *   3. a new task whose PT_LOAD segments are MAP_PRIVATE mappings of the file and whose
 *      .bss is anonymous memory; then its thread starts and the parent gets its id.
 * Where a segment's file bytes end inside a page, the rest of that page must read as
 * zeros: the task remembers where (bss_start) and filemap.c zeroes a private copy.
 * The arguments wait in a slot of their own and end on the top page of the child's
 * stack, laid out as Linux does: argc, argv[], NULL, then the strings. */
#include "exec.h"
#include "filemap.h"
#include "frames.h"
#include "memobj.h"
#include "mm.h"
#include "abi/elf64.h"
#include "base/mem.h"
#include "proto/fs.h"

/* fs_wait.req while a spawn is under way */
#define X_NAME   0   /* req[0..1]: the child's name (15 bytes + NUL) */
#define X_PRIO   2
#define X_OBJ    3   /* the memory object of the file, once mapped */
#define X_ARGS   4   /* the index of its arguments' slot */

#define ARGS_MAX  1024   /* bytes of argument strings */
#define ARGC_MAX  64
#define SPAWNS    8      /* spawns under way at once */
static struct spawn_args {
	uint8_t used;
	uint64_t argc, len;
	char bytes[ARGS_MAX];
} args[SPAWNS];

static void finish(struct fs_wait *w, long err, uint64_t child)
{
	struct msg m = {IPC_TAG(err, 0, err ? 0 : 1), {child}};
	args[w->req[X_ARGS]].used = 0;
	if (w->req[X_OBJ])
		memobj_put((struct memobj *)w->req[X_OBJ]);
	if (proc_by_badge(w->badge))
		k_reply(w->token, &m);
	fs_wait_free(w);
}

/* The length of argc NUL-terminated strings at buf (in bytes of at most max), or 0 if
 * they do not fit. */
static size_t strings_len(const char *buf, size_t max, uint64_t argc)
{
	size_t len = 0;
	for (uint64_t i = 0; i < argc; i++) {
		while (len < max && buf[len])
			len++;
		if (len++ >= max)
			return 0;
	}
	return len;
}

long exec_spawn_fd(struct proc *p, const struct vm_spawn_fd_req *q, const char *buf)
{
	if (q->prio > 8)
		return -KE_PERM;
	if (q->fd < 0)
		return -KE_BADF;
	if (q->argc == 0)
		return -KE_INVAL;   /* argv[0] names the program */
	size_t len = q->argc <= ARGC_MAX ? strings_len(buf, ARGS_MAX, q->argc) : 0;
	if (!len)
		return -KE_2BIG;
	int slot = -1;
	for (int i = 0; i < SPAWNS && slot < 0; i++)
		if (!args[i].used)
			slot = i;
	struct fs_wait *w = slot >= 0 ? fs_wait_new(FSW_SPAWN, p->badge) : 0;
	if (!w)
		return -KE_AGAIN;
	args[slot].used = 1, args[slot].argc = q->argc, args[slot].len = len;
	memcpy(args[slot].bytes, buf, len);
	w->req[X_ARGS] = (uint64_t)slot;
	const char *name = buf;   /* argv[0]'s last part */
	for (const char *c = buf; *c; c++)
		if (*c == '/')
			name = c + 1;
	size_t n = strlen(name);
	memcpy(&w->req[X_NAME], name, n < 15 ? n : 15);
	w->req[X_PRIO] = q->prio;
	uint64_t words[] = {p->badge, (uint64_t)q->fd, VM_PROT_READ | VM_PROT_EXEC, VM_MAP_PRIVATE, fs_wait_cookie(w)};
	if (fslink_post(FS_MAP_FD, words, 5) < 0) {
		args[slot].used = 0;
		fs_wait_free(w);
		return -KE_AGAIN;
	}
	w->token = k_caller_save();
	return PROTO_NO_REPLY;
}

void exec_mapped(struct fs_wait *w, const struct vm_fs_done_req *q)
{
	if (q->status)
		return finish(w, (long)q->status, 0);
	struct memobj *o = memobj_file_get(q->file, q->key, (unsigned)q->mode);
	if (!o)
		return finish(w, KE_NOMEM, 0);
	w->req[X_OBJ] = (uint64_t)o;
	uint64_t words[] = {o->file, 0, 0, fs_wait_cookie(w)};
	if (fslink_post(FS_PAGE_IN, words, 4) < 0)
		finish(w, KE_AGAIN, 0);
}

/* Map the PT_LOAD segment ph of the file o into p: 0 or an errno (ENOEXEC if malformed). */
static long map_segment(struct proc *p, struct memobj *o, const struct elf64_phdr *ph, uint64_t *brk)
{
	uint64_t va = ph->p_vaddr, off = ph->p_offset, fend = va + ph->p_filesz, end = va + ph->p_memsz;
	if (ph->p_filesz > ph->p_memsz || end < va || end > USER_TOP / 2 || va < PAGE_SIZE ||
	    (va & (PAGE_SIZE - 1)) != (off & (PAGE_SIZE - 1)) || off + ph->p_filesz < off)
		return 8;   /* ENOEXEC */
	uint64_t prot = ((ph->p_flags & PF_R) ? VM_PROT_READ : 0) | ((ph->p_flags & PF_W) ? VM_PROT_WRITE : 0) |
	                ((ph->p_flags & PF_X) ? VM_PROT_EXEC : 0);
	uint64_t page = va & ~(PAGE_SIZE - 1), fpage_end = (fend + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t page_end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	int64_t r = 0;
	if (ph->p_filesz)
		r = vm_mmap(&p->mm, page, fpage_end - page, prot, VM_MAP_FIXED | VM_MAP_PRIVATE,
		            (struct vm_file *)o, off & ~(PAGE_SIZE - 1));
	else
		fpage_end = page;
	if (r >= 0 && page_end > fpage_end)
		r = vm_mmap(&p->mm, fpage_end, page_end - fpage_end, prot,
		            VM_MAP_FIXED | VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	if (r < 0)
		return -r;
	if (end > fend && (fend & (PAGE_SIZE - 1))) {
		int i = p->bss_start[0] ? 1 : 0;
		if (p->bss_start[i])
			return 8;   /* more than two segments with .bss in a file page */
		p->bss_start[i] = fend;
	}
	if (page_end > *brk)
		*brk = page_end;
	return 0;
}

/* Put the arguments a on the top page of p's stack (argc, argv[], NULL, the strings):
 * the address of argc, 16-aligned, to be the thread's sp and a0; 0 out of memory. */
static uint64_t push_args(struct proc *p, const struct spawn_args *a)
{
	uint64_t page = USER_STACK_TOP - PAGE_SIZE, pa = frame_alloc(p->idx);
	struct vm_area *v = vm_find_vma(&p->mm, page);
	if (!pa || !v)
		return pa ? (frame_put(pa), 0) : 0;
	uint8_t *top = frame_ptr(pa);
	uint64_t strings = PAGE_SIZE - ((a->len + 7) & ~7ul), vec = (strings - 8 * (a->argc + 2)) & ~15ul;
	memcpy(top + strings, a->bytes, a->len);
	uint64_t *argv = (uint64_t *)(top + vec), off = 0;
	argv[0] = a->argc;
	for (uint64_t i = 0; i < a->argc; i++) {
		argv[1 + i] = page + strings + off;
		off += strlen(a->bytes + off) + 1;
	}
	argv[1 + a->argc] = 0;
	if (mm_install(p, page, pa, mm_perms(v->flags)) < 0) {
		frame_put(pa);
		return 0;
	}
	return page + vec;
}

/* Build and start the child from the headers in hdr (one page). 0 or an errno. */
static long build_child(struct fs_wait *w, const uint8_t *hdr, uint64_t *child)
{
	const struct elf64_ehdr *eh = (const void *)hdr;
	struct proc *parent = proc_by_badge(w->badge);
	if (!parent)
		return KE_SRCH;
	if (memcmp(eh->e_ident, "\177ELF\2\1", 6) || eh->e_machine != EM_RISCV || eh->e_type != 2 ||
	    eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phoff > PAGE_SIZE ||
	    eh->e_phnum > (PAGE_SIZE - eh->e_phoff) / sizeof(struct elf64_phdr) || eh->e_entry >= USER_TOP)
		return 8;   /* ENOEXEC: not ours, or headers beyond the first page */
	char name[16];
	memcpy(name, &w->req[X_NAME], 16);
	name[15] = 0;
	long err;
	struct proc *p = proc_create(parent, name, w->req[X_PRIO], 0, &err);   /* as execve: nothing shared */
	if (!p)
		return err;
	const struct elf64_phdr *ph = (const void *)(hdr + eh->e_phoff);
	uint64_t brk = 0;
	err = 0;
	for (int i = 0; i < eh->e_phnum && !err; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_memsz)
			err = map_segment(p, (struct memobj *)w->req[X_OBJ], &ph[i], &brk);
	if (!err && !brk)
		err = 8;
	p->mm.start_brk = p->mm.brk = brk;
	uint64_t sp = err ? 0 : push_args(p, &args[w->req[X_ARGS]]);
	if (!err && !sp)
		err = KE_NOMEM;
	if (!err)
		err = proc_start(p, eh->e_entry, 0, w->req[X_PRIO], sp, sp);
	if (err) {
		proc_abort(p);
		return err;
	}
	*child = p->badge;
	return 0;
}

void exec_header_page(struct fs_wait *w, struct proc *fs, const struct vm_fs_page_req *q)
{
	uint64_t e = q->status || (q->va & (PAGE_SIZE - 1)) ? 0 : pm_get(&fs->pm, q->va), child = 0;
	if (!e || (e & (PM_DEVICE | PM_FILE)))
		return finish(w, q->status == 14 ? 8 : q->status ? (long)q->status : KE_IO, 0);
	long err = build_child(w, frame_ptr(PM_ADDR(e)), &child);
	finish(w, err, child);
}

/* The index of p's record of a .bss start inside page va, or -1. */
static int bss_slot(const struct proc *p, uint64_t va)
{
	for (int i = 0; i < 2; i++)
		if (p->bss_start[i] && (p->bss_start[i] & ~(PAGE_SIZE - 1)) == va)
			return i;
	return -1;
}

int exec_bss_pending(const struct proc *p, uint64_t va)
{
	return bss_slot(p, va) >= 0;
}

uint64_t exec_take_bss(struct proc *p, uint64_t va)
{
	int i = bss_slot(p, va);
	if (i < 0)
		return 0;
	uint64_t off = p->bss_start[i] & (PAGE_SIZE - 1);
	p->bss_start[i] = 0;
	return off;
}
