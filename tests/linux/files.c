/* files.c - the file system calls of a static glibc program, read-only, for the
 * differential test (scripts/linux-diff.sh): open/openat and their errors, read, readv,
 * pread, lseek, fstat/newfstatat/statx, getdents64, dup/dup3/fcntl, ioctl on the console,
 * getcwd/chdir/fchdir, faccessat(2), readlinkat, and the errors of mkdir/unlink/rename
 * that come before a read-only file system's EROFS (Linux's reference root is a writable
 * tmpfs, ours the read-only cpio archive: writes are in files_rw.c). It needs /etc/motd,
 * /docs/README (user/rootfs) and to be started by an absolute path (argv[0]).
 * One line per check, the results only (no addresses, inode numbers, times or sizes
 * that differ between file systems); exits 0 only if every check passed. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "diffcheck.h"

/* Bad arguments, out of the compiler's sight (it would warn of them). */
static volatile int minus_one = -1, too_many = 1025;
static volatile size_t size_max = SIZE_MAX;

static char motd[4096];
static long motd_len;

static void basic_io(void)
{
	struct stat st;
	char buf[256];
	int fd = open("/etc/motd", O_RDONLY);
	num_is("open /etc/motd gives the lowest descriptor", fd, 3);
	num_is("fstat", fstat(fd, &st), 0);
	truth("fstat: a regular file", S_ISREG(st.st_mode));
	num_is("fstat: st_blksize", st.st_blksize, 4096);
	motd_len = read(fd, motd, sizeof motd);
	num_is("read all of it: st_size bytes", motd_len, st.st_size);
	num_is("read at the end", read(fd, buf, sizeof buf), 0);
	num_is("lseek SEEK_SET 0", lseek(fd, 0, SEEK_SET), 0);
	long total = 0, n;
	int same = 1;
	while ((n = read(fd, buf, 7)) > 0) {
		same &= !memcmp(buf, motd + total, (size_t)n);
		total += n;
	}
	num_is("read 7 at a time", total, motd_len);
	truth("... the same bytes", same);
	num_is("lseek SEEK_SET 10", lseek(fd, 10, SEEK_SET), 10);
	num_is("read 5", read(fd, buf, 5), 5);
	truth("... bytes 10-14", !memcmp(buf, motd + 10, 5));
	num_is("lseek SEEK_CUR 0", lseek(fd, 0, SEEK_CUR), 15);
	num_is("lseek SEEK_END -3", lseek(fd, -3, SEEK_END), motd_len - 3);
	num_is("lseek SEEK_CUR -2", lseek(fd, -2, SEEK_CUR), motd_len - 5);
	err_is("lseek to -1", lseek(fd, -1, SEEK_SET), "EINVAL");
	err_is("lseek whence 7", lseek(fd, 0, 7), "EINVAL");
	num_is("lseek past the end", lseek(fd, motd_len + 100, SEEK_SET), motd_len + 100);
	num_is("read past the end", read(fd, buf, 10), 0);
	num_is("SEEK_HOLE from 0", lseek(fd, 0, SEEK_HOLE), motd_len);
	num_is("SEEK_DATA from 0", lseek(fd, 0, SEEK_DATA), 0);
	err_is("SEEK_DATA at the end", lseek(fd, motd_len, SEEK_DATA), "ENXIO");

	lseek(fd, 2, SEEK_SET);
	num_is("pread 8 at 4", pread(fd, buf, 8, 4), 8);
	truth("... bytes 4-11", !memcmp(buf, motd + 4, 8));
	num_is("... the offset stays", lseek(fd, 0, SEEK_CUR), 2);
	err_is("pread at -1", pread(fd, buf, 8, -1), "EINVAL");
	num_is("pread past the end", pread(fd, buf, 8, motd_len + 5), 0);

	char a[3], b[1], c[10];
	struct iovec iov[3] = {{a, sizeof a}, {b, 0}, {c, sizeof c}};
	lseek(fd, 0, SEEK_SET);
	num_is("readv 3 + 0 + 10", readv(fd, iov, 3), 13);
	truth("... the bytes in order", !memcmp(a, motd, 3) && !memcmp(c, motd + 3, 10));
	num_is("preadv at 1", preadv(fd, iov, 3, 1), 13);
	truth("... the bytes in order", !memcmp(a, motd + 1, 3) && !memcmp(c, motd + 4, 10));
	err_is("readv count -1", readv(fd, iov, minus_one), "EINVAL");
	err_is("readv count 1025", readv(fd, iov, too_many), "EINVAL");
	err_is("readv vector at (void *)1", readv(fd, bad_pointer, 1), "EFAULT");
	struct iovec neg = {buf, (size_t)-1};
	err_is("readv a negative length", readv(fd, &neg, 1), "EINVAL");
	num_is("readv nothing", readv(fd, iov, 0), 0);

	lseek(fd, 5, SEEK_SET);
	err_is("read into (void *)1", read(fd, bad_pointer, 10), "EFAULT");
	num_is("... the offset stays", lseek(fd, 0, SEEK_CUR), 5);
	err_is("read count SIZE_MAX", read(fd, buf, size_max), "EFAULT");
	num_is("read 0 bytes", read(fd, buf, 0), 0);
	err_is("write to a read-only descriptor", write(fd, "x", 1), "EBADF");
	err_is("write 0 bytes to it", write(fd, "x", 0), "EBADF");
	err_is("read from descriptor -1", read(-1, buf, 1), "EBADF");
	err_is("read from descriptor 100", read(100, buf, 1), "EBADF");
	err_is("read from descriptor 1000000", read(1000000, buf, 1), "EBADF");
	err_is("ftruncate of a read-only descriptor", ftruncate(fd, 0), "EINVAL");
	err_is("ftruncate to -1", ftruncate(fd, -1), "EINVAL");
	err_is("ftruncate of descriptor -1", ftruncate(-1, 0), "EBADF");
	num_is("fsync", fsync(fd), 0);
	num_is("fdatasync", fdatasync(fd), 0);
	err_is("fsync of descriptor -1", fsync(-1), "EBADF");
	num_is("close", close(fd), 0);
	err_is("close again", close(fd), "EBADF");
	err_is("read after close", read(fd, buf, 1), "EBADF");
	err_is("fstat after close", fstat(fd, &st), "EBADF");
}

