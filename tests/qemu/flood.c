/* flood.c - tasks that flood the servers with calls cannot stall the others: four
 * flooders (user/helpers/flooder.c, at init's priority) call the VM server and the FS
 * server without pause; meanwhile each of our 50 rounds of VM_STAT and an open, read and
 * close of /etc/motd is answered within 1 s (on one hart the five of us share the CPU in
 * 10 ms slices: 40 ms of others' turns; on four, QEMU's harts are host threads that may
 * wait for the host's cores; a server stuck behind the flood would not answer at all), the file reads right, and the flooders' own calls never fail
 * (they end by our kill, not with their status 2). Every frame comes back. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "qtest.h"
#include "vmclient.h"

#define FLOODERS 4
#define MS 10000UL   /* timer ticks (QEMU virt: 10 MHz) */

static uint64_t now(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* One round: 0 if every call was answered and the file read right. */
static int round_trip(void)
{
	struct vm_stat_rep s;
	char buf[16];
	int fd = open("/etc/motd", O_RDONLY);
	int ok = vm_stat(&s) == 0 && fd >= 0 && read(fd, buf, sizeof buf) == sizeof buf;
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Start the flooders into f[], and let them flood for ms milliseconds. */
static void flood(long f[FLOODERS], uint64_t ms)
{
	for (int i = 0; i < FLOODERS; i++)
		f[i] = vm_spawn("flooder", 0, 4);
	for (uint64_t t0 = now(); now() - t0 < ms * MS;)
		;
}

/* End them: how many died by the kill (not by a failed call of theirs). */
static int stop(const long f[FLOODERS])
{
	struct vm_wait_rep end;
	int killed = 0;
	for (int i = 0; i < FLOODERS; i++)
		killed += f[i] > 0 && vm_kill(f[i]) == 0 && vm_wait(f[i], &end) == 0 && end.status == 128 + 9;
	return killed;
}

int main(void)
{
	struct vm_stat_rep before, after;
	char first[16];
	int fd = open("/etc/motd", O_RDONLY);
	QCHECK("motd", fd >= 0 && read(fd, first, sizeof first) == sizeof first, "open %d", fd);
	close(fd);
	long f[FLOODERS];
	round_trip();   /* our own pages for the rounds, ... */
	flood(f, 5);    /* ... and the servers' records of 4 more clients, before the count */
	stop(f);
	vm_stat(&before);
	flood(f, 30);
	uint64_t worst = 0;
	int bad = 0;
	for (int i = 0; i < 50; i++) {
		uint64_t t = now();
		bad += round_trip() != 0;
		t = now() - t;
		if (t > worst)
			worst = t;
	}
	QCHECK("answered_under_the_flood", !bad, "%d rounds failed", bad);
	QCHECK("answered_within_1s", worst < 1000 * MS, "worst round %lu ms", (unsigned long)(worst / MS));
	int killed = stop(f);
	QCHECK("flooders_never_refused", killed == FLOODERS, "%d of %d ended by the kill", killed, FLOODERS);
	QCHECK("frames_back", vm_stat(&after) == 0 && after.free_frames == before.free_frames, "%lu before, %lu after",
	       (unsigned long)before.free_frames, (unsigned long)after.free_frames);
	return qtest_done();
}
