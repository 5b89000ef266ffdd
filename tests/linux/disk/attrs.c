/* attrs.c - the calls that change a file's attributes, for the differential test on a
 * writable root (Linux: a tmpfs; ours: the ext2 disk): utimensat with explicit times
 * (read back to the nanosecond by stat, fstat and statx), UTIME_OMIT, UTIME_NOW and NULL
 * times, futimens; chmod, fchmod, fchmodat; chown, fchown, fchownat, lchown as root (and
 * the set-user-ID bit chown clears); and their errors: ENOENT, ENOTDIR, EBADF, EINVAL,
 * EFAULT, and EPERM for a process that does not own the file. Everything happens in
 * /attrs.d, made at the start (and removed at the end). One line per check, results only
 * (never a time that is "now": only relations to it); exits 0 only if every check passed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../diffcheck.h"

#define D "/attrs.d"
#define F D "/f"

/* "SEC.NSEC" of a time stamp. */
static const char *ts_str(struct timespec t)
{
	static char buf[2][48];
	static int i;
	i ^= 1;
	snprintf(buf[i], sizeof buf[i], "%lld.%09ld", (long long)t.tv_sec, t.tv_nsec);
	return buf[i];
}

static void set_times(void)
{
	struct stat st;
	struct timespec ts[2] = {{1000000000, 123456789}, {1200000000, 999999999}};
	err_is("utimensat explicit", utimensat(AT_FDCWD, F, ts, 0), "0");
	stat(F, &st);
	result("... stat atime", ts_str(st.st_atim), "1000000000.123456789");
	result("... stat mtime", ts_str(st.st_mtim), "1200000000.999999999");
	struct statx sx;
	err_is("... statx", statx(AT_FDCWD, F, 0, STATX_BASIC_STATS, &sx), "0");
	char got[48];
	snprintf(got, sizeof got, "%lld.%09u", (long long)sx.stx_mtime.tv_sec, sx.stx_mtime.tv_nsec);
	result("... statx mtime", got, "1200000000.999999999");

	struct timespec omit[2] = {{5, UTIME_OMIT}, {1300000000, 5}};
	err_is("utimensat atime UTIME_OMIT", utimensat(AT_FDCWD, F, omit, 0), "0");
	stat(F, &st);
	result("... atime kept", ts_str(st.st_atim), "1000000000.123456789");
	result("... mtime set", ts_str(st.st_mtim), "1300000000.000000005");
	struct timespec both[2] = {{1, UTIME_OMIT}, {2, UTIME_OMIT}};
	err_is("both UTIME_OMIT, missing path: nothing looked at",
	       utimensat(AT_FDCWD, D "/missing", both, 0), "0");

	int fd = open(F, O_RDONLY);
	struct timespec fts[2] = {{1100000000, 1}, {1100000000, 2}};
	err_is("futimens", futimens(fd, fts), "0");
	fstat(fd, &st);
	result("... fstat atime", ts_str(st.st_atim), "1100000000.000000001");
	result("... fstat mtime", ts_str(st.st_mtim), "1100000000.000000002");
	err_is("utimensat(fd, NULL path, times)", syscall(SYS_utimensat, fd, NULL, ts, 0), "0");
	fstat(fd, &st);
	result("... mtime", ts_str(st.st_mtim), "1200000000.999999999");
	err_is("utimensat(fd, \"\", AT_EMPTY_PATH)", utimensat(fd, "", fts, AT_EMPTY_PATH), "0");
	fstat(fd, &st);
	result("... mtime", ts_str(st.st_mtim), "1100000000.000000002");
	err_is("utimensat(fd, NULL path, flags) EINVAL",
	       syscall(SYS_utimensat, fd, NULL, ts, AT_SYMLINK_NOFOLLOW), "EINVAL");
	err_is("utimensat AT_SYMLINK_NOFOLLOW", utimensat(AT_FDCWD, F, fts, AT_SYMLINK_NOFOLLOW), "0");
	close(fd);

	/* "Now" is each system's file clock (ours: the FS server's RTC; Linux's here: near 0). */
	err_is("utimensat NULL times: now", utimensat(AT_FDCWD, F, NULL, 0), "0");
	stat(F, &st);
	truth("... mtime no longer the explicit one", st.st_mtim.tv_sec != 1100000000);
	truth("... atime and mtime the same second", st.st_atim.tv_sec == st.st_mtim.tv_sec);
	struct timespec now[2] = {{0, UTIME_NOW}, {1000000000, 0}};
	err_is("utimensat UTIME_NOW and explicit", utimensat(AT_FDCWD, F, now, 0), "0");
	stat(F, &st);
	truth("... atime no longer the explicit one", st.st_atim.tv_sec != 1100000000);
	result("... mtime", ts_str(st.st_mtim), "1000000000.000000000");

	struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
	err_is("nsec 1e9: EINVAL", utimensat(AT_FDCWD, F, bad, 0), "EINVAL");
	bad[0].tv_nsec = -1;
	err_is("nsec -1: EINVAL", utimensat(AT_FDCWD, F, bad, 0), "EINVAL");
	err_is("flags 1: EINVAL", utimensat(AT_FDCWD, F, ts, 1), "EINVAL");
	err_is("times unreadable: EFAULT", syscall(SYS_utimensat, AT_FDCWD, F, bad_pointer, 0), "EFAULT");
	err_is("path unreadable: EFAULT", syscall(SYS_utimensat, AT_FDCWD, bad_pointer, ts, 0), "EFAULT");
	err_is("NULL path at AT_FDCWD: EFAULT", syscall(SYS_utimensat, AT_FDCWD, NULL, ts, 0), "EFAULT");
	err_is("missing: ENOENT", utimensat(AT_FDCWD, D "/missing", ts, 0), "ENOENT");
	err_is("through a file: ENOTDIR", utimensat(AT_FDCWD, F "/x", ts, 0), "ENOTDIR");
	err_is("closed descriptor: EBADF", syscall(SYS_utimensat, 999, NULL, ts, 0), "EBADF");
	err_is("relative to a closed descriptor: EBADF", utimensat(999, "f", ts, 0), "EBADF");
}

