/* fuzz_initstack.c - libFuzzer harness of a new program's initial stack (lib/exec):
 * initstack_build with any strings (maybe not NUL-terminated, maybe fewer or more than
 * argc + envc), counts, auxv pairs, execfn and buffer size. The buffer is exactly that
 * size, so ASan sees any write past it; when the call succeeds the layout must be
 * Linux's: argc, argv and envp pointing at the strings copied, the auxv given and then
 * AT_RANDOM, AT_EXECFN and AT_NULL, all inside the buffer. (The ELF header checks have
 * their own harness, fuzz_elf.c.) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec/initstack.h"

#define VA 0x3ffffff000ull

struct hdr {
	uint16_t size;      /* of the buffer, % 8192 */
	uint8_t argc, envc;
	uint8_t naux;       /* % (INITSTACK_AUX_MAX + 2): one more than allowed is refused */
	uint8_t fn_len;     /* 255: no execfn */
	uint8_t rnd[16];
};

static uint64_t word_at(const uint8_t *page, size_t size, long off)
{
	uint64_t v;
	if (off < 0 || (size_t)off + 8 > size)
		abort();
	memcpy(&v, page + off, 8);
	return v;
}

/* The string the stack word at off points to, which must equal s. */
static void check_str(const uint8_t *page, size_t size, long off, const char *s)
{
	uint64_t p = word_at(page, size, off);
	size_t n = strlen(s) + 1;
	if (p < VA || p - VA > size || size - (p - VA) < n || memcmp(page + (p - VA), s, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hdr h;
	uint64_t aux[INITSTACK_AUX_MAX + 1][2];
	if (size < sizeof h + sizeof aux)
		return 0;
	memcpy(&h, data, sizeof h);
	memcpy(aux, data + sizeof h, sizeof aux);
	data += sizeof h + sizeof aux, size -= sizeof h + sizeof aux;
	size_t psize = h.size % 8192, naux = h.naux % (INITSTACK_AUX_MAX + 2);
	char *fn = NULL;
	if (h.fn_len != 255) {   /* execfn: the input's first fn_len bytes, NUL-terminated */
		size_t n = h.fn_len < size ? h.fn_len : size;
		fn = malloc(n + 1);
		memcpy(fn, data, n);
		fn[n] = 0;
		data += n, size -= n;
	}
	char *strings = malloc(size ? size : 1);
	memcpy(strings, data, size);
	uint8_t *page = malloc(psize ? psize : 1);

	long sp = initstack_build(page, psize, VA, strings, size, h.argc, h.envc,
	                          (const uint64_t(*)[2])aux, naux, h.rnd, fn);
	if (sp >= 0) {
		long w = sp;
		if (sp % 16 || word_at(page, psize, w) != h.argc)
			abort();
		const char *s = strings;
		for (unsigned i = 0; i < h.argc; i++, s += strlen(s) + 1)
			check_str(page, psize, w += 8, s);
		if (word_at(page, psize, w += 8) != 0)
			abort();
		for (unsigned i = 0; i < h.envc; i++, s += strlen(s) + 1)
			check_str(page, psize, w += 8, s);
		if (word_at(page, psize, w += 8) != 0 || s != strings + size)
			abort();
		for (size_t i = 0; i < naux; i++)
			if (word_at(page, psize, w += 8) != aux[i][0] || word_at(page, psize, w += 8) != aux[i][1])
				abort();
		uint64_t rnd = (w += 16, word_at(page, psize, w));
		if (word_at(page, psize, w - 8) != AT_RANDOM || rnd < VA || rnd - VA > psize - 16 ||
		    memcmp(page + (rnd - VA), h.rnd, 16) || word_at(page, psize, w += 8) != AT_EXECFN)
			abort();
		check_str(page, psize, w += 8, fn ? fn : strings);
		if (word_at(page, psize, w += 8) != AT_NULL)
			abort();
	}
	free(page);
	free(strings);
	free(fn);
	return 0;
}
