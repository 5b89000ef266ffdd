/* proc.c - task life cycle. A task's frames are charged to it (frames.c), so its end
 * returns them all; its page tables and handles go with the kernel's task object. */
#include "proc.h"
#include "frames.h"
#include "kcall.h"
#include "base/mem.h"
#include "rt/log.h"
#include "rt/layout.h"

struct elf64_ehdr {
	uint8_t  e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

static struct proc procs[MAX_PROCS];
static const struct bootinfo *boot;
static uint64_t next_badge = 0x100;   /* below are the kernel's boot badges */

void proc_init(const struct bootinfo *bi)
{
	boot = bi;
	for (uint32_t i = 0; i < bi->ntask && i < MAX_PROCS; i++) {
		struct proc *p = &procs[i];
		p->used = 1;
		p->idx = (uint16_t)i;
		p->badge = bi->task[i].badge;
		p->task = bi->task[i].handle;
		memcpy(p->name, bi->task[i].name, sizeof p->name);
	}
}

struct proc *proc_by_badge(uint64_t badge)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (procs[i].used && procs[i].badge == badge)
			return &procs[i];
	return 0;
}

uint64_t proc_count(void)
{
	uint64_t n = 0;
	for (int i = 0; i < MAX_PROCS; i++)
		n += procs[i].used && !procs[i].zombie;
	return n;
}

/* Map a fresh frame at va in p (or reuse the one there); returns its pa or 0. */
static uint64_t map_new(struct proc *p, uint64_t va, uint64_t perms)
{
	uint64_t pa, off;
	long mem;
	long cur = k_query(p->task, va, &pa);
	if (cur >= 0)
		perms |= (uint64_t)cur & (PERM_R | PERM_W | PERM_X);
	else if (!(pa = frame_alloc(p->idx)))
		return 0;
	if (frame_handle(pa, &mem, &off) < 0 || k_map(p->task, va, mem, off, 1, perms) < 0)
		return 0;
	return pa;
}

/* Load the ELF image at `img` (size bytes, in our window) into p. Returns the entry
 * point, or 0 if the image is malformed or memory ran out. */
static uint64_t load_elf(struct proc *p, const uint8_t *img, uint64_t size)
{
	const struct elf64_ehdr *eh = (const void *)img;
	if (size < sizeof *eh || memcmp(eh->e_ident, "\177ELF\2\1", 6) || eh->e_machine != 243 ||
	    eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phoff > size ||
	    eh->e_phnum > (size - eh->e_phoff) / sizeof(struct elf64_phdr) || eh->e_entry >= USER_TOP)
		return 0;
	const struct elf64_phdr *ph = (const void *)(img + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != 1 || ph[i].p_memsz == 0)
			continue;
		uint64_t va = ph[i].p_vaddr, end = va + ph[i].p_memsz, fend = va + ph[i].p_filesz;
		if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_offset > size ||
		    ph[i].p_filesz > size - ph[i].p_offset || end < va || end > USER_HEAP_BASE)
			return 0;
		uint64_t perms = ((ph[i].p_flags & 4) ? PERM_R : 0) | ((ph[i].p_flags & 2) ? PERM_W | PERM_R : 0) |
		                 ((ph[i].p_flags & 1) ? PERM_X : 0);
		for (uint64_t pva = va & ~(PAGE_SIZE - 1); pva < end; pva += PAGE_SIZE) {
			uint64_t pa = map_new(p, pva, perms);
			if (!pa)
				return 0;
			uint64_t lo = pva > va ? pva : va, hi = pva + PAGE_SIZE < fend ? pva + PAGE_SIZE : fend;
			if (lo < hi)
				memcpy((char *)frame_ptr(pa) + (lo - pva), img + ph[i].p_offset + (lo - va), hi - lo);
		}
	}
	return eh->e_entry;
}

static const struct bootinfo_module *find_module(const char *name)
{
	for (uint32_t i = 0; i < boot->nmod; i++)
		if (!strcmp(boot->mod[i].name, name))
			return &boot->mod[i];
	return 0;
}

