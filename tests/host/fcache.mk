# The file page cache (lib/fcache): LIB_FCACHE_SRCS (lib/lib.mk) is what the FS server
# links. test_fcache runs it over a fake file system and a fake VM server with failure
# switches; the library is also compiled freestanding for the target (make host-tests
# fails if that breaks).
LIB_FCACHE_HDRS := lib/fcache/fcache.h lib/base/mem.h
FCACHE_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_FCACHE_SRCS))
FCACHE_FREE_OBJS := $(patsubst %.c,$(BUILD)/fcfree/%.o,$(LIB_FCACHE_SRCS))
HOST_TESTS += $(BUILD)/host/test_fcache

$(FCACHE_HOST_OBJS) $(FCACHE_FREE_OBJS) $(BUILD)/host/tests/host/test_fcache.o: $(LIB_FCACHE_HDRS)
$(BUILD)/host/tests/host/test_fcache.o: tests/host/check.h

$(BUILD)/host/test_fcache: $(BUILD)/host/tests/host/test_fcache.o $(FCACHE_HOST_OBJS) \
                           | $(FCACHE_FREE_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $(filter %.o,$^) -o $@

$(BUILD)/fcfree/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_T) $(WARN) $(ARCHFLAGS) -ffreestanding -nostdlib -O2 -Ilib/include -Ilib -c $< -o $@
