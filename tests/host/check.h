/* check.h - the smallest host test harness that still reports honestly.
 *
 * A test is `TEST(name) { ... CHECK(cond); ... }`. main() comes from CHECK_MAIN().
 * Each test prints exactly one line, "ok - name" or "not ok - name: file:line: cond",
 * which scripts/run-tests.sh counts into the final "N passed, N failed" line.
 * A failing CHECK ends its test (the rest would run on broken state).
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check_case {
	const char *name;
	void (*fn)(void);
};

extern struct check_case check_cases[];
extern int check_ncases;
extern int check_failed_now;
extern char check_msg[256];

#define CHECK_MAX_CASES 512

#define TEST(name)                                                        \
	static void test_##name(void);                                        \
	__attribute__((constructor)) static void register_##name(void)        \
	{                                                                     \
		if (check_ncases < CHECK_MAX_CASES)                               \
			check_cases[check_ncases++] = (struct check_case){#name, test_##name}; \
	}                                                                     \
	static void test_##name(void)

#define CHECK(cond)                                                       \
	do {                                                                  \
		if (!(cond)) {                                                    \
			snprintf(check_msg, sizeof check_msg, "%s:%d: %s", __FILE__,  \
			         __LINE__, #cond);                                    \
			check_failed_now = 1;                                         \
			return;                                                       \
		}                                                                 \
	} while (0)

#define CHECK_EQ(a, b)                                                    \
	do {                                                                  \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b);  \
		if (check_a_ != check_b_) {                                       \
			snprintf(check_msg, sizeof check_msg, "%s:%d: %s == %s (%lld != %lld)", \
			         __FILE__, __LINE__, #a, #b, check_a_, check_b_);     \
			check_failed_now = 1;                                         \
			return;                                                       \
		}                                                                 \
	} while (0)

#define CHECK_MAIN()                                                      \
	struct check_case check_cases[CHECK_MAX_CASES];                       \
	int check_ncases;                                                     \
	int check_failed_now;                                                 \
	char check_msg[256];                                                  \
	int main(int argc, char **argv)                                       \
	{                                                                     \
		int failed = 0;                                                   \
		for (int i = 0; i < check_ncases; i++) {                          \
			if (argc > 1 && strcmp(argv[1], check_cases[i].name) != 0)    \
				continue;                                                 \
			check_failed_now = 0;                                         \
			check_cases[i].fn();                                          \
			if (check_failed_now) {                                       \
				printf("not ok - %s: %s\n", check_cases[i].name, check_msg); \
				failed++;                                                 \
			} else {                                                      \
				printf("ok - %s\n", check_cases[i].name);                 \
			}                                                             \
		}                                                                 \
		return failed ? 1 : 0;                                            \
	}

#endif
