/* elfplan.h - whether an executable can be loaded, and how: the checks of its ELF header
 * and program headers and the plan the VM server maps it by (servers/vm/exec.c). Pure
 * code over the first page of the file and the file's size, so the host tests and the
 * libFuzzer harness (tests/fuzz/fuzz_elf.c) run every path of it.
 *
 * A loadable image: a 64-bit little-endian RISC-V ET_EXEC, or ET_DYN without an
 * interpreter (static-pie, loaded at ELF_ET_DYN_BASE as Linux does); its program headers
 * inside the first page, at an offset that is a multiple of 8 (they are read in place,
 * and a misaligned load may trap: Linux copies them and does not ask); no PT_INTERP; at least one PT_LOAD with bytes in memory (those without
 * are skipped, as Linux skips them); each of those
 *   - inside [page 1, ELFPLAN_TOP) once biased, without wrapping, p_filesz <= p_memsz,
 *   - at an address congruent to its file offset modulo the page size,
 *   - with its file bytes inside the file,
 *   - after the previous one in memory, without overlap (the ELF specification sorts
 *     them by p_vaddr; Linux does not check, it maps the later over the earlier);
 * at most ELFPLAN_BSS of them with .bss starting inside a page of file bytes (that page
 * gets its tail zeroed, as Linux's padzero), and no later segment in such a page (its
 * bytes would be zeroed with it); and the entry inside one of them (Linux would start
 * it and let it fault: here the spawn or execve fails with ENOEXEC instead). */
#ifndef EXEC_ELFPLAN_H
#define EXEC_ELFPLAN_H
#include <stddef.h>
#include <stdint.h>
#include "abi/elf64.h"

#define ELFPLAN_PAGE    4096UL
#define ELFPLAN_TOP     0x3f00000000UL   /* segments end below: the stack and the personality above */
#define ELF_ET_DYN_BASE 0x2aaaaaa000UL   /* where Linux (riscv64, Sv39) puts static-pie */
#define ELFPLAN_BSS     2                /* segments whose .bss starts inside a file page */
#define ELF_OSABI_NATIVE 255             /* EI_OSABI ELFOSABI_STANDALONE: a program of lib/rt */

/* Why an image is refused: each a distinct check, so the tests can tell them apart. */
enum elfplan_error {
	ELFPLAN_OK,
	ELFPLAN_E_SHORT,      /* fewer bytes than an ELF header */
	ELFPLAN_E_IDENT,      /* not ELF, not 64-bit, not little-endian */
	ELFPLAN_E_MACHINE,    /* not RISC-V */
	ELFPLAN_E_TYPE,       /* neither ET_EXEC nor ET_DYN */
	ELFPLAN_E_PHDRS,      /* program headers of another size, misaligned, or not inside the first page */
	ELFPLAN_E_INTERP,     /* PT_INTERP: a dynamic executable */
	ELFPLAN_E_SEGMENT,    /* a PT_LOAD out of bounds, wrapping, misaligned or past the file's end */
	ELFPLAN_E_ORDER,      /* a PT_LOAD not after the previous one */
	ELFPLAN_E_NO_LOAD,    /* no PT_LOAD with bytes in memory */
	ELFPLAN_E_BSS,        /* more than ELFPLAN_BSS .bss starts inside file pages, or one shared */
	ELFPLAN_E_ENTRY,      /* the entry in no PT_LOAD */
};

/* How an accepted image is loaded. */
struct elfplan {
	const struct elf64_ehdr *eh;
	const struct elf64_phdr *ph;   /* eh->e_phnum of them, inside the page given */
	int native;                    /* EI_OSABI 255: a program of lib/rt, else a Linux one */
	uint64_t bias;                 /* added to every p_vaddr (static-pie), else 0 */
	uint64_t entry;                /* biased */
	uint64_t phdr;                 /* where the program headers are in memory (AT_PHDR), or 0 */
	uint64_t brk;                  /* the page past the last segment: the break starts there */
	uint64_t bss[ELFPLAN_BSS];     /* the first .bss byte of each page to zero from there, 0: none */
};

/* One PT_LOAD segment of an accepted image as mappings: [page, file_end) private of
 * the file from offset off (empty if it has no file bytes), then [file_end, end)
 * anonymous; all page-aligned. prot is PF_R | PF_W | PF_X as in p_flags. */
struct elfplan_seg {
	uint64_t page, file_end, end, off;
	uint32_t prot;
};

/* Check the image whose first len bytes (at most a page: the rest is not looked at) are
 * hdr, a file of file_size bytes: ELFPLAN_OK and *plan filled in (pointing into hdr), or
 * the first check it fails. */
enum elfplan_error elfplan_make(const void *hdr, size_t len, uint64_t file_size, struct elfplan *plan);

/* Is ph a segment that the plan maps (PT_LOAD with bytes in memory)? */
int elfplan_loads(const struct elf64_phdr *ph);

/* The mappings of segment ph (one elfplan_loads accepts) of an image elfplan_make
 * accepted, at bias. */
struct elfplan_seg elfplan_segment(const struct elf64_phdr *ph, uint64_t bias);
#endif
