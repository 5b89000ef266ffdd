/* errno.c - Linux errno numbers to picolibc's. */
#include <errno.h>
#include "rt/errno.h"

int rt_set_errno(long e)
{
	switch (e) {
	case 36: errno = ENAMETOOLONG; break;
	case 38: errno = ENOSYS; break;
	case 39: errno = ENOTEMPTY; break;
	case 40: errno = ELOOP; break;
	case 75: errno = EOVERFLOW; break;
	case 95: errno = EOPNOTSUPP; break;
	default: errno = (int)e; break;   /* 1-34 are the same numbers */
	}
	return -1;
}
