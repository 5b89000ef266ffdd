# Disk tests: kernels whose init is tests/disk/*.c, booted by tests/disk/*.sh with a disk.
DISK_PROGS := $(basename $(notdir $(wildcard tests/disk/*.c)))
disk-tests-build:
	@mkdir -p $(BUILD)/disk
	@for t in $(DISK_PROGS); do \
		$(MAKE) --no-print-directory -s PROG=tests/disk/$$t.c kernel || exit 1; \
		cp $(BUILD)/kernel.bin $(BUILD)/disk/$$t.bin; \
	done
	@$(MAKE) --no-print-directory -s kernel
.PHONY: disk-tests-build
