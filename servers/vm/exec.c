/* exec.c - VM_SPAWN_FD in steps, each an answer of the FS server:
 *   1. FS_MAP_FD: may the parent map the descriptor for reading and executing? (the
 *      file's identity, held by a memory object);
 *   2. FS_PAGE_IN of page 0: the ELF and program headers, read in the FS server's cache;
 *      a new task whose PT_LOAD segments are MAP_PRIVATE mappings of the file and whose
 *      .bss is anonymous memory;
 *   3. where a segment's file bytes end inside a page, the rest of that page must read
 *      as zeros (Linux's padzero): FS_PAGE_IN of each such page (at most two), which the
 *      task gets as a private copy with its tail zeroed; then its thread starts and the
 *      parent gets its id. So the fault path knows nothing of programs.
 * A spawn's arguments and environment wait in a slot of their own and end on the top
 * page of the child's stack, laid out as Linux does (lib/exec/initstack.h); an execve's
 * stay in its personality, which lays them out on the new stack itself.
 * Whether the file can be loaded at all, and where each segment goes, is lib/exec's load
 * plan (elfplan.h), made before anything is changed. An ELF marked native (EI_OSABI 255,
 * as the build marks programs of lib/rt) starts at its entry with a0 = sp. Any other is a
 * Linux program: ET_EXEC, or ET_DYN without an interpreter (static-pie) loaded at Linux's
 * ELF_ET_DYN_BASE; the Linux personality
 * (boot module "linux", lib/linux) is mapped in too, the kernel sends the task's
 * ecalls to it (SYS_TASK_LINUX), and its start runs first, with a0 = the program's
 * entry. */
#include "exec.h"
#include "filemap.h"
#include "childwait.h"
#include "cred.h"
#include "frames.h"
#include "memobj.h"
#include "mm.h"
#include "threads.h"
#include "abi/elf64.h"
#include "base/mem.h"
#include "proto/fs_msgs.h"
#include "exec/elfplan.h"
#include "exec/initstack.h"
#include "rt/log.h"

/* fs_wait.req while a spawn is under way */
#define X_NAME   0   /* req[0..1]: the child's name (15 bytes + NUL) */
#define X_PRIO   2
#define X_OBJ    3   /* the memory object of the file, once mapped */
#define X_ARGS   4   /* the index of its arguments' slot */
#define X_SIZE   5   /* the file's size in bytes */

#define SPAWNS    8      /* spawns under way at once */
static struct spawn_args {
	uint8_t used;
	uint8_t in_place;     /* VM_EXECVE: the caller's own address space is replaced ... */
	int64_t tid;          /* ... by its thread tid */
	uint64_t argc, envc, len;
	char bytes[VM_EXEC_ARGS_MAX];
	/* from step 2 on: the child, how its thread starts, the pages still to zero (the
	 * address of the first .bss byte, 0: none) */
	uint64_t child, start, sp, arg, bss[ELFPLAN_BSS];
	uint64_t phdr, phnum;   /* a Linux program's headers in memory (AT_PHDR, AT_PHNUM) */
} args[SPAWNS];
static fs_done_fn file_mapped;
static fs_page_fn header_page, bss_page;

/* The spawn of w is over: answer the parent with err or the child's id (an execve: where
 * the new image enters and its sp), free w. */
