# servers/: freestanding user-level servers, linked with the small server runtime.
SRV_RT_SRCS := lib/rt/crt0.S lib/rt/server_start.c lib/rt/log.c lib/rt/sleeplock.c lib/rt/thread_entry.c lib/base/mem.c lib/base/fmt.c
# No frame pointer (as the kernel): nothing walks the servers' frames, and it cost every
# call of theirs three instructions or more (a request to the VM server makes dozens).
SRV_CFLAGS  := $(FREE_CFLAGS) -fomit-frame-pointer
VM_SRCS := $(wildcard servers/vm/*.c) $(LIB_VM_SRCS) lib/exec/initstack.c lib/exec/elfplan.c
FS_SRCS := $(wildcard servers/fs/*.c) lib/cpio/cpio.c lib/cpio/cpio_index.c $(wildcard lib/ext2/*.c) $(LIB_FCACHE_SRCS) \
           $(LIB_TMPFS_SRCS) $(LIB_MOUNT_SRCS) $(LIB_TTY_SRCS)

# (this file a prerequisite too: objects made with other SRV_CFLAGS are made again)
$(BUILD)/srv/%.o: %.c servers/servers.mk
	@mkdir -p $(dir $@)
	$(CC_T) $(SRV_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/srv/%.o: %.S servers/servers.mk
	@mkdir -p $(dir $@)
	$(CC_T) $(SRV_CFLAGS) -c $< -o $@

srv_objs = $(patsubst %,$(BUILD)/srv/%.o,$(basename $(1) $(SRV_RT_SRCS)))

$(BUILD)/servers/vm.elf: $(call srv_objs,$(VM_SRCS)) lib/rt/user.ld
	@mkdir -p $(dir $@)
	$(CC_T) $(SRV_CFLAGS) -static -T lib/rt/user.ld -o $@ $(call srv_objs,$(VM_SRCS))
$(BUILD)/servers/fs.elf: $(call srv_objs,$(FS_SRCS)) lib/rt/user.ld
	@mkdir -p $(dir $@)
	$(CC_T) $(SRV_CFLAGS) -static -T lib/rt/user.ld -o $@ $(call srv_objs,$(FS_SRCS))

-include $(shell find $(BUILD)/srv -name '*.d' 2>/dev/null)
