/* hello.c - a program kept on the file system (/bin/hello): started by exec from a
 * file, demand-paged from the FS server. Exits with 42 so callers can tell it ran. */
#include <stdio.h>

static int counter = 41;       /* .data: from the file */
static char zeros[5000];       /* .bss: must read as zeros */

int main(void)
{
	for (unsigned i = 0; i < sizeof zeros; i++)
		if (zeros[i])
			return 1;
	printf("hello from /bin/hello, a program on the file system\n");
	return ++counter;
}
