/* tmpfs.c - tmpfs at /tmp and /dev/shm, for the differential test (scripts/linux-diff.sh):
 * on ours the FS server's tmpfs (servers/fs/tmpfs_vfs.c), on Linux the tmpfs that
 * scripts/linux-baseline/prog-init.c mounts with the same bounds (16 MiB, 1024 inodes).
 * Files: create, write, read, seek, truncate, unlink while open, rename, modes and link
 * counts; directories; crossing the mount point with ".."; MAP_SHARED mappings seen by
 * read() and write(), MAP_PRIVATE copy-on-write; shm_open/shm_unlink; ENOSPC at the bound
 * (a short write, then ENOSPC, nothing else touched) and the room back after unlink;
 * EXDEV between /tmp and the root, and between the two tmpfs; statfs. One line per check,
 * results only (no inode numbers, addresses or times); exits 0 only if all passed. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "diffcheck.h"

#define PG 4096
#define BOUND (16L << 20)   /* each tmpfs's size */
#define TMPFS_MAGIC 0x01021994

static char buf[64 * 1024], back[64 * 1024];

static void pattern(char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(seed + i * 13 + i / 4093);
}

static void mount_points(void)
{
	struct stat st, root, up;
	num_is("stat /tmp", stat("/tmp", &st), 0);
	mode_is("/tmp: a directory, 1777", st.st_mode, S_IFDIR | 01777);
	num_is("stat /dev/shm", stat("/dev/shm", &st), 0);
	mode_is("/dev/shm: a directory, 1777", st.st_mode, S_IFDIR | 01777);
	num_is("/tmp is empty: its size", st.st_size, 40);
	num_is("/tmp: nlink", st.st_nlink, 2);
	num_is("mkdir /tmp/d", mkdir("/tmp/d", 0755), 0);
	stat("/", &root);
	num_is("stat /tmp/d/../..", stat("/tmp/d/../..", &up), 0);
	truth("/tmp/d/../.. is the root (\"..\" leaves the mount)", up.st_ino == root.st_ino && up.st_dev == root.st_dev);
	num_is("stat /dev/shm/..", stat("/dev/shm/..", &up), 0);
	truth("/dev/shm/.. is a directory", S_ISDIR(up.st_mode));
	err_is("mkdir /tmp", mkdir("/tmp", 0755), "EEXIST");
	err_is("rmdir /tmp: a mount point", rmdir("/tmp"), "EBUSY");
	err_is("rmdir /dev/shm", rmdir("/dev/shm"), "EBUSY");
	err_is("unlink /tmp", unlink("/tmp"), "EISDIR");
	num_is("rmdir /tmp/d", rmdir("/tmp/d"), 0);
}

