/* proto/vm_msgs.h - the VM server's protocol, generated from proto/vm.def. */
#ifndef PROTO_VM_MSGS_H
#define PROTO_VM_MSGS_H
#include "proto/proto.h"

#define VM_SPAWN_PASS  4                 /* handles a spawn may pass */
#define DEVICE_VA_BASE 0x3000000000UL    /* where VM_MAP_DEVICE maps registers */
#define VM_DEVICE_VIRTIO 1               /* VM_DEVICE_INFO kinds */
#define VM_DEVICE_RTC    2
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

#define PROTO_FILE "proto/vm.def"
#include "proto/gen_types.h"
#undef PROTO_FILE
#endif
