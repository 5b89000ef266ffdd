/* mmap_read.c - second boot of the shared file mapping test: what mmap_write.c wrote
 * through mappings (msync, munmap, and a peer's exit) is on the disk. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "../qemu/qtest.h"

#define SIZE (3 * 4096 + 100)

static char want[SIZE], got[SIZE];

int main(void)
{
	for (int i = 0; i < SIZE; i++)
		want[i] = (char)('A' + i % 23);
	memcpy(want + 6000, "WRITTEN", 7);
	want[8000] = 'M';
	memcpy(want + 9000, "peer was here", 13);
	memcpy(want + 10000, "unmapped", 8);
	int fd = open("/data/shared.bin", O_RDONLY);
	struct stat st;
	QCHECK("size_kept", fd >= 3 && fstat(fd, &st) == 0 && st.st_size == SIZE, "errno %d size %ld", errno,
	       (long)st.st_size);
	ssize_t n = 0, r;
	while (n < SIZE && (r = read(fd, got + n, (size_t)(SIZE - n))) > 0)
		n += r;
	QCHECK("read_back_bytes", n == SIZE && memcmp(got, want, SIZE) == 0, "n %ld, first difference at %ld", (long)n,
	       (long)(n == SIZE ? 0 : -1));
	const char *p = mmap(0, SIZE, PROT_READ, MAP_SHARED, fd, 0);
	QCHECK("mapped_back_bytes", p != MAP_FAILED && memcmp(p, want, SIZE) == 0, "errno %d", errno);
	int tfd = open("/data/trunc.bin", O_RDONLY);
	QCHECK("truncated_size", tfd >= 3 && fstat(tfd, &st) == 0 && st.st_size == 3 * 4096, "size %ld",
	       (long)st.st_size);
	return qtest_done();
}
