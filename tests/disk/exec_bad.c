/* exec_bad.c - bad executables get ENOEXEC and the system keeps running: init of a boot
 * with the ext2 image of exec_bad.sh, whose /elf holds a good static Linux program (exit
 * 7), a static-pie and a program with .bss in its last .data page (each exit 7 if all is
 * right), and broken copies of the first. Each broken one is refused by the VM server
 * before the child runs; a good program started after all of them still runs and exits
 * as it should. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "../qemu/qtest.h"
#include "vmclient.h"

/* Start /elf/name: the child's exit status, or the negative errno of the spawn. */
static long run(const char *name)
{
	char path[64];
	snprintf(path, sizeof path, "/elf/%s", name);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1000 - errno;
	char *argv[] = {path, 0}, *envp[] = {"PATH=/bin", 0};
	long child = vm_spawn_fd(fd, argv, envp, 4);
	close(fd);
	if (child < 0)
		return child;
	struct vm_wait_rep end;
	return vm_wait(child, &end) == 0 ? (long)end.status : -2000;
}

int main(void)
{
	long r = run("good");
	QCHECK("good_linux_program_runs", r == 7, "status %ld", r);
	r = run("static_pie");   /* 8-11: its auxv does not describe where it was loaded */
	QCHECK("static_pie_runs_where_its_auxv_says", r == 7, "status %ld", r);
	r = run("bss_tail");   /* 8: a .bss byte in the last .data page is not zero */
	QCHECK("bss_in_the_last_data_page_reads_zero", r == 7, "status %ld", r);
	r = run("bss_only_segment");   /* the VM server mistook its page for one of file bytes */
	QCHECK("bss_only_segment_runs", r == 7, "status %ld", r);
	static const char *const bad[] = {
		"empty", "garbage", "truncated_header", "truncated_segments", "wrong_machine", "elf32",
		"too_many_phdrs", "filesz_over_memsz", "segment_past_top", "no_load_segment", "dynamic",
		"misaligned_phdrs", "entry_outside", "segments_overlap",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s_enoexec", bad[i]);
		r = run(bad[i]);
		QCHECK(name, r == -ENOEXEC, "%s: %ld", bad[i], r);
	}
	r = run("good");
	QCHECK("good_linux_program_runs_after_the_bad", r == 7, "status %ld", r);
	return qtest_done();
}
