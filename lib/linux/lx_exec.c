/* lx_exec.c - execve. The arguments and environment are gathered into the personality's
 * own pages, within Linux's limits (E2BIG); the program's path is opened on the FS
 * server, and VM_EXECVE replaces the address space but for the personality's pages. So
 * this personality and its state (descriptors, signal dispositions, mask and pending
 * signals, ids, cwd, umask, limits, and the strings) stay under the new image, as Linux's
 * kernel stays. When the answer comes the old program is gone: what exec changes is
 * changed (close-on-exec descriptors closed, handled signals back to their default, the
 * alternate stack forgotten, saved ids set), the strings are laid out on the new stack
 * as Linux lays them out, and the new program starts as a spawned one does
 * (lx_exec_start, lx_start). An error found before the old image is gone is the call's
 * result; one after ends the process (SIGSEGV), as on Linux. */
#include "lx_file.h"
#include "linux/lx_thread.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "exec/initstack.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

/* Linux's limits (include/uapi/linux/binfmts.h, fs/exec.c bprm_stack_limits). */
#define PAGE           4096ul
#define MAX_ARG_STRLEN (32 * PAGE)           /* one string, NUL included */
#define MAX_ARG_STRINGS 0x7fffffffl
#define ARG_MAX_FLOOR  (32 * PAGE)           /* ARG_MAX: room for strings and pointers at least */
#define STK_LIM        (8ul << 20)           /* _STK_LIM */
#define ARGS_ROOM_MAX  (STK_LIM / 4 * 3)     /* ... and at most, whatever RLIMIT_STACK says */
#define RLIMIT_STACK   3
#define MADV_DONTNEED  4

_Noreturn void lx_exec_start(uint64_t entry, uint64_t sp);
static char given[LX_PATH_MAX], path[LX_PATH_MAX];   /* the path as given; resolved */
/* The strings: argv's then envp's. Untouched pages cost nothing; those an execve used
 * are given back once the new stack holds its copy. */
static char strings[ARGS_ROOM_MAX] LX_LARGE __attribute__((aligned(4096)));

/* How many pointers the NULL-terminated array at uv holds (a NULL array: none), or
 * -errno: EFAULT, E2BIG past MAX_ARG_STRINGS. */
static long count(uint64_t uv)
{
	for (long n = 0; uv; n++) {
		uint64_t s;
		if (lx_copy_in(&s, uv + 8 * (uint64_t)n, 8))
			return -LX_EFAULT;
		if (!s)
			return n;
		if (n >= MAX_ARG_STRINGS)
			return -LX_E2BIG;
	}
	return 0;
}

/* The n strings of the array at uv appended to strings[*len...], within room bytes in
 * all: 0 or -errno (EFAULT; E2BIG for one over MAX_ARG_STRLEN or past the room). */
static long copy_strings(uint64_t uv, long n, size_t *len, size_t room)
{
	for (long i = 0; i < n; i++) {
		uint64_t s;
		if (lx_copy_in(&s, uv + 8 * (uint64_t)i, 8))
			return -LX_EFAULT;
		size_t max = room - *len < MAX_ARG_STRLEN ? room - *len : MAX_ARG_STRLEN;
		long l = lx_copy_str(strings + *len, s, max);
		if (l < 0)
			return l == -LX_ENAMETOOLONG ? -LX_E2BIG : l;
		*len += (size_t)l + 1;
	}
	return 0;
}

/* The room for strings and pointers (Linux's bprm_stack_limits): a quarter of
 * RLIMIT_STACK, between ARG_MAX and three quarters of _STK_LIM. */
static size_t args_room(void)
{
	struct vm_getrlimit_req q = {RLIMIT_STACK};
	struct vm_getrlimit_rep r = {STK_LIM, STK_LIM};
	vm_getrlimit_call(TH_VM_EP, &q, 0, 0, &r);
	size_t room = r.cur / 4 < ARGS_ROOM_MAX ? r.cur / 4 : ARGS_ROOM_MAX;
	return room > ARG_MAX_FLOOR ? room : ARG_MAX_FLOOR;
}

/* Gather the program's path into given[] (as Linux's getname), then argv and envp as Linux's execve
 * does (counted, the room checked, copied; an empty argv gets argv[0] ""): 0 with
 * *argc, *envc and *len set, or -errno. */
