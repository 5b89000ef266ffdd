/* file_index.c - the VM server maps a file page it learned of before (servers/vm/fcindex.h)
 * without asking the FS server, so what it remembers must end when the page does: a page
 * the FS server's cache reuses for another file (the cache is 4 MiB; a 5 MiB file read
 * through it pushes everything else out), and pages cut off by truncation. Each time the
 * file is mapped again and every word compared with what read() gives. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "qtest.h"

#define PG 4096
#define BIG (5 << 20)

static char buf[8 * PG], seen[8 * PG];

/* Map 8 pages of fd and read them all through the mapping (the VM server learns of
 * them, by faults and fault-around), then with pread; 1 if the two agree. */
static int map_and_compare(int fd)
{
	const char *p = mmap(NULL, 8 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return 0;
	memcpy(seen, p, sizeof seen);
	munmap((void *)p, 8 * PG);
	return pread(fd, buf, sizeof buf, 0) == (ssize_t)sizeof buf && memcmp(seen, buf, sizeof buf) == 0;
}

int main(void)
{
	int fd = open("/bin/busybox", O_RDONLY);
	QCHECK("open", fd >= 0, "no busybox");
	QCHECK("first_mapping", map_and_compare(fd), "differs");
	QCHECK("again_from_what_it_knows", map_and_compare(fd), "differs");

	/* Push every page of the cache out: a 5 MiB file, written and read through. */
	int big = open("/tmp/big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	static char chunk[64 * 1024];
	int ok = big >= 0;
	for (int i = 0; ok && i < BIG / (int)sizeof chunk; i++) {
		memset(chunk, 'a' + i % 26, sizeof chunk);
		ok = write(big, chunk, sizeof chunk) == (ssize_t)sizeof chunk;
	}
	for (int pass = 0; ok && pass < 2; pass++) {
		ok = lseek(big, 0, SEEK_SET) == 0;
		for (int i = 0; ok && i < BIG / (int)sizeof chunk; i++)
			ok = read(big, chunk, sizeof chunk) == (ssize_t)sizeof chunk && chunk[7] == 'a' + i % 26;
	}
	QCHECK("big_file_through_the_cache", ok, "write or read of /tmp/big failed");
	QCHECK("after_the_cache_reused_its_pages", map_and_compare(fd), "a stale page was mapped");
	close(fd);

	/* Truncation: pages past the end are forgotten; grown again, they read as zeros. */
	int t = open("/tmp/trunc", O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(buf, 'T', sizeof buf);
	QCHECK("trunc_file", t >= 0 && write(t, buf, sizeof buf) == (ssize_t)sizeof buf, "write");
	QCHECK("trunc_first_mapping", map_and_compare(t), "differs");
	QCHECK("truncate_and_grow", ftruncate(t, PG) == 0 && ftruncate(t, 8 * PG) == 0, "ftruncate");
	QCHECK("after_truncation", map_and_compare(t) && buf[PG] == 0 && buf[7 * PG] == 0, "old bytes came back");
	close(t);
	close(big);
	unlink("/tmp/trunc");
	unlink("/tmp/big");
	return qtest_done();
}
