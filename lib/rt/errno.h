/* rt/errno.h - the servers answer with Linux's errno numbers; picolibc's <errno.h>
 * agrees on 1-34 and differs above. rt_set_errno() stores the caller's view. */
#ifndef RT_ERRNO_H
#define RT_ERRNO_H
/* Set errno from a Linux error number (positive) and return -1. */
int rt_set_errno(long linux_err);
#endif
