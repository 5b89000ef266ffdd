/* fuzz/values.h - the native fuzzer's random values (included by tests/qemu/syscall_fuzz.c):
 * a seeded generator, and arguments biased towards what breaks things: edge values
 * (0, -1, page boundaries, USER_TOP, kernel addresses), the handles this task really
 * holds, descriptors it really has open, and addresses in its arena (pages mapped
 * read-write, read-only, PROT_NONE, unmapped) or where nothing of it may be. Never an
 * address of its own code, data or stack: a request that unmapped those would end the
 * fuzzer rightly, not find a bug. */
#ifndef FUZZ_VALUES_H
#define FUZZ_VALUES_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "kcall.h"
#include "abi/bootinfo.h"

#define ARENA_VA    0x1000000000UL   /* far from the program, its heap and its stack */
#define ARENA_PAGES 64
#define KERNEL_VA   0xffffffc000000000UL
#define ONE_OF(a) ((a)[fz_pick(sizeof(a) / sizeof((a)[0]))])
#ifndef FUZZ_TRACE   /* -DFUZZ_TRACE=1: print every call before it is made (to find a hang) */
#define FUZZ_TRACE 0
#endif

/* xorshift64*: the whole run follows from the seed. */
static uint64_t fz_state = 1;
static uint64_t fz_rnd(void)
{
	fz_state ^= fz_state >> 12;
	fz_state ^= fz_state << 25;
	fz_state ^= fz_state >> 27;
	return fz_state * 0x2545f4914f6cdd1dULL;
}
static uint64_t fz_pick(uint64_t n) { return fz_rnd() % n; }
static void fz_seed(uint64_t seed) { fz_state = seed * 0x9e3779b97f4a7c15ULL + 1; }

/* The handle slots this task holds (kept up to date by the calls that make and close
 * them) and the file descriptors it opened. */
static long fz_slots[64];
static int fz_nslots;
static long fz_fds[16];
static int fz_nfds;
static long fz_pid;    /* our id, as the VM server names us */

static void fz_slot_add(long s)
{
	for (int i = 0; i < fz_nslots; i++)
		if (fz_slots[i] == s)
			return;
	if (fz_nslots < (int)(sizeof fz_slots / sizeof fz_slots[0]))
		fz_slots[fz_nslots++] = s;
}
static void fz_slot_del(long s)
{
	for (int i = 0; i < fz_nslots; i++)
		if (fz_slots[i] == s)
			fz_slots[i] = fz_slots[--fz_nslots];
}

static uint64_t fz_edge(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 7, 8, 63, 64, 65, 255, 256, 4095, 4096, 4097, 8192, 65536, 0x7fffffff,
		0x80000000, 0xffffffff, 0x100000000UL, (uint64_t)-1, (uint64_t)-2, (uint64_t)-4096,
		0x7fffffffffffffffUL, 0x8000000000000000UL, USER_TOP, USER_TOP - 1, USER_TOP - 4096,
		0xffffffff80000000UL, KERNEL_VA, VM_WINDOW_VA, BOOTINFO_VA,
	};
	switch (fz_pick(4)) {
	case 0: return (uint64_t)1 << fz_pick(64);
	case 1: return fz_pick(32);
	case 2: return fz_rnd();
	default: return ONE_OF(v);
	}
}

/* A handle slot: mostly one we hold, else any number a table might have, or none. */
static long fz_slot(void)
{
	static const long bad[] = {-1, -2, 64, 65, 1000, 0x7fffffff, (long)0x100000000L, (long)0x8000000000000000UL};
	switch (fz_pick(4)) {
	case 0: case 1: return fz_nslots ? fz_slots[fz_pick((uint64_t)fz_nslots)] : 0;
	case 2: return (long)fz_pick(66);
	default: return ONE_OF(bad);
	}
}

/* An address: in the arena (page starts, inside pages, its last byte), or one where no
 * mapping of ours is: the first page, just below USER_TOP, beyond it, the kernel's.
 * fz_room is how many bytes from it a length may cover without reaching the program
 * (whose text starts at 0x10000), for the length that follows it in a message. */
