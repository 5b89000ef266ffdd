# Booting: make run (QEMU virt via OpenSBI), make debug (QEMU waiting for gdb),
# make run-uboot (QEMU's U-Boot booting the qemu-virt image from a FAT disk),
# make image PLATFORM=... (the files for a board's boot partition, docs/boards.md),
# make boot-tests-build (what tests/boot/*.sh need, in $(BUILD)/boot/).
QEMU_MEM   ?= 256M
# make run SMP=N: QEMU's harts (-smp N), 4 by default like VisionFive 2's; the kernel
# takes 1 to 8 (MAX_HARTS in kernel/hart.h).
SMP        ?= 4
ifeq ($(filter 1 2 3 4 5 6 7 8,$(SMP)),)
$(error SMP=$(SMP): the number of harts must be 1 to 8)
endif
QEMU_FLAGS := -M virt -m $(QEMU_MEM) -smp $(SMP) -nographic -no-reboot
UBOOT_QEMU := /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf
.PHONY: run-uboot boot-tests-build

# make run DISK=file.img attaches a raw disk image (virtio-blk): with ext2 on it, the FS
# server serves it as the root file system (make an image with mke2fs -d DIR file.img 16M).
comma := ,
DISK_FLAGS := $(if $(DISK),-drive file=$(DISK)$(comma)format=raw$(comma)if=none$(comma)id=hd0 -device virtio-blk-device$(comma)drive=hd0)
# Standard input not a terminal (printf 'echo hi\nexit 3\n' | make run): the commands are
# typed into the console as they come, after a newline of our own, because OpenSBI's
# reset of the UART drops the one byte QEMU may have delivered before it, and at its end
# a ^D, the terminal's end of file, so that the shell ends there (make run < /dev/null
# runs the start script and stops).
run: deps kernel
	@if [ -t 0 ]; then set -x; $(QEMU) $(QEMU_FLAGS) -bios default -kernel $(BUILD)/kernel.bin $(DISK_FLAGS); \
	else { printf '\n'; cat; printf '\004'; } | \
		$(QEMU) $(QEMU_FLAGS) -bios default -kernel $(BUILD)/kernel.bin $(DISK_FLAGS); fi

# QEMU stops before the first instruction and waits for gdb on localhost:1234 (-s -S).
debug: deps kernel
	@sed -e 's|@BUILD@|$(BUILD)|g' -e 's|@INIT@|$(INIT_ELF)|g' scripts/gdbinit.in > $(BUILD)/debug.gdb
	@echo "QEMU is waiting for gdb. In another terminal, from $(CURDIR), run:"
	@echo "    gdb-multiarch -x $(BUILD)/debug.gdb"
	@echo "(quit QEMU with Ctrl-A X)"
	$(QEMU) $(QEMU_FLAGS) -bios default -kernel $(BUILD)/kernel.bin -s -S

# make image PLATFORM=qemu-virt|visionfive2|visionfive -> $(BUILD)/image/$(PLATFORM)/
PLATFORM_MK := platform/$(PLATFORM)/platform.mk
ifneq ($(wildcard $(PLATFORM_MK)),)
include $(PLATFORM_MK)
endif
image: deps kernel
	@test -f $(PLATFORM_MK) || { echo "unknown PLATFORM=$(PLATFORM): see platform/"; exit 1; }
	@BOARD="$(PLAT_BOARD)" KERNEL_ADDR=$(PLAT_KERNEL_ADDR) BOOT_DEV=$(PLAT_BOOT_DEV) \
		BOOT_PART=$(PLAT_BOOT_PART) bash scripts/mkbootdir.sh $(BUILD)/image/$(PLATFORM) $(BUILD)/kernel.bin

# U-Boot (Debian's u-boot-qemu) finds extlinux/extlinux.conf on the disk and boots kernel.bin.
run-uboot: deps
	@$(MAKE) --no-print-directory image PLATFORM=qemu-virt
	@bash scripts/mkfatimg.sh $(BUILD)/image/qemu-virt.img 64 $(BUILD)/image/qemu-virt/kernel.bin \
		$(BUILD)/image/qemu-virt/boot.scr $(BUILD)/image/qemu-virt/extlinux/extlinux.conf:extlinux/extlinux.conf
	$(QEMU) $(QEMU_FLAGS) -nic none -bios default -kernel $(UBOOT_QEMU) \
		-drive file=$(BUILD)/image/qemu-virt.img,format=raw,if=none,id=hd0 -device virtio-blk-device,drive=hd0

boot-tests-build: kernel
	@for p in qemu-virt visionfive2 visionfive; do \
		$(MAKE) --no-print-directory -s image PLATFORM=$$p > /dev/null || exit 1; done
	@bash scripts/mkboottests.sh $(BUILD)
