/* initstack.c - a new program's initial stack, laid out as Linux does (initstack.h). */
#include "exec/initstack.h"
#include "base/mem.h"

#define HWCAP_RV64IMAFDC ((1 << ('i' - 'a')) | (1 << ('m' - 'a')) | (1 << ('a' - 'a')) | \
                          (1 << ('f' - 'a')) | (1 << ('d' - 'a')) | (1 << ('c' - 'a')))
#define ELF_PHDR_SIZE 56   /* sizeof(Elf64_Phdr): AT_PHENT */

size_t initstack_linux_aux(uint64_t (*aux)[2], uint64_t phdr, uint64_t phnum, uint64_t entry,
                           const uint32_t ids[4], uint64_t timebase)
{
	const uint64_t pairs[][2] = {
		{AT_PHDR, phdr}, {AT_PHENT, ELF_PHDR_SIZE}, {AT_PHNUM, phnum}, {AT_PAGESZ, 4096},
		{AT_BASE, 0}, {AT_FLAGS, 0}, {AT_ENTRY, entry}, {AT_UID, ids[0]}, {AT_EUID, ids[1]},
		{AT_GID, ids[2]}, {AT_EGID, ids[3]}, {AT_HWCAP, HWCAP_RV64IMAFDC}, {AT_HWCAP2, 0},
		{AT_CLKTCK, 100}, {AT_SECURE, ids[0] != ids[1] || ids[2] != ids[3]},
		{AT_RVMK_TIMEBASE, timebase}, {AT_SYSINFO_EHDR, 0},
	};
	size_t n = sizeof pairs / sizeof pairs[0];
	_Static_assert(sizeof pairs / sizeof pairs[0] <= INITSTACK_AUX_MAX, "initstack_build takes them all");
	memcpy(aux, pairs, sizeof pairs);
	return n;
}

long initstack_build(uint8_t *page, size_t size, uint64_t va, const char *strings, size_t len,
                     uint64_t argc, uint64_t envc, const uint64_t (*aux)[2], size_t naux,
                     const uint8_t random[16], const char *execfn)
{
	uint64_t nstr = argc + envc;
	if (argc == 0 || naux > INITSTACK_AUX_MAX || len > size || nstr > size / 8)
		return -1;
	size_t at = 0;                      /* every string must end inside the buffer */
	for (uint64_t i = 0; i < nstr; i++) {
		while (at < len && strings[at])
			at++;
		if (at++ >= len)
			return -1;
	}
	if (at != len)
		return -1;
	size_t words = 1 + (argc + 1) + (envc + 1) + 2 * (naux + 3);
	size_t fn_len = execfn ? strlen(execfn) + 1 : 0;
	/* execfn, the strings (8-aligned down), 16 random bytes, the words (16-aligned down):
	 * 40 bytes of slack */
	if (fn_len > size || len + 16 + 40 > size - fn_len || words > (size - fn_len - len - 16 - 40) / 8)
		return -1;
	size_t fn_off = size - fn_len, str_off = (fn_off - len) & ~(size_t)7, rnd_off = str_off - 16;
	memcpy(page + fn_off, execfn ? execfn : "", fn_len);
	size_t sp_off = (rnd_off - words * 8) & ~(size_t)15;
	memcpy(page + str_off, strings, len);
	memcpy(page + rnd_off, random, 16);
	uint64_t *w = (uint64_t *)(page + sp_off), off = 0;
	*w++ = argc;
	for (uint64_t i = 0; i < nstr; i++) {
		*w++ = va + str_off + off;
		off += strlen(strings + off) + 1;
		if (i + 1 == argc)
			*w++ = 0;           /* the end of argv */
	}
	*w++ = 0;                       /* the end of envp */
	for (size_t i = 0; i < naux; i++) {
		*w++ = aux[i][0];
		*w++ = aux[i][1];
	}
	*w++ = AT_RANDOM, *w++ = va + rnd_off;
	*w++ = AT_EXECFN, *w++ = va + (execfn ? fn_off : str_off);
	*w++ = AT_NULL, *w++ = 0;
	return (long)sp_off;
}
