# Protocol descriptions (lib/proto): rendering of every declared message.
HOST_TESTS += $(BUILD)/host/test_proto
$(BUILD)/host/test_proto: $(BUILD)/host/tests/host/test_proto.o $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_PROTO_SRCS))
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@
