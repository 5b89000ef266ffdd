/* devices.c - the memory devices, for the differential test: /dev/null (end of file,
 * takes every write), /dev/zero (zeros; mmap of it is anonymous memory, private or
 * shared, and a shared writable map needs a descriptor open for writing), /dev/full
 * (zeros, and ENOSPC for a write), /dev/random and /dev/urandom (bytes, and a write is
 * taken); their stat (character devices 1:3, 1:5, 1:7, 1:8, 1:9), lseek to 0 and poll
 * always ready. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "diffcheck.h"

/* "major:minor mode" of path, or the error's name. */
static const char *dev_of(const char *path)
{
	static char buf[40];
	struct stat st;
	if (stat(path, &st) < 0)
		return ename(errno);
	snprintf(buf, sizeof buf, "%u:%u %s %o", major(st.st_rdev), minor(st.st_rdev),
	         S_ISCHR(st.st_mode) ? "chr" : "other", st.st_mode & 0777);
	return buf;
}

static int all_are(const unsigned char *b, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != v)
			return 0;
	return 1;
}

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	result("stat /dev/null", dev_of("/dev/null"), "1:3 chr 666");
	result("stat /dev/zero", dev_of("/dev/zero"), "1:5 chr 666");
	result("stat /dev/full", dev_of("/dev/full"), "1:7 chr 666");
	result("stat /dev/random", dev_of("/dev/random"), "1:8 chr 666");
	result("stat /dev/urandom", dev_of("/dev/urandom"), "1:9 chr 666");

	unsigned char buf[10000];
	int null = open("/dev/null", O_RDWR);
	num_is("read /dev/null", read(null, buf, sizeof buf), 0);
	num_is("write /dev/null", write(null, buf, sizeof buf), sizeof buf);
	close(null);

	int zero = open("/dev/zero", O_RDWR);
	memset(buf, 0xaa, sizeof buf);
	num_is("read /dev/zero", read(zero, buf, sizeof buf), sizeof buf);
	truth("... zeros", all_are(buf, sizeof buf, 0));
	num_is("write /dev/zero", write(zero, buf, 100), 100);
	num_is("lseek /dev/zero", lseek(zero, 12345, SEEK_SET), 0);
	err_is("read /dev/zero into a bad pointer", read(zero, bad_pointer, 10), "EFAULT");
	struct pollfd p = {zero, POLLIN | POLLOUT, 0};
	num_is("poll /dev/zero", poll(&p, 1, 0), 1);
	num_is("... in and out", p.revents, POLLIN | POLLOUT);

	char *priv = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero, 0);
	truth("mmap /dev/zero private", priv != MAP_FAILED && priv[0] == 0 && priv[8191] == 0);
	char *shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, zero, 0);
	truth("mmap /dev/zero shared", shared != MAP_FAILED);
	if (priv != MAP_FAILED && shared != MAP_FAILED) {
		priv[0] = 1, shared[0] = 2;
		pid_t pid = fork();
		if (pid == 0) {
			shared[1] = 3;   /* the parent sees it */
			priv[1] = 4;     /* it does not */
			_exit(0);
		}
		waitpid(pid, 0, 0);
		truth("... a child shares the shared one", shared[1] == 3);
		truth("... and not the private one", priv[1] == 0);
	}
	int rdonly = open("/dev/zero", O_RDONLY);
	char *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rdonly, 0);
	err_is("mmap of read-only /dev/zero shared and writable", m == MAP_FAILED ? -1 : 0, "EACCES");
	m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, rdonly, 0);
	truth("... private and writable", m != MAP_FAILED);
	close(rdonly);
	close(zero);

	int full = open("/dev/full", O_RDWR);
	memset(buf, 0xaa, sizeof buf);
	num_is("read /dev/full", read(full, buf, 64), 64);
	truth("... zeros", all_are(buf, 64, 0));
	err_is("write /dev/full", write(full, buf, 1), "ENOSPC");
	close(full);

	int ur = open("/dev/urandom", O_RDWR);
	unsigned char a[64], b[64];
	num_is("read /dev/urandom", read(ur, a, sizeof a), sizeof a);
	read(ur, b, sizeof b);
	truth("... two reads differ", memcmp(a, b, sizeof a) != 0);
	num_is("write /dev/urandom", write(ur, a, sizeof a), sizeof a);
	close(ur);
	int r = open("/dev/random", O_RDONLY);
	num_is("read /dev/random", read(r, a, 16), 16);
	close(r);
	return summary();
}