/* A file larger than the protocol's 4096-byte pieces: the program itself. */
static void big_io(const char *self)
{
	struct stat st;
	int fd = open(self, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size < 3 * 4096) {
		truth("open and fstat argv[0] (3 pages or more)", 0);
		return;
	}
	char *whole = malloc((size_t)st.st_size), *pieces = malloc((size_t)st.st_size);
	truth("read argv[0] with a count 1 MiB past its size: its size", read(fd, whole, (size_t)st.st_size + (1 << 20)) == st.st_size);
	lseek(fd, 0, SEEK_SET);
	long got = 0, n;
	while ((n = read(fd, pieces + got, 1000)) > 0)
		got += n;
	truth("... again 1000 bytes at a time: the same", got == st.st_size && !memcmp(whole, pieces, (size_t)got));
	char buf[9000];
	num_is("pread 9000 at 3000", pread(fd, buf, sizeof buf, 3000), 9000);
	truth("... the same bytes", !memcmp(buf, whole + 3000, 9000));
	struct iovec iov[3] = {{buf, 4095}, {buf + 4095, 2}, {buf + 4097, 4903}};
	lseek(fd, 100, SEEK_SET);
	num_is("readv 4095 + 2 + 4903", readv(fd, iov, 3), 9000);
	truth("... the same bytes", !memcmp(buf, whole + 100, 9000));
	num_is("pread across the end", pread(fd, buf, 5000, st.st_size - 1000), 1000);
	/* Into a buffer that runs into a hole: what fits before it; into a read-only page:
	 * EFAULT (ours copies straight from the page cache into the lent buffer). */
	char *two = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	truth("mmap two pages, unmap the second", two != MAP_FAILED && munmap(two + 4096, 4096) == 0);
	num_is("pread of 8192 into the page before the hole, from byte 100", pread(fd, two + 100, 8192, 0), 3996);
	truth("... the bytes that fit", !memcmp(two + 100, whole, 3996));
	truth("mprotect it read-only", mprotect(two, 4096, PROT_READ) == 0);
	err_is("pread into a read-only page", pread(fd, two, 100, 0), "EFAULT");
	munmap(two, 4096);
	num_is("open O_CLOEXEC: F_GETFD", fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(fd);
	free(whole);
	free(pieces);
}

static void console(void)
{
	struct stat st;
	struct termios t;
	struct winsize ws;
	fflush(stdout);
	err_is("lseek on the console", lseek(1, 0, SEEK_CUR), "ESPIPE");
	num_is("fstat of the console", syscall(SYS_fstat, 1, &st), 0);
	truth("... a character device", S_ISCHR(st.st_mode));
	num_is("isatty(1)", isatty(1), 1);
	num_is("TCGETS", ioctl(1, TCGETS, &t), 0);
	truth("... canonical, with echo", (t.c_lflag & ICANON) && (t.c_lflag & ECHO));
	num_is("TIOCGWINSZ", ioctl(1, TIOCGWINSZ, &ws), 0);
	err_is("TCGETS into (void *)1", ioctl(1, TCGETS, bad_pointer), "EFAULT");
	err_is("an unknown ioctl on the console", ioctl(1, 0x12345678, 0), "ENOTTY");
	err_is("ioctl of descriptor -1", ioctl(-1, TCGETS, &t), "EBADF");
	err_is("write from (void *)1 to the console", write(1, bad_pointer, 5), "EFAULT");
	num_is("write 0 bytes to the console", write(1, "", 0), 0);
	struct iovec iov[3] = {{"writev: ", 8}, {"one, ", 5}, {"two\n", 4}};
	fflush(stdout);
	num_is("writev to the console (the line before)", writev(1, iov, 3), 17);
	err_is("ftruncate of the console", ftruncate(1, 0), "EINVAL");
	err_is("fsync of the console", fsync(1), "EINVAL");
	err_is("pread from the console", pread(1, &st, 1, 0), "ESPIPE");
	int fd = open("/etc/motd", O_RDONLY);
	errno = 0;
	int tty = isatty(fd), e = errno;
	num_is("isatty of a file", tty, 0);
	result("... errno", ename(e), "ENOTTY");
	err_is("TIOCGWINSZ on a file", ioctl(fd, TIOCGWINSZ, &ws), "ENOTTY");
	num_is("FIOCLEX", ioctl(fd, FIOCLEX), 0);
	num_is("... F_GETFD", fcntl(fd, F_GETFD), FD_CLOEXEC);
	num_is("FIONCLEX", ioctl(fd, FIONCLEX), 0);
	num_is("... F_GETFD", fcntl(fd, F_GETFD), 0);
	close(fd);
}

static void descriptors(void)
{
	char buf[16];
	int fd = open("/etc/motd", O_RDONLY);
	int d = dup(fd);
	num_is("dup: the lowest free", d, fd + 1);
	num_is("read 5 through the first", read(fd, buf, 5), 5);
	num_is("... the duplicate shares the offset", lseek(d, 0, SEEK_CUR), 5);
	err_is("dup of descriptor -1", dup(-1), "EBADF");
	num_is("F_GETFD", fcntl(fd, F_GETFD), 0);
	num_is("F_SETFD FD_CLOEXEC", fcntl(d, F_SETFD, FD_CLOEXEC), 0);
	num_is("... F_GETFD", fcntl(d, F_GETFD), FD_CLOEXEC);
	num_is("... not the other descriptor", fcntl(fd, F_GETFD), 0);
	int fl = fcntl(fd, F_GETFL);
	num_is("F_GETFL: O_RDONLY, no O_APPEND, O_NONBLOCK", fl & (O_ACCMODE | O_APPEND | O_NONBLOCK), O_RDONLY);
	num_is("F_SETFL O_APPEND|O_NONBLOCK", fcntl(fd, F_SETFL, fl | O_APPEND | O_NONBLOCK), 0);
	num_is("... F_GETFL of the duplicate", fcntl(d, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK),
	       O_RDONLY | O_APPEND | O_NONBLOCK);
	num_is("F_SETFL back", fcntl(fd, F_SETFL, fl), 0);
	num_is("... F_GETFL", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK), O_RDONLY);
	num_is("F_DUPFD 10", fcntl(fd, F_DUPFD, 10), 10);
	num_is("F_DUPFD 10 again: the next", fcntl(fd, F_DUPFD, 10), 11);
	num_is("F_DUPFD_CLOEXEC 20", fcntl(fd, F_DUPFD_CLOEXEC, 20), 20);
	num_is("... F_GETFD", fcntl(20, F_GETFD), FD_CLOEXEC);
	err_is("F_DUPFD -1", fcntl(fd, F_DUPFD, -1), "EINVAL");
	err_is("F_DUPFD 1 << 20", fcntl(fd, F_DUPFD, 1 << 20), "EINVAL");
	err_is("fcntl of descriptor -1", fcntl(-1, F_GETFD), "EBADF");
	err_is("fcntl command 9999", fcntl(fd, 9999), "EINVAL");
	err_is("dup3 onto itself", syscall(SYS_dup3, fd, fd, 0), "EINVAL");
	err_is("dup3 flags 1", syscall(SYS_dup3, fd, 50, 1), "EINVAL");
	err_is("dup3 of descriptor -1", syscall(SYS_dup3, -1, 50, 0), "EBADF");
	err_is("dup3 to 100000", syscall(SYS_dup3, fd, 100000, 0), "EBADF");
	num_is("dup3 to 50, O_CLOEXEC", syscall(SYS_dup3, fd, 50, O_CLOEXEC), 50);
	num_is("... F_GETFD", fcntl(50, F_GETFD), FD_CLOEXEC);
	int other = open("/docs/README", O_RDONLY);
	num_is("dup3 over an open descriptor", syscall(SYS_dup3, fd, other, 0), other);
	lseek(fd, 0, SEEK_SET);
	num_is("... it reads the first file", read(other, buf, 5), 5);
	truth("... the same bytes", !memcmp(buf, motd, 5));
	num_is("dup2(fd, fd)", dup2(fd, fd), fd);
	num_is("close the first", close(fd), 0);
	num_is("... the duplicate still reads", read(d, buf, 3), 3);
	truth("... from the shared offset", !memcmp(buf, motd + 5, 3));
	int again = open("/etc/motd", O_RDONLY);
	num_is("open: the lowest free again", again, fd);
	close(again);
	close(d), close(10), close(11), close(20), close(50), close(other);
}

