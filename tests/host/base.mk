# lib/base: the freestanding memory routines, built for the host under other names so
# they do not replace the C library's (test_base_mem compares the two).
HOST_TESTS += $(BUILD)/host/test_base_mem
$(BUILD)/host/lib/base/mem_host.o: lib/base/mem.c lib/base/mem.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -fno-builtin -Dmemset=base_memset -Dmemcpy=base_memcpy \
		-Dmemcmp=base_memcmp -Dstrlen=base_strlen -Dstrcmp=base_strcmp -c $< -o $@
$(BUILD)/host/test_base_mem: $(BUILD)/host/tests/host/test_base_mem.o $(BUILD)/host/lib/base/mem_host.o
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@
