/* mmap_write.c - first boot of the shared file mapping test, on an ext2 disk: writes
 * through MAP_SHARED reach read() at once and the disk on msync; write() shows in the
 * mapping; a private mapping never reaches the file; another task mapping the same file
 * sees our writes and we see its; shrinking a mapped file makes the pages past the end
 * raise SIGBUS; two tasks page in at once. mmap_read.c checks the bytes after a reboot,
 * and the script checks the image on the host. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "../qemu/qtest.h"
#include "vmclient.h"

#define SIZE (3 * 4096 + 100)

static sigjmp_buf env;
static volatile int got_sig;

static void on_bus(int sig)
{
	got_sig = sig;
	siglongjmp(env, 1);
}

/* Does reading p[off] raise SIGBUS? */
static int faults(volatile char *p, size_t off)
{
	got_sig = 0;
	if (sigsetjmp(env, 1) == 0) {
		(void)p[off];
		return 0;
	}
	return got_sig == SIGBUS;
}

static int run_child(const char *name)
{
	struct vm_wait_rep end;
	long c = vm_spawn(name, 0, 4);
	return c > 0 && vm_wait(c, &end) == 0 ? (int)end.status : -1;
}

int main(void)
{
	char buf[64];
	int fd = open("/data/shared.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	QCHECK("create", fd >= 3 && ftruncate(fd, SIZE) == 0, "errno %d", errno);
	char *p = mmap(0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	QCHECK("mmap_shared_rw", p != MAP_FAILED, "errno %d", errno);
	if (p == MAP_FAILED)
		return qtest_done();
	for (int i = 0; i < SIZE; i++)
		p[i] = (char)('A' + i % 23);
	QCHECK("read_sees_mapped_write", pread(fd, buf, 10, 5000) == 10 && memcmp(buf, p + 5000, 10) == 0,
	       "read() and the mapping differ");
	QCHECK("write_shows_in_mapping", pwrite(fd, "WRITTEN", 7, 6000) == 7 && memcmp(p + 6000, "WRITTEN", 7) == 0,
	       "mapping does not show write()");
	int wfd = open("/data/shared.bin", O_WRONLY);
	QCHECK("write_only_fd_eacces", mmap(0, 4096, PROT_READ, MAP_SHARED, wfd, 0) == MAP_FAILED && errno == EACCES,
	       "errno %d", errno);
	close(wfd);
	QCHECK("msync_sync", msync(p, 4 * 4096, MS_SYNC) == 0, "errno %d", errno);

	char *q = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	QCHECK("private_copy_on_write", q != MAP_FAILED && q[7000] == p[7000] && (q[7000] = '#') && p[7000] != '#' &&
	       pread(fd, buf, 1, 7000) == 1 && buf[0] != '#', "private write leaked");
	munmap(q, SIZE);

	p[8000] = 'M';
	QCHECK("peer_sees_ours_we_see_peers", run_child("file_peer") == 0 && memcmp(p + 9000, "peer was here", 13) == 0,
	       "peer and we disagree");

	/* shrinking a mapped file: the page past the new end raises SIGBUS */
	int tfd = open("/data/trunc.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *t = tfd >= 0 && ftruncate(tfd, 3 * 4096) == 0
	              ? mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, tfd, 0) : MAP_FAILED;
	QCHECK("truncate_setup", t != MAP_FAILED, "errno %d", errno);
	if (t != MAP_FAILED) {
		signal(SIGBUS, on_bus);
		memset(t, 'T', 3 * 4096);
		QCHECK("shrink", ftruncate(tfd, 4096 + 10) == 0, "errno %d", errno);
		QCHECK("shrunk_page_sigbus", faults(t, 2 * 4096 + 5), "no SIGBUS");
		QCHECK("last_page_tail_zero", !faults(t, 4096 + 5) && t[4096 + 5] == 'T' && t[4096 + 20] == 0,
		       "got %d %d", t[4096 + 5], t[4096 + 20]);
		QCHECK("grow_back_reads_zero", ftruncate(tfd, 3 * 4096) == 0 && !faults(t, 2 * 4096 + 5) &&
		       t[2 * 4096 + 5] == 0, "stale bytes after growing");
		munmap(t, 3 * 4096);
		close(tfd);
	}

	/* two tasks paging in at once: until then (one task at a time) at most one page-in was
	 * in flight; a round is repeated (up to 5) in case the disk always answered first */
	struct vm_stat_rep s0, s1;
	vm_stat(&s0);
	int both_ok = 1;
	for (int round = 0; round < 5 && both_ok; round++) {
		long a = vm_spawn("file_toucher", 0, 4), b = vm_spawn("file_toucher", 0, 4);
		struct vm_wait_rep ea = {0}, eb = {0};
		both_ok = a > 0 && b > 0 && vm_wait(a, &ea) == 0 && vm_wait(b, &eb) == 0 && ea.status == 0 &&
		          eb.status == 0;
		vm_stat(&s1);
		if (s1.pageins_inflight_max >= 2)
			break;
	}
	QCHECK("two_tasks_page_in", both_ok, "a toucher failed");
	QCHECK("page_ins_in_flight_together", s0.pageins_inflight_max < 2 && s1.pageins_inflight_max >= 2,
	       "before %lu, after %lu", (unsigned long)s0.pageins_inflight_max, (unsigned long)s1.pageins_inflight_max);
	QCHECK("fs_server_never_faulted", s1.fs_faults == s0.fs_faults, "%lu -> %lu",
	       (unsigned long)s0.fs_faults, (unsigned long)s1.fs_faults);

	/* mlock and MAP_POPULATE of a file return once its pages are in: touching them after
	 * takes no fault */
	int bfd = open("/data/big.bin", O_RDONLY);
	const volatile unsigned char *lk = bfd >= 0 ? mmap(0, 256 * 1024, PROT_READ, MAP_PRIVATE, bfd, 0) : MAP_FAILED;
	const volatile unsigned char *pp = bfd >= 0 ? mmap(0, 128 * 1024, PROT_READ, MAP_SHARED | MAP_POPULATE, bfd,
	                                                   128 * 1024) : MAP_FAILED;
	struct vm_stat_rep l0, l1;
	int lk_ok = lk != MAP_FAILED && pp != MAP_FAILED && mlock((const void *)lk, 256 * 1024) == 0;
	vm_stat(&l0);
	for (size_t i = 0; lk_ok && i < 256 * 1024; i += 4096)
		lk_ok = lk[i] == (unsigned char)((i * 7 + i / 4096) & 0xff) &&
		        (i >= 128 * 1024 || pp[i] == (unsigned char)(((i + 128 * 1024) * 7 + (i + 128 * 1024) / 4096) & 0xff));
	vm_stat(&l1);
	QCHECK("mlock_and_populate_wait_for_file_pages", lk_ok && l1.faults == l0.faults, "ok %d, %lu faults after",
	       lk_ok, (unsigned long)(l1.faults - l0.faults));
	if (lk != MAP_FAILED)
		munmap((void *)lk, 256 * 1024);
	if (pp != MAP_FAILED)
		munmap((void *)pp, 128 * 1024);
	close(bfd);

	/* a task killed while its page-ins are in flight: its frames all come back, and the
	 * FS server's late answers find nobody waiting */
	struct vm_stat_rep k0, k1;
	vm_stat(&k0);
	int killed = 0;
	for (int i = 0; i < 20; i++) {
		long c = vm_spawn("file_toucher", 0, 4);
		for (volatile int spin = 0; spin < i * 2000; spin++)
			;
		struct vm_wait_rep ke;
		killed += c > 0 && vm_kill(c) == 0 && vm_wait(c, &ke) == 0 && (ke.status == 137 || ke.status == 0);
	}
	vm_stat(&k1);
	QCHECK("kill_during_page_ins_returns_frames", killed == 20 && k1.free_frames == k0.free_frames &&
	       k1.tasks == k0.tasks, "%d killed, frames %lu -> %lu", killed, (unsigned long)k0.free_frames,
	       (unsigned long)k1.free_frames);

	/* the mapping keeps the file alive after close() and unlink(); it is freed after munmap
	 * (e2fsck on the host finds no orphan) */
	int gfd = open("/data/gone.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *g = gfd >= 0 && pwrite(gfd, "still here", 10, 0) == 10
	              ? mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, gfd, 0) : MAP_FAILED;
	QCHECK("map_then_unlink_and_close", g != MAP_FAILED && unlink("/data/gone.bin") == 0 && close(gfd) == 0 &&
	       open("/data/gone.bin", O_RDONLY) == -1 && errno == ENOENT, "errno %d", errno);
	QCHECK("unlinked_file_still_mapped", g != MAP_FAILED && memcmp(g, "still here", 10) == 0 &&
	       (g[0] = 'S') == 'S' && munmap(g, 4096) == 0, "mapping lost");

	/* a mapping bigger than the FS server's page cache (4 MiB): pages are taken back from
	 * the mapping and come back on the next fault */
	int hfd = open("/data/huge.bin", O_RDONLY);
	size_t hsize = 6 << 20;
	const unsigned char *h = hfd >= 0 ? mmap(0, hsize, PROT_READ, MAP_SHARED, hfd, 0) : MAP_FAILED;
	int hok = h != MAP_FAILED;
	for (int round = 0; hok && round < 2; round++)
		for (size_t i = 0; i < hsize; i += 4096 + 8)
			hok &= h[i] == (unsigned char)((i / 4096 * 13 + i) & 0xff);
	QCHECK("mapping_bigger_than_cache", hok, "wrong byte or no mapping (errno %d)", errno);
	if (h != MAP_FAILED)
		munmap((void *)h, hsize);
	close(hfd);

	/* the last change reaches the disk through munmap alone */
	memcpy(p + 10000, "unmapped", 8);
	QCHECK("munmap", munmap(p, 4 * 4096) == 0 && close(fd) == 0, "errno %d", errno);
	return qtest_done();
}
