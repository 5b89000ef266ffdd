/* bootstrap.c - start the VM server, the FS server and init from the ELF images packed
 * into the kernel, and hand the VM server everything else: all free memory (as memory
 * handles, plus a window to reach it), the other boot modules, and the boot information.
 */
#include "bootstrap.h"
#include "object.h"
#include "pmem.h"
#include "abi/elf64.h"
#include "console.h"
#include "power.h"
#include "base/mem.h"
#include "memlayout.h"
#include "abi/syscall.h"
#include "abi/bootinfo.h"

struct boot_module { const char *name; const uint8_t *start; uint64_t size; };
extern const struct boot_module boot_modules[];
extern const uint64_t boot_module_count;

static struct memobj memobjs[BOOTINFO_MAX_MEM];

static const struct boot_module *find_module(const char *name)
{
	for (uint64_t i = 0; i < boot_module_count; i++)
		if (strcmp(boot_modules[i].name, name) == 0)
			return &boot_modules[i];
	return 0;
}

/* Map one page of a boot task, reusing the frame if an earlier segment shares it. */
static uint64_t boot_page(struct task *t, uint64_t va, uint64_t perms)
{
	uint64_t pte = vm_query(&t->as, va);
	uint64_t pa = pte ? PTE_TO_PA(pte) : pmem_boot_frames(1);
	if (vm_map(&t->as, va, pa, perms | (pte & PTE_PERMS)) < 0)
		panic("boot task page tables over quota");
	return pa;
}

/* Load an ELF executable into t's address space; return its entry point. The images
 * are built with the kernel, but are still checked: a bad one stops the boot cleanly. */
static uint64_t load_elf(struct task *t, const struct boot_module *m)
{
	const struct elf64_ehdr *eh = (const void *)m->start;
	if (m->size < sizeof *eh || memcmp(eh->e_ident, "\177ELF\2\1", 6) || eh->e_type != ET_EXEC ||
	    eh->e_machine != EM_RISCV || eh->e_phentsize != sizeof(struct elf64_phdr) ||
	    eh->e_phoff > m->size || eh->e_phnum > (m->size - eh->e_phoff) / sizeof(struct elf64_phdr))
		panic("boot module is not a RISC-V ELF64 executable");
	const struct elf64_phdr *ph = (const void *)(m->start + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
			continue;
		uint64_t va = ph[i].p_vaddr, end = va + ph[i].p_memsz;
		if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_offset > m->size ||
		    ph[i].p_filesz > m->size - ph[i].p_offset || end < va || end > USER_TOP)
			panic("boot module has a bad segment");
		uint64_t perms = ((ph[i].p_flags & PF_R) ? PTE_R : 0) |
		                 ((ph[i].p_flags & PF_W) ? PTE_W | PTE_R : 0) |
		                 ((ph[i].p_flags & PF_X) ? PTE_X : 0);
		for (uint64_t pva = va & ~(PGSIZE - 1); pva < end; pva += PGSIZE) {
			uint8_t *frame = pa2kva(boot_page(t, pva, perms));
			/* Copy the part of the file image that falls in this page. */
			uint64_t lo = pva > va ? pva : va, hi = pva + PGSIZE;
			uint64_t fend = va + ph[i].p_filesz;
			if (hi > fend)
				hi = fend;
			if (lo < hi)
				memcpy(frame + (lo - pva), m->start + ph[i].p_offset + (lo - va), hi - lo);
		}
	}
	if (eh->e_entry >= USER_TOP)
		panic("boot module entry point outside user space");
	return eh->e_entry;
}

static struct task *start_task(const char *modname, uint8_t prio, uint8_t max_prio)
{
	const struct boot_module *m = find_module(modname);
	if (!m) {
		kprintf("boot module '%s' missing\n", modname);
		panic("cannot start the system");
	}
	long err;
	struct task *t = task_create(max_prio, modname, &err);
	if (!t)
		panic("cannot create a boot task");
	uint64_t entry = load_elf(t, m);
	for (uint64_t i = 1; i <= USER_STACK_PAGES; i++)
		boot_page(t, USER_STACK_TOP - i * PGSIZE, PTE_R | PTE_W);
	if (!thread_create(t, entry, USER_STACK_TOP, 0, prio, &err))
		panic("cannot create a boot thread");
	return t;
}

static void set_pager(struct task *t, struct endpoint *ep, uint64_t badge)
{
	t->threads->pager = ep;
	t->threads->pager_badge = badge;
	ep->refs++;
}

static void copy_name(char *dst, const char *src, uint64_t n)
{
	uint64_t i = 0;
	for (; src[i] && i < n - 1; i++)
		dst[i] = src[i];
	dst[i] = 0;
}

