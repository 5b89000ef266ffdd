/* proto/vm_msgs.h - the VM server's protocol, generated from proto/vm.def. */
#ifndef PROTO_VM_MSGS_H
#define PROTO_VM_MSGS_H
#include "proto/proto.h"

#define VM_SPAWN_PASS  4                 /* handles a spawn may pass */
#define DEVICE_VA_BASE 0x3000000000UL    /* where VM_MAP_DEVICE maps registers */
#define VM_DEVICE_VIRTIO 1               /* VM_DEVICE_INFO kinds */
#define VM_DEVICE_RTC    2
#define VM_DEVICE_UART   3
#define VM_EXEC_ARGS_MAX 2048            /* VM_SPAWN_FD: bytes of argument and */
#define VM_EXEC_ARGC_MAX 128             /* environment strings, and how many (E2BIG) */
#define VM_WAIT4_NOHANG  1               /* VM_WAIT4 options: Linux's WNOHANG ... */
#define VM_WAIT4_UNTRACED  2             /* ... WUNTRACED (WSTOPPED): stopped children too ... */
#define VM_WAIT4_EXITED    4             /* ... WEXITED: children that ended (wait4: always) ... */
#define VM_WAIT4_CONTINUED 8             /* ... WCONTINUED: children continued by SIGCONT ... */
#define VM_WAIT4_NOWAIT  0x1000000       /* ... and WNOWAIT (the child stays to be waited for) */
#define VM_SETID_UID    1                /* VM_SETID ops: setuid, setreuid, setresuid, */
#define VM_SETID_REUID  2
#define VM_SETID_RESUID 3
#define VM_SETID_FSUID  4                /* setfsuid, ... */
#define VM_SETID_GID    5                /* ... and setgid, setregid, setresgid, setfsgid */
#define VM_SETID_REGID  6
#define VM_SETID_RESGID 7
#define VM_SETID_FSGID  8
#define VM_ID_KEEP      0xffffffffu      /* VM_SETID: an id left as it is ((uid_t)-1) */
/* A task's id as Linux programs see it (getpid, getppid, wait4's pid): its id's low bits. */
#define VM_LINUX_PID(id) ((int64_t)((uint64_t)(id) & 0x3fffffff))
/* VM_FORK_INJECT: the steps of a fork, in the order it passes their injection points */
#define FORK_STEP_RECORD  1   /* the record for the FS server's answer (EAGAIN) */
#define FORK_STEP_SLOT    2   /* a slot in the table of tasks (EAGAIN) */
#define FORK_STEP_TASK    3   /* the kernel's task object, TASK_CREATE (EAGAIN) */
#define FORK_STEP_CHARGE  4   /* lib/vm: a VM_ACCOUNT VMA charged again, each (ENOMEM) */
#define FORK_STEP_NODE    5   /* lib/vm: the child's VMA, each copied one (ENOMEM) */
#define FORK_STEP_PAGES   6   /* dup_pages: a private VMA's frames shared copy-on-write and
                                 the parent's made read-only, each; fails after its first
                                 frame, as if the child's pagemap could not grow (ENOMEM) */
#define FORK_STEP_LINUX   7   /* the child's personality, TASK_LINUX (ENOMEM) */
#define FORK_STEP_POST    8   /* FS_FORK queued to the FS server (EAGAIN) */
#define FORK_STEP_FS      9   /* the FS server's answer says no, as with its table of
                                 clients full (EAGAIN): the child has its descriptors */
#define FORK_STEP_HANDLES 10  /* the child's handles on the servers (ENOMEM) */
#define FORK_STEP_THREAD  11  /* the child's thread, THREAD_START (EAGAIN) */
#define FORK_STEPS        11
#define FORK_INJECT_MAX   65536   /* the largest k of VM_FORK_INJECT */

/* VM_PROC_INFO's reply buffer: a process's figures (memory in pages). */
struct vm_procinfo {
	int64_t pid, ppid, pgid, sid;
	uint32_t uid[4], gid[4];               /* real, effective, saved, file-system */
	uint64_t total_vm, hiwater_vm, locked_vm, data_vm, exec_vm, stack_vm;
	uint64_t rss_anon, rss_file;           /* resident pages: private, the FS server's */
	uint64_t threads, minflt, start_ns;    /* start_ns: since boot */
	uint64_t start_data, end_data, start_brk, brk, arg_start, arg_end;
	uint64_t sig_pending;                  /* bit sig - 1: sent to it, not taken yet */
	uint8_t state;                         /* Linux's letter: R, S, T, Z */
	char name[16];                         /* comm, NUL-terminated */
};
/* VM_PROC_MAPS's entries: one VMA each. */
struct vm_procmap {
	uint64_t start, end, offset;   /* offset: into the file, bytes */
	uint64_t ino;                  /* the file's node (0: none) */
	uint32_t prot;                 /* VM_PROCMAP_R|W|X|S */
	uint32_t kind;                 /* VM_PROCMAP_* */
};
#define VM_PROCMAP_R 1
#define VM_PROCMAP_W 2
#define VM_PROCMAP_X 4
#define VM_PROCMAP_S 8          /* shared (VM_MAYSHARE) */
enum { VM_PROCMAP_ANON, VM_PROCMAP_FILE, VM_PROCMAP_SHMEM, VM_PROCMAP_HEAP, VM_PROCMAP_STACK,
       VM_PROCMAP_LX, VM_PROCMAP_EXE };   /* the personality's pages; the program's file */
#define VM_PROC_LIST_MAX (IPC_BUF_MAX / 8)
#define VM_FS_PAGE_AROUND 4     /* VM_FS_PAGE's next1..next4: fault-around */

#define PROTO_FILE "proto/vm.def"
#include "proto/gen_types.h"
#undef PROTO_FILE
#endif
