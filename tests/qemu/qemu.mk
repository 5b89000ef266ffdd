# In-QEMU tests: each tests/qemu/*.c is built as init of its own kernel image
# ($(BUILD)/qt/NAME.bin) the same way `make run PROG=...` builds one. The kernel and the
# servers are compiled once; only the module table and the link differ per test.
QEMU_TESTS := $(basename $(notdir $(wildcard tests/qemu/*.c)))

qemu-tests-build:
	@mkdir -p $(BUILD)/qt
	@for t in $(QEMU_TESTS); do \
		$(MAKE) --no-print-directory -s PROG=tests/qemu/$$t.c kernel || exit 1; \
		cp $(BUILD)/kernel.bin $(BUILD)/qt/$$t.bin; \
	done
	@$(MAKE) --no-print-directory -s kernel