static void modes(void)
{
	struct stat st;
	err_is("chmod 0751", chmod(F, 0751), "0");
	stat(F, &st);
	mode_is("... mode", st.st_mode, 0100751);
	err_is("chmod 017777: the type bits ignored", chmod(F, 0177777), "0");
	stat(F, &st);
	mode_is("... mode", st.st_mode, 0107777);
	int fd = open(F, O_RDONLY);
	err_is("fchmod 0640 (read-only descriptor)", fchmod(fd, 0640), "0");
	fstat(fd, &st);
	mode_is("... mode", st.st_mode, 0100640);
	close(fd);
	err_is("fchmod closed: EBADF", fchmod(fd, 0600), "EBADF");
	int dfd = open(D, O_RDONLY | O_DIRECTORY);
	err_is("fchmodat(dirfd, \"f\")", fchmodat(dfd, "f", 0604, 0), "0");
	stat(F, &st);
	mode_is("... mode", st.st_mode, 0100604);
	err_is("chmod a directory", fchmod(dfd, 0700), "0");
	stat(D, &st);
	mode_is("... mode", st.st_mode, 040700);
	fchmod(dfd, 0755);
	close(dfd);
	err_is("chmod missing: ENOENT", chmod(D "/missing", 0600), "ENOENT");
	err_is("chmod through a file: ENOTDIR", chmod(F "/x", 0600), "ENOTDIR");
	err_is("chmod bad path: EFAULT", chmod(bad_pointer, 0600), "EFAULT");
	err_is("fchmodat ignores the syscall's 4th argument",
	       syscall(SYS_fchmodat, AT_FDCWD, F, 0644, 0x12345), "0");
}

static void owners(void)
{
	struct stat st;
	err_is("chown 1000:2000", chown(F, 1000, 2000), "0");
	stat(F, &st);
	num_is("... uid", st.st_uid, 1000);
	num_is("... gid", st.st_gid, 2000);
	err_is("chown -1:3000", chown(F, -1, 3000), "0");
	stat(F, &st);
	num_is("... uid kept", st.st_uid, 1000);
	num_is("... gid", st.st_gid, 3000);
	int fd = open(F, O_RDONLY);
	err_is("fchown 7:-1", fchown(fd, 7, -1), "0");
	fstat(fd, &st);
	num_is("... uid", st.st_uid, 7);
	num_is("... gid kept", st.st_gid, 3000);
	err_is("fchownat(fd, \"\", AT_EMPTY_PATH)", fchownat(fd, "", 8, 9, AT_EMPTY_PATH), "0");
	fstat(fd, &st);
	num_is("... uid", st.st_uid, 8);
	num_is("... gid", st.st_gid, 9);
	close(fd);
	err_is("lchown (AT_SYMLINK_NOFOLLOW)", fchownat(AT_FDCWD, F, 0, 0, AT_SYMLINK_NOFOLLOW), "0");
	stat(F, &st);
	num_is("... uid", st.st_uid, 0);
	err_is("fchownat flags 1: EINVAL", fchownat(AT_FDCWD, F, 0, 0, 1), "EINVAL");
	err_is("fchown closed: EBADF", fchown(fd, 0, 0), "EBADF");
	err_is("chown missing: ENOENT", chown(D "/missing", 0, 0), "ENOENT");

	chmod(F, 06755);
	err_is("chown of a set-user-ID file", chown(F, -1, -1), "0");
	stat(F, &st);
	mode_is("... set-user-ID and set-group-ID (group-executable) cleared", st.st_mode, 0100755);
	chmod(F, 02745);
	chown(F, 5, 5);
	stat(F, &st);
	mode_is("... set-group-ID kept when not group-executable", st.st_mode, 0102745);
	chown(F, 0, 0);
	chmod(F, 0644);
}

/* As uid 1000 (a child, which then ends): not the owner of root's file. */
static void not_owner(void)
{
	int failed_before = failed;
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec ts[2] = {{1, 0}, {2, 0}};
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(2);
		err_is("not the owner: chmod EPERM", chmod(F, 0777), "EPERM");
		err_is("not the owner: chown EPERM", chown(F, 1000, -1), "EPERM");
		err_is("not the owner: explicit times EPERM", utimensat(AT_FDCWD, F, ts, 0), "EPERM");
		err_is("not the owner, no write permission: now EACCES",
		       utimensat(AT_FDCWD, F, NULL, 0), "EACCES");
		_exit(failed != failed_before);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	num_is("the child's status", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
}

int main(void)
{
	printf("attrs: utimensat, chmod, chown\n");
	unlink(F);
	rmdir(D);
	err_is("mkdir " D, mkdir(D, 0755), "0");
	int fd = open(F, O_WRONLY | O_CREAT, 0644);
	err_is("create " F, fd, "success");
	close(fd);
	set_times();
	modes();
	owners();
	not_owner();
	err_is("unlink " F, unlink(F), "0");
	err_is("rmdir " D, rmdir(D), "0");
	return summary();
}
