/* elfplan.c - the checks of an executable's headers and its load plan (elfplan.h). */
#include "exec/elfplan.h"

#define PAGE_MASK (ELFPLAN_PAGE - 1)

static uint64_t page_up(uint64_t a) { return (a + PAGE_MASK) & ~PAGE_MASK; }

int elfplan_loads(const struct elf64_phdr *ph)
{
	return ph->p_type == PT_LOAD && ph->p_memsz;
}

/* Is the PT_LOAD segment ph (at bias) malformed, or do its bytes lie past the end of the
 * file (size bytes)? The first test keeps va + bias from wrapping. */
static int segment_bad(const struct elf64_phdr *ph, uint64_t bias, uint64_t size)
{
	uint64_t va = ph->p_vaddr + bias, off = ph->p_offset, end = va + ph->p_memsz;
	return ph->p_vaddr > ELFPLAN_TOP || ph->p_filesz > ph->p_memsz || end < va || end > ELFPLAN_TOP ||
	       va < ELFPLAN_PAGE || (va & PAGE_MASK) != (off & PAGE_MASK) || off + ph->p_filesz < off ||
	       off + ph->p_filesz > size;
}

/* The address of the first .bss byte of ph (at bias) if it lies inside a page with file
 * bytes (that page's tail must be zeroed), else 0. */
static uint64_t bss_in_file_page(const struct elf64_phdr *ph, uint64_t bias)
{
	uint64_t fend = ph->p_vaddr + bias + ph->p_filesz;
	return ph->p_filesz && ph->p_memsz > ph->p_filesz && (fend & PAGE_MASK) ? fend : 0;
}

/* Where the program headers are in the program's memory (AT_PHDR): PT_PHDR's address,
 * else where a PT_LOAD maps the file bytes at e_phoff, else 0. */
static uint64_t phdr_addr(const struct elf64_ehdr *eh, const struct elf64_phdr *ph, uint64_t bias)
{
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			return ph[i].p_vaddr + bias;
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff - ph[i].p_offset < ph[i].p_filesz)
			return ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset) + bias;
	return 0;
}

/* The header checks: the first that eh (len bytes of it readable) fails, or ELFPLAN_OK. */
static enum elfplan_error header_error(const struct elf64_ehdr *eh, size_t len)
{
	static const uint8_t magic[6] = {0x7f, 'E', 'L', 'F', 2, 1};   /* ELFCLASS64, ELFDATA2LSB */
	if (len < sizeof *eh)
		return ELFPLAN_E_SHORT;
	for (int i = 0; i < 6; i++)
		if (eh->e_ident[i] != magic[i])
			return ELFPLAN_E_IDENT;
	if (eh->e_machine != EM_RISCV)
		return ELFPLAN_E_MACHINE;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return ELFPLAN_E_TYPE;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phoff > len || (eh->e_phoff & 7) ||
	    eh->e_phnum > (len - eh->e_phoff) / sizeof(struct elf64_phdr))
		return ELFPLAN_E_PHDRS;
	return ELFPLAN_OK;
}

enum elfplan_error elfplan_make(const void *hdr, size_t len, uint64_t file_size, struct elfplan *plan)
{
	const struct elf64_ehdr *eh = hdr;
	if (len > ELFPLAN_PAGE)
		len = ELFPLAN_PAGE;
	enum elfplan_error e = header_error(eh, len);
	if (e)
		return e;
	const struct elf64_phdr *ph = (const void *)((const uint8_t *)hdr + eh->e_phoff);
	uint64_t bias = eh->e_type == ET_DYN ? ELF_ET_DYN_BASE : 0, entry = eh->e_entry + bias;
	*plan = (struct elfplan){.eh = eh, .ph = ph, .native = eh->e_ident[EI_OSABI] == ELF_OSABI_NATIVE,
	                         .bias = bias, .entry = entry};
	const struct elf64_phdr *prev = 0;
	int nbss = 0, entered = 0;
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			return ELFPLAN_E_INTERP;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (!elfplan_loads(&ph[i]))
			continue;
		if (segment_bad(&ph[i], bias, file_size))
			return ELFPLAN_E_SEGMENT;
		uint64_t va = ph[i].p_vaddr + bias, end = va + ph[i].p_memsz;
		if (prev && ph[i].p_vaddr < prev->p_vaddr + prev->p_memsz)
			return ELFPLAN_E_ORDER;
		uint64_t prev_bss = nbss ? plan->bss[nbss - 1] : 0;
		if (prev_bss && (va & ~PAGE_MASK) <= (prev_bss & ~PAGE_MASK))
			return ELFPLAN_E_BSS;   /* its mapping would come before the zeroing */
		uint64_t bss = bss_in_file_page(&ph[i], bias);
		if (bss && nbss == ELFPLAN_BSS)
			return ELFPLAN_E_BSS;
		if (bss)
			plan->bss[nbss++] = bss;
		entered |= entry >= va && entry < end;
		if (page_up(end) > plan->brk)
			plan->brk = page_up(end);
		prev = &ph[i];
	}
	if (!prev)
		return ELFPLAN_E_NO_LOAD;
	if (!entered)
		return ELFPLAN_E_ENTRY;
	plan->phdr = phdr_addr(eh, ph, bias);
	return ELFPLAN_OK;
}

struct elfplan_seg elfplan_segment(const struct elf64_phdr *ph, uint64_t bias)
{
	uint64_t va = ph->p_vaddr + bias;
	struct elfplan_seg s = {.page = va & ~PAGE_MASK, .end = page_up(va + ph->p_memsz),
	                        .off = ph->p_offset & ~PAGE_MASK, .prot = ph->p_flags & (PF_R | PF_W | PF_X)};
	s.file_end = ph->p_filesz ? page_up(va + ph->p_filesz) : s.page;
	return s;
}
