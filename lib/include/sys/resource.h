/* sys/resource.h - picolibc's, plus the resource limits the VM server enforces, with
 * Linux's numbers. */
#ifndef _RT_SYS_RESOURCE_H
#define _RT_SYS_RESOURCE_H
#include_next <sys/resource.h>

typedef unsigned long rlim_t;
struct rlimit {
	rlim_t rlim_cur;
	rlim_t rlim_max;
};
#define RLIM_INFINITY  (~0UL)
#define RLIMIT_DATA    2
#define RLIMIT_STACK   3
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS      9

int getrlimit(int resource, struct rlimit *rl);
int setrlimit(int resource, const struct rlimit *rl);
#endif
