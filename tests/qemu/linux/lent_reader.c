/* lent_reader.c - the Linux program of tests/qemu/pagein_parallel.c (/test/lent_reader in
 * the test's root): maps the file argv[1] (of argv[2] pages, each byte i being
 * (i * 13 + i / 4096) & 0xff) privately, reads every page, then writes to a page at
 * argv[3] pages in, which only this mapping sees. Exit status: 0 if every byte was
 * right and the write stayed private, 1 the mapping failed, 2 a byte was wrong, 3 the
 * write reached the file or was lost. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static unsigned char byte_at(size_t i)
{
	return (unsigned char)((i * 13 + i / 4096) & 0xff);
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return 1;
	size_t size = strtoul(argv[2], 0, 0) * 4096, at = strtoul(argv[3], 0, 0) * 4096 + 5;
	int fd = open(argv[1], O_RDONLY);
	volatile unsigned char *p = fd < 0 ? MAP_FAILED : mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED || at >= size)
		return 1;
	for (size_t i = 0; i < size; i += 257)
		if (p[i] != byte_at(i))
			return 2;
	unsigned char was = p[at], now = 0;
	p[at] = (unsigned char)~was;
	if (p[at] != (unsigned char)~was || pread(fd, &now, 1, (off_t)at) != 1 || now != was)
		return 3;
	return 0;
}
