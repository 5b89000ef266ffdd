/* init.c - the first program. It shows the message of the day from the root file
 * system, reports what the system looks like and exits; the VM server then powers the
 * machine off with init's exit status. `make run PROG=file.c` replaces it. */
#include <stdio.h>
#include "vmclient.h"

int main(void)
{
	struct vm_stat_rep st;
	char line[128];
	printf("init: started\n");
	FILE *motd = fopen("/etc/motd", "r");
	if (motd && fgets(line, sizeof line, motd))
		printf("init: %s", line);
	else
		printf("init: no /etc/motd on the root file system\n");
	if (motd)
		fclose(motd);
	if (vm_stat(&st) != 0) {
		printf("init: the VM server does not answer\n");
		return 1;
	}
	printf("init: %lu tasks, %lu of %lu frames free (%lu KiB)\n", (unsigned long)st.tasks,
	       (unsigned long)st.free_frames, (unsigned long)st.total_frames,
	       (unsigned long)st.free_frames * 4);
	printf("init: nothing more to run; try make run PROG=user/examples/hello.c\n");
	return 0;
}
