# lib/: pure libraries shared by the kernel, the servers and the host tests.
# Each is a list of sources; users compile them with their own flags.
LIB_FDT_SRCS := lib/fdt/fdt.c lib/fdt/dt_platform.c
LIB_VM_SRCS  := $(wildcard lib/vm/*.c)
LIB_FCACHE_SRCS := lib/fcache/fcache.c
LIB_TMPFS_SRCS := lib/tmpfs/tmpfs_names.c lib/tmpfs/tmpfs_data.c
LIB_MOUNT_SRCS := lib/mount/mounttab.c
# The descriptions of every declared message and their rendering (lib/proto).
LIB_PROTO_SRCS := lib/proto/describe.c lib/base/fmt.c
# The terminal line discipline (lib/tty), as the FS server uses it.
LIB_TTY_SRCS := lib/tty/tty.c
