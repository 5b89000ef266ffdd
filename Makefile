# Top-level build. `make run` boots in QEMU, `make test` runs every test, `make bench`
# prints instruction counts. Each directory contributes a fragment (*.mk) that adds to
# the variables below; everything is built under build/.

BUILD     ?= build
PLATFORM  ?= qemu-virt
CROSS     ?= riscv64-unknown-elf-
CC_T      := $(CROSS)gcc
OBJCOPY_T := $(CROSS)objcopy
HOSTCC    ?= cc
QEMU      ?= qemu-system-riscv64

# Linux programs (user/bin, make run PROG=, tests/linux): Debian's glibc cross compiler,
# static, rv64gc; not -Werror, so a Linux program with warnings still builds.
LINUX_CC     := riscv64-linux-gnu-gcc
LINUX_CFLAGS := -std=gnu11 -Wall -O2 -static
LINUX_DEBS   := gcc-riscv64-linux-gnu libc6-dev-riscv64-cross

ARCHFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
WARN      := -std=c11 -Wall -Wextra -Werror
# Freestanding code (kernel, servers, lib): no libc, no builtins we did not write.
FREE_CFLAGS := $(WARN) $(ARCHFLAGS) -O2 -g -ffreestanding -fno-pic -fno-stack-protector \
               -fno-omit-frame-pointer -nostdlib -Ilib/include -Ilib
HOST_CFLAGS := $(WARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer -Ilib/include -Ilib -Itests/host

.PHONY: all run test bench image debug deps clean host-tests qemu-tests
all: kernel

# make run PROG=file.c|static-elf [ARGS="a b"] runs a Linux program under the native init
# (scripts/prog.mk); NATIVE_PROG=file.c is a program of lib/rt booted in init's place (the
# in-QEMU tests, the benchmark). kernel/kernel.mk knows the latter as PROG: renamed here.
LINUX_PROG := $(PROG)
override PROG := $(NATIVE_PROG)

include scripts/deps.mk
include lib/lib.mk
include lib/linux/linux.mk
include servers/servers.mk
include scripts/busybox.mk
include user/user.mk
include kernel/kernel.mk
include tests/tests.mk
include scripts/boot.mk
include scripts/bench.mk
include scripts/prog.mk

clean:
	rm -rf $(BUILD)
