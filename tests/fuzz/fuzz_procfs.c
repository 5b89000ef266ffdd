/* fuzz_procfs.c - libFuzzer harness of /proc's names and texts (lib/procfs): the input
 * is a path (made absolute in /proc as the personality hands it over, NUL-terminated)
 * looked up with and without following links, each node's mode, inode number and
 * entries checked; then its bytes fill the figures of every text (status, stat, statm,
 * meminfo, maps, mounts, cpuinfo, ...) rendered into buffers of sizes at the edges,
 * which must be NUL-terminated, never overrun, and agree with the length they return. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procfs/procfs.h"

/* Bytes of the input, taken in turn (zeros when it is used up). */
struct in {
	const uint8_t *p;
	size_t n;
};

static void take(struct in *in, void *out, size_t len)
{
	size_t k = len < in->n ? len : in->n;
	memset(out, 0, len);
	memcpy(out, in->p, k);
	in->p += k, in->n -= k;
}

/* A NUL-terminated string of at most 31 bytes of the input. */
static void take_str(struct in *in, char s[32])
{
	uint8_t len = 0;
	take(in, &len, 1);
	take(in, s, len % 32);
	s[len % 32] = 0;
}

static void lookup(const char *path, int64_t self)
{
	struct procfs_node n;
	for (int follow = 0; follow < 2; follow++) {
		if (procfs_lookup(path, self, follow, &n) < 0)
			continue;
		if (n.kind == PFS_NONE || n.kind >= PFS_NKINDS || procfs_ino(&n) == 0)
			abort();
		(void)procfs_mode(n.kind);
		(void)procfs_dtype(n.kind);
		const char *name;
		uint8_t kind;
		for (size_t i = 0; procfs_entry(n.kind, i, &name, &kind); i++)
			if (kind == PFS_NONE || kind >= PFS_NKINDS || !name[0])
				abort();
	}
}

/* Render `call` (which writes into buf, n_ bytes) into a large buffer and into buffers
 * of the sizes at the edges (0, 1, 2, the whole text less one, the whole, one more) and
 * one the input chooses: each a NUL-terminated prefix of the whole text, and every call
 * returns the whole length. */
#define RENDER(call)                                                                     \
	do {                                                                                 \
		static char big[8192];                                                           \
		size_t n_ = sizeof big, whole_, sizes_[] = {0, 1, 2, 0, 0, 0, pick};             \
		char *buf = big;                                                                 \
		whole_ = (call);                                                                 \
		if (whole_ >= sizeof big || big[whole_] || strlen(big) != whole_)                \
			abort();                                                                     \
		sizes_[3] = whole_, sizes_[4] = whole_ + 1, sizes_[5] = whole_ ? whole_ - 1 : 0; \
		for (size_t k_ = 0; k_ < sizeof sizes_ / sizeof sizes_[0]; k_++) {               \
			n_ = sizes_[k_];                                                             \
			buf = malloc(n_ ? n_ : 1);                                                   \
			if ((call) != whole_ || (n_ && (strlen(buf) != (whole_ < n_ ? whole_ : n_ - 1) || \
			                               memcmp(buf, big, strlen(buf)))))              \
				abort();                                                                 \
			free(buf);                                                                   \
		}                                                                                \
	} while (0)

static void texts(struct in *in)
{
	struct vm_procinfo pi;
	struct vm_meminfo_rep mi;
	struct vm_procmap map;
	uint64_t w[4];
	char s[4][32];
	int8_t umask;
	uint8_t pick;
	take(in, &pi, sizeof pi);
	pi.state = (uint8_t)"RSTZ"[pi.state % 4];   /* the VM server's letters (vm_msgs.h) */
	take(in, &mi, sizeof mi);
	take(in, &map, sizeof map);
	take(in, w, sizeof w);
	take(in, &umask, 1);
	take(in, &pick, 1);
	for (int i = 0; i < 4; i++)
		take_str(in, s[i]);
	int um = umask < 0 ? -1 : umask;
	unsigned harts = (unsigned)(w[3] % 9);
	RENDER(procfs_status(buf, n_, &pi, um));
	RENDER(procfs_stat(buf, n_, &pi));
	RENDER(procfs_statm(buf, n_, &pi));
	RENDER(procfs_meminfo(buf, n_, &mi));
	RENDER(procfs_uptime(buf, n_, w[0], w[1]));
	RENDER(procfs_loadavg(buf, n_, w[0], w[1], (int64_t)w[2]));
	RENDER(procfs_sysstat(buf, n_, harts, w[0], (int64_t)w[1], w[2]));
	RENDER(procfs_cpuinfo(buf, n_, harts, s[0], s[1]));
	RENDER(procfs_mount_line(buf, n_, s[0], s[1], s[2], s[3]));
	RENDER(procfs_maps_line(buf, n_, &map, (uint32_t)w[3], s[0]));
	RENDER(procfs_maps_line(buf, n_, &map, (uint32_t)w[3], NULL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The path: "/proc" and the input up to its first NUL. */
	const uint8_t *nul = memchr(data, 0, size);
	size_t plen = nul ? (size_t)(nul - data) : size;
	char *path = malloc(plen + 6);
	memcpy(path, "/proc", 5);
	memcpy(path + 5, data, plen);
	path[plen + 5] = 0;
	(void)procfs_is_proc(path);
	lookup(path, 42);
	lookup(path + 5, 42);   /* not in /proc (or "" past the prefix) */
	free(path);
	struct in in = {nul ? nul + 1 : data + size, nul ? size - plen - 1 : 0};
	texts(&in);
	return 0;
}
