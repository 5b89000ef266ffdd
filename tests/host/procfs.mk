# /proc's names and texts (lib/procfs), as the personality uses them.
LIB_PROCFS_SRCS := lib/procfs/procfs_path.c lib/procfs/procfs_text.c
HOST_TESTS += $(BUILD)/host/test_procfs
$(BUILD)/host/test_procfs: $(BUILD)/host/tests/host/test_procfs.o $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_PROCFS_SRCS))
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@
$(BUILD)/host/tests/host/test_procfs.o $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_PROCFS_SRCS)): lib/procfs/procfs.h
