/* hello.c - the smallest program: `make run PROG=user/examples/hello.c`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *p = malloc(100);
	strcpy(p, "world");
	printf("hello, %s\n", p);
	free(p);
	return 3;
}
