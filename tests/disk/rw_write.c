/* rw_write.c - first boot of the ext2 persistence test: create, write, mkdir, unlink on
 * the disk, then exit (the VM server has the FS server sync before power-off). */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "../qemu/qtest.h"

static char buf[10000];

int main(void)
{
	for (int i = 0; i < (int)sizeof buf; i++)
		buf[i] = (char)('a' + i % 26);
	int fd = open("/data/new.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	QCHECK("create", fd >= 3, "errno %d", errno);
	QCHECK("write_10000", write(fd, buf, sizeof buf) == (ssize_t)sizeof buf, "errno %d", errno);
	QCHECK("fsync", fsync(fd) == 0 && close(fd) == 0, "errno %d", errno);
	QCHECK("create_excl_eexist", open("/data/new.txt", O_WRONLY | O_CREAT | O_EXCL, 0644) == -1 &&
	       errno == EEXIST, "errno %d", errno);
	QCHECK("mkdir", mkdir("/newdir", 0755) == 0, "errno %d", errno);
	fd = open("/newdir/f", O_RDWR | O_CREAT, 0600);
	QCHECK("write_small", fd >= 3 && write(fd, "persist me\n", 11) == 11 && close(fd) == 0, "errno %d", errno);
	QCHECK("unlink", unlink("/data/big") == 0, "errno %d", errno);
	fd = open("/data/new.txt", O_WRONLY | O_APPEND);
	QCHECK("append", fd >= 3 && write(fd, "END", 3) == 3 && close(fd) == 0, "errno %d", errno);
	struct stat st;
	QCHECK("size_after_append", stat("/data/new.txt", &st) == 0 && st.st_size == 10003, "size %ld",
	       (long)st.st_size);
	QCHECK("rmdir_not_empty", rmdir("/newdir") == -1 && errno == ENOTEMPTY, "errno %d", errno);
	/* 300 names: more than one readdir reply holds, so the listing must resume exactly. */
	QCHECK("mkdir_many", mkdir("/many", 0755) == 0, "errno %d", errno);
	int made = 0;
	for (int i = 0; i < 300; i++) {
		char name[64];
		snprintf(name, sizeof name, "/many/file-with-a-longish-name-%03d", i);
		int f = open(name, O_WRONLY | O_CREAT, 0644);
		made += f >= 0 && close(f) == 0;
	}
	QCHECK("create_300", made == 300, "made %d", made);
	return qtest_done();
}