static long gather(uint64_t upath, uint64_t uargv, uint64_t uenvp, long *argc, long *envc, size_t *len)
{
	long plen = lx_copy_str(given, upath, LX_PATH_MAX);
	if (plen < 0)
		return plen;
	if (!plen)
		return -LX_ENOENT;
	if ((*argc = count(uargv)) < 0 || (*envc = count(uenvp)) < 0)
		return *argc < 0 ? *argc : *envc;
	size_t room = args_room(), ptrs = 8 * (size_t)((*argc ? *argc : 1) + *envc);
	if (room <= ptrs + (size_t)plen + 1)   /* the path is copied onto Linux's stack too */
		return -LX_E2BIG;
	room -= ptrs + (size_t)plen + 1;
	*len = 0;
	long e = copy_strings(uargv, *argc, len, room);
	if (!e && !*argc) {
		strings[(*len)++] = 0;
		*argc = 1;
	}
	return e ? e : copy_strings(uenvp, *envc, len, room);
}

/* The file to run, opened for reading on the FS server: its descriptor, or -errno as
 * Linux's execve gives it (not a regular file, or no execute bit for anyone: EACCES;
 * the caller is root, for whom any of the three will do). path[] holds it resolved. */
static long open_program(uint64_t upath)
{
	struct lx_path p;
	struct lx_attr a;
	long e = lx_resolve(LX_AT_FDCWD, upath, 0, path, &p);
	if (e < 0 || (e = lx_stat_path(&p, &a)) < 0)
		return e;
	if ((a.mode & LX_S_IFMT) != LX_S_IFREG || !(a.mode & 0111))
		return -LX_EACCES;
	struct fs_open_req q = {0, 0};
	struct fs_open_rep r;
	e = fs_open_call(TH_FS_EP, &q, path, p.len + 1, &r);
	return e < 0 ? lx_path_errno(path, e) : r.fd;
}

static void close_program(int64_t fd)
{
	struct fs_close_req q = {fd};
	struct fs_close_rep r;
	fs_close_call(TH_FS_EP, &q, 0, 0, &r);
}

/* The new program's stack, below USER_STACK_TOP in the stack VM_EXECVE left empty:
 * the path execve was given (AT_EXECFN), the strings (len bytes, argc then envc),
 * pointers and auxv as Linux lays them out.
 * Returns the initial sp, or 0 if they do not fit (the process then ends). */
static uint64_t lay_out_stack(const struct vm_execve_rep *r, long argc, long envc, size_t len, const char *execfn)
{
	uint64_t aux[INITSTACK_AUX_MAX][2];
	uint32_t ids[4];
	uint8_t rnd[16];
	lx_cred_aux(ids);
	lx_random(rnd, sizeof rnd);
	size_t naux = initstack_linux_aux(aux, r->phdr, r->phnum, r->entry, ids, lx_timebase);
	size_t words = 1 + (size_t)(argc + 1 + envc + 1) + 2 * (naux + 3);
	size_t size = (strlen(execfn) + 1 + len + 16 + 40 + 8 * words + PAGE - 1) & ~(PAGE - 1);
	uint64_t base = USER_STACK_TOP - size;
	long off = initstack_build((uint8_t *)base, size, base, strings, len, (uint64_t)argc, (uint64_t)envc,
	                           (const uint64_t(*)[2])aux, naux, rnd, execfn);
	return off < 0 ? 0 : base + (uint64_t)off;
}

/* execve(path, argv, envp): returns only with an error. */
static long lx_execve(ARGS)
{
	long argc, envc;
	size_t len;
	long e = gather((uint64_t)a0, (uint64_t)a1, (uint64_t)a2, &argc, &envc, &len);
	long fd = e < 0 ? e : open_program((uint64_t)a0);
	if (fd < 0)
		return fd;
	struct vm_execve_req q = {fd, lx_gettid_self()};
	struct vm_execve_rep r = {0, 0, 0};
	e = vm_execve_call(TH_VM_EP, &q, path, strlen(path) + 1, &r);
	close_program(fd);
	if (e < 0)
		return e == -LX_EISDIR || e == -LX_ENODEV ? -LX_EACCES : e;   /* not a regular file */
	lx_thread_exec();
	lx_main_exec();
	lx_fdtab_exec();
	lx_signal_exec();
	lx_cred_exec();
	lx_proc_exec();
	uint64_t sp = lay_out_stack(&r, argc, envc, len, given);
	struct vm_madvise_req mq = {(uint64_t)strings, (len + PAGE - 1) & ~(PAGE - 1), MADV_DONTNEED};
	struct vm_madvise_rep mr;
	vm_madvise_call(TH_VM_EP, &mq, 0, 0, &mr);   /* the strings are on the new stack now */
	if (!sp)
		lx_exit_signal(128 + 11, 11);   /* as Linux after the point of no return */
	lx_unlock();   /* the call's: the new image starts as a program does */
	lx_exec_start(r.entry, sp);
}

const struct lx_call lx_exec_calls[] = {
	{221, lx_execve},
};
const size_t lx_exec_ncalls = sizeof lx_exec_calls / sizeof lx_exec_calls[0];
