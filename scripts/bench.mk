# make bench: build user/bench/ops.c as init, boot it under QEMU with -icount shift=0
# (instret counts retired guest instructions, the same on every run), run the same source
# on a Linux 6.1 baseline and print one table. make linux-baseline builds (or finds) that
# Linux Image, cached outside the repository in LINUX_CACHE. Everything goes to $(BUILD):
# make BUILD=/tmp/x bench leaves build/ alone.
#
# The file rows read /bench-1m.dat (1 MiB, word i = (i + 1) * 0x9e3779b97f4a7c15,
# little-endian), made here: our kernel for the benchmark packs it as its cpio root
# (BENCH_ROOTFS replaces the rootfs module); scripts/bench.sh also puts it on an ext2 disk
# for a second boot of each system, and into Linux's initramfs.
#
# The "Linux ..." rows (Linux system calls through our personality beside Linux's): ops.c
# with macro.c built for Linux (BENCH_LINUX_BIN, static glibc) is the Linux baseline's
# /init, and the same file is /bin/ops in a third root for our system
# (BENCH_DIR/lx-rootfs.cpio, with /etc/init.args "/bin/ops linux-rows", ops.c's
# LINUX_ROWS_ARG, the data file, and busybox as /busybox for macro.c's shell loop, as in
# Linux's initramfs) under our native init, in the kernel image bench-lx.bin. Without the
# cross compiler those rows and the Linux column say "unavailable".
#
# The kernel lock rows: bench.bin's program again, on a kernel built with LOCKSTAT=1 (in
# a build directory of its own, BUILD/lockstat), which counts the instructions retired
# while its big lock is held: bench-lock.bin, booted at 1 hart.
#
# The rows at 4 harts: bench.bin again at -smp 4 for the native one (ops.c's smp_main), and
# user/bench/smp.c, a static glibc program of its own (BENCH_SMP_BIN, so that ops-linux,
# which some 1-hart rows start again, does not change), for the "Linux ..." ones: Linux's
# /init in a boot of the baseline at -smp 4, and /bin/ops-smp of a fourth root for ours
# (lx-smp-rootfs.cpio, /etc/init.args "/bin/ops-smp linux-rows"), the kernel image
# bench-lx-smp.bin, booted at -smp 4.
LINUX_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/rvmk-linux
BENCH_DIR   := $(BUILD)/bench
BENCH_FILE  := $(BENCH_DIR)/bench-1m.dat
BENCH_LINUX_BIN := $(BENCH_DIR)/ops-linux
BENCH_LX_ROOT   := $(BENCH_DIR)/lx-rootfs
BENCH_SMP_BIN   := $(BENCH_DIR)/ops-smp-linux
BENCH_LXS_ROOT  := $(BENCH_DIR)/lx-smp-rootfs
.PHONY: linux-baseline

bench: deps $(BENCH_DIR)/rootfs.cpio
	@$(MAKE) --no-print-directory -s NATIVE_PROG=user/bench/ops.c BENCH_ROOTFS=$(BENCH_DIR)/rootfs.cpio kernel
	@cp $(BUILD)/kernel.bin $(BUILD)/bench.bin
	@rm -f $(BUILD)/bench-lx.bin
	@if $(MAKE) --no-print-directory -s $(BENCH_DIR)/lx-rootfs.cpio; then \
		$(MAKE) --no-print-directory -s BENCH_ROOTFS=$(BENCH_DIR)/lx-rootfs.cpio kernel && \
		cp $(BUILD)/kernel.bin $(BUILD)/bench-lx.bin; fi
	@rm -f $(BUILD)/bench-lock.bin
	@$(MAKE) --no-print-directory -s BUILD=$(BUILD)/lockstat LOCKSTAT=1 NATIVE_PROG=user/bench/ops.c \
		BENCH_ROOTFS=$(abspath $(BENCH_DIR)/rootfs.cpio) kernel
	@cp $(BUILD)/lockstat/kernel.bin $(BUILD)/bench-lock.bin
	@rm -f $(BUILD)/bench-lx-smp.bin
	@if $(MAKE) --no-print-directory -s $(BENCH_DIR)/lx-smp-rootfs.cpio; then \
		$(MAKE) --no-print-directory -s BENCH_ROOTFS=$(BENCH_DIR)/lx-smp-rootfs.cpio kernel && \
		cp $(BUILD)/kernel.bin $(BUILD)/bench-lx-smp.bin; fi
	@$(MAKE) --no-print-directory -s kernel
	@LINUX_CACHE="$(LINUX_CACHE)" bash scripts/bench.sh $(BUILD)/bench.bin $(BUILD)/bench-lx.bin \
		$(BENCH_DIR) $(BENCH_FILE) $(BENCH_LINUX_BIN) $(BUSYBOX_BIN) $(BUILD)/bench-lx-smp.bin $(BENCH_SMP_BIN) \
		$(BUILD)/bench-lock.bin

