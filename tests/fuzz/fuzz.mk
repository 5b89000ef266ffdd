# libFuzzer harnesses of the pure libraries (tests/fuzz/fuzz_NAME.c), built with Debian's
# clang: the harness with -fsanitize=fuzzer, the library code it calls with coverage
# only (fuzzer-no-link), both with ASan + UBSan. `make libfuzz-build` builds them into
# $(BUILD)/fuzz/fuzz_NAME; `make test` runs each for a short seeded slice
# (tests/fuzz/libfuzz.sh), `make fuzz` each for FUZZ_SECONDS (default 60) from the seed
# corpus tests/fuzz/corpus/NAME, keeping what it finds in $(BUILD)/fuzz/corpus/NAME and
# any crash in $(BUILD)/fuzz/artifacts/NAME/. A crash found becomes a file of the seed
# corpus, so the short run replays it.
FUZZCC       ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := $(WARN) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fno-sanitize-recover=all -Ilib/include -Ilib -MMD -MP
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
fuzz-objs = $(patsubst %.c,$(BUILD)/fuzz/%.o,$(1))

$(BUILD)/fuzz/fuzz_fdt:       $(call fuzz-objs,$(LIB_FDT_SRCS))
$(BUILD)/fuzz/fuzz_ext2:      $(call fuzz-objs,$(LIB_EXT2_SRCS))
$(BUILD)/fuzz/fuzz_cpio:      $(call fuzz-objs,$(LIB_CPIO_SRCS))
$(BUILD)/fuzz/fuzz_proto:     $(call fuzz-objs,$(LIB_PROTO_SRCS))
$(BUILD)/fuzz/fuzz_procfs:    $(call fuzz-objs,$(LIB_PROCFS_SRCS) lib/base/fmt.c)
$(BUILD)/fuzz/fuzz_tmpfs:     $(call fuzz-objs,$(LIB_TMPFS_SRCS) $(LIB_MOUNT_SRCS))
$(BUILD)/fuzz/fuzz_initstack: $(call fuzz-objs,lib/exec/initstack.c)
$(BUILD)/fuzz/fuzz_elf:       $(call fuzz-objs,lib/exec/elfplan.c)
$(BUILD)/fuzz/fuzz_lxargs:    $(call fuzz-objs,lib/linux/lx_cloneargs.c)

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/tests/fuzz/fuzz_%.o
	$(FUZZCC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ -o $@

$(BUILD)/fuzz/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(BUILD)/fuzz/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

-include $(wildcard $(BUILD)/fuzz/*/*.d $(BUILD)/fuzz/*/*/*.d $(BUILD)/fuzz/*/*/*/*.d)

libfuzz-build: deps $(FUZZ_BINS)

# The long run: each harness in turn for FUZZ_SECONDS, one process (one core). It fails
# at the first harness that leaves a crash in its artifacts directory.
libfuzz: libfuzz-build
	@for n in $(FUZZ_NAMES); do \
		mkdir -p $(BUILD)/fuzz/corpus/$$n $(BUILD)/fuzz/artifacts/$$n; \
		echo "fuzz_$$n: $(FUZZ_SECONDS) s"; \
		$(BUILD)/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=1024 \
			-artifact_prefix=$(BUILD)/fuzz/artifacts/$$n/ \
			$(BUILD)/fuzz/corpus/$$n tests/fuzz/corpus/$$n 2>&1 | \
			grep -E '^(Done|==[0-9]+== ?ERROR|SUMMARY|artifact_prefix)' || true; \
		ls $(BUILD)/fuzz/artifacts/$$n | grep -q . && { echo "fuzz_$$n: crash in $(BUILD)/fuzz/artifacts/$$n"; exit 1; }; \
	done; true
# The system fuzz, long (tests/qemu/syscall_fuzz.c, scripts/sysfuzz.sh): SYSFUZZ_CALLS
# native calls and requests by 4 tasks at once and 4 Linux processes of
# SYSFUZZ_LINUX_CALLS system calls each, from SYSFUZZ_SEED, on SMP harts (-smp; 2 unless
# SMP is given: several harts at once, and at 4 QEMU's harts outnumber CI's 2 cores and a
# round takes six times as long). The image is built as `make run NATIVE_PROG=` builds
# one, with these figures, then the default kernel again. (SMP is not given a default
# here: boot.mk's, 4, is `make run`'s.)
SYSFUZZ_SMP         := $(if $(filter command line environment,$(origin SMP)),$(SMP),2)
SYSFUZZ_SEED        ?= 1
SYSFUZZ_CALLS       ?= 9600000
SYSFUZZ_LINUX_CALLS ?= 100000
sysfuzz: deps
	@mkdir -p $(BUILD)/fuzz
	$(MAKE) --no-print-directory -s NATIVE_PROG=tests/qemu/syscall_fuzz.c kernel \
		PROG_CFLAGS="-DFUZZ_SEED=$(SYSFUZZ_SEED) -DFUZZ_CALLS=$(SYSFUZZ_CALLS) -DFUZZ_ROUND=50000 \
		             -DFUZZ_LINUX_PROCS=4 -DFUZZ_LINUX_CALLS=$(SYSFUZZ_LINUX_CALLS)"
	cp $(BUILD)/kernel.bin $(BUILD)/fuzz/sysfuzz.bin
	cp $(BUILD)/kernel.elf $(BUILD)/fuzz/sysfuzz.elf   # (for gdb on a run that hangs)
	@$(MAKE) --no-print-directory -s kernel
	BUILD=$(BUILD) SMP=$(SYSFUZZ_SMP) bash scripts/sysfuzz.sh $(BUILD)/fuzz/sysfuzz.bin

fuzz: libfuzz sysfuzz
.PHONY: libfuzz-build libfuzz sysfuzz fuzz
.SECONDARY: $(FUZZ_NAMES:%=$(BUILD)/fuzz/tests/fuzz/fuzz_%.o)
