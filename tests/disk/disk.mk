# Disk tests: kernels whose init is tests/disk/*.c ($(BUILD)/disk/NAME.bin), booted by
# tests/disk/*.sh with a disk attached.
DISK_PROGS := $(basename $(notdir $(wildcard tests/disk/*.c)))

disk-tests-build:
	$(call prog-kernels,tests/disk,disk,$(DISK_PROGS))
.PHONY: disk-tests-build
