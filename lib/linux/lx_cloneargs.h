/* lx_cloneargs.h - the checks of clone's and clone3's arguments, as Linux 6.1 makes
 * them (kernel/fork.c), and what this personality serves of them. Pure code: the
 * personality calls it (lx_fork.c), the libFuzzer harness tests/fuzz/fuzz_lxargs.c runs
 * it on the host. */
#ifndef LX_CLONEARGS_H
#define LX_CLONEARGS_H
#include <stdint.h>

#define CLONE_VM             0x100
#define CLONE_FS             0x200
#define CLONE_FILES          0x400
#define CLONE_SIGHAND        0x800
#define CLONE_PIDFD          0x1000
#define CLONE_PTRACE         0x2000
#define CLONE_VFORK          0x4000
#define CLONE_PARENT         0x8000
#define CLONE_THREAD         0x10000
#define CLONE_NEWNS          0x20000
#define CLONE_SYSVSEM        0x40000
#define CLONE_SETTLS         0x80000
#define CLONE_PARENT_SETTID  0x100000
#define CLONE_CHILD_CLEARTID 0x200000
#define CLONE_UNTRACED       0x800000
#define CLONE_CHILD_SETTID   0x1000000
#define CLONE_NAMESPACES     0x7e020000UL   /* CLONE_NEWCGROUP ... CLONE_NEWNET, CLONE_NEWNS */
#define CLONE_IO             0x80000000UL
#define CLONE_THREAD_SET     (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define CSIGNAL              0xff

/* A clone's flags (the exit signal in the low byte): 0 if this personality serves it,
 * -LX_EINVAL for Linux's own refusals, -LX_ENOSYS for what it does not serve (a process
 * sharing memory, descriptors or handlers with its parent; a thread that would not share
 * all of them). */
long lx_clone_check(uint64_t flags);

/* clone3's struct clone_args, its first 11 words (flags, pidfd, child_tid, parent_tid,
 * exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup), decoded into the
 * arguments of a clone; user_top bounds the stack (Linux's access_ok). */
struct lx_clone {
	uint64_t flags;   /* with the exit signal in the low byte, as clone's */
	uint64_t sp, ptid, tls, ctid;
};
long lx_clone3_decode(const uint64_t c[11], uint64_t user_top, struct lx_clone *out);
#endif
