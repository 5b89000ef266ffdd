/* qtest.h - in-QEMU test harness. Each check prints "ok - name" or "not ok - name: ...",
 * which scripts/run-tests.sh counts; qtest_done() is main's return value (0 only if all
 * checks passed), and the VM server powers QEMU off with it. */
#ifndef QTEST_H
#define QTEST_H
#include <stdio.h>

static int qtest_failures;

#define QCHECK(name, cond, ...)                                          \
	do {                                                                 \
		if (cond) {                                                      \
			printf("ok - %s\n", name);                                   \
		} else {                                                         \
			qtest_failures++;                                            \
			printf("not ok - %s: %s:%d: ", name, __FILE__, __LINE__);   \
			printf(__VA_ARGS__);                                         \
			printf("\n");                                                \
		}                                                                \
	} while (0)

static inline int qtest_done(void) { return qtest_failures ? 1 : 0; }

/* Wait until the FS server has started (its first answer comes after its start-up):
 * on several harts a test runs beside it, and a test that counts free frames must
 * take its first count after the FS server has taken what it keeps. */
#include <sys/stat.h>
static inline void qtest_settle(void)
{
	struct stat st;
	stat("/", &st);
}
#endif
