/* forkcheck.c - the Linux program of tests/qemu/fork_inject.c (/test/forkcheck in the
 * test's root). It writes private anonymous, private file, shared anonymous, data, bss
 * and stack memory, then forks once: the test has armed the VM server to fail that fork
 * at one injection point (VM_FORK_INJECT). After a failed fork: fork said -1 with EAGAIN
 * or ENOMEM, every page still holds what it held and can be written (the write-protect
 * the fork put on it is undone), and a second fork works with exact copy-on-write (the
 * child sees the parent's pages, its writes to private pages stay its own, to shared
 * ones reach the parent). Exit status: 0 the first fork failed and all checks passed, 1
 * it worked and all checks passed, else the check that failed (enum below).
 * With the argument "max": how many children it can have at once (it forks until EAGAIN;
 * they wait on a pipe for it to end), as its exit status; 255 for another error. What
 * a failed fork leaked of a table (the kernel's tasks, the servers' clients) shows here. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

enum { FIRST_FORK_FAILED, FIRST_FORK_WORKED, E_SETUP, E_ERRNO, E_CHILD1, E_KEPT, E_WRITTEN, E_FORK2,
       E_CHILD2, E_COW, E_SHARED, E_FILE };

#define PG 4096
static unsigned char data[PG] __attribute__((aligned(PG))) = {1};
static unsigned char bss[3 * PG] __attribute__((aligned(PG)));
static unsigned char *anon, *file, *shared, *stack;
static unsigned char file_page1[PG];   /* the file's second page, never written */

struct region {
	unsigned char **at;
	int pages;
	int is_shared;
};
static unsigned char *data_at = data, *bss_at = bss;
static const struct region regions[] = {
	{&anon, 4, 0}, {&file, 1, 0}, {&shared, 2, 1}, {&data_at, 1, 0}, {&bss_at, 3, 0}, {&stack, 2, 0},
};
#define NREGIONS (sizeof regions / sizeof regions[0])

/* Every page of the private regions gets byte v + its index, of the shared ones s + its index. */
static void fill(unsigned v, unsigned s)
{
	for (unsigned r = 0, i = 0; r < NREGIONS; r++)
		for (int p = 0; p < regions[r].pages; p++, i++)
			memset(*regions[r].at + p * PG, (int)((regions[r].is_shared ? s : v) + i), PG);
}

/* Do they hold what fill(v, s) wrote, and the file's unwritten page the file's bytes? */
static int holds(unsigned v, unsigned s)
{
	for (unsigned r = 0, i = 0; r < NREGIONS; r++)
		for (int p = 0; p < regions[r].pages; p++, i++) {
			unsigned char want = (unsigned char)((regions[r].is_shared ? s : v) + i), *pg = *regions[r].at + p * PG;
			for (int b = 0; b < PG; b += 509)
				if (pg[b] != want || pg[PG - 1] != want)
					return 0;
		}
	return memcmp(file + PG, file_page1, PG) == 0;
}

/* wait for child pid: its exit status, or -1 */
static int child_status(pid_t pid)
{
	int st;
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int fork_max(void)
{
	int fds[2], n = 0;
	if (pipe(fds) < 0)
		return 255;
	pid_t pid;
	while (n < 250 && (pid = fork()) > 0)
		n++;
	if (pid == 0) {
		char c;
		close(fds[1]);
		_exit(read(fds[0], &c, 1) == 0 ? 0 : 1);   /* until every write end is closed */
	}
	int err = errno;
	close(fds[1]);
	while (wait(0) > 0)
		;
	if (err != EAGAIN)
		fprintf(stderr, "forkcheck: fork %d: %s\n", n + 1, strerror(err));
	return err == EAGAIN ? n : 255;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "max"))
		return fork_max();
	unsigned char on_stack[2 * PG];
	stack = on_stack;
	int fd = argc > 0 ? open(argv[0], O_RDONLY) : -1;
	anon = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	file = fd < 0 ? MAP_FAILED : mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	shared = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED || file == MAP_FAILED || shared == MAP_FAILED || pread(fd, file_page1, PG, PG) != PG)
		return E_SETUP;
	fill(0x10, 0x80);

	pid_t pid = fork();
	if (pid == 0)
		_exit(holds(0x10, 0x80) ? 0 : 1);
	int err = pid < 0 ? errno : 0;
	if (pid > 0 && child_status(pid) != 0)
		return E_CHILD1;
	if (pid < 0 && err != EAGAIN && err != ENOMEM)
		return E_ERRNO;
	if (!holds(0x10, 0x80))
		return E_KEPT;
	fill(0x20, 0x90);   /* a page left read-only would fault for good here */
	if (!holds(0x20, 0x90))
		return E_WRITTEN;

	pid = fork();
	if (pid < 0)
		return E_FORK2;
	if (pid == 0) {
		if (!holds(0x20, 0x90))
			_exit(1);
		fill(0x30, 0xa0);
		_exit(holds(0x30, 0xa0) ? 0 : 2);
	}
	if (child_status(pid) != 0)
		return E_CHILD2;
	for (unsigned r = 0, i = 0; r < NREGIONS; r++)
		for (int p = 0; p < regions[r].pages; p++, i++) {
			unsigned char want = (unsigned char)((regions[r].is_shared ? 0xa0 : 0x20) + i);
			if ((*regions[r].at)[p * PG] != want)
				return regions[r].is_shared ? E_SHARED : E_COW;
		}
	if (memcmp(file + PG, file_page1, PG))
		return E_FILE;
	printf("forkcheck: first fork %s\n", err ? strerror(err) : "worked");
	return err ? FIRST_FORK_FAILED : FIRST_FORK_WORKED;
}
