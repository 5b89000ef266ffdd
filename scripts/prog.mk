# make run PROG=file.c|static-elf [ARGS="a b c"]: run a static riscv64 Linux program on this
# system. PROG=file.c is built with riscv64-linux-gnu-gcc -static -O2 (glibc; warnings do
# not stop it); any other PROG must be a riscv64 ELF (e_machine 243) without an interpreter.
# The native init stays init: the program goes into a variant of the root file system as
# /bin/NAME (NAME: PROG's file name without .c), with /etc/init.args holding its argv one
# per line (/bin/NAME, then ARGS split into words as the shell splits them; make does not
# expand a $ in ARGS: ARGS="sh -c 'echo \$?'" gives sh the $? it shows), and init runs
# it (user/initargs.h) and exits with its status, which QEMU exits with.
# All that is built for one program is under PROG_DIR, named after PROG's absolute path.
# $(BUILD)/kernel.bin is relinked with that root (a make without PROG relinks the default
# one); make prog-image also copies it to $(PROG_DIR)/kernel.bin and prints PROG_DIR
# (scripts/linux-diff.sh boots that copy).
.PHONY: prog-image
ifneq ($(LINUX_PROG),)
PROG_DIR     := $(BUILD)/prog$(abspath $(LINUX_PROG))
PROG_NAME    := $(notdir $(LINUX_PROG:.c=))
PROG_BIN     := $(PROG_DIR)/$(PROG_NAME)
PROG_ROOT    := $(PROG_DIR)/rootfs
# c, elf or nothing. A riscv64 ELF starts "\177ELF", 64-bit (02), little-endian (01), and
# has e_machine 243 (f3 00) in bytes 18-19.
PROG_KIND    := $(shell case '$(LINUX_PROG)' in (*.c) echo c;; (*) od -An -tx1 -N20 -v '$(LINUX_PROG)' \
                  2>/dev/null | tr -d ' \n' | grep -qE '^7f454c460201[0-9a-f]{24}f300$$' && echo elf;; esac)
ifneq ($(words $(LINUX_PROG)),1)
$(error PROG="$(LINUX_PROG)": one path without spaces, please)
endif
ifeq ($(wildcard $(LINUX_PROG)),)
$(error PROG=$(LINUX_PROG): no such file)
endif
ifeq ($(PROG_KIND),)
$(error PROG=$(LINUX_PROG): neither a .c file nor a riscv64 ELF executable (e_machine 243))
endif

ifeq ($(PROG_KIND),c)
$(PROG_BIN): $(LINUX_PROG)
	@bash scripts/install-deps.sh $(LINUX_DEBS)
	@mkdir -p $(dir $@)
	$(LINUX_CC) $(LINUX_CFLAGS) -MMD -MP -MT $@ -MF $@.d -o $@ $< || \
		{ echo "PROG=$(LINUX_PROG) does not build with $(LINUX_CC) (see the errors above)"; exit 1; }
-include $(PROG_BIN).d
else
$(PROG_BIN): $(LINUX_PROG)
	@mkdir -p $(dir $@)
	@if $(CROSS)readelf -lW $< | grep -qw INTERP; then \
		echo "PROG=$(LINUX_PROG) is dynamically linked (it names an interpreter): only static programs run"; \
		exit 1; fi
	cp $< $@
endif

# Rewritten on every make, replaced only when ARGS changed.
$(PROG_DIR)/init.args: FORCE
	@mkdir -p $(dir $@)
	@set -f; printf '%s\n' /bin/$(PROG_NAME) $(value ARGS) > $@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

# The default root ($(BUILD)/rootfs, staged by user/user.mk) plus the program and its argv.
$(PROG_DIR)/rootfs.cpio: $(BUILD)/rootfs.cpio $(PROG_BIN) $(PROG_DIR)/init.args
	@rm -rf $(PROG_ROOT) && mkdir -p $(PROG_ROOT)
	@cp -a $(BUILD)/rootfs/. $(PROG_ROOT)/ && mkdir -p $(PROG_ROOT)/bin $(PROG_ROOT)/etc
	@cp $(PROG_BIN) $(PROG_ROOT)/bin/$(PROG_NAME) && cp $(PROG_DIR)/init.args $(PROG_ROOT)/etc/init.args
	@cd $(PROG_ROOT) && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > $(abspath $@)

BOOT_MODULES := $(filter-out rootfs=%,$(BOOT_MODULES)) rootfs=$(PROG_DIR)/rootfs.cpio
$(BUILD)/k/modules.o: $(PROG_DIR)/rootfs.cpio

prog-image: kernel
	@cp $(BUILD)/kernel.bin $(PROG_DIR)/kernel.bin
	@echo $(PROG_DIR)
else
prog-image:
	@echo "make prog-image needs PROG=file.c or PROG=a-static-riscv64-elf"; exit 1
endif
