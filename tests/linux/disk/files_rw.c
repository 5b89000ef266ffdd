/* files_rw.c - the file system calls that change files, for the differential test on a
 * writable root (Linux: the initramfs, a tmpfs; ours: the ext2 disk): create, write,
 * pwrite, writev, O_APPEND (and F_SETFL changing it), O_TRUNC, ftruncate, fsync,
 * rename and renameat2 with their errors, mkdir/rmdir/unlink and theirs, a directory of
 * many entries read with small getdents64 buffers, the *at() calls on a directory
 * descriptor, and the file mode creation mask. Everything happens in /files_rw.d, made
 * at the start (what an earlier run left there is removed first) and removed at the end.
 * One line per check, results only; exits 0 only if every check passed.
 * scripts/linux-diff.sh runs it, as every program in tests/linux/disk/, with our root on
 * an ext2 disk made from the program's root directory (Linux: its initramfs, a tmpfs). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../diffcheck.h"

#define D "/files_rw.d"

/* The whole file at path, into buf (at most size bytes): its length or -1. */
static long slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long n = 0, r;
	while (n < (long)size && (r = read(fd, buf + n, size - (size_t)n)) > 0)
		n += r;
	close(fd);
	return n;
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? -1 : st.st_size;
}

/* rm -r of what an earlier run left (two levels are all this test makes). */
static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[512];
	if (!d) {
		unlink(path);
		return;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		if (unlink(sub) < 0 && errno == EISDIR)
			remove_tree(sub);
	}
	closedir(d);
	rmdir(path);
}

static char big[100000], back[100000];

static void writing(void)
{
	struct stat st;
	char buf[256];
	err_is("mkdir " D, mkdir(D, 0777), "0");
	err_is("... again", mkdir(D, 0777), "EEXIST");
	err_is("stat it", stat(D, &st), "0");
	truth("... a directory", S_ISDIR(st.st_mode));
	mode_is("... mode 0777 less umask 022", st.st_mode & 07777, 0755);
	int fd = open(D "/a", O_RDWR | O_CREAT | O_EXCL, 0666);
	err_is("create " D "/a", fd, "success");
	err_is("... O_CREAT|O_EXCL again", open(D "/a", O_RDWR | O_CREAT | O_EXCL, 0666), "EEXIST");
	err_is("fstat", fstat(fd, &st), "0");
	mode_is("... mode 0666 less umask 022", st.st_mode & 07777, 0644);
	num_is("... size", st.st_size, 0);
	num_is("... links", st.st_nlink, 1);
	num_is("write 12", write(fd, "hello world\n", 12), 12);
	num_is("lseek 0", lseek(fd, 0, SEEK_SET), 0);
	num_is("read it back", read(fd, buf, sizeof buf), 12);
	truth("... the bytes", !memcmp(buf, "hello world\n", 12));
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 13 + i / 4096);
	num_is("write 100000", write(fd, big, sizeof big), sizeof big);
	num_is("... size", file_size(D "/a"), 100012);
	num_is("pread 100000 at 12", pread(fd, back, sizeof back, 12), sizeof back);
	truth("... the bytes", !memcmp(back, big, sizeof big));
	num_is("pread 50000 at 4090", pread(fd, back, 50000, 4090), 50000);
	truth("... the bytes", !memcmp(back, big + 4078, 50000));
	num_is("pwrite XY at 5", pwrite(fd, "XY", 2, 5), 2);
	num_is("... the offset stays", lseek(fd, 0, SEEK_CUR), 100012);
	struct iovec iov[3] = {{"one ", 4}, {"", 0}, {"two\n", 4}};
	num_is("writev 4 + 0 + 4", writev(fd, iov, 3), 8);
	num_is("pwritev at 0", pwritev(fd, iov, 3, 0), 8);
	num_is("read the start", pread(fd, buf, 16, 0), 16);
	truth("... one two, then what XY left of hello world", !memcmp(buf, "one two\nrld\n", 12));
	num_is("lseek 10000 past the end", lseek(fd, 100020 + 10000, SEEK_SET), 110020);
	num_is("write Z there", write(fd, "Z", 1), 1);
	num_is("... size", file_size(D "/a"), 110021);
	num_is("read the hole", pread(fd, back, 10001, 100020), 10001);
	int zeros = 1;
	for (int i = 0; i < 10000; i++)
		zeros &= back[i] == 0;
	truth("... zeros, then Z", zeros && back[10000] == 'Z');
	num_is("ftruncate to 20", ftruncate(fd, 20), 0);
	num_is("... size", file_size(D "/a"), 20);
	num_is("ftruncate to 50000", ftruncate(fd, 50000), 0);
	num_is("read from 0", pread(fd, back, sizeof back, 0), 50000);
	zeros = 1;
	for (int i = 20; i < 50000; i++)
		zeros &= back[i] == 0;
	truth("... the 20 bytes, then zeros", !memcmp(back, "one two\n", 8) && zeros);
	num_is("fsync", fsync(fd), 0);
	num_is("fdatasync", fdatasync(fd), 0);
	close(fd);

	fd = open(D "/a", O_WRONLY | O_TRUNC);
	err_is("open O_TRUNC", fd, "success");
	num_is("... size", file_size(D "/a"), 0);
	num_is("write base", write(fd, "base", 4), 4);
	close(fd);
	fd = open(D "/a", O_WRONLY | O_APPEND);
	num_is("open O_APPEND, lseek 0", lseek(fd, 0, SEEK_SET), 0);
	num_is("... write tail", write(fd, "tail", 4), 4);
	num_is("... the offset: the end", lseek(fd, 0, SEEK_CUR), 8);
	num_is("... pwrite at 0 appends too", pwrite(fd, "PW", 2, 0), 2);
	num_is("... and leaves the offset", lseek(fd, 0, SEEK_CUR), 8);
	num_is("... size", file_size(D "/a"), 10);
	num_is("F_SETFL without O_APPEND", fcntl(fd, F_SETFL, 0), 0);
	lseek(fd, 0, SEEK_SET);
	num_is("... write HEAD at 0", write(fd, "HEAD", 4), 4);
	int d = dup(fd);
	num_is("F_SETFL O_APPEND on a duplicate", fcntl(d, F_SETFL, O_APPEND), 0);
	lseek(fd, 0, SEEK_SET);
	num_is("... write end through the first", write(fd, "end", 3), 3);
	close(d);
	close(fd);
	long n = slurp(D "/a", buf, sizeof buf);
	buf[n < 0 ? 0 : n] = 0;
	result("the file", buf, "HEADtailPWend");
	fd = open(D "/a", O_RDONLY);
	err_is("ftruncate a read-only descriptor", ftruncate(fd, 0), "EINVAL");
	err_is("write it", write(fd, "x", 1), "EBADF");
	close(fd);
	err_is("open " D " O_WRONLY", open(D, O_WRONLY), "EISDIR");
	err_is("access W_OK", access(D "/a", W_OK), "0");
}

