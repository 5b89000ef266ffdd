# Host unit tests: each test program is built with ASan + UBSan from the pure libraries.
$(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

# Device tree library (lib/fdt): test_fdt checks the reader, test_dt_platform what is
# extracted from real and board-like trees. Both are run from the repository root and
# read their fixtures from $(FDT_FIXTURES) (the path is compiled in): QEMU's own DTB,
# dumped by the installed qemu-system-riscv64, and tests/host/fixtures/*.dts compiled
# with dtc.
FDT_FIXTURES := $(BUILD)/host/fixtures
FDT_DTBS := $(FDT_FIXTURES)/qemu-virt.dtb \
            $(patsubst tests/host/fixtures/%.dts,$(FDT_FIXTURES)/%.dtb,$(wildcard tests/host/fixtures/*.dts))
FDT_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_FDT_SRCS))
FDT_TESTS := $(BUILD)/host/test_fdt $(BUILD)/host/test_dt_platform
HOST_TESTS += $(FDT_TESTS)

$(FDT_TESTS:$(BUILD)/host/%=$(BUILD)/host/tests/host/%.o): HOST_CFLAGS += -DFDT_FIXTURES='"$(FDT_FIXTURES)"'
$(FDT_TESTS:$(BUILD)/host/%=$(BUILD)/host/tests/host/%.o): tests/host/check.h tests/host/fdt_builder.h
$(FDT_TESTS:$(BUILD)/host/%=$(BUILD)/host/tests/host/%.o) $(FDT_HOST_OBJS): lib/fdt/fdt.h lib/fdt/dt_platform.h

$(FDT_TESTS): $(BUILD)/host/%: $(BUILD)/host/tests/host/%.o $(FDT_HOST_OBJS) | $(FDT_DTBS)
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

$(FDT_FIXTURES)/qemu-virt.dtb:
	@mkdir -p $(dir $@)
	$(QEMU) -M virt,dumpdtb=$@ -m 256M -smp 2 -display none

$(FDT_FIXTURES)/%.dtb: tests/host/fixtures/%.dts
	@mkdir -p $(dir $@)
	dtc -I dts -O dtb -o $@ $<
