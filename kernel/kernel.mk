# kernel/: the privileged part. Linked at KERNEL_VBASE; boot modules (VM server, FS
# server, init, test programs) are packed in with .incbin.
KERNEL_SRCS := $(wildcard kernel/*.c) lib/base/mem.c lib/base/fmt.c $(LIB_FDT_SRCS)
KERNEL_ASMS := $(wildcard kernel/*.S)
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/k/%.o,$(KERNEL_SRCS)) \
               $(patsubst %.S,$(BUILD)/k/%.o,$(KERNEL_ASMS)) $(BUILD)/k/modules.o
KERNEL_CFLAGS := $(FREE_CFLAGS) -fomit-frame-pointer -Ikernel $(if $(KTRACE),-DKTRACE) $(if $(LOCKSTAT),-DLOCKSTAT)

# Boot modules: name=ELF. PROG (a user program) replaces the default init.
INIT_ELF    := $(if $(PROG),$(BUILD)/user/prog.elf,$(BUILD)/user/init.elf)
BOOT_MODULES = vm=$(BUILD)/servers/vm.elf fs=$(BUILD)/servers/fs.elf init=$(INIT_ELF) \
               linux=$(BUILD)/linux/personality.elf \
               $(foreach p,$(USER_HELPERS),$(p)=$(BUILD)/user/$(p).elf) rootfs=$(BUILD)/rootfs.cpio

kernel: $(BUILD)/kernel.bin $(BUILD)/kernel.elf

$(BUILD)/k/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_T) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/k/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC_T) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

# The module list changes with PROG: regenerate when it does.
$(BUILD)/k/modules.S: FORCE
	@mkdir -p $(dir $@)
	@bash scripts/gen-modules.sh $(BOOT_MODULES) > $@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

$(BUILD)/k/modules.o: $(BUILD)/k/modules.S $(foreach m,$(BOOT_MODULES),$(lastword $(subst =, ,$(m))))
	$(CC_T) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel.elf: $(KERNEL_OBJS) kernel/kernel.ld
	$(CC_T) $(KERNEL_CFLAGS) -nostdlib -static -T kernel/kernel.ld -o $@ $(KERNEL_OBJS)

$(BUILD)/kernel.bin: $(BUILD)/kernel.elf
	$(OBJCOPY_T) -O binary $< $@

.PHONY: FORCE
FORCE:

-include $(shell find $(BUILD)/k -name '*.d' 2>/dev/null)
