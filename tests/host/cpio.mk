# The cpio (newc) reader used for the root file system packed into the kernel image.
LIB_CPIO_SRCS := lib/cpio/cpio.c lib/cpio/cpio_index.c
HOST_TESTS += $(BUILD)/host/test_cpio
$(BUILD)/host/test_cpio: $(BUILD)/host/tests/host/test_cpio.o $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_CPIO_SRCS))
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@
