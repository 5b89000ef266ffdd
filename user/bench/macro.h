/* macro.h - the macro rows (macro.c), work a user feels rather than one operation: the
 * Linux build only, where they are "Linux ..." rows of ops.c's table. Each function returns
 * the instructions of all its timed runs, or FAILED; the row divides by the count below. */
#ifndef BENCH_MACRO_H
#define BENCH_MACRO_H
#include <stdint.h>

#define MACRO_FILE_ROUNDS 4   /* timed runs of each 16 MiB file row (after one untimed) */
#define MACRO_PROGRAMS 100    /* programs the shell loop starts */

uint64_t op_macro_write(void);
uint64_t op_macro_map(void);
uint64_t op_macro_shell(void);
#endif
