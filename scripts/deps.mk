# Debian packages the build and the tests need. `make deps` installs them (as root)
# or prints the exact command to run.
# What make busybox needs beyond the cross compiler: fetching and unpacking Debian's source
# package and applying its patches (scripts/busybox/build.sh installs them too).
BUSYBOX_DEBS := curl bzip2 xz-utils patch
# The host fuzzers (tests/fuzz): Debian's clang; libFuzzer's runtime is in libclang-rt-14-dev.
FUZZ_DEBS := clang libclang-rt-14-dev
DEBIAN_PACKAGES := gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc \
                   opensbi u-boot-qemu u-boot-tools device-tree-compiler e2fsprogs mtools \
                   dosfstools gcc libc6-dev make python3 cpio gdb-multiarch spin $(LINUX_DEBS) \
                   $(BUSYBOX_DEBS) $(FUZZ_DEBS)
DEPS_STAMP := $(BUILD)/.deps-ok

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps.mk scripts/install-deps.sh
	@bash scripts/install-deps.sh $(DEBIAN_PACKAGES)
	@mkdir -p $(dir $@) && touch $@
