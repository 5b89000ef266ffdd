# In-QEMU tests: each tests/qemu/*.c is init of its own kernel image ($(BUILD)/qt/NAME.bin);
# tests/qemu/NAME.args lists more boots of it with other kernel arguments.
QEMU_TESTS := $(basename $(notdir $(wildcard tests/qemu/*.c)))

# Linux programs these tests start from the file system: each tests/qemu/linux/NAME.c,
# built with glibc as /bin's are, is /test/NAME in the root of the test images (the
# default root plus /test; `make run` and the other images keep the default root).
# The fuzz test of the Linux personality is /test/linuxfuzz (tests/qemu/syscall_fuzz.c).
QT_LINUX  := $(notdir $(basename $(wildcard tests/qemu/linux/*.c))) linuxfuzz
QT_ROOTFS := $(BUILD)/qt/rootfs.cpio
define qt-linux-cc
	@bash scripts/install-deps.sh $(LINUX_DEBS)
	@mkdir -p $(dir $@)
	$(LINUX_CC) $(LINUX_CFLAGS) -g -MMD -MP -MF $@.d -o $@ $<
endef
$(BUILD)/qt/linux/linuxfuzz: tests/linuxfuzz/fuzz.c
	$(qt-linux-cc)
$(BUILD)/qt/linux/%: tests/qemu/linux/%.c
	$(qt-linux-cc)
# lx_fault_in_call writes into the personality's call table: the address from its symbols.
$(BUILD)/qt/linux/lx_fault_in_call: $(BUILD)/linux/personality.elf
$(BUILD)/qt/linux/lx_fault_in_call: LINUX_CFLAGS += \
	-DLX_TABLE=0x$$($(CROSS)nm $(BUILD)/linux/personality.elf | awk '$$3 == "table" { print $$1 }')
-include $(wildcard $(BUILD)/qt/linux/*.d)

$(QT_ROOTFS): $(BUILD)/rootfs.cpio $(patsubst %,$(BUILD)/qt/linux/%,$(QT_LINUX))
	rm -rf $(BUILD)/qt/rootfs && mkdir -p $(BUILD)/qt/rootfs/test
	cp -a $(BUILD)/rootfs/. $(BUILD)/qt/rootfs/
	for p in $(QT_LINUX); do $(OBJCOPY_T) --strip-debug $(BUILD)/qt/linux/$$p $(BUILD)/qt/rootfs/test/$$p; done
	cd $(BUILD)/qt/rootfs && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > $(abspath $@)

# An image of one of these tests (NATIVE_PROG=tests/qemu/NAME.c) boots that root.
ifneq ($(filter tests/qemu/%,$(NATIVE_PROG)),)
BOOT_MODULES := $(filter-out rootfs=%,$(BOOT_MODULES)) rootfs=$(QT_ROOTFS)
$(BUILD)/k/modules.o: $(QT_ROOTFS)
endif

qemu-tests-build:
	$(call prog-kernels,tests/qemu,qt,$(QEMU_TESTS))
.PHONY: qemu-tests-build
