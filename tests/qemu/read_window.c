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

/* SYS_WINDOW_WRITE's errors, from a server thread of our own: a call without a window,
 * then one lending `lent` (128 KiB), each answered with what the kernel said. */
static long wep;
static char server_stack[8192] __attribute__((aligned(16)));
static char lent[128 * 1024] __attribute__((aligned(4096)));
static const char pattern[32] = "0123456789abcdefghijklmnopqrstu";

static void window_server(void)
{
	struct msg m;
	k_recv(wep, &m);
	struct msg rep = {IPC_TAG(0, 0, 1), {(uint64_t)k_window_write(0, pattern, 1)}};   /* no window */
	k_reply(0, &rep);
	k_recv(wep, &m);
	rep = (struct msg){IPC_TAG(0, 0, 6), {
		(uint64_t)k_window_write(0, pattern, sizeof lent + 1),            /* past its end */
		(uint64_t)k_window_write(sizeof lent, pattern, 1),                /* from its end */
		(uint64_t)k_window_write(0, pattern, IPC_WINDOW_WRITE_MAX + 1),  /* too much at once */
		(uint64_t)k_window_write(0, (const void *)0x1000, 8),             /* src not mapped */
		(uint64_t)k_window_write(4090, pattern, 16),                      /* across a page */
		(uint64_t)k_window_write(sizeof lent - 1, pattern, 1)}};          /* its last byte */
	k_reply(0, &rep);
	k_thread_exit();
}

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
	struct fs_pipe_rep pr = {~0UL, ~0UL};   /* (no descriptors if the call fails) */
	char buf[16] = {0};
	QCHECK("pipe", fs_pipe_call(TH_FS_EP, &pq, 0, 0, &pr) == 0, "no pipe");
	QCHECK("pipe_read", write((int)pr.wfd, "hello", 5) == 5 && read((int)pr.rfd, buf, sizeof buf) == 5 &&
	       memcmp(buf, "hello", 5) == 0, "got '%s'", buf);
	close((int)pr.rfd);
	close((int)pr.wfd);

	/* The server side: no caller, so no window. */
	QCHECK("window_write_without_a_caller", k_window_write(0, buf, 1) == -KE_INVAL, "accepted");
	wep = k_endpoint_create();
	QCHECK("window_server", wep >= 0 && k_thread_start(HANDLE_SELF, (uint64_t)window_server,
	       (uint64_t)(server_stack + sizeof server_stack), 0, 6, -1) == 0, "no thread");
	struct msg m = {IPC_TAG(1, 0, 2), {(uint64_t)lent, sizeof lent}};
	QCHECK("window_write_for_a_call_without_one", k_call(wep, &m) == 0 && (long)m.w[0] == -KE_INVAL,
	       "got %ld", (long)m.w[0]);
	m = (struct msg){IPC_TAG(1, 0, 2) | IPC_TAG_WINDOW, {(uint64_t)lent, sizeof lent}};
	long kc = k_call(wep, &m);
	QCHECK("window_write_errors", kc == 0 && (long)m.w[0] == -KE_INVAL && (long)m.w[1] == -KE_INVAL &&
	       (long)m.w[2] == -KE_INVAL && (long)m.w[3] == -KE_FAULT, "got %ld %ld %ld %ld", (long)m.w[0],
	       (long)m.w[1], (long)m.w[2], (long)m.w[3]);
	QCHECK("window_write_across_a_page", m.w[4] == 16 && !memcmp(lent + 4090, pattern, 16) && !lent[4089] &&
	       !lent[4106], "got %ld", (long)m.w[4]);
	QCHECK("window_write_last_byte", m.w[5] == 1 && lent[sizeof lent - 1] == '0' && !lent[sizeof lent - 2],
	       "got %ld", (long)m.w[5]);
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
