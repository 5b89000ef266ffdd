/* mem_rw.c - the memory calls on a file that may be written, for the differential test on
 * a writable root (Linux: the initramfs, a tmpfs; ours: the ext2 disk scripts/linux-diff.sh
 * makes for tests/linux/disk/): MAP_SHARED writes reach the file (msync MS_SYNC, then read() sees
 * them; munmap without msync keeps them too), write() reaches the mapping, MAP_PRIVATE
 * writes do not reach the file, an access past the end of a truncated file is SIGBUS,
 * and mmap of a write-only descriptor is EACCES. Everything happens in /mem_rw.d, made
 * at the start (what an earlier run left is removed first) and removed at the end.
 * One line per check, results only; exits 0 only if every check passed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../diffcheck.h"

#define PG 4096UL
#define D "/mem_rw.d"

static sigjmp_buf fault_jmp;
static volatile int fault_sig;

static void on_fault(int sig)
{
	fault_sig = sig;
	siglongjmp(fault_jmp, 1);
}

/* What reading p does: "none", "SIGSEGV" or "SIGBUS". */
static const char *touch(volatile char *p)
{
	if (sigsetjmp(fault_jmp, 1) == 0) {
		(void)*p;
		return "none";
	}
	return fault_sig == SIGBUS ? "SIGBUS" : "SIGSEGV";
}

static int all_bytes(const char *p, size_t n, char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/* The file now holds n bytes of v from offset off (read with pread). */
static int file_has(int fd, long off, size_t n, char v)
{
	char buf[PG];
	return n <= sizeof buf && pread(fd, buf, n, off) == (long)n && all_bytes(buf, n, v);
}

static void shared_file(void)
{
	char page[PG];
	int fd = open(D "/f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	truth("create " D "/f", fd >= 0);
	if (fd < 0)
		return;
	memset(page, 'a', sizeof page);
	truth("write 2 pages of 'a'", write(fd, page, PG) == (long)PG && write(fd, page, PG) == (long)PG);

	char *s = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	truth("mmap it MAP_SHARED read-write", s != MAP_FAILED);
	if (s == MAP_FAILED)
		return;
	truth("... the file's bytes", all_bytes(s, 2 * PG, 'a'));
	memset(s, 'b', 100);
	memset(s + PG, 'c', PG);
	err_is("... write to it, msync MS_SYNC", msync(s, 2 * PG, MS_SYNC), "0");
	truth("... read() sees the writes", file_has(fd, 0, 100, 'b') && file_has(fd, 100, PG - 100, 'a') &&
	      file_has(fd, PG, PG, 'c'));
	memset(page, 'd', 10);
	truth("pwrite 10 bytes at 50", pwrite(fd, page, 10, 50) == 10);
	truth("... the mapping sees them", all_bytes(s + 50, 10, 'd') && s[49] == 'b' && s[60] == 'b');
	err_is("msync MS_ASYNC", msync(s, 2 * PG, MS_ASYNC), "0");
	err_is("msync MS_INVALIDATE", msync(s, 2 * PG, MS_INVALIDATE), "0");

	char *p = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	truth("mmap it MAP_PRIVATE read-write", p != MAP_FAILED);
	if (p != MAP_FAILED) {
		truth("... what the shared mapping wrote", all_bytes(p + PG, PG, 'c'));
		memset(p + PG, 'p', 8);
		truth("... a write changes it", all_bytes(p + PG, 8, 'p'));
		truth("... not the file", file_has(fd, PG, 8, 'c'));
		truth("... nor the shared mapping", all_bytes(s + PG, 8, 'c'));
		munmap(p, 2 * PG);
	}

	memset(s + PG, 'e', 16);
	err_is("write to the shared mapping, munmap without msync", munmap(s, 2 * PG), "0");
	truth("... read() sees the write", file_has(fd, PG, 16, 'e'));

	s = mmap(0, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	truth("mmap it again MAP_SHARED", s != MAP_FAILED);
	if (s != MAP_FAILED) {
		truth("... the bytes written before", s[0] == 'b' && s[50] == 'd' && s[PG] == 'e');
		err_is("ftruncate to one page", ftruncate(fd, PG), "0");
		result("... page 0 reads", touch(s), "none");
		result("... page 1 (past the end of the file)", touch(s + PG), "SIGBUS");
		munmap(s, 2 * PG);
	}
	close(fd);

	fd = open(D "/f", O_WRONLY);
	truth("open it O_WRONLY", fd >= 0);
	void *w = mmap(0, PG, PROT_WRITE, MAP_SHARED, fd, 0);
	err_is("... mmap MAP_SHARED PROT_WRITE", w == MAP_FAILED ? -1 : 0, "EACCES");
	if (w != MAP_FAILED)
		munmap(w, PG);
	close(fd);
}

int main(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, 0) < 0 || sigaction(SIGBUS, &sa, 0) < 0) {
		printf("FAIL - sigaction\n");
		return 1;
	}
	unlink(D "/f");
	rmdir(D);
	err_is("mkdir " D, mkdir(D, 0755), "0");
	shared_file();
	err_is("unlink " D "/f", unlink(D "/f"), "0");
	err_is("rmdir " D, rmdir(D), "0");
	return summary();
}