# The Linux build of the benchmark, with the flags of Linux programs plus -Wextra -Werror
# (and _GNU_SOURCE for SCHED_IDLE, bench_sys_linux.h's spinner).
$(BENCH_LINUX_BIN): user/bench/ops.c user/bench/macro.c $(wildcard user/bench/*.h)
	@bash scripts/install-deps.sh gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
	@mkdir -p $(dir $@)
	@riscv64-linux-gnu-gcc -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -static -O2 -o $@ $(filter %.c,$^)

# The program of the rows at 4 harts, with the same flags.
$(BENCH_SMP_BIN): user/bench/smp.c user/bench/bench.h user/bench/smp.h
	@bash scripts/install-deps.sh gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
	@mkdir -p $(dir $@)
	@riscv64-linux-gnu-gcc -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -static -O2 -o $@ $<

$(BENCH_DIR)/lx-smp-rootfs.cpio: $(BENCH_SMP_BIN)
	@rm -rf $(BENCH_LXS_ROOT) && mkdir -p $(BENCH_LXS_ROOT)/bin $(BENCH_LXS_ROOT)/etc
	@cp $(BENCH_SMP_BIN) $(BENCH_LXS_ROOT)/bin/ops-smp
	@printf '%s\n' /bin/ops-smp linux-rows > $(BENCH_LXS_ROOT)/etc/init.args
	@cd $(BENCH_LXS_ROOT) && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > $(abspath $@)

$(BENCH_DIR)/lx-rootfs.cpio: $(BENCH_LINUX_BIN) $(BENCH_FILE) $(BUSYBOX_BIN)
	@rm -rf $(BENCH_LX_ROOT) && mkdir -p $(BENCH_LX_ROOT)/bin $(BENCH_LX_ROOT)/etc
	@cp $(BENCH_LINUX_BIN) $(BENCH_LX_ROOT)/bin/ops && cp $(BENCH_FILE) $(BENCH_LX_ROOT)/
	@cp $(BUSYBOX_BIN) $(BENCH_LX_ROOT)/busybox
	@printf '%s\n' /bin/ops linux-rows > $(BENCH_LX_ROOT)/etc/init.args
	@cd $(BENCH_LX_ROOT) && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > $(abspath $@)

$(BENCH_FILE): scripts/bench.mk
	@mkdir -p $(dir $@)
	@python3 -c 'import struct, sys; k, m = 0x9e3779b97f4a7c15, (1 << 64) - 1; \
		sys.stdout.buffer.write(b"".join(struct.pack("<Q", (i + 1) * k & m) for i in range(131072)))' > $@.tmp
	@mv $@.tmp $@

$(BENCH_DIR)/rootfs.cpio: $(BENCH_FILE)
	@cd $(dir $<) && echo $(notdir $<) | cpio -o -H newc -R 0:0 --quiet > $(abspath $@)

ifneq ($(BENCH_ROOTFS),)
BOOT_MODULES := $(filter-out rootfs=%,$(BOOT_MODULES)) rootfs=$(BENCH_ROOTFS)
$(BUILD)/k/modules.o: $(BENCH_ROOTFS)
endif

linux-baseline:
	@bash scripts/linux-baseline/build-kernel.sh "$(LINUX_CACHE)" >/dev/null
