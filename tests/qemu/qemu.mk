# In-QEMU tests: each tests/qemu/*.c is init of its own kernel image ($(BUILD)/qt/NAME.bin);
# tests/qemu/NAME.args lists more boots of it with other kernel arguments.
QEMU_TESTS := $(basename $(notdir $(wildcard tests/qemu/*.c)))

qemu-tests-build:
	$(call prog-kernels,tests/qemu,qt,$(QEMU_TESTS))
.PHONY: qemu-tests-build
