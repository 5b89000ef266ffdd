/* pagein_parallel.c - file page-ins and faults side by side: the FS server serves the
 * page-ins of a MAP_POPULATE with one worker per hart (it says how many it served at
 * once, VM_FS_PAGE's together), and two tasks' faults on file pages it had lent before
 * are served on the VM server's fast path (init's own faults never are: a boot task's go
 * to the main thread); the bytes are right either way, and a private write to such a
 * page stays private. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "qtest.h"
#include "vmclient.h"
#include "abi/bootinfo.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define PAGES 128
#define SIZE  (PAGES * 4096)

static unsigned char byte_at(size_t i)
{
	return (unsigned char)((i * 13 + i / 4096) & 0xff);
}

/* The file's bytes are all there at p (length SIZE). */
static int bytes_right(const volatile unsigned char *p)
{
	for (size_t i = 0; i < SIZE; i += 509)
		if (p[i] != byte_at(i))
			return 0;
	return 1;
}

static void file_stat(struct vm_file_stat_rep *r)
{
	struct vm_file_stat_req q;
	*r = (struct vm_file_stat_rep){0};
	vm_file_stat_call(TH_VM_EP, &q, 0, 0, r);
}

int main(void)
{
	static unsigned char buf[SIZE];
	uint64_t harts = 1;
	k_cpu(&harts);
	for (size_t i = 0; i < SIZE; i++)
		buf[i] = byte_at(i);
	int fd = open("/tmp/pagein.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	QCHECK("create", fd >= 0 && write(fd, buf, SIZE) == SIZE, "errno %d", errno);
	memset(buf, 0, SIZE);   /* read back: now every page is in the FS server's cache */
	QCHECK("read_back", pread(fd, buf, SIZE, 0) == SIZE && bytes_right(buf), "errno %d", errno);

	struct vm_file_stat_rep s0, s1, s2;
	file_stat(&s0);
	const volatile unsigned char *pop = mmap(0, SIZE, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
	QCHECK("populate", pop != MAP_FAILED && bytes_right(pop), "errno %d", errno);
	file_stat(&s1);
	/* one worker per hart: on one hart never two at once; on several, the populate's
	 * page-ins queued together keep more than one busy */
	QCHECK("fs_served_page_ins_together", harts == 1 ? s1.together_max == 1 : s1.together_max >= 2,
	       "%lu harts, at most %lu at once (before %lu)", (unsigned long)harts, (unsigned long)s1.together_max,
	       (unsigned long)s0.together_max);

	/* the pages are lent now: other tasks' faults on them need no page-in, and two of
	 * them fault side by side (/test/lent_reader: tests/qemu/linux/lent_reader.c) */
	int rfd = open("/test/lent_reader", O_RDONLY);
	char *argv0[] = {"/test/lent_reader", "/tmp/pagein.bin", "128", "7", 0};
	char *argv1[] = {"/test/lent_reader", "/tmp/pagein.bin", "128", "100", 0};
	long c0 = rfd < 0 ? -1 : vm_spawn_fd(rfd, argv0, 0, 4), c1 = rfd < 0 ? -1 : vm_spawn_fd(rfd, argv1, 0, 4);
	struct vm_wait_rep e0 = {0}, e1 = {0};
	int waited = c0 > 0 && c1 > 0 && vm_wait(c0, &e0) == 0 && vm_wait(c1, &e1) == 0;
	QCHECK("lent_pages_right_and_private", waited && e0.status == 0 && e1.status == 0,
	       "children %ld %ld: status %ld %ld", c0, c1, (long)e0.status, (long)e1.status);
	file_stat(&s2);
	QCHECK("lent_pages_fault_on_fast_path", s2.fast_faults > s1.fast_faults, "fast faults %lu -> %lu",
	       (unsigned long)s1.fast_faults, (unsigned long)s2.fast_faults);
	QCHECK("file_unchanged", pread(fd, buf, SIZE, 0) == SIZE && bytes_right(buf), "errno %d", errno);
	QCHECK("unmap", munmap((void *)pop, SIZE) == 0, "errno %d", errno);
	close(rfd);
	close(fd);
	unlink("/tmp/pagein.bin");
	return qtest_done();
}
