# make bench: build user/bench/ops.c as init, boot it under QEMU with -icount shift=0
# (instret counts retired guest instructions, the same on every run), run the same source
# on a Linux 6.1 baseline and print one table. make linux-baseline builds (or finds) that
# Linux Image, cached outside the repository in LINUX_CACHE.
LINUX_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/rvmk-linux
.PHONY: linux-baseline

bench: deps
	@$(MAKE) --no-print-directory -s PROG=user/bench/ops.c kernel
	@cp $(BUILD)/kernel.bin $(BUILD)/bench.bin
	@$(MAKE) --no-print-directory -s kernel
	@LINUX_CACHE="$(LINUX_CACHE)" bash scripts/bench.sh $(BUILD)/bench.bin $(BUILD)/linux-bench

linux-baseline:
	@bash scripts/linux-baseline/build-kernel.sh "$(LINUX_CACHE)" >/dev/null