static void renaming(void)
{
	char buf[64];
	int fd = open(D "/a", O_RDONLY);
	err_is("rename a b", rename(D "/a", D "/b"), "0");
	err_is("... stat a", access(D "/a", F_OK), "ENOENT");
	num_is("... b", slurp(D "/b", buf, sizeof buf), 13);
	num_is("... the open descriptor still reads", read(fd, buf, 4), 4);
	close(fd);
	fd = open(D "/c", O_WRONLY | O_CREAT, 0644);
	write(fd, "c", 1);
	close(fd);
	err_is("rename b over c", rename(D "/b", D "/c"), "0");
	err_is("... b", access(D "/b", F_OK), "ENOENT");
	num_is("... c has b's bytes", slurp(D "/c", buf, sizeof buf), 13);
	err_is("rename c onto itself", rename(D "/c", D "/c"), "0");
	err_is("renameat2 c d, flags 0", syscall(SYS_renameat2, AT_FDCWD, D "/c", AT_FDCWD, D "/d", 0), "0");
	err_is("renameat2 flags 8", syscall(SYS_renameat2, AT_FDCWD, D "/d", AT_FDCWD, D "/c", 8), "EINVAL");
	err_is("rename d back to c", rename(D "/d", D "/c"), "0");
	err_is("rename a missing name", rename(D "/nonexistent", D "/x"), "ENOENT");
	err_is("mkdir sub", mkdir(D "/sub", 0755), "0");
	err_is("rename sub sub2", rename(D "/sub", D "/sub2"), "0");
	err_is("rename sub2 into itself", rename(D "/sub2", D "/sub2/x"), "EINVAL");
	err_is("rename a file over a directory", rename(D "/c", D "/sub2"), "EISDIR");
	err_is("rename a directory over a file", rename(D "/sub2", D "/c"), "ENOTDIR");
	err_is("mkdir full", mkdir(D "/full", 0755), "0");
	close(open(D "/full/f", O_WRONLY | O_CREAT, 0644));
	err_is("rename sub2 over a full directory", rename(D "/sub2", D "/full"), "ENOTEMPTY");
	err_is("mkdir empty", mkdir(D "/empty", 0755), "0");
	err_is("rename sub2 over an empty directory", rename(D "/sub2", D "/empty"), "0");
	err_is("... sub2", access(D "/sub2", F_OK), "ENOENT");
	err_is("rename empty/ e2 (a trailing slash)", rename(D "/empty/", D "/e2"), "0");
	err_is("rename c/ x", rename(D "/c/", D "/x"), "ENOTDIR");
	err_is("rename c x/", rename(D "/c", D "/x/"), "ENOTDIR");
	err_is("rename e2 into full", rename(D "/e2", D "/full/e2"), "0");
	err_is("rmdir full", rmdir(D "/full"), "ENOTEMPTY");
	err_is("unlink full", unlink(D "/full"), "EISDIR");
	err_is("rmdir c, a file", rmdir(D "/c"), "ENOTDIR");
	err_is("unlink c/", unlink(D "/c/"), "ENOTDIR");
	err_is("mkdir c, a file", mkdir(D "/c", 0755), "EEXIST");
	fd = open(D "/c", O_RDONLY);
	err_is("unlink c while open", unlink(D "/c"), "0");
	err_is("... stat", access(D "/c", F_OK), "ENOENT");
	num_is("... it still reads", read(fd, buf, sizeof buf), 13);
	struct stat st;
	fstat(fd, &st);
	num_is("... no links", st.st_nlink, 0);
	close(fd);
	err_is("rmdir full/e2", rmdir(D "/full/e2"), "0");
	err_is("unlink full/f", unlink(D "/full/f"), "0");
	err_is("rmdir full", rmdir(D "/full"), "0");
}

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static void many(void)
{
	char name[128];
	static char seen[300];
	int made = 0;
	err_is("mkdir many", mkdir(D "/many", 0755), "0");
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof name, D "/many/entry-%03d-with-a-longer-name-than-most", i);
		int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
		made += fd >= 0;
		close(fd);
	}
	num_is("create 300 files", made, 300);
	int dir = open(D "/many", O_RDONLY | O_DIRECTORY);
	static char buf[256];
	long r, total = 0, others = 0;
	while ((r = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0)
		for (long at = 0; at < r;) {
			struct linux_dirent64 *e = (void *)(buf + at);
			int i;
			if (sscanf(e->d_name, "entry-%03d-", &i) == 1 && i >= 0 && i < 300 && e->d_type == DT_REG)
				seen[i]++;
			else if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				others++;
			total++;
			at += e->d_reclen;
		}
	int once = 1;
	for (int i = 0; i < 300; i++)
		once &= seen[i] == 1;
	num_is("getdents64 into 256 bytes: entries", total, 302);
	truth("... each file once, as a regular file", once && !others);
	err_is("... then", r, "0");
	int removed = 0;
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "entry-%03d-with-a-longer-name-than-most", i);
		removed += unlinkat(dir, name, 0) == 0;
	}
	num_is("unlinkat them through the directory's descriptor", removed, 300);
	lseek(dir, 0, SEEK_SET);
	total = 0;
	while ((r = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0)
		for (long at = 0; at < r; at += ((struct linux_dirent64 *)(buf + at))->d_reclen)
			total++;
	num_is("... left: . and ..", total, 2);
	err_is("mkdirat x", mkdirat(dir, "x", 0700), "0");
	struct stat st;
	err_is("fstatat x", fstatat(dir, "x", &st, 0), "0");
	mode_is("... mode", st.st_mode & 07777, 0700);
	err_is("renameat x y", renameat(dir, "x", dir, "y"), "0");
	err_is("faccessat y", faccessat(dir, "y", F_OK, 0), "0");
	err_is("unlinkat y, no AT_REMOVEDIR", unlinkat(dir, "y", 0), "EISDIR");
	err_is("unlinkat y, AT_REMOVEDIR", unlinkat(dir, "y", AT_REMOVEDIR), "0");
	close(dir);
	err_is("rmdir many", rmdir(D "/many"), "0");
}

