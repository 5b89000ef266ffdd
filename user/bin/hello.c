/* hello.c - a Linux program (glibc) kept on the file system (/bin/hello): started by
 * exec from a file, demand-paged from the FS server, served by the Linux personality.
 * Prints its arguments and exits with 41 + argc (42 without arguments) so callers can
 * tell it ran and what it was given. */
#include <stdio.h>

static int counter = 40;       /* .data: from the file */
static char zeros[5000];       /* .bss: must read as zeros */

int main(int argc, char **argv)
{
	for (unsigned i = 0; i < sizeof zeros; i++)
		if (zeros[i])
			return 1;
	printf("hello from /bin/hello, a program on the file system");
	for (int i = 1; i < argc; i++)
		printf("%s%s", i == 1 ? ": " : " ", argv[i]);
	printf("\n");
	return ++counter + argc;
}