static void open_errors(void)
{
	static char longpath[5000], longname[300];
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	memcpy(longname, "/etc/", 5);
	memset(longname + 5, 'n', 256);
	err_is("open /nonexistent", open("/nonexistent", O_RDONLY), "ENOENT");
	err_is("open /nonexistent/x", open("/nonexistent/x", O_RDONLY), "ENOENT");
	err_is("open /etc/motd/x", open("/etc/motd/x", O_RDONLY), "ENOTDIR");
	err_is("open /etc/motd/", open("/etc/motd/", O_RDONLY), "ENOTDIR");
	err_is("open /etc/motd/..", open("/etc/motd/..", O_RDONLY), "ENOTDIR");
	err_is("open /nonexistent/..", open("/nonexistent/..", O_RDONLY), "ENOENT");
	err_is("open /etc/motd O_DIRECTORY", open("/etc/motd", O_RDONLY | O_DIRECTORY), "ENOTDIR");
	err_is("open /etc O_WRONLY", open("/etc", O_WRONLY), "EISDIR");
	err_is("open /etc O_RDWR", open("/etc", O_RDWR), "EISDIR");
	err_is("open /etc O_CREAT", open("/etc", O_RDONLY | O_CREAT, 0644), "EISDIR");
	err_is("open /etc/nonexistent/ O_CREAT", open("/etc/nonexistent/", O_RDWR | O_CREAT, 0644), "EISDIR");
	err_is("open /etc/motd O_CREAT|O_EXCL", open("/etc/motd", O_RDWR | O_CREAT | O_EXCL, 0644), "EEXIST");
	err_is("open /nonexistent/x O_CREAT", open("/nonexistent/x", O_RDWR | O_CREAT, 0644), "ENOENT");
	err_is("open a 4999-byte path", open(longpath, O_RDONLY), "ENAMETOOLONG");
	err_is("open a 256-byte name", open(longname, O_RDONLY), "ENAMETOOLONG");
	err_is("open (char *)1", open(bad_pointer, O_RDONLY), "EFAULT");
	err_is("open \"\"", open("", O_RDONLY), "ENOENT");
	int fd = open("/etc/motd", O_RDONLY);
	err_is("openat a file's descriptor", openat(fd, "x", O_RDONLY), "ENOTDIR");
	err_is("openat descriptor -1", openat(-1, "x", O_RDONLY), "EBADF");
	err_is("openat descriptor 999, relative", openat(999, "etc/motd", O_RDONLY), "EBADF");
	int abs = openat(-1, "/etc/motd", O_RDONLY);
	err_is("openat descriptor -1, absolute", abs, "success");
	close(abs);
	close(fd);

	char buf[64];
	struct stat st;
	const char *same[] = {"/etc/../etc/motd", "//etc///motd", "/etc/./motd", "/../etc/motd", "etc/motd",
	                      "./etc/../etc/motd"};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char what[64];
		fd = open(same[i], O_RDONLY);
		snprintf(what, sizeof what, "open %s reads /etc/motd", same[i]);
		truth(what, fd >= 0 && read(fd, buf, 10) == 10 && !memcmp(buf, motd, 10));
		close(fd);
	}
	int dir = open("/etc", O_RDONLY | O_DIRECTORY);
	err_is("open /etc O_DIRECTORY", dir, "success");
	fd = openat(dir, "motd", O_RDONLY);
	truth("openat /etc's descriptor, motd", fd >= 0 && read(fd, buf, 10) == 10 && !memcmp(buf, motd, 10));
	close(fd);
	fd = openat(dir, "../docs/../etc/./motd", O_RDONLY);
	truth("openat /etc's descriptor, ../docs/../etc/./motd", fd >= 0 && read(fd, buf, 10) == 10 && !memcmp(buf, motd, 10));
	close(fd);
	err_is("read a directory", read(dir, buf, sizeof buf), "EISDIR");
	err_is("pread a directory", pread(dir, buf, sizeof buf, 0), "EISDIR");
	num_is("fstat of a directory", fstat(dir, &st), 0);
	truth("... a directory", S_ISDIR(st.st_mode));
	close(dir);
	fd = open("/..", O_RDONLY);
	truth("open /..: the root, a directory", fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode));
	close(fd);
	fd = open("/etc/.", O_RDONLY | O_DIRECTORY);
	err_is("open /etc/. O_DIRECTORY", fd, "success");
	close(fd);
}