static void files(void)
{
	struct stat st;
	int fd = open("/tmp/a", O_CREAT | O_RDWR | O_EXCL, 0640);
	num_is("open /tmp/a O_CREAT|O_EXCL", fd >= 0 ? 0 : -1, 0);
	err_is("again: O_EXCL", open("/tmp/a", O_CREAT | O_RDWR | O_EXCL, 0640), "EEXIST");
	pattern(buf, 10000, 1);
	num_is("write 10000", write(fd, buf, 10000), 10000);
	num_is("fstat", fstat(fd, &st), 0);
	mode_is("mode", st.st_mode, S_IFREG | 0640);
	num_is("size", st.st_size, 10000);
	num_is("blocks (3 pages)", st.st_blocks, 24);
	num_is("nlink", st.st_nlink, 1);
	num_is("lseek 4000", lseek(fd, 4000, SEEK_SET), 4000);
	num_is("read 5000", read(fd, back, 5000), 5000);
	truth("... the bytes written", !memcmp(back, buf + 4000, 5000));
	num_is("pwrite past the end (a hole)", pwrite(fd, "xyz", 3, 20000), 3);
	num_is("pread across the hole", pread(fd, back, 10003, 10000), 10003);
	int zeros = 1;
	for (int i = 0; i < 10000; i++)
		zeros &= back[i] == 0;
	truth("... zeros, then the bytes", zeros && !memcmp(back + 10000, "xyz", 3));
	fstat(fd, &st);
	num_is("blocks: the hole costs nothing", st.st_blocks, 32);
	num_is("ftruncate 5000", ftruncate(fd, 5000), 0);
	num_is("ftruncate 9000", ftruncate(fd, 9000), 0);
	num_is("pread 9000", pread(fd, back, 9000, 0), 9000);
	zeros = 1;
	for (int i = 5000; i < 9000; i++)
		zeros &= back[i] == 0;
	truth("... the first 5000 kept, then zeros", !memcmp(back, buf, 5000) && zeros);
	num_is("chmod 0600", chmod("/tmp/a", 0600), 0);
	stat("/tmp/a", &st);
	mode_is("... mode", st.st_mode, S_IFREG | 0600);
	struct timespec ts[2] = {{1000000, 5}, {2000000, 7}};
	num_is("utimensat", utimensat(AT_FDCWD, "/tmp/a", ts, 0), 0);
	stat("/tmp/a", &st);
	truth("... the times", st.st_mtim.tv_sec == 2000000 && st.st_mtim.tv_nsec == 7 && st.st_atim.tv_sec == 1000000);

	int held = open("/tmp/t", O_CREAT | O_RDWR, 0600);   /* open: its pages stay cached */
	pwrite(held, buf, 8000, 0);
	pread(held, back, 8000, 0);
	int again = open("/tmp/t", O_RDWR | O_TRUNC);
	num_is("open /tmp/t O_TRUNC, pwrite at 4000", pwrite(again, "z", 1, 4000), 1);
	num_is("pread from 0", pread(again, back, 4001, 0), 4001);
	zeros = 1;
	for (int i = 0; i < 4000; i++)
		zeros &= back[i] == 0;
	truth("... zeros before it (nothing of the old bytes)", zeros && back[4000] == 'z');
	close(again);
	close(held);
	unlink("/tmp/t");
	num_is("unlink /tmp/a while open", unlink("/tmp/a"), 0);
	err_is("stat /tmp/a", stat("/tmp/a", &st), "ENOENT");
	fstat(fd, &st);
	num_is("fstat: nlink", st.st_nlink, 0);
	num_is("read it still", pread(fd, back, 100, 0), 100);
	truth("... the same bytes", !memcmp(back, buf, 100));
	num_is("write it still", pwrite(fd, "q", 1, 0), 1);
	num_is("close", close(fd), 0);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, sorted, as "a b c". */
static const char *listing(const char *dir)
{
	static char out[256];
	char *names[32];
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && n < 32 && (e = readdir(d)))
		names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp);
	out[0] = 0;
	for (int i = 0; i < n; i++) {
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "", names[i]);
		free(names[i]);
	}
	return out;
}

static void put(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd >= 0) {
		write(fd, text, strlen(text));
		close(fd);
	}
}

static void directories_and_rename(void)
{
	struct stat st;
	char text[16] = {0};
	num_is("mkdir /tmp/x", mkdir("/tmp/x", 0700), 0);
	num_is("mkdir /tmp/x/y", mkdir("/tmp/x/y", 0755), 0);
	put("/tmp/x/f", "one");
	put("/tmp/x/g", "two");
	stat("/tmp/x", &st);
	num_is("/tmp/x: nlink (one subdirectory)", st.st_nlink, 3);
	num_is("/tmp/x: size (3 entries)", st.st_size, 100);
	mode_is("/tmp/x: mode", st.st_mode, S_IFDIR | 0700);
	stat("/tmp", &st);
	num_is("/tmp: nlink", st.st_nlink, 3);
	result("readdir /tmp/x", listing("/tmp/x"), ". .. f g y");
	err_is("rmdir /tmp/x: not empty", rmdir("/tmp/x"), "ENOTEMPTY");
	err_is("rmdir a file", rmdir("/tmp/x/f"), "ENOTDIR");
	err_is("unlink a directory", unlink("/tmp/x/y"), "EISDIR");
	err_is("open a directory O_WRONLY", open("/tmp/x", O_WRONLY), "EISDIR");
	err_is("mkdir under a file", mkdir("/tmp/x/f/z", 0755), "ENOTDIR");
	num_is("rename f over g", rename("/tmp/x/f", "/tmp/x/g"), 0);
	err_is("... f is gone", access("/tmp/x/f", F_OK), "ENOENT");
	int fd = open("/tmp/x/g", O_RDONLY);
	read(fd, text, sizeof text - 1);
	close(fd);
	result("... g holds f's bytes", text, "one");
	err_is("rename a directory into itself", rename("/tmp/x", "/tmp/x/y/x"), "EINVAL");
	err_is("rename a file over a directory", rename("/tmp/x/g", "/tmp/x/y"), "EISDIR");
	err_is("rename a directory over a file", rename("/tmp/x/y", "/tmp/x/g"), "ENOTDIR");
	num_is("mkdir /tmp/z", mkdir("/tmp/z", 0755), 0);
	err_is("rename over a non-empty directory", rename("/tmp/z", "/tmp/x"), "ENOTEMPTY");
	num_is("rename /tmp/x/y over the empty /tmp/z", rename("/tmp/x/y", "/tmp/z"), 0);
	stat("/tmp/x", &st);
	num_is("/tmp/x: nlink after", st.st_nlink, 2);
	result("readdir /tmp", listing("/tmp"), ". .. x z");
	err_is("rename /tmp/x/g to the root: EXDEV", rename("/tmp/x/g", "/g"), "EXDEV");
	err_is("rename /etc/motd into /tmp: EXDEV", rename("/etc/motd", "/tmp/motd"), "EXDEV");
	err_is("rename between /tmp and /dev/shm: EXDEV", rename("/tmp/x/g", "/dev/shm/g"), "EXDEV");
	err_is("rename /tmp itself", rename("/tmp", "/tmp2"), "EBUSY");
	unlink("/tmp/x/g");
	num_is("rmdir /tmp/x", rmdir("/tmp/x"), 0);
	num_is("rmdir /tmp/z", rmdir("/tmp/z"), 0);
	result("/tmp is empty again", listing("/tmp"), ". ..");
}

