# Disk tests: kernels whose init is tests/disk/*.c ($(BUILD)/disk/NAME.bin), booted by
# tests/disk/*.sh with a disk attached.
DISK_PROGS := $(basename $(notdir $(wildcard tests/disk/*.c)))

disk-tests-build:
	$(call prog-kernels,tests/disk,disk,$(DISK_PROGS))
.PHONY: disk-tests-build

# The power-cut test (tests/disk/powercut.sh) at length: `make test` runs its first 5
# rounds; `make powercut` runs ROUNDS (default 50) from seed SEED (default 1).
powercut:
	@BUILD=$(BUILD) ROUNDS=$(or $(ROUNDS),50) SEED=$(or $(SEED),1) bash tests/disk/powercut.sh
.PHONY: powercut
