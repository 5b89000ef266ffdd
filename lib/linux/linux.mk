# lib/linux/: the Linux personality, packed as boot module "linux" and mapped by the VM
# server into every Linux-ABI task (servers/vm/exec.c). Freestanding, linked at LX_BASE
# by its own script; no gp (the program's), no FP but in lx_entry.S's frame code.
LX_SRCS := $(wildcard lib/linux/*.c) lib/linux/lx_entry.S lib/base/mem.c lib/base/fmt.c lib/exec/initstack.c \
           lib/procfs/procfs_path.c lib/procfs/procfs_text.c
# Each thread's IPC buffer is in its block (lx_thread.h), at LX_IPC_BUF past tp.
LX_CFLAGS := $(FREE_CFLAGS) '-DIPC_BUFFER=((char *)__builtin_thread_pointer() + 4096)'
LX_OBJS := $(patsubst %,$(BUILD)/lx/%.o,$(basename $(LX_SRCS)))

$(BUILD)/lx/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_T) $(LX_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/lx/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC_T) $(LX_CFLAGS) -c $< -o $@
$(BUILD)/linux/personality.elf: $(LX_OBJS) lib/linux/linux.ld
	@mkdir -p $(dir $@)
	$(CC_T) $(LX_CFLAGS) -static -Wl,--no-relax -T lib/linux/linux.ld -o $@ $(LX_OBJS)

-include $(shell find $(BUILD)/lx -name '*.d' 2>/dev/null)