static void mappings(void)
{
	int fd = open("/tmp/m", O_CREAT | O_RDWR | O_TRUNC, 0600);
	pattern(buf, 3 * PG, 7);
	num_is("write 3 pages to /tmp/m", write(fd, buf, 3 * PG), 3 * PG);
	char *s = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	truth("mmap MAP_SHARED", s != MAP_FAILED);
	if (s == MAP_FAILED)
		return;
	truth("the mapping holds the file's bytes", !memcmp(s, buf, 3 * PG));
	memcpy(s + PG + 10, "shared!", 7);
	num_is("pread after a store through the mapping", pread(fd, back, 7, PG + 10), 7);
	result("... read() sees it", (back[7] = 0, back), "shared!");
	num_is("pwrite", pwrite(fd, "written", 7, 2 * PG + 5), 7);
	truth("... the mapping sees write()", !memcmp(s + 2 * PG + 5, "written", 7));
	num_is("msync", msync(s, 3 * PG, MS_SYNC), 0);

	char *p = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	truth("mmap MAP_PRIVATE", p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	truth("the private mapping holds the file's bytes", !memcmp(p + PG + 10, "shared!", 7));
	memcpy(p, "private", 7);
	num_is("pread after a store through the private mapping", pread(fd, back, 7, 0), 7);
	truth("... the file is unchanged (copy-on-write)", !memcmp(back, buf, 7));
	truth("... the shared mapping too", !memcmp(s, buf, 7));
	truth("... the private mapping has it", !memcmp(p, "private", 7));
	memcpy(s + 2 * PG, "later", 5);
	truth("a page it did not write still follows the file", !memcmp(p + 2 * PG, "later", 5));
	munmap(p, 3 * PG);
	munmap(s, 3 * PG);
	num_is("unlink /tmp/m while open", unlink("/tmp/m"), 0);
	s = mmap(0, PG, PROT_READ, MAP_SHARED, fd, PG);
	truth("mmap it after unlink", s != MAP_FAILED && !memcmp(s + 10, "shared!", 7));
	close(fd);
	truth("... still mapped after close", s != MAP_FAILED && !memcmp(s + 10, "shared!", 7));
	if (s != MAP_FAILED)
		munmap(s, PG);
}

static void shm(void)
{
	struct stat st;
	int fd = shm_open("/rvmk-test", O_CREAT | O_RDWR | O_EXCL, 0600);
	num_is("shm_open O_CREAT", fd >= 0 ? 0 : -1, 0);
	err_is("shm_open O_EXCL again", shm_open("/rvmk-test", O_CREAT | O_RDWR | O_EXCL, 0600), "EEXIST");
	num_is("ftruncate 8192", ftruncate(fd, 2 * PG), 0);
	num_is("stat /dev/shm/rvmk-test", stat("/dev/shm/rvmk-test", &st), 0);
	num_is("... size", st.st_size, 2 * PG);
	num_is("... blocks (nothing written)", st.st_blocks, 0);
	char *a = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	truth("mmap it", a != MAP_FAILED);
	if (a == MAP_FAILED)
		return;
	int fd2 = shm_open("/rvmk-test", O_RDWR, 0);
	char *b = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	truth("shm_open it again and mmap", fd2 >= 0 && b != MAP_FAILED);
	strcpy(a + PG + 100, "between mappings");
	truth("... the second mapping sees the first's store", b != MAP_FAILED && !strcmp(b + PG + 100, "between mappings"));
	num_is("shm_unlink", shm_unlink("/rvmk-test"), 0);
	err_is("shm_open after shm_unlink", shm_open("/rvmk-test", O_RDWR, 0), "ENOENT");
	err_is("shm_unlink again", shm_unlink("/rvmk-test"), "ENOENT");
	strcpy(b, "after unlink");
	truth("the mappings live on", !strcmp(a, "after unlink"));
	munmap(a, 2 * PG);
	munmap(b, 2 * PG);
	close(fd);
	close(fd2);
	result("/dev/shm is empty", listing("/dev/shm"), ". ..");
}

static void statfs_of(const char *what, const char *path, long used_blocks)
{
	struct statfs sf;
	char name[96];
	snprintf(name, sizeof name, "statfs %s", what);
	num_is(name, statfs(path, &sf), 0);
	snprintf(name, sizeof name, "%s: f_type TMPFS_MAGIC", what);
	truth(name, sf.f_type == TMPFS_MAGIC);
	snprintf(name, sizeof name, "%s: f_bsize", what);
	num_is(name, sf.f_bsize, PG);
	snprintf(name, sizeof name, "%s: f_blocks", what);
	num_is(name, (long)sf.f_blocks, BOUND / PG);
	snprintf(name, sizeof name, "%s: blocks used", what);
	num_is(name, (long)(sf.f_blocks - sf.f_bfree), used_blocks);
	snprintf(name, sizeof name, "%s: f_files", what);
	num_is(name, (long)sf.f_files, 1024);
	snprintf(name, sizeof name, "%s: f_namelen", what);
	num_is(name, sf.f_namelen, 255);
}

static void full(void)
{
	statfs_of("/tmp (empty)", "/tmp", 0);
	put("/tmp/small", "a few bytes");   /* one page of the bound */
	int fd = open("/tmp/big", O_CREAT | O_RDWR | O_TRUNC, 0600);
	long total = 0, n, last;
	pattern(buf, sizeof buf, 3);
	buf[0] = 'S';
	while ((n = write(fd, buf, sizeof buf - 100)) == (long)sizeof buf - 100)
		total += n;
	last = n;
	num_is("fill /tmp: bytes written by whole writes", total, (BOUND - PG) / (long)(sizeof buf - 100) * (long)(sizeof buf - 100));
	num_is("... then a short write", last, (BOUND - PG) - total);
	total += last > 0 ? last : 0;
	err_is("... then ENOSPC", write(fd, buf, 100), "ENOSPC");
	err_is("... also for a page past the end", pwrite(fd, "x", 1, total + 10 * PG), "ENOSPC");
	int small = open("/tmp/small", O_WRONLY);
	err_is("... and in another file", pwrite(small, buf, 10, PG), "ENOSPC");
	num_is("... but a page it has takes a write", pwrite(fd, "T", 1, total - 1), 1);
	statfs_of("/tmp (full)", "/tmp", BOUND / PG);
	struct stat st;
	fstat(fd, &st);
	num_is("the full file's size", st.st_size, BOUND - PG);
	num_is("its blocks", st.st_blocks, (BOUND - PG) / 512);
	num_is("pread its first bytes", pread(fd, back, 8, 0), 8);
	truth("... intact", !memcmp(back, buf, 8));
	num_is("pread its last byte", pread(fd, back, 1, total - 1), 1);
	truth("... the one written last", back[0] == 'T');
	int other = open("/dev/shm/room", O_CREAT | O_RDWR, 0600);
	num_is("/dev/shm has its own room", write(other, buf, sizeof buf), sizeof buf);
	close(other);
	unlink("/dev/shm/room");
	num_is("unlink the full file (still open)", unlink("/tmp/big"), 0);
	err_is("still full while open", pwrite(small, buf, 10, PG), "ENOSPC");
	close(fd);
	close(small);
	statfs_of("/tmp (after close)", "/tmp", 1);
	fd = open("/tmp/again", O_CREAT | O_RDWR, 0600);
	total = 0;
	for (int i = 0; i < 64; i++)
		total += write(fd, buf, sizeof buf);
	num_is("the room is back: 4 MiB written", total, 64 * (long)sizeof buf);
	close(fd);
	unlink("/tmp/again");
	unlink("/tmp/small");
	statfs_of("/tmp (empty again)", "/tmp", 0);
}

int main(void)
{
	mount_points();
	files();
	directories_and_rename();
	mappings();
	shm();
	full();
	return summary();
}
