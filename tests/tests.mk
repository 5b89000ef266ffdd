# tests/: host unit tests (sanitizers), in-QEMU tests of user programs and boot-path
# tests, all run by scripts/run-tests.sh, which ends with "N passed, N failed".
HOST_TESTS :=

# $(call prog-kernels,SRCDIR,OUTDIR,NAMES): each SRCDIR/NAME.c built as init of its own
# kernel image, $(BUILD)/OUTDIR/NAME.bin, the way `make run NATIVE_PROG=...` builds one;
# the kernel and servers are compiled once, only the module table and the link differ.
define prog-kernels
	@mkdir -p $(BUILD)/$(2)
	@for t in $(3); do \
		$(MAKE) --no-print-directory -s NATIVE_PROG=$(1)/$$t.c kernel || exit 1; \
		cp $(BUILD)/kernel.bin $(BUILD)/$(2)/$$t.bin; \
	done
	@$(MAKE) --no-print-directory -s kernel
endef
include $(wildcard tests/host/*.mk tests/oracle/*.mk)
include tests/qemu/qemu.mk
include tests/trace/trace.mk
include tests/disk/disk.mk
include tests/fuzz/fuzz.mk

# Linux programs: scripts/run-tests.sh runs each tests/linux/NAME.c on this system and on
# Linux 6.1 through scripts/linux-diff.sh, which builds both sides. Here only the Linux
# baseline is made ready (the first time it is built, a few minutes; then it is cached);
# if it cannot be, each of those tests fails saying why, and the others still run.
linux-tests-build:
	@bash scripts/linux-baseline/build-kernel.sh "$(LINUX_CACHE)" > $(BUILD)/linux-baseline.why || \
		echo "linux-tests-build: no Linux baseline ($$(cat $(BUILD)/linux-baseline.why)): the tests/linux tests will fail"
.PHONY: linux-tests-build

host-tests: $(HOST_TESTS)
	@mkdir -p $(BUILD)
	@echo $(HOST_TESTS) | tr ' ' '\n' > $(BUILD)/host-tests.list

test: deps
	@# One after the other: the QEMU and boot builds relink the same $(BUILD)/kernel.bin.
	@for t in host-tests qemu-tests-build boot-tests-build trace-tests-build disk-tests-build \
	         libfuzz-build linux-tests-build; do \
		$(MAKE) --no-print-directory $$t || exit 1; done
	@LINUX_CACHE="$(LINUX_CACHE)" bash scripts/run-tests.sh $(BUILD)
