/* initstack.h - the stack a program finds at its entry, laid out as Linux's execve does
 * (fs/binfmt_elf.c create_elf_tables): from sp up,
 *     argc, argv[0..argc-1], NULL, envp[0..envc-1], NULL, auxv pairs, AT_NULL pair,
 * then the 16 AT_RANDOM bytes and the argument and environment strings at the top.
 * Pure code: the VM server builds the top page of a new task's stack with it, and the
 * host tests check it. */
#ifndef EXEC_INITSTACK_H
#define EXEC_INITSTACK_H
#include <stddef.h>
#include <stdint.h>

/* auxv tags (Linux include/uapi/linux/auxvec.h) */
#define AT_NULL     0
#define AT_PHDR     3
#define AT_PHENT    4
#define AT_PHNUM    5
#define AT_PAGESZ   6
#define AT_BASE     7
#define AT_FLAGS    8
#define AT_ENTRY    9
#define AT_UID     11
#define AT_EUID    12
#define AT_GID     13
#define AT_EGID    14
#define AT_PLATFORM 15
#define AT_HWCAP   16
#define AT_CLKTCK  17
#define AT_SECURE  23
#define AT_RANDOM  25
#define AT_HWCAP2  26
#define AT_EXECFN  31
#define AT_SYSINFO_EHDR 33
/* Ours, ignored by Linux programs: the frequency of rdtime, for the personality's clocks. */
#define AT_RVMK_TIMEBASE 0x1000

#define INITSTACK_AUX_MAX 24   /* auxv pairs the caller may pass, AT_NULL not counted */

/* A Linux program's auxv pairs besides those initstack_build adds, into aux (at most
 * INITSTACK_AUX_MAX): its program headers at phdr (phnum of them), its entry, its ids
 * ids[] = uid, euid, gid, egid (AT_SECURE when the effective ones differ from the real
 * ones, as Linux's secureexec), the timebase for the personality's clocks, and
 * AT_SYSINFO_EHDR with value 0, which the personality sets to its vDSO as it starts (it
 * alone knows where that is). Returns how many pairs. */
size_t initstack_linux_aux(uint64_t (*aux)[2], uint64_t phdr, uint64_t phnum, uint64_t entry,
                           const uint32_t ids[4], uint64_t timebase);

/* Lay out the stack in `page` (size bytes, to live at user address va, va + size being
 * the stack's top): `strings` holds argc + envc NUL-terminated strings (len bytes,
 * checked), aux holds naux (tag, value) pairs to which AT_RANDOM (pointing at the
 * 16 bytes of random) and AT_EXECFN are added: execfn, the path execve was given, which
 * goes at the very top as Linux puts it, or (NULL) argv[0]. Returns the offset in page
 * of argc (16-byte aligned, the initial sp), or -1 if the strings are malformed or it
 * all does not fit. */
long initstack_build(uint8_t *page, size_t size, uint64_t va, const char *strings, size_t len,
                     uint64_t argc, uint64_t envc, const uint64_t (*aux)[2], size_t naux,
                     const uint8_t random[16], const char *execfn);
#endif
