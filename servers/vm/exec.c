/* exec.c - VM_SPAWN_FD in three steps, each an answer of the FS server:
 *   1. FS_MAP_FD: may the parent map the descriptor for reading and executing? (the
 *      file's identity, held by a memory object);
 *   2. FS_PAGE_IN of page 0: the ELF and program headers, read in the FS server's cache;
 *   3. a new task whose PT_LOAD segments are MAP_PRIVATE mappings of the file and whose
 *      .bss is anonymous memory; then its thread starts and the parent gets its id.
 * Where a segment's file bytes end inside a page, the rest of that page must read as
 * zeros: the task remembers where (bss_start) and filemap.c zeroes a private copy. */
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

static void finish(struct fs_wait *w, long err, uint64_t child)
{
	struct msg m = {IPC_TAG(err, 0, err ? 0 : 1), {child}};
	if (w->req[X_OBJ])
		memobj_put((struct memobj *)w->req[X_OBJ]);
	if (proc_by_badge(w->badge))
		k_reply(w->token, &m);
	fs_wait_free(w);
}

long exec_spawn_fd(struct proc *p, const struct vm_spawn_fd_req *q, const char *name)
{
	if (q->prio > 8)
		return -KE_PERM;
	if (q->fd < 0)
		return -KE_BADF;
	struct fs_wait *w = fs_wait_new(FSW_SPAWN, p->badge);
	if (!w)
		return -KE_AGAIN;
	size_t n = strlen(name);
	memcpy(&w->req[X_NAME], name, n < 15 ? n : 15);
	w->req[X_PRIO] = q->prio;
	uint64_t words[] = {p->badge, (uint64_t)q->fd, VM_PROT_READ | VM_PROT_EXEC, VM_MAP_PRIVATE, fs_wait_cookie(w)};
	if (fslink_post(FS_MAP_FD, words, 5) < 0) {
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
	w->va = 0;
	w->req[4] = o->file, w->req[5] = 0;
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
	if (!err)
		err = proc_start(p, eh->e_entry, 0, w->req[X_PRIO]);
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

int exec_bss_pending(const struct proc *p, uint64_t va)
{
	for (int i = 0; i < 2; i++)
		if (p->bss_start[i] && (p->bss_start[i] & ~(PAGE_SIZE - 1)) == va)
			return 1;
	return 0;
}

uint64_t exec_take_bss(struct proc *p, uint64_t va)
{
	for (int i = 0; i < 2; i++)
		if (p->bss_start[i] && (p->bss_start[i] & ~(PAGE_SIZE - 1)) == va) {
			uint64_t off = p->bss_start[i] & (PAGE_SIZE - 1);
			p->bss_start[i] = 0;
			return off;
		}
	return 0;
}
