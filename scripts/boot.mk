# Booting: make run (QEMU virt via OpenSBI), make debug (waits for gdb).
QEMU_MEM   ?= 256M
QEMU_FLAGS := -M virt -m $(QEMU_MEM) -nographic -bios default
run: deps kernel
	$(QEMU) $(QEMU_FLAGS) -kernel $(BUILD)/kernel.bin