struct proc *proc_spawn(struct proc *parent, const char *name, const int64_t give[VM_SPAWN_PASS],
                        uint64_t prio, long *err)
{
	const struct bootinfo_module *m = find_module(name);
	struct proc *p = 0;
	if (!m) {
		*err = KE_NOENT;
		return 0;
	}
	for (int i = 0; i < MAX_PROCS && !p; i++)
		if (!procs[i].used)
			p = &procs[i];
	if (!p) {
		*err = KE_AGAIN;
		return 0;
	}
	memset(p, 0, sizeof *p);
	p->idx = (uint16_t)(p - procs);
	p->badge = next_badge++;
	p->parent = parent;
	for (int i = 0; name[i] && i < (int)sizeof p->name - 1; i++)
		p->name[i] = name[i];
	p->task = k_task_create(VMH_TASKCTL, prio, p->name);
	if (p->task < 0) {
		*err = -p->task;
		return 0;
	}
	p->used = 1;
	long pager = -1;
	uint64_t entry = load_elf(p, frame_ptr(m->pa), m->size);
	*err = entry ? 0 : KE_NOMEM;
	if (!*err && (k_handle_copy(HANDLE_SELF, VMH_ENDPOINT, p->task, TH_VM_EP, RIGHT_SEND, p->badge) < 0 ||
	              k_handle_copy(HANDLE_SELF, VMH_FS_EP, p->task, TH_FS_EP, RIGHT_SEND, p->badge) < 0))
		*err = KE_NOMEM;
	for (int i = 0; i < VM_SPAWN_PASS && !*err; i++) {
		if (give[i] < 0)
			continue;
		long r = k_handle_copy(parent->task, give[i], p->task, TH_FIRST_FREE + i, RIGHT_ALL, 0);
		if (r < 0)
			*err = -r;
	}
	if (!*err && (pager = k_handle_copy(HANDLE_SELF, VMH_ENDPOINT, HANDLE_SELF, -1, RIGHT_SEND, p->badge)) < 0)
		*err = -pager;
	if (!*err) {
		long r = k_thread_start(p->task, entry, USER_STACK_TOP, 0, prio, pager);
		if (r < 0)
			*err = -r;
	}
	if (pager >= 0)
		k_handle_close(pager);
	if (*err) {   /* undo everything: the task, its frames, its slot */
		k_task_destroy(p->task);
		k_handle_close(p->task);
		frames_release_owner(p->idx);
		p->used = 0;
		return 0;
	}
	return p;
}

static void free_proc(struct proc *p)
{
	for (int i = 0; i < MAX_PROCS; i++)    /* its children no longer have a parent */
		if (procs[i].used && procs[i].parent == p) {
			procs[i].parent = 0;
			if (procs[i].zombie)
				procs[i].used = 0;
		}
	p->used = 0;
}

void proc_end(struct proc *p, const struct vm_wait_rep *end)
{
	if (p->task >= 0) {
		k_task_destroy(p->task);
		k_handle_close(p->task);
		p->task = -1;
	}
	frames_release_owner(p->idx);
	p->end = *end;
	p->zombie = 1;
	if (p->parent && p->wait_token) {
		struct msg m = {IPC_TAG(0, 0, PROTO_WORDS(sizeof(struct vm_wait_rep))), {0}};
		memcpy(m.w, &p->end, sizeof p->end);
		k_reply(p->wait_token, &m);
		free_proc(p);
	} else if (!p->parent) {
		free_proc(p);
	}
}

long proc_wait(struct proc *parent, int64_t child, struct vm_wait_rep *rep)
{
	struct proc *c = proc_by_badge((uint64_t)child);
	if (!c || c->parent != parent)
		return -KE_SRCH;
	if (c->wait_token)
		return -KE_BUSY;
	if (c->zombie) {
		*rep = c->end;
		free_proc(c);
		return 0;
	}
	long token = k_caller_save();
	if (token < 0)
		return token;
	c->wait_token = token;
	return 1;
}