static void stats(void)
{
	struct stat st, st2;
	err_is("stat /etc/motd", stat("/etc/motd", &st), "0");
	truth("... a regular file of the size read", S_ISREG(st.st_mode) && st.st_size == motd_len);
	num_is("... st_nlink", st.st_nlink, 1);
	mode_is("... mode bits", st.st_mode & 07777, 0644);
	err_is("stat /etc", stat("/etc", &st), "0");
	truth("... a directory", S_ISDIR(st.st_mode));
	err_is("stat /etc/motd/", stat("/etc/motd/", &st), "ENOTDIR");
	err_is("stat /etc/motd/x", stat("/etc/motd/x", &st), "ENOTDIR");
	err_is("stat /nonexistent", stat("/nonexistent", &st), "ENOENT");
	err_is("stat into (void *)1", stat("/etc/motd", bad_pointer), "EFAULT");
	err_is("stat (char *)1", stat(bad_pointer, &st), "EFAULT");
	err_is("stat \"\"", stat("", &st), "ENOENT");
	err_is("lstat /etc/motd", lstat("/etc/motd", &st2), "0");
	truth("... the same file", st2.st_ino != 0 && S_ISREG(st2.st_mode));
	int fd = open("/etc/motd", O_RDONLY);
	err_is("newfstatat descriptor, \"\", AT_EMPTY_PATH", syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH), "0");
	fstat(fd, &st2);
	truth("... as fstat", st.st_ino == st2.st_ino && st.st_size == st2.st_size && st.st_mode == st2.st_mode);
	err_is("newfstatat descriptor, \"\", 0", syscall(SYS_newfstatat, fd, "", &st, 0), "ENOENT");
	err_is("newfstatat flags 4", syscall(SYS_newfstatat, AT_FDCWD, "/etc/motd", &st, 4), "EINVAL");
	err_is("newfstatat AT_SYMLINK_NOFOLLOW", syscall(SYS_newfstatat, AT_FDCWD, "/etc/motd", &st, AT_SYMLINK_NOFOLLOW), "0");
	err_is("newfstatat AT_FDCWD, \"\", AT_EMPTY_PATH", syscall(SYS_newfstatat, AT_FDCWD, "", &st, AT_EMPTY_PATH), "0");
	truth("... the current directory, /", S_ISDIR(st.st_mode) && stat("/", &st2) == 0 && st.st_ino == st2.st_ino);
	err_is("newfstatat a file's descriptor, relative", syscall(SYS_newfstatat, fd, "x", &st, 0), "ENOTDIR");
	err_is("newfstatat descriptor -1, \"\", AT_EMPTY_PATH", syscall(SYS_newfstatat, -1, "", &st, AT_EMPTY_PATH), "EBADF");
	err_is("fstat (80) into (void *)1", syscall(SYS_fstat, fd, bad_pointer), "EFAULT");

	struct statx sx;
	err_is("statx /etc/motd", syscall(SYS_statx, AT_FDCWD, "/etc/motd", 0, STATX_BASIC_STATS, &sx), "0");
	truth("... the basic fields", (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
	truth("... a regular file of the size read", S_ISREG(sx.stx_mode) && (long)sx.stx_size == motd_len);
	truth("... as stat", stat("/etc/motd", &st) == 0 && sx.stx_ino == st.st_ino && sx.stx_nlink == st.st_nlink &&
	      sx.stx_blocks == (uint64_t)st.st_blocks && sx.stx_mtime.tv_sec == st.st_mtime);
	num_is("... stx_blksize", sx.stx_blksize, 4096);
	err_is("statx descriptor, \"\", AT_EMPTY_PATH", syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx), "0");
	truth("... the file", (long)sx.stx_size == motd_len);
	err_is("statx flags 1", syscall(SYS_statx, AT_FDCWD, "/etc/motd", 1, STATX_BASIC_STATS, &sx), "EINVAL");
	err_is("statx mask STATX__RESERVED", syscall(SYS_statx, AT_FDCWD, "/etc/motd", 0, 0x80000000u, &sx), "EINVAL");
	err_is("statx sync type 0x6000", syscall(SYS_statx, AT_FDCWD, "/etc/motd", 0x6000, STATX_BASIC_STATS, &sx), "EINVAL");
	err_is("statx into (void *)1", syscall(SYS_statx, AT_FDCWD, "/etc/motd", 0, STATX_BASIC_STATS, bad_pointer), "EFAULT");
	err_is("statx /nonexistent", syscall(SYS_statx, AT_FDCWD, "/nonexistent", 0, STATX_BASIC_STATS, &sx), "ENOENT");
	err_is("statx /etc", syscall(SYS_statx, AT_FDCWD, "/etc", AT_STATX_SYNC_AS_STAT, STATX_TYPE, &sx), "0");
	truth("... a directory", S_ISDIR(sx.stx_mode));
	close(fd);
}

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The names of directory fd from where it is, read with getdents64 into size-byte
 * buffers, sorted and joined by spaces ("." and ".." included); types of "." and
 * README checked. */