static void cwd_and_umask(void)
{
	char buf[256];
	struct stat st;
	err_is("chdir " D, chdir(D), "0");
	result("... getcwd", getcwd(buf, sizeof buf) ? buf : ename(errno), D);
	int fd = open("rel", O_WRONLY | O_CREAT, 0600);
	err_is("create rel", fd, "success");
	close(fd);
	err_is("... stat " D "/rel", stat(D "/rel", &st), "0");
	mode_is("... mode", st.st_mode & 07777, 0600);
	num_is("umask 0: the old mask", umask(0), 022);
	fd = open("open", O_WRONLY | O_CREAT, 0666);
	fstat(fd, &st);
	mode_is("... create 0666: mode", st.st_mode & 07777, 0666);
	close(fd);
	err_is("... mkdir 0777", mkdir("dir", 0777), "0");
	stat("dir", &st);
	mode_is("... mode", st.st_mode & 07777, 0777);
	umask(022);
	unlink("rel"), unlink("open"), rmdir("dir");
	err_is("chdir /", chdir("/"), "0");
}

int main(void)
{
	printf("files_rw: file system calls that change files\n");
	remove_tree(D);
	writing();
	renaming();
	many();
	cwd_and_umask();
	err_is("unlink " D "/c", unlink(D "/c"), "ENOENT");
	err_is("rmdir " D, rmdir(D), "0");
	err_is("... stat", access(D, F_OK), "ENOENT");
	return summary();
}
