/* procfs_path.c - /proc's names (procfs.h): the nodes, their modes and inode numbers, and
 * what each directory lists. */
#include "procfs/procfs.h"
#include "base/mem.h"

#define ENOENT 2
#define ENOTDIR 20

struct entry { const char *name; uint8_t kind; };
/* Linux lists more; these are what is made here, in the order getdents gives them. */
static const struct entry root_entries[] = {
	{"self", PFS_SELF}, {"mounts", PFS_MOUNTS_LINK}, {"meminfo", PFS_MEMINFO},
	{"uptime", PFS_UPTIME}, {"loadavg", PFS_LOADAVG}, {"cpuinfo", PFS_CPUINFO}, {"stat", PFS_SYSSTAT},
};
static const struct entry pid_entries[] = {
	{"status", PFS_STATUS}, {"stat", PFS_STAT}, {"statm", PFS_STATM}, {"cmdline", PFS_CMDLINE},
	{"maps", PFS_MAPS}, {"mounts", PFS_MOUNTS}, {"exe", PFS_EXE}, {"cwd", PFS_CWD},
};
#define COUNT(a) (sizeof a / sizeof a[0])

int procfs_is_proc(const char *path)
{
	for (int i = 0; i < 5; i++)   /* stops at path's NUL: "/" is a path too */
		if (path[i] != "/proc"[i])
			return 0;
	return path[5] == 0 || path[5] == '/';
}

int procfs_entry(uint8_t dir, size_t i, const char **name, uint8_t *kind)
{
	const struct entry *e = dir == PFS_ROOT ? root_entries : dir == PFS_PID ? pid_entries : 0;
	size_t count = dir == PFS_ROOT ? COUNT(root_entries) : dir == PFS_PID ? COUNT(pid_entries) : 0;
	if (i >= count)
		return 0;
	*name = e[i].name;
	*kind = e[i].kind;
	return 1;
}

/* A pid as a component: digits without a leading 0, below 2^30 (VM_LINUX_PID's); else -1. */
static int64_t parse_pid(const char *s, size_t len)
{
	int64_t v = 0;
	if (!len || len > 10 || s[0] == '0')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v < (1 << 30) ? v : -1;
}

/* The entry named s[0, len) of the fixed ones of dir, or PFS_NONE. */
static uint8_t find(uint8_t dir, const char *s, size_t len)
{
	const char *name;
	uint8_t kind;
	for (size_t i = 0; procfs_entry(dir, i, &name, &kind); i++)
		if (strlen(name) == len && !memcmp(name, s, len))
			return kind;
	return PFS_NONE;
}

int procfs_lookup(const char *path, int64_t self, int follow, struct procfs_node *n)
{
	*n = (struct procfs_node){PFS_NONE, 0};
	if (!procfs_is_proc(path))
		return -ENOENT;
	n->kind = PFS_ROOT;
	for (const char *s = path + 5; *s;) {
		while (*s == '/')
			s++;
		if (!*s)
			break;
		const char *c = s;
		while (*s && *s != '/')
			s++;
		size_t len = (size_t)(s - c);
		int last = !*s || !s[1];   /* (normalised: at most a trailing slash follows) */
		if (!procfs_is_dir(n->kind))
			return -ENOTDIR;
		uint8_t k = find(n->kind, c, len);
		if (n->kind == PFS_ROOT && k == PFS_NONE) {
			int64_t pid = parse_pid(c, len);
			if (pid < 0)
				return -ENOENT;
			*n = (struct procfs_node){PFS_PID, pid};
			continue;
		}
		if (k == PFS_NONE)
			return -ENOENT;
		if (k == PFS_SELF && (!last || follow))
			*n = (struct procfs_node){PFS_PID, self};
		else if (k == PFS_MOUNTS_LINK && (!last || follow))
			*n = (struct procfs_node){PFS_MOUNTS, self};
		else
			n->kind = k;
		if (!last && procfs_is_link(n->kind))
			return -ENOENT;   /* exe and cwd lead into the file system: not followed here */
	}
	return 0;
}

uint32_t procfs_mode(uint8_t kind)
{
	if (procfs_is_dir(kind))
		return 0040555;
	return procfs_is_link(kind) ? 0120777 : 0100444;
}

uint8_t procfs_dtype(uint8_t kind)
{
	return procfs_is_dir(kind) ? 4 : procfs_is_link(kind) ? 10 : 8;
}

uint64_t procfs_ino(const struct procfs_node *n)
{
	if (n->kind == PFS_ROOT)
		return 1;
	if (!n->pid)
		return 0xf0000000u + n->kind;   /* the system's entries, as Linux's proc_alloc_inum */
	return 0x100 + ((uint64_t)n->pid << 5 | n->kind);
}