static void list(int fd, size_t size, char *out, size_t outsz, int *types_ok)
{
	static char buf[8192];
	char *names[256];
	int n = 0;
	long r;
	*types_ok = 1;
	while ((r = syscall(SYS_getdents64, fd, buf, size)) > 0)
		for (long at = 0; at < r && n < 256;) {
			struct linux_dirent64 *d = (void *)(buf + at);
			names[n++] = strdup(d->d_name);
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				*types_ok &= d->d_type == DT_DIR;
			if (!strcmp(d->d_name, "README"))
				*types_ok &= d->d_type == DT_REG;
			at += d->d_reclen;
		}
	qsort(names, (size_t)n, sizeof names[0], cmp_str);
	out[0] = 0;
	for (int i = 0; i < n; i++) {
		snprintf(out + strlen(out), outsz - strlen(out), "%s%s", i ? " " : "", names[i]);
		free(names[i]);
	}
	if (r < 0)
		snprintf(out + strlen(out), outsz - strlen(out), " (then -1 %s)", ename(errno));
}

static void directories(const char *self)
{
	char names[2048];
	int types;
	int fd = open("/docs", O_RDONLY | O_DIRECTORY);
	list(fd, 8192, names, sizeof names, &types);
	result("getdents64 /docs", names, ". .. README");
	truth("... d_type of ., .. and README", types);
	num_is("getdents64 at the end", syscall(SYS_getdents64, fd, names, sizeof names), 0);
	num_is("lseek back to 0", lseek(fd, 0, SEEK_SET), 0);
	list(fd, 32, names, sizeof names, &types);
	result("getdents64 /docs, 32 bytes at a time", names, ". .. README");
	lseek(fd, 0, SEEK_SET);
	err_is("getdents64 into 8 bytes", syscall(SYS_getdents64, fd, names, 8), "EINVAL");
	err_is("getdents64 into (void *)1", syscall(SYS_getdents64, fd, bad_pointer, 4096), "EFAULT");
	err_is("getdents64 of descriptor -1", syscall(SYS_getdents64, -1, names, sizeof names), "EBADF");
	close(fd);
	fd = open("/etc/motd", O_RDONLY);
	err_is("getdents64 of a file", syscall(SYS_getdents64, fd, names, sizeof names), "ENOTDIR");
	close(fd);
	err_is("getdents64 of the console", syscall(SYS_getdents64, 1, names, sizeof names), "ENOTDIR");

	/* readdir, telldir and seekdir over the program's own directory */
	char dir[256];
	snprintf(dir, sizeof dir, "%s", self);
	*strrchr(dir, '/') = 0;
	const char *base = strrchr(self, '/') + 1;
	DIR *d = opendir(dir[0] ? dir : "/");
	int found = 0, count = 0;
	long second = -1;
	char second_name[256] = "";
	struct dirent *e;
	while (d && (e = readdir(d))) {
		found |= !strcmp(e->d_name, base);
		if (++count == 2) {
			second = telldir(d);
		} else if (count == 3) {
			snprintf(second_name, sizeof second_name, "%s", e->d_name);
		}
	}
	truth("readdir of argv[0]'s directory finds it", found);
	if (d && second >= 0) {
		seekdir(d, second);
		e = readdir(d);
		truth("seekdir to telldir: the same entry again", e && !strcmp(e->d_name, second_name));
		rewinddir(d);
		int again = 0;
		while (readdir(d))
			again++;
		truth("rewinddir: as many entries again", again == count);
	}
	if (d)
		closedir(d);
}

