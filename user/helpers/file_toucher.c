/* file_toucher.c - test peer for concurrent page-ins: maps /data/big.bin (made by the
 * test script: byte i is (i * 7 + i / 4096) & 0xff) and reads every page, so two of
 * these running at once have page-ins in flight together. Exits 0 if every byte checked
 * is right. */
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(void)
{
	struct stat st;
	int fd = open("/data/big.bin", O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0)
		return 1;
	const unsigned char *p = mmap(0, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 2;
	for (size_t i = 0; i < (size_t)st.st_size; i += 1021)
		if (p[i] != (unsigned char)((i * 7 + i / 4096) & 0xff))
			return 3;
	return 0;
}