static uint64_t fz_room = ~0UL;
static uint64_t fz_addr(void)
{
	static const uint64_t bad[] = {0, 1, 4095, 4096, USER_TOP - 4096, USER_TOP - 8, USER_TOP, USER_TOP + 4096,
	                               KERNEL_VA, 0xffffffff80000000UL, (uint64_t)-4096, 0x8000000000000000UL,
	                               VM_WINDOW_VA, BOOTINFO_VA};
	uint64_t a;
	switch (fz_pick(6)) {
	case 0: case 1: a = ARENA_VA + fz_pick(ARENA_PAGES) * PAGE_SIZE; break;
	case 2: a = ARENA_VA + fz_pick(ARENA_PAGES * PAGE_SIZE); break;
	case 3: a = ARENA_VA + ARENA_PAGES * PAGE_SIZE - 1 - fz_pick(16); break;
	default: a = ONE_OF(bad); break;
	}
	fz_room = a < 0x10000 ? 0x10000 - a : ~0UL;
	return a;
}

/* A length or count: small, page multiples, up to the arena's size (within fz_room), or
 * one that reaches past USER_TOP from any address (never one in between, that could
 * reach from the arena to the program). */
static uint64_t fz_len(void)
{
	static const uint64_t huge[] = {USER_TOP + 4096, (uint64_t)-1, (uint64_t)-4096, 0x8000000000000000UL,
	                                0x7fffffffffffffffUL, 1UL << 40};
	uint64_t n;
	switch (fz_pick(6)) {
	case 0: n = fz_pick(65); break;
	case 1: n = fz_pick(ARENA_PAGES + 1) * PAGE_SIZE; break;
	case 2: n = fz_pick(ARENA_PAGES * PAGE_SIZE + 1); break;
	case 3: return ONE_OF(huge);
	case 4: n = 4096 + fz_pick(3) - 1; break;
	default: n = fz_pick(8); break;
	}
	return n < fz_room ? n : fz_room - 1;
}

/* A file descriptor: one we opened, a small number, or an impossible one. */
static long fz_fd(void)
{
	static const long bad[] = {-1, -100, 1024, 65536, 0x7fffffff, (long)0x100000000L, (long)0x8000000000000000UL};
	switch (fz_pick(4)) {
	case 0: case 1: return fz_nfds ? fz_fds[fz_pick((uint64_t)fz_nfds)] : 3;
	case 2: return (long)fz_pick(40);
	default: return ONE_OF(bad);
	}
}

/* A process (or thread, group, client) id: ours, a boot task's, none, all, or any. */
static long fz_id(void)
{
	static const long v[] = {0, -1, 1, 2, 3, 4, 0x100, 0x101, 0x7fffffff, -0x7fffffff, (long)0x100000000L};
	switch (fz_pick(3)) {
	case 0: return fz_pid;
	case 1: return ONE_OF(v);
	default: return (long)fz_pick(0x140);
	}
}

static uint64_t fz_signal(void)
{
	static const uint64_t v[] = {0, 1, 9, 10, 17, 19, 20, 32, 33, 64, 65, 1000, (uint64_t)-1};
	return fz_pick(2) ? fz_pick(66) : ONE_OF(v);
}

static int fz_name_is(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(name, *list))
			return 1;
	return 0;
}

/* A value for a request word, chosen by the field's name in the .def (so that a new
 * message gets fitting values with no new code): addresses and lengths as above (never
 * any edge value: one could name our own pages); descriptors, handle slots, ids and
 * signals as above or, half the time, any edge value; any other field a small number, a
 * bit or an edge value. */
static uint64_t fz_word(const char *name)
{
	static const char *const addrs[] = {"va", "pc", "sp", "entry", "trampoline", "stack_top", "arg_start",
	                                    "arg_end", "intr", 0};
	static const char *const lens[] = {"len", "size", "count", "nfds", "start", "off", "offset", "at",
	                                   "idx", "first", "last", "nwake", "nmove", "length", "npages", 0};
	static const char *const ids[] = {"pid", "child", "tid", "pgid", "pgrp", "parent", "client", "badge",
	                                  "sid", 0};
	static const char *const slots[] = {"give0", "give1", "give2", "give3", "notif", "notification", 0};
	size_t n = strlen(name);
	if (strstr(name, "addr") || fz_name_is(name, addrs))
		return fz_addr();
	if (strstr(name, "len") || fz_name_is(name, lens))
		return fz_len();
	if (fz_pick(2))
		return fz_edge();
	if (n >= 2 && !strcmp(name + n - 2, "fd"))
		return (uint64_t)fz_fd();
	if (fz_name_is(name, ids))
		return (uint64_t)fz_id();
	if (fz_name_is(name, slots))
		return (uint64_t)fz_slot();
	if (!strcmp(name, "sig"))
		return fz_signal();
	return fz_pick(2) ? fz_pick(16) : (uint64_t)1 << fz_pick(32);
}
#endif