static void cwd(void)
{
	char buf[256];
	result("getcwd", getcwd(buf, sizeof buf) ? buf : ename(errno), "/");
	err_is("chdir /etc", chdir("/etc"), "0");
	result("... getcwd", getcwd(buf, sizeof buf) ? buf : ename(errno), "/etc");
	int fd = open("motd", O_RDONLY);
	truth("... open motd reads /etc/motd", fd >= 0 && read(fd, buf, 10) == 10 && !memcmp(buf, motd, 10));
	close(fd);
	err_is("chdir ../docs/.", chdir("../docs/."), "0");
	result("... getcwd", getcwd(buf, sizeof buf) ? buf : ename(errno), "/docs");
	err_is("chdir ..", chdir(".."), "0");
	result("... getcwd", getcwd(buf, sizeof buf) ? buf : ename(errno), "/");
	err_is("chdir /etc/motd", chdir("/etc/motd"), "ENOTDIR");
	err_is("chdir /nonexistent", chdir("/nonexistent"), "ENOENT");
	err_is("chdir (char *)1", chdir(bad_pointer), "EFAULT");
	err_is("getcwd into 1 byte", getcwd(buf, 1) ? 0 : -1, "ERANGE");
	err_is("getcwd (syscall) into (void *)1", syscall(SYS_getcwd, bad_pointer, 100), "EFAULT");
	num_is("getcwd (syscall): the length with the NUL", syscall(SYS_getcwd, buf, 100), 2);
	fd = open("/docs", O_RDONLY | O_DIRECTORY);
	err_is("fchdir /docs", fchdir(fd), "0");
	result("... getcwd", getcwd(buf, sizeof buf) ? buf : ename(errno), "/docs");
	close(fd);
	fd = open("/etc/motd", O_RDONLY);
	err_is("fchdir a file", fchdir(fd), "ENOTDIR");
	close(fd);
	err_is("fchdir descriptor -1", fchdir(-1), "EBADF");
	err_is("chdir /", chdir("/"), "0");
}

