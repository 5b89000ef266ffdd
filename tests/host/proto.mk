# Protocol descriptions (lib/proto): rendering of every declared message.
LIB_PROTO_SRCS := lib/proto/describe.c lib/base/fmt.c
HOST_TESTS += $(BUILD)/host/test_proto
$(BUILD)/host/test_proto: $(BUILD)/host/tests/host/test_proto.o $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_PROTO_SRCS))
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@
