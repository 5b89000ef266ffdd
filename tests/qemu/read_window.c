/* read_window.c - read() of files copies once, from the FS server's page cache straight
 * into the reader's buffer (FS_READ_INTO, a window the call lends, SYS_WINDOW_WRITE):
 * into memory never touched (each page faulted in as the program's own store would),
 * across the 1 MiB a request serves, into a private file mapping (which must get its own
 * copy, the file untouched), up to the end of the file; pipes still answer through the
 * IPC buffer; and the kernel lets only a server with a caller that lent a window write. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "qtest.h"
#include "kcall.h"
#include "abi/bootinfo.h"
#include "proto/fs_msgs.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

#define BIG "/bin/busybox"   /* more than 1 MiB: two requests at least */

int main(void)
{
	int fd = open(BIG, O_RDONLY);
	struct stat st;
	QCHECK("open_big", fd >= 0 && fstat(fd, &st) == 0 && st.st_size > (1 << 20) + 4096,
	       "fd %d size %ld", fd, (long)st.st_size);
	size_t size = (size_t)st.st_size, room = size + 3 * 4096;
	const char *file = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	char *fresh = mmap(NULL, room, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	QCHECK("maps", file != MAP_FAILED && fresh != MAP_FAILED, "mmap failed");

	/* Odd start: the window's pages and the cache's meet at different offsets. */
	ssize_t n = read(fd, fresh + 1000, room - 1000);
	QCHECK("whole_file_into_untouched_memory", n == (ssize_t)size && memcmp(fresh + 1000, file, size) == 0,
	       "read %ld of %lu", (long)n, (unsigned long)size);
	QCHECK("the_rest_untouched", fresh[999] == 0 && fresh[1000 + size] == 0, "bytes around changed");
	QCHECK("at_eof", read(fd, fresh, 10) == 0, "not at end");
	QCHECK("short_before_eof", lseek(fd, -10, SEEK_END) == (off_t)size - 10 && read(fd, fresh, 100) == 10 &&
	       memcmp(fresh, file + size - 10, 10) == 0, "wrong tail");

	/* Into a private mapping of the file itself, its first page read (so mapped from the
	 * page cache, read-only): the read must give the mapping its own copy. */
	char *priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	QCHECK("private_map", priv != MAP_FAILED && priv[0] == 0x7f, "mmap or content");
	int motd = open("/etc/motd", O_RDONLY);
	n = read(motd, priv + 1, 20);
	QCHECK("into_private_file_mapping", n == 20 && memcmp(priv + 1, "Welcome to the RISC-", 20) == 0,
	       "read %ld: '%.20s'", (long)n, priv + 1);
	QCHECK("file_untouched", memcmp(file, "\177ELF", 4) == 0 && pread(fd, fresh, 4, 0) == 4 &&
	       memcmp(fresh, "\177ELF", 4) == 0, "the page cache changed");
	close(motd);

	/* A pipe answers FS_READ_INTO with _USE_READ: read() falls back to FS_READ. */
	struct fs_pipe_req pq;
	struct fs_pipe_rep pr;
	char buf[16] = {0};
	QCHECK("pipe", fs_pipe_call(TH_FS_EP, &pq, 0, 0, &pr) == 0, "no pipe");
	QCHECK("pipe_read", write((int)pr.wfd, "hello", 5) == 5 && read((int)pr.rfd, buf, sizeof buf) == 5 &&
	       memcmp(buf, "hello", 5) == 0, "got '%s'", buf);
	close((int)pr.rfd);
	close((int)pr.wfd);

	/* The server side: no caller, so no window. */
	QCHECK("window_write_without_a_caller", k_window_write(0, buf, 1) == -KE_INVAL, "accepted");
	struct fs_read_into_rep rr;
	struct fs_read_into_req rq = {fd, 0, (uint64_t)fresh, 0};
	QCHECK("read_into_nothing", fs_read_into_call(TH_FS_EP, &rq, 0, 0, &rr) == 0 && rr.count == 0 &&
	       rr.next == FS_READ_INTO_DONE, "count %lu next %lu", (unsigned long)rr.count, (unsigned long)rr.next);
	rq = (struct fs_read_into_req){fd, 0, 0x4000000000UL, 100};   /* above user memory */
	QCHECK("window_outside_user_memory", fs_read_into_call(TH_FS_EP, &rq, 0, 0, &rr) == 0 && rr.count == 0 &&
	       rr.next == FS_READ_INTO_TOUCH, "count %lu next %lu", (unsigned long)rr.count, (unsigned long)rr.next);
	rq = (struct fs_read_into_req){fd, 0, ~0UL - 4095, 8192};   /* a window that wraps round */
	QCHECK("window_that_wraps", fs_read_into_call(TH_FS_EP, &rq, 0, 0, &rr) == -KE_INVAL, "accepted");
	rq = (struct fs_read_into_req){42, 0, (uint64_t)fresh, 100};
	QCHECK("read_into_bad_fd", fs_read_into_call(TH_FS_EP, &rq, 0, 0, &rr) == -KE_BADF, "accepted");
	close(fd);
	return qtest_done();
}
