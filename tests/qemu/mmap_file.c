/* mmap_file.c - file mappings over the packed (read-only) root: the bytes of a mapping
 * are the file's, a private mapping copies on write and never reaches the file, the
 * mmap hook's errors (EBADF, EACCES, ENODEV), SIGBUS for a page wholly beyond the end,
 * the mapping outliving close(), and exec of /bin/hello from the file system. The FS
 * server never faults while it serves pages. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "qtest.h"
#include "vmclient.h"

static sigjmp_buf env;
static volatile int got_sig, got_code;
static void *volatile got_addr;

static void on_bus(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	got_sig = sig, got_code = info->si_code, got_addr = info->si_addr;
	siglongjmp(env, 1);
}

static char filebuf[1 << 20];   /* /bin/hello, a static glibc program */

int main(void)
{
	struct vm_stat_rep st0, st1;
	vm_stat(&st0);
	int fd = open("/bin/hello", O_RDONLY);
	struct stat sb;
	QCHECK("open_program", fd >= 0 && fstat(fd, &sb) == 0 && sb.st_size > 8192 && sb.st_size <= (off_t)sizeof filebuf,
	       "fd %d size %ld", fd, (long)sb.st_size);
	size_t size = (size_t)sb.st_size;
	ssize_t got = 0, n;
	while ((n = read(fd, filebuf + got, size - (size_t)got)) > 0)
		got += n;
	QCHECK("read_whole", got == (ssize_t)size, "got %ld", (long)got);

	unsigned char *p = mmap(0, size, PROT_READ, MAP_PRIVATE, fd, 0);
	QCHECK("mmap_private_read", p != MAP_FAILED, "errno %d", errno);
	QCHECK("mapped_bytes_are_the_file", p != MAP_FAILED && memcmp(p, filebuf, size) == 0, "bytes differ");
	unsigned char *s = mmap(0, 8192, PROT_READ, MAP_SHARED, fd, 4096);
	QCHECK("mmap_shared_readonly_at_offset", s != MAP_FAILED && memcmp(s, filebuf + 4096, 8192) == 0,
	       "errno %d", errno);
	unsigned char *w = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	QCHECK("mmap_private_writable_of_readonly_fd", w != MAP_FAILED, "errno %d", errno);
	if (w != MAP_FAILED) {
		w[0] ^= 0xff, w[5000] = 'X';
		QCHECK("private_write_copies", w[0] == (unsigned char)(filebuf[0] ^ 0xff) && w[5000] == 'X' &&
		       p[0] == (unsigned char)filebuf[0] && p[5000] == (unsigned char)filebuf[5000], "copy not private");
		char b[1];
		QCHECK("private_write_not_in_file", lseek(fd, 5000, SEEK_SET) == 5000 && read(fd, b, 1) == 1 && b[0] == filebuf[5000], "file changed");
	}
	/* fault-around: the file was read through the page cache, so the first touch of a fresh
	 * mapping maps the following cached pages too: one fault for its (at least 3) pages */
	struct vm_stat_rep fa0, fa1;
	size_t fa_pages = size / 4096 < 5 ? size / 4096 : 5;
	const volatile unsigned char *fa = mmap(0, fa_pages * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	vm_stat(&fa0);
	int fa_same = fa != MAP_FAILED && fa_pages >= 3;
	for (size_t i = 0; fa_same && i < fa_pages; i++)
		fa_same = fa[i * 4096 + 7] == (unsigned char)filebuf[i * 4096 + 7];
	vm_stat(&fa1);
	QCHECK("fault_around_maps_cached_neighbours", fa_same && fa1.faults == fa0.faults + 1, "%lu faults for %zu pages",
	       (unsigned long)(fa1.faults - fa0.faults), fa_pages);
	munmap((void *)fa, fa_pages * 4096);
	QCHECK("mprotect_write_shared_readonly_eacces", s != MAP_FAILED && mprotect(s, 8192, PROT_READ | PROT_WRITE) == -1 &&
	       errno == EACCES, "errno %d", errno);
	char maps[2048];
	uint64_t next = 0;
	long lines = vm_maps_text(&next, maps, sizeof maps);
	QCHECK("maps_names_the_file", lines > 0 && strstr(maps, " r--s 00001000 [file node ") != 0, "%s", maps);
	QCHECK("shared_write_readonly_fd_eacces",
	       mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES, "errno %d", errno);
	QCHECK("bad_fd_ebadf", mmap(0, 4096, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED && errno == EBADF,
	       "errno %d", errno);
	int dfd = open("/etc", O_RDONLY | O_DIRECTORY);
	QCHECK("directory_enodev", mmap(0, 4096, PROT_READ, MAP_PRIVATE, dfd, 0) == MAP_FAILED && errno == ENODEV,
	       "errno %d", errno);
	close(dfd);

	/* beyond the end: the rest of the last page reads as zeros, the next page is SIGBUS */
	int mfd = open("/etc/motd", O_RDONLY);
	unsigned char *m = mmap(0, 3 * 4096, PROT_READ, MAP_PRIVATE, mfd, 0);
	close(mfd);
	QCHECK("mapping_outlives_close", m != MAP_FAILED && memcmp(m, "Welcome", 7) == 0, "errno %d", errno);
	int zeros = 1;
	for (int i = 100; i < 4096; i++)
		zeros &= m[i] == 0;
	QCHECK("tail_of_last_page_zero", zeros, "garbage past the end");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, 0);
	if (sigsetjmp(env, 1) == 0) {
		volatile unsigned char c = m[4096 + 10];
		(void)c;
		QCHECK("beyond_eof_sigbus", 0, "read past the end succeeded");
	} else {
		QCHECK("beyond_eof_sigbus", got_sig == SIGBUS && got_code == BUS_ADRERR && got_addr == m + 4096 + 10,
		       "sig %d code %d addr %p", got_sig, got_code, got_addr);
	}

	vm_stat(&st1);
	QCHECK("pageins_from_fs", st1.pageins > st0.pageins, "%lu -> %lu", (unsigned long)st0.pageins,
	       (unsigned long)st1.pageins);
	QCHECK("fs_server_never_faulted", st1.fs_faults == st0.fs_faults, "%lu -> %lu",
	       (unsigned long)st0.fs_faults, (unsigned long)st1.fs_faults);

	char *hello_argv[] = {"hello", 0}, *args_argv[] = {"/bin/hello", "one", "two", 0};
	long child = vm_spawn_fd(fd, hello_argv, 0, 4);
	struct vm_wait_rep end;
	QCHECK("exec_from_file", child > 0 && vm_wait(child, &end) == 0 && end.status == 42,
	       "child %ld status %ld", child, (long)end.status);
	child = vm_spawn_fd(fd, args_argv, 0, 4);
	QCHECK("exec_with_arguments", child > 0 && vm_wait(child, &end) == 0 && end.status == 44,
	       "child %ld status %ld", child, (long)end.status);
	static char big[2100];
	memset(big, 'a', sizeof big - 1);
	char *big_argv[] = {"hello", big, 0}, *no_argv[] = {0};
	QCHECK("exec_arguments_e2big_einval", vm_spawn_fd(fd, big_argv, 0, 4) == -E2BIG &&
	       vm_spawn_fd(fd, no_argv, 0, 4) == -EINVAL, "accepted");
	int mfd2 = open("/etc/motd", O_RDONLY);
	char *motd_argv[] = {"motd", 0};
	QCHECK("exec_non_elf_enoexec", vm_spawn_fd(mfd2, motd_argv, 0, 4) == -ENOEXEC, "accepted");
	close(mfd2);
	QCHECK("munmap", munmap(p, size) == 0 && munmap(s, 8192) == 0 && munmap(m, 3 * 4096) == 0, "errno %d", errno);
	close(fd);
	return qtest_done();
}
