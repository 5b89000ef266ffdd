/* midcall_kill.c - a task killed while it has calls in flight to the servers leaves
 * nothing behind: pagein_loop (user/helpers/pagein_loop.c) maps /bin/busybox and pages
 * it in, copies some pages, opens and reads a file, without end, so at any moment a
 * page-in or an FS call of it is under way. Ended 20 times at moments 0.5 to 10 ms
 * apart after its start, each time it dies by the kill (not by a failed call, status 2),
 * and afterwards the free frames are what they were (the first run, outside the count,
 * brings busybox's pages into the page cache), and both servers still answer. */
#include <fcntl.h>
#include <unistd.h>
#include "qtest.h"
#include "vmclient.h"

#define MS 10000UL   /* timer ticks (QEMU virt: 10 MHz) */

static uint64_t now(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* Start pagein_loop, let it run for ticks, end it: 1 if it died by the kill. */
static int run_and_kill(uint64_t ticks)
{
	struct vm_wait_rep end;
	long c = vm_spawn("pagein_loop", 0, 4);
	for (uint64_t t0 = now(); now() - t0 < ticks;)
		k_yield();
	return c > 0 && vm_kill(c) == 0 && vm_wait(c, &end) == 0 && end.status == 128 + 9;
}

int main(void)
{
	struct vm_stat_rep before, after;
	char buf[8];
	QCHECK("first_run", run_and_kill(300 * MS), "did not die by the kill");
	vm_stat(&before);
	int killed = 0;
	for (int i = 0; i < 20; i++)
		killed += run_and_kill(MS / 2 + (uint64_t)i * MS / 2);
	QCHECK("killed_mid_call", killed == 20, "%d of 20 died by the kill", killed);
	vm_stat(&after);
	QCHECK("frames_back", after.free_frames == before.free_frames, "%lu before, %lu after",
	       (unsigned long)before.free_frames, (unsigned long)after.free_frames);
	int fd = open("/etc/motd", O_RDONLY);
	QCHECK("fs_answers", fd >= 0 && read(fd, buf, sizeof buf) == sizeof buf && close(fd) == 0, "open %d", fd);
	return qtest_done();
}
