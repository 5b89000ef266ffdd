# lib/linux/: the Linux personality, packed as boot module "linux" and mapped by the VM
# server into every Linux-ABI task (servers/vm/exec.c). Freestanding, linked at LX_BASE
# by its own script; no gp (the program's), no FP but in lx_entry.S's frame code.
LX_SRCS := $(wildcard lib/linux/*.c) lib/linux/lx_entry.S lib/linux/lx_vdso.S lib/base/mem.c lib/base/fmt.c lib/exec/initstack.c \
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
# The vDSO (lib/linux/vdso/): a shared object, so Debian's Linux cross linker links it
# (the bare-metal one cannot); stripped, and checked to need no relocation (glibc's
# setup_vdso does none). lx_vdso.S carries it.
$(BUILD)/linux/vdso.so: lib/linux/vdso/vdso.c lib/linux/vdso/vdso.lds lib/linux/lx_clock.h
	@bash scripts/install-deps.sh $(LINUX_DEBS)
	@mkdir -p $(dir $@)
	$(LINUX_CC) $(WARN) $(ARCHFLAGS) -O2 -ffreestanding -fPIC -fno-stack-protector -nostdlib -shared \
		-Ilib/include -Ilib -Wl,-T,lib/linux/vdso/vdso.lds -Wl,--hash-style=both -Wl,--build-id=none \
		-Wl,-soname=linux-vdso.so.1 -Wl,--no-undefined -Wl,-s -Wl,--no-relax -o $@ $<
	@riscv64-linux-gnu-readelf -r $@ | grep -q 'There are no relocations' || { echo "$@ needs relocations"; rm -f $@; exit 1; }
$(BUILD)/lx/lib/linux/lx_vdso.o: $(BUILD)/linux/vdso.so
$(BUILD)/lx/lib/linux/lx_vdso.o: LX_CFLAGS += -DLX_VDSO_SO='"$(BUILD)/linux/vdso.so"'

$(BUILD)/linux/personality.elf: $(LX_OBJS) lib/linux/linux.ld
	@mkdir -p $(dir $@)
	$(CC_T) $(LX_CFLAGS) -static -Wl,--no-relax -T lib/linux/linux.ld -o $@ $(LX_OBJS)

-include $(shell find $(BUILD)/lx -name '*.d' 2>/dev/null)
