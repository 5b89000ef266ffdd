# user/: programs linked with picolibc and the user runtime (lib/rt), and the Linux
# programs of /bin. init is the first program; USER_HELPERS are packed as boot modules so
# tests can spawn them by name.
USER_RT_SRCS := lib/rt/crt0.S lib/rt/user_start.c lib/rt/stdio.c lib/rt/posix.c lib/rt/vmclient.c \
                lib/rt/errno.c lib/rt/mman.c lib/rt/resource.c lib/rt/signal.c lib/rt/sigjmp.S lib/rt/brk.c lib/rt/files.c \
                lib/base/mem.c
USER_CFLAGS  := $(WARN) -D_DEFAULT_SOURCE -O2 -g $(ARCHFLAGS) --specs=picolibc.specs -Ilib/include -Ilib
USER_LDFLAGS := -march=rv64imac -mabi=lp64 -mcmodel=medany --specs=picolibc.specs -nostartfiles \
                -static -T lib/rt/user.ld
USER_HELPERS := $(notdir $(basename $(wildcard user/helpers/*.c)))
USER_RT_OBJS := $(patsubst %,$(BUILD)/u/%.o,$(basename $(USER_RT_SRCS)))
# Link a program of this runtime and mark it native (EI_OSABI 255, "standalone"): the
# VM server starts every other ELF as a Linux program (servers/vm/exec.c).
USER_LINK = $(CC_T) $(USER_LDFLAGS) -o $@ $(filter %.o,$^) && printf '\377' | dd of=$@ bs=1 seek=7 conv=notrunc status=none

# Libraries a native program links only if it uses them: the message descriptions
# (lib/proto), which the system fuzz (tests/qemu/syscall_fuzz.c) draws its requests from.
USER_LIBS := $(BUILD)/u/libproto.a
$(BUILD)/u/libproto.a: $(patsubst %.c,$(BUILD)/u/%.o,$(LIB_PROTO_SRCS))
	$(CROSS)ar rcs $@ $^

$(BUILD)/u/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_T) $(USER_CFLAGS) -MMD -MP -c $< -o $@
# lib/base/mem.c replaces picolibc's memcpy/memset/memcmp/strlen/strcmp: Debian builds
# picolibc for size, and its memcpy moves one byte per six instructions. Built so the
# compiler cannot turn its loops back into calls to itself.
$(BUILD)/u/lib/base/mem.o: lib/base/mem.c
	@mkdir -p $(dir $@)
	$(CC_T) $(USER_CFLAGS) -fno-builtin -fno-tree-loop-distribute-patterns -MMD -MP -c $< -o $@
$(BUILD)/u/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC_T) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/user/init.elf: $(BUILD)/u/user/init.o $(USER_RT_OBJS) lib/rt/user.ld
	@mkdir -p $(dir $@)
	$(USER_LINK)
$(BUILD)/user/%.elf: $(BUILD)/u/user/helpers/%.o $(USER_RT_OBJS) lib/rt/user.ld
	@mkdir -p $(dir $@)
	$(USER_LINK)

# Programs kept on the file system, in /bin: Linux programs, built with glibc like make
# run PROG= and started by execve from their file. The shell and the tools are busybox's
# (scripts/busybox.mk).
LINUX_BIN  := $(notdir $(basename $(wildcard user/bin/*.c)))
USER_BIN   := $(LINUX_BIN)
$(patsubst %,$(BUILD)/bin/%.elf,$(LINUX_BIN)): $(BUILD)/bin/%.elf: user/bin/%.c
	@bash scripts/install-deps.sh $(LINUX_DEBS)
	@mkdir -p $(dir $@)
	$(LINUX_CC) $(LINUX_CFLAGS) -g -MMD -MP -MF $@.d -o $@ $<
-include $(wildcard $(BUILD)/bin/*.elf.d)

# The root file system: user/rootfs plus /bin (without debug information; gdb reads
# $(BUILD)/bin/*.elf), busybox as /bin/busybox with a hard link for each applet where
# Debian's busybox puts it (/bin/sh, /bin/ls, /sbin/poweroff, /usr/bin/awk, ...: its
# busybox.links), and the mount points of tmpfs, /tmp and /dev/shm, staged in
# $(BUILD)/rootfs. Packed as a newc archive (GNU cpio keeps the links: the data once) it
# is served when no disk is present; disk tests copy the stage (mke2fs -d keeps them too).
# ROOTFS_EXTRA_BIN: prebuilt programs copied into /bin as they are; the list is kept in
# $(BUILD)/rootfs.extra, so that the root is packed again when it changes.
ROOTFS_EXTRA_BIN ?=
$(BUILD)/rootfs.extra: FORCE
	@mkdir -p $(dir $@) && echo '$(ROOTFS_EXTRA_BIN)' > $@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
$(BUILD)/rootfs.cpio: $(shell find user/rootfs) $(patsubst %,$(BUILD)/bin/%.elf,$(USER_BIN)) $(BUILD)/rootfs.extra \
                      $(BUSYBOX_BIN)
	rm -rf $(BUILD)/rootfs && mkdir -p $(BUILD)/rootfs/bin $(BUILD)/rootfs/tmp $(BUILD)/rootfs/dev/shm
	chmod 1777 $(BUILD)/rootfs/tmp $(BUILD)/rootfs/dev/shm
	cp -r user/rootfs/. $(BUILD)/rootfs/
	for p in $(USER_BIN); do $(OBJCOPY_T) --strip-debug $(BUILD)/bin/$$p.elf $(BUILD)/rootfs/bin/$$p; done
	for f in $(ROOTFS_EXTRA_BIN); do cp $$f $(BUILD)/rootfs/bin/; done
	cp $(BUSYBOX_BIN) $(BUILD)/rootfs/bin/busybox
	grep '^/[a-z/]*/[^/]*$$' $(BUILD)/busybox/busybox.links | grep -vx /bin/busybox | while read -r l; do \
		mkdir -p $(BUILD)/rootfs$${l%/*} && ln $(BUILD)/rootfs/bin/busybox $(BUILD)/rootfs$$l || exit 1; done
	cd $(BUILD)/rootfs && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > $(abspath $@)

# make run NATIVE_PROG=path/to/prog.c: that one file becomes init (kernel/kernel.mk knows
# it as PROG, see the Makefile). make run PROG=... runs a Linux program: scripts/prog.mk.
# PROG_CFLAGS: more flags for it (`make fuzz` sets the system fuzz's figures so).
ifneq ($(PROG),)
$(BUILD)/user/prog.elf: $(PROG) $(USER_RT_OBJS) $(USER_LIBS) lib/rt/user.ld FORCE
	@mkdir -p $(dir $@) $(BUILD)/u/prog
	$(CC_T) $(USER_CFLAGS) $(PROG_CFLAGS) -c $(PROG) -o $(BUILD)/u/prog/prog.o
	$(CC_T) $(USER_LDFLAGS) -o $@ $(BUILD)/u/prog/prog.o $(USER_RT_OBJS) $(USER_LIBS)
endif

-include $(shell find $(BUILD)/u -name '*.d' 2>/dev/null)