static void finish(struct fs_wait *w, long err, uint64_t child)
{
	struct spawn_args *a = &args[w->req[X_ARGS]];
	struct msg m = {IPC_TAG(err, 0, err ? 0 : 1), {child}};
	if (a->in_place && !err) {
		m = (struct msg){IPC_TAG(0, 0, 3), {a->arg, a->phdr, a->phnum}};
		struct proc *p = proc_by_badge(w->badge);
		if (p)
			proc_vfork_done(p);   /* a vfork's parent goes on once the child has its image */
	}
	a->used = 0;
	if (w->req[X_OBJ])
		memobj_put((struct memobj *)w->req[X_OBJ]);
	struct proc *caller = proc_by_badge(w->badge);
	if (caller && !caller->zombie)
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

/* Step 0 of a spawn or (in_place) an execve by p's thread tid of the program on its descriptor fd. */
static long begin(struct proc *p, int64_t fd, uint64_t argc, uint64_t envc, const char *buf, uint64_t prio,
                  int in_place, int64_t tid)
{
	if (fd < 0)
		return -KE_BADF;
	if (argc == 0 && !in_place)
		return -KE_INVAL;   /* argv[0] names the program */
	size_t len = argc <= VM_EXEC_ARGC_MAX && envc <= VM_EXEC_ARGC_MAX - argc ? strings_len(buf, VM_EXEC_ARGS_MAX, argc + envc) : 0;
	if (!len && argc + envc)
		return -KE_2BIG;
	int slot = -1;
	for (int i = 0; i < SPAWNS && slot < 0; i++)
		if (!args[i].used)
			slot = i;
	struct fs_wait *w = slot >= 0 ? fs_wait_new(FSW_SPAWN, p->badge) : 0;
	if (!w)
		return -KE_AGAIN;
	args[slot] = (struct spawn_args){.used = 1, .in_place = (uint8_t)in_place, .tid = tid, .argc = argc,
	                                 .envc = envc, .len = len};
	memcpy(args[slot].bytes, buf, len);
	w->req[X_ARGS] = (uint64_t)slot;
	const char *name = buf;   /* argv[0]'s last part, or an execve's path's */
	for (const char *c = buf; (argc || in_place) && *c; c++)
		if (*c == '/')
			name = c + 1;
	size_t n = argc || in_place ? strlen(name) : 0;
	memcpy(&w->req[X_NAME], name, n < 15 ? n : 15);
	w->req[X_PRIO] = prio;
	w->on_done = file_mapped;
	uint64_t words[] = {p->badge, (uint64_t)fd, VM_PROT_READ | VM_PROT_EXEC, VM_MAP_PRIVATE, fs_wait_cookie(w)};
	if (fslink_post(FS_MAP_FD, words, 5) < 0) {
		args[slot].used = 0;
		fs_wait_free(w);
		return -KE_AGAIN;
	}
	w->token = k_caller_save();
	return PROTO_NO_REPLY;
}

long exec_spawn_fd(struct proc *p, const struct vm_spawn_fd_req *q, const char *buf)
{
	if (q->prio > 8)
		return -KE_PERM;
	return begin(p, q->fd, q->argc, q->envc, buf, q->prio, 0, 0);
}

long exec_execve(struct proc *p, const struct vm_execve_req *q, const char *buf)
{
	if (!p->lx_entry)
		return -KE_INVAL;   /* a Linux-ABI task's: its personality stays */
	long e = cred_may_exec(p);
	if (e < 0)
		return e;
	return begin(p, q->fd, 0, 0, buf, p->prio, 1, q->tid);
}

/* Step 1's answer: the file (FS_MAP_FD); ask for its first page. */
static void file_mapped(struct fs_wait *w, const struct vm_fs_done_req *q)
{
	if (q->status)
		return finish(w, (long)q->status, 0);
	struct memobj *o = memobj_file_get(q->file, q->key, (unsigned)q->mode);
	if (!o)
		return finish(w, KE_NOMEM, 0);
	w->req[X_OBJ] = (uint64_t)o;
	w->req[X_SIZE] = q->size;
	w->on_done = 0;
	w->on_page = header_page;
	uint64_t words[] = {o->file, 0, 0, fs_wait_cookie(w)};
	if (fslink_post(FS_PAGE_IN, words, 4) < 0)
		finish(w, KE_AGAIN, 0);
}

/* An execve's point of no return: p's address space but the personality's pages goes
 * (shared file pages written back as by munmap), and what a new image does not inherit
 * (mlockall's MCL_FUTURE, the break) is reset. */
static void drop_image(struct proc *p)
{
	vm_munmap(&p->mm, 0, p->lx_lo);
	vm_munmap(&p->mm, p->lx_end, USER_TOP - p->lx_end);
	p->mm.def_flags &= ~VM_LOCKED_MASK;
	p->mm.start_brk = p->mm.brk = 0;
}

/* Map the segment ph of the file o into p as the plan at bias says: 0 or an errno. */
static long map_segment(struct proc *p, struct memobj *o, const struct elf64_phdr *ph, uint64_t bias)
{
	struct elfplan_seg sg = elfplan_segment(ph, bias);
	uint64_t prot = ((sg.prot & PF_R) ? VM_PROT_READ : 0) | ((sg.prot & PF_W) ? VM_PROT_WRITE : 0) |
	                ((sg.prot & PF_X) ? VM_PROT_EXEC : 0);
	int64_t r = 0;
	if (sg.file_end > sg.page)
		r = vm_mmap(&p->mm, sg.page, sg.file_end - sg.page, prot, VM_MAP_FIXED | VM_MAP_PRIVATE,
		            (struct vm_file *)o, sg.off);
	if (r >= 0 && sg.end > sg.file_end)
		r = vm_mmap(&p->mm, sg.file_end, sg.end - sg.file_end, prot,
		            VM_MAP_FIXED | VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, 0, 0);
	return r < 0 ? -r : 0;
}

/* A seed for AT_RANDOM: no entropy source here yet, so the time and the task's id,
 * mixed (splitmix64). Not for cryptography. */
static uint64_t random_word(uint64_t x)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	x += t * 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Lay out the arguments a, the environment and aux (naux pairs) on the top page of p's
 * stack: the initial sp (16-aligned), or 0 if out of memory or they do not fit. */
static uint64_t push_args(struct proc *p, const struct spawn_args *a, const uint64_t (*aux)[2], size_t naux)
{
	uint64_t page = USER_STACK_TOP - PAGE_SIZE, pa = frame_alloc(p->idx);
	struct vm_area *v = vm_find_vma(&p->mm, page);
	if (!pa || !v)
		return pa ? (frame_put(pa), 0) : 0;
	uint64_t rnd[2] = {random_word(p->badge), random_word(p->badge + 1)};
	long sp = initstack_build(frame_ptr(pa), PAGE_SIZE, page, a->bytes, a->len, a->argc, a->envc, aux,
	                          naux, (const uint8_t *)rnd, 0);
	if (sp < 0 || mm_install(p, page, pa, mm_perms(v->flags)) < 0) {
		frame_put(pa);
		return 0;
	}
	return page + (uint64_t)sp;
}

/* Make p a Linux-ABI task whose program is loaded by plan pl: map the personality
 * (unless an execve keeps it), have the kernel send its ecalls there, and, for a spawn,
 * lay out the stack with Linux's auxv (an execve's personality lays out its own). Its
 * initial sp in *sp and the personality's start; 0 or an errno. */
static long linux_setup(struct proc *p, const struct elfplan *pl, struct spawn_args *a, uint64_t *sp,
                        uint64_t *start)
{
	if (!a->in_place) {
		uint64_t lo, hi, end;
		*start = proc_load_module(p, "linux", &lo, &hi, &end);
		if (!*start)
			return KE_NOMEM;
		long r = k_task_linux(p->task, lo, lo, hi, 0);   /* interrupts: once it says where (VM_SIGSTATE) */
		if (r < 0)
			return -r;
		p->lx_entry = lo, p->lx_lo = lo, p->lx_hi = hi, p->lx_end = end;   /* for fork and execve */
	}
	cred_exec_done(p);
	a->phdr = pl->phdr, a->phnum = pl->eh->e_phnum;
	if (a->in_place)
		return 0;   /* the personality lays out the stack, with the strings it kept */
	uint64_t aux[INITSTACK_AUX_MAX][2];
	uint32_t ids[4] = {p->uid[0], p->uid[1], p->gid[0], p->gid[1]};
	size_t naux = initstack_linux_aux(aux, a->phdr, a->phnum, pl->entry, ids,
	                                  ((const struct bootinfo *)BOOTINFO_VA)->plat.timebase_hz);
	*sp = push_args(p, a, (const uint64_t(*)[2])aux, naux);
	return *sp ? 0 : KE_NOMEM;
}

/* An execve that failed after its point of no return: the task ends as Linux ends it,
 * killed by SIGSEGV (its calling thread, waiting for the answer, goes with it). */
static void end_image(struct proc *p)
{
	struct vm_wait_rep end = {128 + 11, 0, 0, 0, 11};
	log_printf("vm: %s (id %lu): execve failed after the old image was gone\n", p->name, p->badge);
	proc_end(p, &end);
}

/* Build the child from the headers in hdr (the first page of the file), all but its
 * thread, recording in its spawn slot how that starts. 0 or an errno (then there is no
 * child; ENOEXEC for any image the load plan refuses). */
static long build_child(struct fs_wait *w, const uint8_t *hdr)
{
	struct proc *parent = proc_by_badge(w->badge);
	if (!parent)
		return KE_SRCH;
	char name[16];
	memcpy(name, &w->req[X_NAME], 16);
	name[15] = 0;
	struct spawn_args *a = &args[w->req[X_ARGS]];
	uint64_t size = w->req[X_SIZE], sp = 0, start = 0;
	struct elfplan pl;
	enum elfplan_error e = elfplan_make(hdr, size < PAGE_SIZE ? size : PAGE_SIZE, size, &pl);
	if (e == ELFPLAN_E_INTERP)
		log_printf("vm: %s needs the interpreter of a dynamic executable: not supported\n", name);
	if (e || (pl.native && a->in_place))
		return 8;   /* ENOEXEC; a native program has no personality to keep */
	struct proc *p = parent;
	long err = 0;
	if (a->in_place) {
		drop_image(p);   /* the point of no return */
		proc_de_thread(p, w->token, a->tid);   /* the other threads end */
		p->execed = 1;
		memset(p->name, 0, sizeof p->name);
		memcpy(p->name, name, sizeof name);
		err = proc_new_stack(p) < 0 ? KE_NOMEM : 0;
	} else if (!(p = proc_create(parent, name, w->req[X_PRIO], 0, &err))) {   /* nothing shared */
		return err;
	}
	for (int i = 0; i < pl.eh->e_phnum && !err; i++)
		if (elfplan_loads(&pl.ph[i]))
			err = map_segment(p, (struct memobj *)w->req[X_OBJ], &pl.ph[i], pl.bias);
	if (!err && pl.native) {
		start = pl.entry;
		sp = push_args(p, a, 0, 0);
		err = sp ? 0 : KE_NOMEM;
	} else if (!err) {
		err = linux_setup(p, &pl, a, &sp, &start);
	}
	p->mm.start_brk = p->mm.brk = pl.brk;
	if (err && a->in_place) {
		end_image(p);
		return KE_SRCH;
	}
	if (err) {
		proc_abort(p);
		return err;
	}
	memcpy(a->bss, pl.bss, sizeof a->bss);
	a->child = p->badge, a->start = start, a->sp = sp, a->arg = pl.native ? sp : pl.entry;
	return 0;
}

/* The cache page an answer q names in the FS server's address space, or 0 with *err. */
static uint64_t answer_page(struct proc *fs, const struct vm_fs_page_req *q, long *err)
{
	uint64_t e = q->status || (q->va & (PAGE_SIZE - 1)) ? 0 : pm_get(&fs->pm, q->va);
	if (e && !(e & (PM_DEVICE | PM_FILE)))
		return PM_ADDR(e);
	*err = q->status == 14 ? 8 : q->status ? (long)q->status : KE_IO;   /* EFAULT: ENOEXEC */
	return 0;
}

/* Step 3 for w's child: ask for the next page to zero, or, with none left, start the
 * child's thread and end the spawn. */
static void next_bss_page(struct fs_wait *w)
{
	struct spawn_args *a = &args[w->req[X_ARGS]];
	struct proc *p = proc_by_badge(a->child), *parent = proc_by_badge(w->badge);
	long err = 0;
	int i = a->bss[0] ? 0 : a->bss[1] ? 1 : -1;
	if (!p || p->zombie)
		return finish(w, KE_SRCH, 0);
	if (!a->in_place && (!parent || parent->zombie || p->parent != parent)) {
		err = KE_SRCH;   /* the parent ended meanwhile */
	} else if (i >= 0) {
		uint64_t va = a->bss[i] & ~(PAGE_SIZE - 1);
		const struct vm_area *v = vm_find_vma(&p->mm, va);
		uint64_t words[] = {memobj_of(v->file)->file, v->pgoff + (va - v->start) / PAGE_SIZE, 0,
		                    fs_wait_cookie(w)};
		w->on_page = bss_page;
		if (fslink_post(FS_PAGE_IN, words, 4) == 0)
			return;
		err = KE_AGAIN;
	} else if (!a->in_place) {
		err = proc_start(p, a->start, 0, w->req[X_PRIO], a->sp, a->arg);
	}
	if (err && a->in_place)
		end_image(p);
	else if (err)
		proc_abort(p);
	finish(w, err, err ? 0 : a->child);
}

/* Step 3's answers: the page holding a .bss start; the child gets it zeroed from there. */
static void bss_page(struct fs_wait *w, struct proc *fs, const struct vm_fs_page_req *q)
{
	struct spawn_args *a = &args[w->req[X_ARGS]];
	struct proc *p = proc_by_badge(a->child);
	int i = a->bss[0] ? 0 : 1;
	uint64_t va = a->bss[i] & ~(PAGE_SIZE - 1);
	long err = 0;
	if (!p || p->zombie)
		return finish(w, KE_SRCH, 0);
	uint64_t src = answer_page(fs, q, &err);
	if (src && filemap_private_copy(p, va, src, mm_perms(vm_find_vma(&p->mm, va)->flags),
	                                a->bss[i] & (PAGE_SIZE - 1)) < 0)
		err = KE_NOMEM;
	if (err) {
		if (a->in_place)
			end_image(p);
		else
			proc_abort(p);
		return finish(w, err, 0);
	}
	a->bss[i] = 0;
	next_bss_page(w);
}

/* Step 2's answer: the first page of the file, with the headers. */
static void header_page(struct fs_wait *w, struct proc *fs, const struct vm_fs_page_req *q)
{
	long err = 0;
	uint64_t src = answer_page(fs, q, &err);
	if (src)
		err = build_child(w, frame_ptr(src));
	if (err)
		return finish(w, err, 0);
	next_bss_page(w);
}