static void access_calls(const char *self)
{
	err_is("access /etc/motd F_OK", access("/etc/motd", F_OK), "0");
	err_is("access /etc/motd R_OK", access("/etc/motd", R_OK), "0");
	err_is("access /etc/motd X_OK", access("/etc/motd", X_OK), "EACCES");
	err_is("access /etc X_OK", access("/etc", X_OK), "0");
	err_is("access argv[0] X_OK", access(self, X_OK), "0");
	err_is("access /nonexistent", access("/nonexistent", F_OK), "ENOENT");
	err_is("access /etc/motd/", access("/etc/motd/", F_OK), "ENOTDIR");
	err_is("access mode 8", access("/etc/motd", 8), "EINVAL");
	err_is("access (char *)1", access(bad_pointer, F_OK), "EFAULT");
	err_is("faccessat AT_EACCESS", faccessat(AT_FDCWD, "/etc/motd", R_OK, AT_EACCESS), "0");
#ifdef SYS_faccessat2
	int fd = open("/etc/motd", O_RDONLY);
	err_is("faccessat2 descriptor, \"\", AT_EMPTY_PATH", syscall(SYS_faccessat2, fd, "", R_OK, AT_EMPTY_PATH), "0");
	err_is("faccessat2 flags 1", syscall(SYS_faccessat2, AT_FDCWD, "/etc/motd", R_OK, 1), "EINVAL");
	err_is("faccessat2 descriptor, relative", syscall(SYS_faccessat2, fd, "x", R_OK, 0), "ENOTDIR");
	close(fd);
#endif
}

