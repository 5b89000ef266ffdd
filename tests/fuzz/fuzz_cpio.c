/* fuzz_cpio.c - libFuzzer harness of the newc reader (lib/cpio): iterate any archive
 * (copied to a buffer of exactly its size, so ASan sees a read past it), touch every
 * entry's name and data, find each entry again by its name as the FS server asks
 * (without "./"), find its hard link's data with cpio_link_data, and look up a few
 * names that may be absent; and the index (cpio_index.c) of the same archive must answer
 * each name as a scan does, or say it cannot. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpio/cpio.h"

#define FZ_ENTRIES 256   /* entries looked at (each is found again: quadratic) */

/* Read the first and last byte of [p, p + n): ASan checks they are in the archive. */
static void touch(const void *p, uint64_t n)
{
	if (n) {
		(void)((const volatile uint8_t *)p)[0];
		(void)((const volatile uint8_t *)p)[n - 1];
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cpio_index_slot slots[64];
	struct cpio_index ix;
	uint8_t *a = malloc(size ? size : 1);
	memcpy(a, data, size);
	size_t off = 0, prev = 0;
	struct cpio_entry e, f;
	cpio_index_build(&ix, a, size, slots, 64);
	for (int k = 0; k < FZ_ENTRIES && cpio_next(a, size, &off, &e) == 1; k++) {
		if (off <= prev || off > size)
			abort();   /* every entry moves forward, inside the archive */
		prev = off;
		touch(e.name, e.name_len + 1);
		touch(e.data, e.size);
		const char *n = e.name;
		size_t nl = e.name_len;
		if (nl >= 2 && n[0] == '.' && n[1] == '/')
			n += 2, nl -= 2;
		uint64_t by_index = 0, by_scan = 0;
		int ri = cpio_index_find(&ix, n, nl, &by_index);
		if (ri >= 0 && (ri != cpio_find_node(a, size, n, nl, &by_scan) || by_index != by_scan))
			abort();   /* the index answered, and not as a scan does */
		if (cpio_find(a, size, n, nl, &f) == 1) {
			touch(f.name, f.name_len + 1);
			touch(f.data, f.size);
		}
		size_t at;
		if (cpio_link_data(a, size, &e, &at) == 1) {
			size_t o = at;
			if (at >= size || cpio_next(a, size, &o, &f) != 1 || f.ino != e.ino || !f.size)
				abort();   /* it names the entry holding the data */
			touch(f.data, f.size);
		}
	}
	static const char *const names[] = {"", "bin/sh", "etc/rc", "TRAILER!!!"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		(void)cpio_find(a, size, names[i], strlen(names[i]), &f);
	free(a);
	return 0;
}
