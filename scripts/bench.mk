# make bench: build user/bench/bench.c as init, boot it under QEMU with -icount shift=0
# (instret counts retired guest instructions, the same on every run) and print the table.
bench: deps
	@$(MAKE) --no-print-directory -s PROG=user/bench/bench.c kernel
	@cp $(BUILD)/kernel.bin $(BUILD)/bench.bin
	@$(MAKE) --no-print-directory -s kernel
	@bash scripts/bench.sh $(BUILD)/bench.bin