static void links(const char *self)
{
	char buf[4096];
	long n = readlink("/proc/self/exe", buf, sizeof buf);
	if (n >= 0)
		buf[n] = 0;
	truth("readlink /proc/self/exe: argv[0]", n >= 0 && !strcmp(buf, self));
	num_is("readlink /proc/self/exe into 3 bytes", readlink("/proc/self/exe", buf, 3), 3);
	truth("... its start", !memcmp(buf, self, 3));
	err_is("readlink /proc/self/exe into (void *)1", readlink("/proc/self/exe", bad_pointer, 10), "EFAULT");
	err_is("readlink /etc/motd", readlink("/etc/motd", buf, sizeof buf), "EINVAL");
	err_is("readlink /etc", readlink("/etc", buf, sizeof buf), "EINVAL");
	err_is("readlink /nonexistent", readlink("/nonexistent", buf, sizeof buf), "ENOENT");
	err_is("readlink /etc/motd/x", readlink("/etc/motd/x", buf, sizeof buf), "ENOTDIR");
	err_is("readlinkat size 0", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", buf, 0), "EINVAL");
	err_is("readlink (char *)1", readlink(bad_pointer, buf, sizeof buf), "EFAULT");
}

/* What a read-only root and a writable one answer alike: the errors found before
 * the file system is asked to change. */
static void name_errors(void)
{
	err_is("mkdir /etc", mkdir("/etc", 0755), "EEXIST");
	err_is("mkdir /", mkdir("/", 0755), "EEXIST");
	err_is("mkdir /etc/.", mkdir("/etc/.", 0755), "EEXIST");
	err_is("mkdir /etc/motd", mkdir("/etc/motd", 0755), "EEXIST");
	err_is("mkdir /nonexistent/x", mkdir("/nonexistent/x", 0755), "ENOENT");
	err_is("mkdir /etc/motd/x", mkdir("/etc/motd/x", 0755), "ENOTDIR");
	err_is("mkdir (char *)1", mkdir(bad_pointer, 0755), "EFAULT");
	err_is("rmdir /etc/.", rmdir("/etc/."), "EINVAL");
	err_is("rmdir /etc/..", rmdir("/etc/.."), "ENOTEMPTY");
	err_is("rmdir /", rmdir("/"), "EBUSY");
	err_is("rmdir /nonexistent/x", rmdir("/nonexistent/x"), "ENOENT");
	err_is("unlink /nonexistent/x", unlink("/nonexistent/x"), "ENOENT");
	err_is("unlink /etc/motd/x", unlink("/etc/motd/x"), "ENOTDIR");
	err_is("unlink /etc/..", unlink("/etc/.."), "EISDIR");
	err_is("unlinkat flags 1", unlinkat(AT_FDCWD, "/etc/motd", 1), "EINVAL");
	err_is("unlink (char *)1", unlink(bad_pointer), "EFAULT");
	err_is("rename /nonexistent/a /etc/b", rename("/nonexistent/a", "/etc/b"), "ENOENT");
	err_is("rename /etc/motd /nonexistent/b", rename("/etc/motd", "/nonexistent/b"), "ENOENT");
	err_is("rename /etc/. /x", rename("/etc/.", "/x"), "EBUSY");
	err_is("rename /etc/motd /etc/..", rename("/etc/motd", "/etc/.."), "EBUSY");
	err_is("rename /etc/motd/ /etc/x", rename("/etc/motd/", "/etc/x"), "ENOTDIR");
	err_is("rename (char *)1 /x", rename(bad_pointer, "/x"), "EFAULT");
	err_is("renameat2 flags 8", syscall(SYS_renameat2, AT_FDCWD, "/etc/motd", AT_FDCWD, "/etc/x", 8), "EINVAL");
	int fd = open("/etc/motd", O_RDONLY);
	err_is("mkdirat a file's descriptor", mkdirat(fd, "x", 0755), "ENOTDIR");
	err_is("unlinkat descriptor -1", unlinkat(-1, "x", 0), "EBADF");
	err_is("renameat a file's descriptor", renameat(fd, "x", AT_FDCWD, "/etc/y"), "ENOTDIR");
	close(fd);
}

int main(int argc, char **argv)
{
	const char *self = argc > 0 && argv[0][0] == '/' ? argv[0] : "/bin/files";
	(void)argc;
	printf("files: file system calls, read-only\n");
	basic_io();
	big_io(self);
	console();
	descriptors();
	open_errors();
	stats();
	directories(self);
	cwd();
	access_calls(self);
	links(self);
	name_errors();
	return summary();
}
