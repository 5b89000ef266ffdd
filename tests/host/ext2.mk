# The ext2 library (lib/ext2): LIB_EXT2_SRCS is what the FS server links. The host tests
# build it with ASan + UBSan, and every object is also compiled freestanding for the
# target (make host-tests fails if that breaks). The tests make their images at run time
# with e2fsprogs (mke2fs -d, e2fsck -fn and debugfs check what the library wrote), in
# $(EXT2_WORKDIR)/<test name>/ (the path is compiled in; run them from the repo root).
LIB_EXT2_SRCS := lib/ext2/cache.c lib/ext2/super.c lib/ext2/alloc.c lib/ext2/inode.c \
                 lib/ext2/dir.c lib/ext2/file.c lib/ext2/namei.c
LIB_EXT2_HDRS := lib/ext2/ext2.h lib/ext2/ext2_format.h lib/ext2/ext2_internal.h lib/base/mem.h

EXT2_WORKDIR := $(BUILD)/host/ext2
EXT2_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_EXT2_SRCS))
EXT2_FREE_OBJS := $(patsubst %.c,$(BUILD)/ext2free/%.o,$(LIB_EXT2_SRCS))
EXT2_TESTS := $(BUILD)/host/test_ext2_read $(BUILD)/host/test_ext2_write \
              $(BUILD)/host/test_ext2_corrupt $(BUILD)/host/test_ext2_fault
EXT2_TEST_OBJS := $(EXT2_TESTS:$(BUILD)/host/%=$(BUILD)/host/tests/host/%.o) \
                  $(BUILD)/host/tests/host/test_ext2_util.o
HOST_TESTS += $(EXT2_TESTS)

$(EXT2_HOST_OBJS) $(EXT2_FREE_OBJS): $(LIB_EXT2_HDRS)
$(EXT2_TEST_OBJS): HOST_CFLAGS += -DEXT2_WORKDIR='"$(EXT2_WORKDIR)"'
$(EXT2_TEST_OBJS): $(LIB_EXT2_HDRS) tests/host/check.h tests/host/test_ext2_util.h

$(EXT2_TESTS): $(BUILD)/host/%: $(BUILD)/host/tests/host/%.o \
               $(BUILD)/host/tests/host/test_ext2_util.o $(EXT2_HOST_OBJS) | $(EXT2_FREE_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $(filter %.o,$^) -o $@

$(BUILD)/ext2free/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_T) $(WARN) $(ARCHFLAGS) -ffreestanding -nostdlib -O2 -Ilib/include -Ilib -c $< -o $@