void bootstrap(const struct dt_platform *plat, uint64_t hartid)
{
	struct task *vm = start_task("vm", 12, 14);
	struct task *fs = start_task("fs", 10, 10);
	struct task *init = start_task("init", 4, 8);
	struct endpoint *vm_ep = endpoint_create(vm), *fs_ep = endpoint_create(fs);
	const uint64_t vm_badge = 1 + vm->id, fs_badge = 1 + fs->id, init_badge = 1 + init->id;

	static struct task taskctl_token, power_token, irqctl_token;
	handle_install(vm, VMH_ENDPOINT, H_ENDPOINT, RIGHT_SEND | RIGHT_RECV, 0, vm_ep);
	handle_install(vm, VMH_TASKCTL, H_TASKCTL, RIGHT_ALL, 0, &taskctl_token);
	handle_install(vm, VMH_POWER, H_POWER, RIGHT_ALL, 0, &power_token);
	handle_install(vm, VMH_IRQCTL, H_IRQCTL, RIGHT_ALL, 0, &irqctl_token);
	handle_install(vm, VMH_SELF, H_TASK, RIGHT_ALL, 0, vm);
	handle_install(vm, VMH_FS_EP, H_ENDPOINT, RIGHT_SEND, 0, fs_ep);   /* unbadged: it mints */
	handle_install(fs, TH_VM_EP, H_ENDPOINT, RIGHT_SEND, fs_badge, vm_ep);
	handle_install(fs, TH_FS_EP, H_ENDPOINT, RIGHT_SEND | RIGHT_RECV, 0, fs_ep);
	handle_install(init, TH_VM_EP, H_ENDPOINT, RIGHT_SEND, init_badge, vm_ep);
	handle_install(init, TH_FS_EP, H_ENDPOINT, RIGHT_SEND, init_badge, fs_ep);
	set_pager(fs, vm_ep, fs_badge);
	set_pager(init, vm_ep, init_badge);

	/* The boot information page, read-only in the VM server. */
	uint64_t bi_pa = pmem_boot_frames(1);
	struct bootinfo *bi = pa2kva(bi_pa);
	if (vm_map(&vm->as, BOOTINFO_VA, bi_pa, PTE_R) < 0)
		panic("cannot map the boot information");
	bi->magic = BOOTINFO_MAGIC;
	bi->hartid = hartid;
	bi->plat = *plat;
	uint32_t slot = VMH_FIRST_FREE;
	struct task *boot_tasks[] = {fs, init};
	for (int i = 0; i < 2; i++) {
		struct task *t = boot_tasks[i];
		handle_install(vm, (int)slot, H_TASK, RIGHT_ALL, 0, t);
		copy_name(bi->task[i].name, t->name, sizeof bi->task[i].name);
		bi->task[i].handle = slot++;
		bi->task[i].badge = (uint32_t)(1 + t->id);
	}
	bi->ntask = 2;

	/* The modules are copied to frames the VM server owns: the programs it may start,
	 * and the images of fs and init, whose layout it reads to adopt them. */
	for (uint64_t i = 0; i < boot_module_count && bi->nmod < BOOTINFO_MAX_MOD; i++) {
		const struct boot_module *m = &boot_modules[i];
		if (!strcmp(m->name, "vm"))
			continue;
		uint64_t first = pmem_boot_frames((m->size + PGSIZE - 1) / PGSIZE);
		memcpy(pa2kva(first), m->start, m->size);
		struct bootinfo_module *bm = &bi->mod[bi->nmod++];
		copy_name(bm->name, m->name, sizeof bm->name);
		bm->pa = first;
		bm->size = m->size;
	}

	/* All remaining RAM goes to the VM server, reachable through its window. */
	for (uint32_t i = 0; i < npmem && bi->nmem < BOOTINFO_MAX_MEM; i++) {
		memobjs[bi->nmem] = (struct memobj){pmem[i].base, pmem[i].size};
		handle_install(vm, (int)slot, H_MEM, RIGHT_MAP, 0, &memobjs[bi->nmem]);
		bi->mem[bi->nmem++] = (struct bootinfo_mem){slot++, 0, pmem[i].base, pmem[i].size, pmem[i].used};
		if (vm_map_window(&vm->as, VM_WINDOW_VA + pmem[i].base, pmem[i].base, pmem[i].size) < 0)
			panic("cannot map the VM server's window");
	}
	/* Device registers user-level drivers may map (never RAM): also the console UART's,
	 * whose receiver the FS server drives while the kernel writes its transmitter. */
	const struct dt_device *devs[2 + DT_MAX_VIRTIO];
	const struct dt_device uart = {plat->uart.base, plat->uart.size, plat->uart.irq};
	uint32_t ndevs = 0;
	if (plat->rtc.base)
		devs[ndevs++] = &plat->rtc;
	if (plat->uart.kind != DT_UART_NONE && plat->uart.size)
		devs[ndevs++] = &uart;
	for (uint32_t i = 0; i < plat->nvirtio; i++)
		devs[ndevs++] = &plat->virtio[i];
	for (uint32_t i = 0; i < ndevs && bi->nmem < BOOTINFO_MAX_MEM; i++) {
		uint64_t base = devs[i]->base & ~(PGSIZE - 1);
		uint64_t size = ((devs[i]->base + devs[i]->size + PGSIZE - 1) & ~(PGSIZE - 1)) - base;
		memobjs[bi->nmem] = (struct memobj){base, size};
		handle_install(vm, (int)slot, H_MEM, RIGHT_MAP, 0, &memobjs[bi->nmem]);
		bi->mem[bi->nmem++] = (struct bootinfo_mem){slot++, 1, base, size, 0};
	}
	kprintf("boot: started vm (badge %lu), fs (badge %lu), init (badge %lu); %u modules\n",
	        vm_badge, fs_badge, init_badge, bi->nmod);
}
