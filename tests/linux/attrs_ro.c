/* attrs_ro.c - the calls that change a file's attributes on a root that may be read-only
 * (ours: the cpio archive, EROFS; Linux's here: a writable tmpfs, where they succeed and
 * change nothing that matters: the mode and owner are set to what they are). The errors
 * found before the file system is asked (ENOENT, ENOTDIR, EBADF, EINVAL, EFAULT) are the
 * same on both. The writable case is tests/linux/disk/attrs.c. Needs /etc/motd. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diffcheck.h"

/* A change the root may refuse: "0" or "EROFS" pass (attrs_ro.diffok: which one). */
static void changed_or_erofs(const char *what, long r)
{
	const char *got = r == 0 ? "0" : r == -1 ? ename(errno) : "success";
	result(what, got, r == 0 || (r == -1 && errno == EROFS) ? got : "0 or EROFS");
}

int main(void)
{
	struct stat st;
	struct timespec ts[2] = {{1000000000, 1}, {1000000000, 2}};
	struct timespec omit[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
	printf("attrs_ro: chmod, chown, utimensat on the root\n");
	err_is("stat /etc/motd", stat("/etc/motd", &st), "0");
	changed_or_erofs("chmod /etc/motd", chmod("/etc/motd", st.st_mode & 07777));
	changed_or_erofs("chown /etc/motd", chown("/etc/motd", st.st_uid, st.st_gid));
	changed_or_erofs("utimensat /etc/motd", utimensat(AT_FDCWD, "/etc/motd", ts, 0));
	changed_or_erofs("utimensat /etc/motd now", utimensat(AT_FDCWD, "/etc/motd", NULL, 0));
	int fd = open("/etc/motd", O_RDONLY);
	changed_or_erofs("fchmod", fchmod(fd, st.st_mode & 07777));
	changed_or_erofs("fchown", fchown(fd, st.st_uid, st.st_gid));
	changed_or_erofs("futimens", futimens(fd, ts));
	close(fd);
	err_is("utimensat both UTIME_OMIT", utimensat(AT_FDCWD, "/etc/motd", omit, 0), "0");
	err_is("chmod /nonexistent", chmod("/nonexistent", 0644), "ENOENT");
	err_is("chmod /etc/motd/x", chmod("/etc/motd/x", 0644), "ENOTDIR");
	err_is("chown /nonexistent/x", chown("/nonexistent/x", 0, 0), "ENOENT");
	err_is("utimensat /nonexistent", utimensat(AT_FDCWD, "/nonexistent", ts, 0), "ENOENT");
	err_is("fchmod closed", fchmod(fd, 0644), "EBADF");
	err_is("fchown closed", fchown(fd, 0, 0), "EBADF");
	err_is("futimens closed", futimens(fd, ts), "EBADF");
	ts[0].tv_nsec = 1000000000;
	err_is("utimensat nsec 1e9", utimensat(AT_FDCWD, "/etc/motd", ts, 0), "EINVAL");
	err_is("fchownat flags 1", fchownat(AT_FDCWD, "/etc/motd", 0, 0, 1), "EINVAL");
	err_is("chmod (char *)1", chmod(bad_pointer, 0644), "EFAULT");
	err_is("utimensat times (void *)1",
	       syscall(SYS_utimensat, AT_FDCWD, "/etc/motd", bad_pointer, 0), "EFAULT");
	return summary();
}
