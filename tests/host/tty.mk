# The line discipline (lib/tty), as the FS server's console uses it.
HOST_TESTS += $(BUILD)/host/test_tty
$(BUILD)/host/test_tty: $(BUILD)/host/tests/host/test_tty.o $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_TTY_SRCS))
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@
$(BUILD)/host/tests/host/test_tty.o $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_TTY_SRCS)): lib/tty/tty.h tests/host/check.h
