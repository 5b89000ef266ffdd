/* rw_read.c - second boot of the ext2 persistence test: everything the first boot wrote
 * is there, and what it removed is gone. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "../qemu/qtest.h"

static char buf[10100];

int main(void)
{
	int fd = open("/data/new.txt", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
	int good = n == 10003 && !memcmp(buf + 10000, "END", 3);
	for (int i = 0; good && i < 10000; i++)
		good = buf[i] == (char)('a' + i % 26);
	QCHECK("file_survived", good, "read %ld", (long)n);
	close(fd);
	fd = open("/newdir/f", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
	QCHECK("small_file_survived", n == 11 && !memcmp(buf, "persist me\n", 11), "read %ld", (long)n);
	close(fd);
	QCHECK("unlinked_stays_gone", open("/data/big", O_RDONLY) == -1 && errno == ENOENT, "errno %d", errno);
	static char seen[300];
	int count = 0, dup = 0;
	DIR *d = opendir("/many");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		int i;
		if (sscanf(e->d_name, "file-with-a-longish-name-%d", &i) == 1 && i >= 0 && i < 300) {
			dup |= seen[i];
			seen[i] = 1;
			count++;
		}
	}
	QCHECK("readdir_300_exactly_once", d && count == 300 && !dup, "count %d dup %d", count, dup);
	if (d)
		closedir(d);
	return qtest_done();
}
