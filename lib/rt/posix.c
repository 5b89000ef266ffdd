/* posix.c - the POSIX calls picolibc and programs need, on this system's servers.
 * File descriptors 0-2 are the console; files arrive with the FS server protocol. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/types.h>
#include "kcall.h"
#include "vmclient.h"

ssize_t write(int fd, const void *buf, size_t n)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	fflush(stdout);
	const char *p = buf;
	size_t done = 0;
	while (done < n) {
		long r = k_console_write(p + done, n - done);
		if (r < 0) {
			errno = (int)-r;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)r;
	}
	return (ssize_t)n;
}

ssize_t read(int fd, void *buf, size_t n)
{
	(void)buf, (void)n;
	if (fd == 0)
		return 0;   /* end of file: there is no console input */
	errno = EBADF;
	return -1;
}

int open(const char *path, int flags, ...)
{
	(void)path, (void)flags;
	errno = ENOSYS;
	return -1;
}

int close(int fd)
{
	if (fd >= 0 && fd <= 2)
		return 0;
	errno = EBADF;
	return -1;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)off, (void)whence;
	errno = (fd >= 0 && fd <= 2) ? ESPIPE : EBADF;
	return -1;
}

pid_t getpid(void)
{
	struct vm_stat_rep st;
	return vm_stat(&st) == 0 ? (pid_t)st.pid : 1;
}

void _exit(int status)
{
	fflush(stdout);
	vm_exit(status);
}
