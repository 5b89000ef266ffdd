/* fuzz_elf.c - libFuzzer harness of an executable's load plan (lib/exec/elfplan): the
 * input is the file's size (8 bytes, little-endian) and then the first bytes of the file
 * (the VM server gives the first page; more is not looked at). Copied to an aligned
 * buffer of exactly that length, so ASan sees any read past it. When the plan accepts
 * the image, what the VM server then maps must be sound: every segment the plan loads
 * inside [page 1, ELFPLAN_TOP), page-aligned, its file bytes inside the file, after the
 * previous one; the entry in one of them; each page to zero holding file bytes of one
 * and no later segment; the break past them all; the headers inside the bytes given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec/elfplan.h"

#define MASK (ELFPLAN_PAGE - 1)

static void must(int cond)
{
	if (!cond)
		abort();
}

/* The invariants of an accepted plan pl over hdr (len bytes), a file of size bytes. */
static void check_plan(const struct elfplan *pl, const uint8_t *hdr, size_t len, uint64_t size)
{
	const struct elf64_ehdr *eh = pl->eh;
	must((const uint8_t *)eh == hdr && (const uint8_t *)pl->ph >= hdr);
	must((const uint8_t *)(pl->ph + eh->e_phnum) <= hdr + (len < ELFPLAN_PAGE ? len : ELFPLAN_PAGE));
	int entered = 0, bss_seen[ELFPLAN_BSS] = {0};
	uint64_t prev_end = 0, last_bss_page = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = &pl->ph[i];
		must(ph->p_type != PT_INTERP);
		if (!elfplan_loads(ph))
			continue;
		struct elfplan_seg s = elfplan_segment(ph, pl->bias);
		uint64_t va = ph->p_vaddr + pl->bias;
		must(!(s.page & MASK) && !(s.file_end & MASK) && !(s.end & MASK) && !(s.off & MASK));
		must(s.page >= ELFPLAN_PAGE && s.page <= s.file_end && s.file_end <= s.end && s.end <= ELFPLAN_TOP);
		must(va >= prev_end && s.end <= pl->brk);
		must(ph->p_offset + ph->p_filesz <= size && ph->p_filesz <= ph->p_memsz);
		must(s.file_end - s.page <= (((ph->p_offset & MASK) + ph->p_filesz + MASK) & ~MASK));
		if (last_bss_page)
			must((va & ~MASK) > last_bss_page);   /* mapped after a zeroing it would undo */
		for (int b = 0; b < ELFPLAN_BSS; b++)
			if (pl->bss[b] == va + ph->p_filesz && ph->p_filesz && pl->bss[b] < s.file_end)
				bss_seen[b] = 1, last_bss_page = pl->bss[b] & ~MASK;
		entered |= pl->entry >= va && pl->entry < va + ph->p_memsz;
		prev_end = va + ph->p_memsz;
	}
	must(prev_end && entered);
	for (int b = 0; b < ELFPLAN_BSS; b++)
		must(!pl->bss[b] == !bss_seen[b] && (!pl->bss[b] || (pl->bss[b] & MASK)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	uint64_t size;
	if (n < 8)
		return 0;
	memcpy(&size, data, 8);
	size_t len = n - 8;
	uint8_t *hdr = malloc(len ? len : 1);   /* aligned as the page the server gives */
	memcpy(hdr, data + 8, len);
	struct elfplan pl;
	enum elfplan_error e = elfplan_make(hdr, len, size, &pl);
	must(e <= ELFPLAN_E_ENTRY);
	if (e == ELFPLAN_OK)
		check_plan(&pl, hdr, len, size);
	free(hdr);
	return 0;
}
