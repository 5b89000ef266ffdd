# The in-memory file system (lib/tmpfs) and the mount table's path resolution
# (lib/mount): LIB_TMPFS_SRCS and LIB_MOUNT_SRCS (lib/lib.mk) are what the FS server
# links. test_tmpfs runs tmpfs over malloc'ed pages with an allocation that fails in turn,
# test_mounttab the resolution; both libraries are also compiled freestanding for the
# target (make host-tests fails if that breaks).
LIB_TMPFS_HDRS := lib/tmpfs/tmpfs.h lib/tmpfs/tmpfs_internal.h lib/mount/mounttab.h lib/base/mem.h
TMPFS_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_TMPFS_SRCS) $(LIB_MOUNT_SRCS))
TMPFS_FREE_OBJS := $(patsubst %.c,$(BUILD)/tmpfsfree/%.o,$(LIB_TMPFS_SRCS) $(LIB_MOUNT_SRCS))
HOST_TESTS += $(BUILD)/host/test_tmpfs $(BUILD)/host/test_mounttab

$(TMPFS_HOST_OBJS) $(TMPFS_FREE_OBJS): $(LIB_TMPFS_HDRS)
$(BUILD)/host/tests/host/test_tmpfs.o $(BUILD)/host/tests/host/test_mounttab.o: \
	$(LIB_TMPFS_HDRS) tests/host/check.h

$(BUILD)/host/test_tmpfs: $(BUILD)/host/tests/host/test_tmpfs.o \
                          $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_TMPFS_SRCS)) | $(TMPFS_FREE_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $(filter %.o,$^) -o $@
$(BUILD)/host/test_mounttab: $(BUILD)/host/tests/host/test_mounttab.o \
                             $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_MOUNT_SRCS)) | $(TMPFS_FREE_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $(filter %.o,$^) -o $@

$(BUILD)/tmpfsfree/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_T) $(WARN) $(ARCHFLAGS) -ffreestanding -nostdlib -O2 -Ilib/include -Ilib -c $< -o $@
