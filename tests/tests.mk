# tests/: host unit tests (sanitizers) and in-QEMU tests, run by scripts/run-tests.sh.
HOST_TESTS :=
include tests/host/host.mk
include tests/qemu/qemu.mk

host-tests: $(HOST_TESTS)

test: deps
	@$(MAKE) --no-print-directory all host-tests qemu-tests-build
	@bash scripts/run-tests.sh $(BUILD)
